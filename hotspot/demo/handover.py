"""The end of the two Hotspot initiatives: every hand-over decision, then the closing (``handover.toml``).

Run by ``python manage.py seed_demo`` after the evaluation demo, because a closed
initiative refuses new meetings, cases, survey rounds and measurements
(actors.lifecycle.ensure_open): its history must be there before it is closed.
Each open thing on the initiative's hand-over list (hotspot.handover.selectors)
gets the decision the data file gives it — or the initiative's ``otherwise`` —
through ``handover_decide`` with ``now=`` at the decision's day, and
``initiative_close`` follows at the closing time. An initiative already closed is
skipped, so a second run creates and changes nothing.
"""

import datetime

from actors.demo.seeder import Seeder, aware, keys
from actors.models import BodyLink
from dialogue.models import Escalation, MeetingSeries, Outcome
from evaluation.models import Indicator
from hotspot.handover import services
from hotspot.handover.models import HandoverItem
from hotspot.handover.selectors import handover_list

Kind, Decision = HandoverItem.Kind, HandoverItem.Decision
WHERE = "handover.toml"
DECISION_KEYS = ({"decision", "at", "note"}, {"to", "to_body"})
STEP_GAP = datetime.timedelta(minutes=10)  # between the decisions of one day, in the list's order


def seed(*, stdout):
    """Decide and close each Hotspot; return what ``Seeder.summary`` says."""
    return HandoverSeeder(stdout).run()


class HandoverSeeder(Seeder):
    data_file = "handover.toml"

    def seed(self):
        keys(self.data, WHERE, required={"initiatives"})
        for spec in self.data["initiatives"]:
            self.check(spec)
        closed = []
        for spec in self.data["initiatives"]:
            initiative = self.initiative(spec["name"])
            if initiative.is_closed:
                self.existing += 1
                continue
            self.close(initiative, spec)
            closed.append(initiative.name)
        items = HandoverItem.objects.filter(initiative__name__in=[s["name"] for s in self.data["initiatives"]])
        self.stdout.write(
            f"Overdragelsesdemo: {len(closed)} indsatser afsluttet nu, {self.existing} var afsluttet i forvejen; "
            f"{self.created[HandoverItem]} beslutninger truffet, {items.count()} i alt."
        )

    def check(self, spec):
        where = f"{WHERE}, indsatsen {spec.get('name')}"
        keys(spec, where, required={"name", "by", "closed", "closing_note", "otherwise", "decisions"})
        self.decision_keys(spec["otherwise"], f"{where}, otherwise")
        for entry in spec["decisions"]:
            here = f"{where}, {entry.get('kind')} „{entry.get('thing')}“"
            if entry.get("kind") not in Kind.values or not entry.get("thing"):
                raise self.error(f"{here}: kind skal være en af {', '.join(Kind.values)}, og thing skal være udfyldt")
            self.decision_keys({k: v for k, v in entry.items() if k not in ("kind", "thing")}, here)

    def decision_keys(self, entry, where):
        required, optional = DECISION_KEYS
        keys(entry, where, required=required, optional=optional, choices={"decision": Decision.values})
        if entry["decision"] == Decision.TRANSFERRED and not (entry.get("to") or entry.get("to_body")):
            raise self.error(f"{where}: en overdragelse kræver to eller to_body")

    # --- one initiative ---------------------------------------------------------------------------

    def close(self, initiative, spec):
        by = self.user(spec["by"])
        names = self.names(initiative)
        day_counts = {}
        for thing in handover_list(initiative).undecided:
            entry = self.entry_for(spec, thing, names)
            n = day_counts.get(entry["at"], 0)
            day_counts[entry["at"]] = n + 1
            services.handover_decide(
                initiative=initiative,
                kind=thing.kind,
                object_id=thing.object_id,
                decision=entry["decision"],
                to_organisation=self.org(entry.get("to", "")),
                to_body=self.body(entry["to_body"]) if entry.get("to_body") else None,
                note=entry["note"],
                by=by,
                now=aware(entry["at"]) + n * STEP_GAP,
            )
            self.created[HandoverItem] += 1
        services.initiative_close(initiative=initiative, by=by, note=spec["closing_note"], now=aware(spec["closed"]))

    def names(self, initiative):
        """What the data file calls each thing: {kind: {object id: name}} (an action item: its owner's id)."""
        actions = Outcome.objects.actions().filter(agenda_item__meeting__initiative=initiative)
        return {
            Kind.ACTION: dict(actions.values_list("pk", "owner_organisation_id")),
            Kind.ESCALATION: dict(Escalation.objects.filter(initiative=initiative).values_list("pk", "title")),
            Kind.SERIES: dict(MeetingSeries.objects.filter(initiative=initiative).values_list("pk", "title")),
            Kind.INDICATOR: dict(Indicator.objects.filter(goal__initiative=initiative).values_list("pk", "name")),
            Kind.BODY_LINK: dict(BodyLink.objects.filter(initiative=initiative).values_list("pk", "body__name")),
        }

    def entry_for(self, spec, thing, names):
        name = names[thing.kind].get(thing.object_id)
        for entry in spec["decisions"]:
            if entry["kind"] != thing.kind:
                continue
            wanted = self.org(entry["thing"]).pk if thing.kind == Kind.ACTION else entry["thing"]
            if wanted == name:
                return entry
        return spec["otherwise"]
