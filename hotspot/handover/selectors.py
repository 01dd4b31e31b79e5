"""What an ending initiative leaves behind, and what has been decided about each thing.

Six queries whatever the size: one per kind of thing, one for the decisions.
Once the initiative is closed, its list is the decided rows themselves.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actors.models import Body, Organisation
from dialogue.models import Escalation, MeetingSeries, Outcome
from evaluation.models import Indicator

from .models import HandoverItem

Kind = HandoverItem.Kind
KIND_ORDER = tuple(Kind.values)  # the order of the list: action items first, linked bodies last


@dataclass
class Thing:
    kind: str
    object_id: int
    label: str
    url: str
    item: HandoverItem | None = None  # the decision, once made

    @property
    def key(self):
        return f"{self.kind}-{self.object_id}"

    @property
    def kind_label(self):
        return Kind(self.kind).label


def _action_label(action):
    owner = action.owner_person or action.owner_organisation
    due = date_format(action.due, "j. M Y") if action.due else ""
    return _("%(text)s (%(owner)s, frist %(due)s)") % {"text": action.text[:160], "owner": owner or "–", "due": due}


def _actions(initiative):
    actions = (
        Outcome.objects.open_actions()
        .filter(agenda_item__meeting__initiative=initiative)
        .select_related("agenda_item__meeting", "owner_person", "owner_organisation")
        .order_by("due", "id")
    )
    return [Thing(Kind.ACTION, a.pk, _action_label(a), a.get_absolute_url()) for a in actions]


def _escalations(initiative):
    cases = Escalation.objects.open().filter(initiative=initiative).order_by("created", "id")
    return [Thing(Kind.ESCALATION, e.pk, f"#{e.pk} {e.title}", e.get_absolute_url()) for e in cases]


def _series(initiative):
    series = MeetingSeries.objects.filter(initiative=initiative).order_by("title", "id")
    return [Thing(Kind.SERIES, s.pk, s.title, s.get_absolute_url()) for s in series]


def _indicators(initiative):
    indicators = Indicator.objects.filter(goal__initiative=initiative).order_by("goal__order", "order", "id")
    return [
        Thing(Kind.INDICATOR, i.pk, f"{i.name} ({i.get_frequency_display().lower()})", i.get_absolute_url())
        for i in indicators
    ]


def _body_links(initiative):
    links = initiative.body_links.select_related("body").order_by("body__name")
    return [Thing(Kind.BODY_LINK, link.pk, link.body.name, link.body.get_absolute_url()) for link in links]


FINDERS = {
    Kind.ACTION: _actions,
    Kind.ESCALATION: _escalations,
    Kind.SERIES: _series,
    Kind.INDICATOR: _indicators,
    Kind.BODY_LINK: _body_links,
}


def candidates(initiative, kinds=KIND_ORDER):
    """Every open action item, open case, meeting series, indicator and linked body, in that order."""
    return [thing for kind in kinds for thing in FINDERS[kind](initiative)]


def decided(initiative):
    return list(
        HandoverItem.objects.filter(initiative=initiative).select_related("to_organisation", "to_body", "decided_by")
    )


@dataclass
class HandoverList:
    things: list

    @property
    def undecided(self):
        return [t for t in self.things if t.item is None]

    @property
    def counts(self):
        """(decision label, count) for the decided things, and the undecided count last."""
        counts = {}
        for thing in self.things:
            if thing.item is not None:
                label = thing.item.get_decision_display()
                counts[label] = counts.get(label, 0) + 1
        return sorted(counts.items())

    def by_kind(self):
        groups = {}
        for thing in self.things:
            groups.setdefault(thing.kind, []).append(thing)
        return [(Kind(kind).label, things) for kind, things in groups.items()]


def handover_list(initiative):
    """The things to hand over with their decisions; for a closed initiative, what was decided."""
    items = decided(initiative)
    if initiative.is_closed:
        items.sort(key=lambda i: (KIND_ORDER.index(i.kind), i.decided_at, i.pk))
        return HandoverList([Thing(i.kind, i.object_id, i.label, i.url, i) for i in items])
    by_key = {(i.kind, i.object_id): i for i in items}
    things = candidates(initiative)
    for thing in things:
        thing.item = by_key.get((thing.kind, thing.object_id))
    return HandoverList(things)


def find_candidate(initiative, kind, object_id):
    """The open thing of that kind and id, or None (it was closed, or never belonged to the initiative)."""
    if kind not in FINDERS:
        return None
    return next((t for t in candidates(initiative, [kind]) if t.object_id == object_id), None)


def recipients(initiative):
    """Who may take things over: the organisations engaged in the initiative, every department, and
    the bodies of those organisations or linked to the initiative. Bounded by the initiative's own reach."""
    engaged = initiative.engagements.values("organisation_id")
    organisations = Organisation.objects.filter(
        Q(pk__in=engaged) | Q(kind=Organisation.Kind.MUNICIPAL_DEPARTMENT)
    ).order_by("name")
    bodies = Body.objects.filter(Q(organisation_id__in=engaged) | Q(initiative_links__initiative=initiative)).distinct()
    return list(organisations), list(bodies.order_by("name"))


def received_by(organisation, initiative_ids=None):
    """What this organisation (or one of its bodies) took over from closed initiatives."""
    items = HandoverItem.objects.filter(
        Q(to_organisation=organisation) | Q(to_body__organisation=organisation), initiative__closed_at__isnull=False
    ).select_related("initiative", "to_body", "to_organisation")
    if initiative_ids is not None:
        items = items.filter(initiative_id__in=initiative_ids)
    return items.order_by("-initiative__closed_at", "kind", "label")
