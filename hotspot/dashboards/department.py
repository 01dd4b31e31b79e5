"""A department across every initiative it takes part in: its queue's SLA state, its action items and
its engagement, for a period. Each block is one query grouped by initiative.

The department's own organisation and its sub-organisations (a "centre" under a
department) count as the department.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from actors.models import Engagement, Organisation, ProfessionalField
from dialogue.escalations.selectors import sla_counts
from dialogue.models import Escalation, Invitation, Outcome

from .selectors import moments, percent, readable


@dataclass
class InitiativeRow:
    initiative_id: int
    name: str
    on_time: int = 0
    close: int = 0
    breached: int = 0
    actions_open: int = 0
    actions_overdue: int = 0
    actions_due: int = 0  # due in the period, not dropped
    actions_done_on_time: int = 0
    recorded: int = 0  # invitations with attendance recorded, in the period
    present: int = 0
    fields: list = field(default_factory=list)
    since: object = None

    @property
    def queue(self):
        return self.on_time + self.close + self.breached

    @property
    def on_time_share(self):
        return percent(self.actions_done_on_time, self.actions_due)

    @property
    def attendance(self):
        return percent(self.present, self.recorded)


def department_rows(department, period, today, all_minutes=True):
    """One row per initiative the department is engaged in, has cases or action items in. Five queries."""
    members = list(Organisation.objects.filter(Q(pk=department.pk) | Q(parent=department)).values_list("pk", flat=True))
    since, until = moments(period)
    rows = {}

    def row(pk, name):
        return rows.setdefault(pk, InitiativeRow(pk, name))

    labels = dict(ProfessionalField.choices)
    for e in (
        Engagement.objects.filter(organisation__in=members, start__lte=period.end)
        .filter(Q(end__isnull=True) | Q(end__gte=period.start))
        .values("initiative", "initiative__name", "professional_fields", "start")
        .order_by("start")
    ):
        r = row(e["initiative"], e["initiative__name"])
        r.since = r.since or e["start"]
        r.fields += [
            str(labels[f]) for f in e["professional_fields"] or [] if f in labels and str(labels[f]) not in r.fields
        ]

    for c in (
        Escalation.objects.open()
        .filter(assigned_department__in=members)
        .values("initiative", "initiative__name")
        .annotate(**sla_counts(today))
        .order_by()
    ):
        r = row(c["initiative"], c["initiative__name"])
        r.on_time, r.close, r.breached = c["on_time"], c["close"], c["breached"]

    due_by = min(period.end, today)  # "on time" is judged only for items already due: none is late yet
    for a in (
        readable(Outcome.objects.actions(), all_minutes)
        .filter(owner_organisation__in=members)
        .values(
            initiative=F("agenda_item__meeting__initiative"),
            initiative_name=F("agenda_item__meeting__initiative__name"),
        )
        .annotate(
            open=Count("id", filter=Q(status__in=Outcome.OPEN_STATUSES)),
            overdue=Count("id", filter=Q(status__in=Outcome.OPEN_STATUSES, due__lt=today)),
            due_in_period=Count(
                "id", filter=Q(due__gte=period.start, due__lte=due_by) & ~Q(status=Outcome.Status.DROPPED)
            ),
            on_time=Count(
                "id",
                filter=Q(
                    due__gte=period.start,
                    due__lte=due_by,
                    status=Outcome.Status.DONE,
                    completed_on__isnull=False,
                    completed_on__lte=F("due"),
                ),
            ),  # fmt: skip
        )
        .order_by()
    ):
        r = row(a["initiative"], a["initiative_name"])
        r.actions_open, r.actions_overdue, r.actions_due, r.actions_done_on_time = (
            a["open"], a["overdue"], a["due_in_period"], a["on_time"],
        )  # fmt: skip

    for i in (
        Invitation.objects.filter(
            organisation__in=members, walk_in=False, meeting__cancelled=False,
            meeting__start__gte=since, meeting__start__lt=until,
        )
        .exclude(attendance=Invitation.Attendance.UNKNOWN)
        .values(initiative=F("meeting__initiative"), initiative_name=F("meeting__initiative__name"))
        .annotate(recorded=Count("id"), present=Count("id", filter=Q(attendance=Invitation.Attendance.PRESENT)))
        .order_by()
    ):  # fmt: skip
        r = row(i["initiative"], i["initiative_name"])
        r.recorded, r.present = i["recorded"], i["present"]
    return sorted(rows.values(), key=lambda r: r.name)
