"""Escalations and a safety walk for the Nørrebro demo (September 2012 – July 2013).

The facts are in ``escalations.toml`` beside this module (its header describes the steps):
each Hotspot initiative's four-level ladder, the cases raised by the local actors with
their timelines, and a safety walk in Haraldsgadekvarteret whose findings go to TMF.
``EscalationsSeeder`` checks the file, then runs every step through the services of
``dialogue.escalations``, ``dialogue.meetings`` and ``dialogue.safetywalks`` with ``now=``
set to the step's demo time: the services set every timestamp and SLA deadline, so a case
still open is past its deadline, as it would be in 2013 (the hand-over demo decides what
happens to it when the Hotspots end).

Ladder levels are upserted; a case (initiative, title) or the walk (initiative, date,
area) that exists is skipped, so a second run creates and changes nothing. Run by
``python manage.py seed_demo`` after the meetings demo, whose meetings it uses.
"""

import datetime

from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from actors.demo.seeder import Seeder, aware, keys
from actors.models import Role, Seat
from dialogue.demo.meetings import BSF, ILLUSTRATIVE, PURPOSES
from dialogue.escalations import services as esc
from dialogue.escalations.selectors import open_meetings_for
from dialogue.meetings import services as meetings
from dialogue.models import (
    Escalation,
    LadderLevel,
    Meeting,
    MeetingKind,
    Outcome,
    SafetyWalk,
    SafetyWalkFinding,
)
from dialogue.safetywalks import services as safetywalks
from dialogue.themes import Theme

ILLUSTRATIVE_CASE = "Illustrativt demoeksempel."
STEP_GAP = datetime.timedelta(minutes=40)  # between the steps of a day given without a time
REVIEW_AFTER = datetime.timedelta(days=182)  # a decision is followed up half a year later

# The keys of the data file: (required, optional). A step's are besides `at`, `op` and `by`.
TOP = ({"logins", "raisers", "initiatives", "ladder", "forum", "cases", "walk"}, set())
INITIATIVE = ({"name", "network", "steering"}, set())
LADDER = ({"level", "name", "body", "responsible_role", "ack_days", "resolve_days"}, {"housing_sector_body"})
FORUM = (
    {"start", "hours", "place", "approval", "approval_previous"}
    | {"status_title", "status_theme", "status_minutes", "status_outcome"},
    set(),
)
CASE = (
    {"initiative", "title", "organisation", "theme", "description", "steps"},
    {"category", "department", "urgency", "area", "street", "housing_sector"},
)
WALK = (
    {"initiative", "date", "recorded", "follow_up_done", "area", "raised_for", "organisations", "department"}
    | {"route", "notes", "findings"},
    set(),
)
FINDING = ({"category", "place", "description", "steps"}, set())
OPS = {
    "raise": (set(), set()),
    "ack": (set(), set()),
    "start": (set(), set()),
    "assign": ({"department"}, set()),
    "comment": ({"text"}, set()),
    "question": ({"text"}, set()),
    "reply": ({"text"}, set()),
    "escalate": ({"justification"}, set()),
    "resolve": ({"answer"}, {"need_met"}),
    "reject": ({"reason"}, set()),
    "reopen": ({"reason"}, set()),
    "merge": ({"into"}, set()),
    "agenda": ({"meeting", "minutes"}, set()),
    "decide": ({"text"}, set()),
}
CHOICES = {
    "theme": Theme.values,
    "category": Escalation.Category.values,
    "urgency": Escalation.Urgency.values,
    "responsible_role": Role.Kind.values,
    "meeting": ["forum", "platform"],
}


def seed(*, stdout):
    """Create the ladders, the escalations and the safety walk; return what ``Seeder.summary`` says."""
    return EscalationsSeeder(stdout).run()


def illustrative(text):
    return f"{text} {ILLUSTRATIVE_CASE}"


class EscalationsSeeder(Seeder):
    data_file = "escalations.toml"

    def seed(self):
        check_data(self.data)
        for initiative in self.data["initiatives"]:
            self.ladder(initiative)
        for case in self.data["cases"]:
            self.case(case)
        self.walk(self.data["walk"])

    def summary(self):
        demo = Escalation.objects.filter(
            description__endswith=ILLUSTRATIVE_CASE, initiative__name__in=[i["name"] for i in self.data["initiatives"]]
        )
        open_cases = demo.open()
        overdue = demo.breached().count()
        self.stdout.write(
            f"Eskaleringsdemo: {self.created[Escalation]} sager oprettet, {self.existing} fandtes allerede; "
            f"eskaleringstrappe {self.created[LadderLevel]} trin oprettet, {self.updated[LadderLevel]} opdateret; "
            f"{open_cases.count()} åbne sager, heraf {overdue} over fristen; "
            f"{SafetyWalk.objects.filter(notes__endswith=ILLUSTRATIVE_CASE).count()} tryghedsvandring med "
            f"{SafetyWalkFinding.objects.filter(escalation__in=demo).count()} fund."
        )
        return super().summary()

    def ladder(self, data):
        initiative = self.initiative(data["name"])
        own = {"network": data["network"], "steering": data["steering"]}
        for level in self.data["ladder"]:
            housing_body = level.get("housing_sector_body")
            self.upsert(
                LadderLevel,
                {"initiative": initiative, "level": level["level"]},
                {
                    "name": level["name"],
                    "body": self.body(level["body"].format(**own)),
                    "housing_sector_body": self.body(housing_body) if housing_body else None,
                    "responsible_role": level["responsible_role"],
                    "ack_days": level["ack_days"],
                    "resolve_days": level["resolve_days"],
                },
            )

    # --- one case --------------------------------------------------------------------------

    def case(self, case):
        initiative = self.initiative(case["initiative"])
        if Escalation.objects.filter(initiative=initiative, title=case["title"]).exists():
            self.existing += 1
            return
        raised_at, *times = step_times(case["title"], case["steps"])
        department = case.get("department", "")
        escalation = esc.escalation_raise(
            initiative=initiative,
            organisation=self.org(case["organisation"]),
            by=self.user(self.data["raisers"].get(case["organisation"])),
            data={
                "title": case["title"],
                "description": illustrative(case["description"]),
                "category": case.get("category", Escalation.Category.GENERAL),
                "theme": case["theme"],
                "department": self.org(department),
                "urgency": case.get("urgency", Escalation.Urgency.NORMAL),
                "area": self.area(case.get("area", "")),
                "street": case.get("street", ""),
                "housing_sector": case.get("housing_sector", False),
            },
            now=raised_at,
        )
        self.created[Escalation] += 1
        self.timeline(initiative, escalation, case["steps"][1:], times)

    def timeline(self, initiative, escalation, steps, times):
        """Run the steps after the raise, each at its time."""
        item = None  # the agenda item of the last "agenda" step, which "decide" decides on
        for step, now in zip(steps, times, strict=True):
            escalation.refresh_from_db()
            op, by = step["op"], self.actor(initiative, escalation, step["by"])
            case = {"escalation": escalation, "by": by, "now": now}
            version = escalation.version
            if op == "ack":
                esc.escalation_acknowledge(**case, version=version)
            elif op == "start":
                esc.escalation_start(**case, version=version)
            elif op == "assign":
                esc.escalation_assign(**case, version=version, department=self.org(step["department"]))
            elif op in ("comment", "question", "reply"):
                esc.escalation_comment(**case, text=step["text"], kind=op)
            elif op == "escalate":
                level = escalation.level + 1
                esc.escalation_escalate(**case, version=version, justification=step["justification"], to_level=level)
            elif op == "resolve":
                esc.escalation_resolve(**case, version=version, answer=step["answer"], need_met=step.get("need_met"))
            elif op == "reject":
                esc.escalation_reject(**case, version=version, reason=step["reason"])
            elif op == "reopen":
                esc.escalation_reopen(**case, version=version, reason=step["reason"])
            elif op == "merge":
                into = Escalation.objects.get(initiative=initiative, title=step["into"])
                esc.escalation_merge(**case, version=version, into=into)
            elif op == "agenda":
                if step["meeting"] == "forum":
                    meeting = self.forum_meeting(initiative, now)
                else:
                    meeting = self.open_meeting(escalation, now)
                item = meetings.agenda_item_add_for_escalation(meeting=meeting, **case, version=version)
                meetings.agenda_item_update(item=item, data={"minutes": step["minutes"]})
            elif op == "decide":
                data = {
                    "kind": Outcome.Kind.DECISION,
                    "text": step["text"],
                    "themes": item.themes,
                    "decided_by": item.meeting.body,
                    "review_date": timezone.localdate(now) + REVIEW_AFTER,
                }
                meetings.outcome_add(item=item, data=data, by=by, now=now)

    def actor(self, initiative, escalation, who):
        """The user acting in a step (see the data file's header); None acts as the system."""
        if who == "chef":
            chief = initiative.chief
            return chief.user if chief else None
        if who == "raiser":
            return escalation.raised_by
        if who.isupper():
            self.org(who)  # a department of the demo, with or without a login
        return self.user(self.data["logins"].get(who))

    # --- meetings ---------------------------------------------------------------------------

    def open_meeting(self, escalation, at):
        """The next meeting after `at` of the body the case is with, minutes not published, with room on its agenda."""
        upcoming = open_meetings_for(escalation, now=at).annotate(items=Count("agenda_items"))
        meeting = upcoming.filter(items__lt=6).order_by("start").first() or upcoming.order_by("start").first()
        if meeting is None:
            raise CommandError(f"Ingen åbne møder i {escalation.initiative} efter {at:%d.%m.%Y} til sagen.")
        return meeting

    def forum_meeting(self, initiative, at):
        """The next Boligsocialt Forum meeting after `at` with minutes not yet published.

        The meetings demo's forum meeting has published (locked) minutes, so normally this
        makes the data file's [forum] meeting, a draft with attendance and two items of its own.
        """
        forum = self.body(BSF)
        meeting = (
            Meeting.objects.filter(initiative=initiative, body=forum, kind=MeetingKind.FORUM, start__gt=at)
            .exclude(cancelled=True)
            .exclude(minutes_status=Meeting.MinutesStatus.PUBLISHED)
            .order_by("start")
            .first()
        )
        if meeting is not None:
            return meeting
        data = self.data["forum"]
        chief = initiative.chief
        start = aware(data["start"])
        day = start.date()
        previous = Meeting.objects.filter(initiative=initiative, body=forum, start__lt=start).order_by("-start").first()
        meeting = meetings.meeting_create(
            data={
                "initiative": initiative,
                "body": forum,
                "kind": MeetingKind.FORUM,
                "title": BSF,
                "start": start,
                "end": start + datetime.timedelta(hours=data["hours"]),
                "place": data["place"],
                "description": f"{ILLUSTRATIVE}\n{PURPOSES['F']}",
            },
            by=chief.user if chief else None,
        )
        people = [
            seat.person
            for seat in Seat.objects.filter(body=forum).select_related("person").order_by("person__name")
            if (seat.start is None or seat.start <= day) and (seat.end is None or seat.end >= day)
        ]
        if chief is not None and chief not in people:
            people.append(chief)
        meetings.invite(meeting=meeting, people=people)
        invitations = list(meeting.invitations.order_by("pk"))
        meetings.attendance_record(
            meeting=meeting,
            statuses={  # every fifth excused, never the chief
                inv.pk: "excused" if i % 5 == 4 and inv.person_id != getattr(chief, "pk", None) else "present"
                for i, inv in enumerate(invitations)
            },
        )
        approval = data["approval"]
        if previous is not None:
            approval += " " + data["approval_previous"].format(date=f"{timezone.localtime(previous.start):%d.%m.%Y}")
        meetings.agenda_item_add(
            meeting=meeting,
            data={
                "title": "Godkendelse af dagsorden og referat",
                "origin": "chief",
                "owner_person": chief,
                "planned_minutes": 5,
                "minutes": approval,
            },
        )
        status = meetings.agenda_item_add(
            meeting=meeting,
            data={
                "title": data["status_title"],
                "origin": "chief",
                "owner_person": chief,
                "planned_minutes": 15,
                "themes": [data["status_theme"]],
                "minutes": data["status_minutes"],
            },
        )
        meetings.outcome_add(
            item=status,
            data={"kind": Outcome.Kind.INFORMATION, "text": data["status_outcome"], "themes": status.themes},
        )
        return meeting

    # --- the safety walk ------------------------------------------------------------------------

    def walk(self, data):
        initiative, area = self.initiative(data["initiative"]), self.area(data["area"])
        if SafetyWalk.objects.filter(initiative=initiative, date=data["date"], area=area).exists():
            self.existing += len(data["findings"])
            return
        walk = safetywalks.safetywalk_record(
            initiative=initiative,
            data={
                "date": data["date"],
                "area": area,
                "route": data["route"],
                "raised_for": self.org(data["raised_for"]),
                "notes": data["notes"],
            },
            organisations=[self.org(name) for name in data["organisations"]],
            by=None,
        )
        department = self.org(data["department"])
        for n, finding in enumerate(data["findings"]):
            raised_at = aware(data["recorded"]) + n * STEP_GAP
            times = step_times(finding["place"], finding["steps"], raised_at=raised_at)
            recorded = safetywalks.finding_add(
                walk=walk,
                data={
                    "category": finding["category"],
                    "place": finding["place"],
                    "description": illustrative(finding["description"]),
                },
                by=self.actor(initiative, None, "chef"),
                department=department,
                now=raised_at,
            )
            self.created[Escalation] += 1
            self.timeline(initiative, recorded.escalation, finding["steps"], times)
        on = data["follow_up_done"]
        safetywalks.followup_done(walk=walk, on=on, by=None, now=aware(on))


# --- checking the data file ---------------------------------------------------------------------


def check_data(data):
    """Raise a CommandError naming the case and the key for anything the loader would trip on."""
    check_keys("filen", data, TOP)
    for initiative in data["initiatives"]:
        check_keys(f"indsatsen {initiative.get('name', '?')}", initiative, INITIATIVE)
    for level in data["ladder"]:
        check_keys(f"eskaleringstrin {level.get('level', '?')}", level, LADDER)
    check_keys("[forum]", data["forum"], FORUM)
    logins = set(data["logins"])
    for case in data["cases"]:
        where = f"sagen „{case.get('title', '?')}“"
        check_keys(where, case, CASE)
        steps = case["steps"]
        if not steps or steps[0].get("op") != "raise":
            raise CommandError(f'escalations.toml, {where}: første trin skal være op = "raise".')
        check_steps(where, steps, logins)
        step_times(case["title"], steps)
    walk = data["walk"]
    check_keys("[walk]", walk, WALK)
    for finding in walk["findings"]:
        where = f"fundet „{finding.get('place', '?')}“"
        check_keys(where, finding, FINDING, {"category": SafetyWalkFinding.Category.values})
        check_steps(where, finding["steps"], logins, first=1)
        step_times(finding["place"], finding["steps"], raised_at=aware(walk["recorded"]))


def check_keys(where, entry, schema, choices=CHOICES):
    """`schema`: (required, optional); `choices`: the allowed values of some keys."""
    required, optional = schema
    keys(entry, f"escalations.toml, {where}", required=required, optional=optional, choices=choices)


def check_steps(where, steps, logins, first=0):
    """Each step's op and keys; `first`: the number of the first step (1 when the raise is implied)."""
    agenda = False
    for n, step in enumerate(steps, start=first + 1):
        here = f"{where}, trin {n}"
        op = step.get("op")
        if op not in OPS or (op == "raise") != (n == 1):
            raise CommandError(f"escalations.toml, {here}: ukendt eller malplaceret op {op!r}.")
        required, optional = OPS[op]
        check_keys(here, step, ({"at", "op"} | required | ({"by"} if op != "raise" else set()), optional))
        by = step.get("by")
        if by is not None and not (by in {"chef", "raiser"} | logins or by.isupper()):
            raise CommandError(
                f"escalations.toml, {here}: by = {by!r} er ikke chef, raiser, et login eller en forvaltning."
            )
        agenda = agenda or op == "agenda"
        if op == "decide" and not agenda:
            raise CommandError(f'escalations.toml, {here}: op "decide" kræver et "agenda"-trin før.')


def step_times(title, steps, *, raised_at=None):
    """The aware demo time of each step; a step given only a date follows that day's earlier ones by STEP_GAP.

    `raised_at`: the time of the raise when it is not the first step (a safety-walk finding).
    """
    times, per_day = [], {}
    if raised_at is not None:
        times, per_day = [raised_at], {raised_at.date(): 1}
    for step in steps:
        at = step["at"]
        if isinstance(at, datetime.datetime):
            when = aware(at)
        elif isinstance(at, datetime.date):
            n = per_day.get(at, 0)
            per_day[at] = n + 1
            when = aware(at) + n * STEP_GAP
        else:
            raise CommandError(f"escalations.toml, „{title}“: at = {at!r} er ikke en dato eller et tidspunkt.")
        if times and when < times[-1]:
            raise CommandError(
                f"escalations.toml, „{title}“: trinnet {step['op']!r} {at} ligger før det foregående trin."
            )
        if not times:
            per_day = {when.date(): 1}  # the raise is the first step of its day
        times.append(when)
    return times if raised_at is None else times[1:]
