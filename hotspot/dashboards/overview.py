"""Every initiative side by side on the same measures, for one period: the cross-initiative overview.

Each measure is one query grouped by initiative over all the initiatives shown — never a
query per initiative — so the page costs the same for two initiatives as for a hundred.
The rules are the initiative dashboard's (attendance as evaluation.derived counts it, SLA
states as the inbox filters them), so a number here matches the number one click away.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, DateField, F, Q, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from actors.models import Engagement, Organisation, ProfessionalField
from dialogue.models import AgendaItem, Escalation, Invitation, Meeting, Outcome
from evaluation.models import SurveyRating, SurveyRound
from evaluation.surveys.services import MIN_GROUP

from .selectors import last_closed_day, moments, percent

FIELDS = [value for value, _label in ProfessionalField.choices]


@dataclass
class Row:
    initiative: object
    phase: str
    on: object = None  # the coverage day: the period's last day (or today), inside the initiative
    engaged: int = 0  # organisations engaged on the coverage day (the coverage matrix's rows)
    departments: int = 0
    gaps: list = field(default_factory=list)  # professional field labels nobody covers on the coverage day
    meetings: int = 0
    attendance: float | None = None
    open_cases: int = 0
    breached: int = 0
    resolved: int = 0
    within_sla: float | None = None
    overdue_actions: int = 0  # on Initiative.as_of: the closing day of a closed initiative
    bottom_up: float | None = None
    survey: float | None = None
    survey_round_id: int | None = None

    @property
    def phase_label(self):
        return str(self.initiative.Phase(self.phase).label)

    @property
    def gap_count(self):
        return len(self.gaps)


PHASE_ORDER = ["planned", "running", "ending", "ended"]

# The sortable columns: key -> how to sort (None sorts last in both directions).
SORTS = {
    "name": lambda r: r.initiative.name.lower(),
    "phase": lambda r: PHASE_ORDER.index(r.phase),
    "start": lambda r: r.initiative.start,
    "engaged": lambda r: r.engaged,
    "gaps": lambda r: r.gap_count,
    "meetings": lambda r: r.meetings,
    "attendance": lambda r: r.attendance,
    "open": lambda r: r.open_cases,
    "breached": lambda r: r.breached,
    "within": lambda r: r.within_sla,
    "overdue": lambda r: r.overdue_actions,
    "bottom_up": lambda r: r.bottom_up,
    "survey": lambda r: r.survey,
}


def sort_rows(rows, sort):
    """Rows sorted by `sort` ("key" ascending, "-key" descending); missing values last either way."""
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = "name", "name"
    get = SORTS[key]
    present = [r for r in rows if get(r) is not None]
    missing = [r for r in rows if get(r) is None]
    present.sort(key=lambda r: (get(r), r.initiative.name.lower()), reverse=sort.startswith("-"))
    return present + sorted(missing, key=lambda r: r.initiative.name.lower())


def _as_of(initiative_path, today):
    """Initiative.as_of in SQL: the closing day of a closed initiative, else today."""
    return Coalesce(TruncDate(f"{initiative_path}__closed_at"), Value(today), output_field=DateField())


def _by_initiative(queryset, key="initiative"):
    return {row[key]: row for row in queryset}


def overview_rows(initiatives, period, today, managed=None):
    """One Row per initiative (a list or queryset of them) for the period; about ten queries in all.

    `managed`: the initiatives whose unpublished minutes' action items count too (the viewer runs
    them); elsewhere only published minutes count, as in the action list the numbers link to."""
    initiatives = list(initiatives)
    ids = [i.pk for i in initiatives]
    since, until = moments(period)
    rows = {i.pk: Row(i, i.phase_on(today), on=min(max(min(period.end, today), i.start), i.end)) for i in initiatives}
    if not ids:
        return []

    # Engagements: who took part in the period; coverage on the period's last day (or today).
    departments = Organisation.Kind.MUNICIPAL_DEPARTMENT
    labels = dict(ProfessionalField.choices)
    covered = {pk: set() for pk in ids}
    engaged, engaged_departments = {pk: set() for pk in ids}, {pk: set() for pk in ids}
    for e in (
        Engagement.objects.filter(initiative__in=ids, start__lte=period.end)
        .filter(Q(end__isnull=True) | Q(end__gte=period.start))
        .values("initiative", "organisation", "organisation__kind", "professional_fields", "start", "end")
    ):
        pk = e["initiative"]
        on = rows[pk].on
        if e["start"] <= on and (e["end"] is None or e["end"] >= on):
            engaged[pk].add(e["organisation"])
            if e["organisation__kind"] == departments:
                engaged_departments[pk].add(e["organisation"])
            covered[pk] |= set(e["professional_fields"] or [])
    for pk, row in rows.items():
        row.engaged, row.departments = len(engaged[pk]), len(engaged_departments[pk])
        row.gaps = [str(labels[f]) for f in FIELDS if f not in covered[pk]]

    in_period = {"meeting__start__gte": since, "meeting__start__lt": until, "meeting__cancelled": False}
    for pk, n in (
        Meeting.objects.filter(
            initiative__in=ids, cancelled=False, start__gte=since, start__lt=min(until, timezone.now())
        )
        .values_list("initiative")
        .annotate(n=Count("id"))
        .order_by()
    ):
        rows[pk].meetings = n

    attendance = (
        Invitation.objects.filter(meeting__initiative__in=ids, walk_in=False, **in_period)
        .exclude(attendance=Invitation.Attendance.UNKNOWN)
        .values(initiative=F("meeting__initiative"))
        .annotate(recorded=Count("id"), present=Count("id", filter=Q(attendance=Invitation.Attendance.PRESENT)))
        .order_by()
    )
    for pk, row in _by_initiative(attendance).items():
        rows[pk].attendance = percent(row["present"], row["recorded"])

    cases = (
        Escalation.objects.filter(initiative__in=ids)
        .values("initiative")
        .annotate(
            open=Count("id", filter=Q(status__in=Escalation.OPEN_STATUSES, created__lt=until)),
            breached=Count(
                "id",
                filter=Q(
                    status__in=Escalation.OPEN_STATUSES, created__lt=until, sla_due__lt=_as_of("initiative", today)
                ),
            ),
            resolved=Count(
                "id", filter=Q(status=Escalation.Status.RESOLVED, closed_at__gte=since, closed_at__lt=until)
            ),
            within=Count(
                "id",
                filter=Q(
                    status=Escalation.Status.RESOLVED,
                    closed_at__gte=since,
                    closed_at__lt=until,
                    closed_at__date__lte=F("resolve_due"),
                ),
            ),  # fmt: skip
        )
        .order_by()
    )
    for pk, row in _by_initiative(cases).items():
        r = rows[pk]
        r.open_cases, r.breached, r.resolved = row["open"], row["breached"], row["resolved"]
        r.within_sla = percent(row["within"], row["resolved"])

    for pk, n in (
        Outcome.objects.open_actions()
        .filter(agenda_item__meeting__initiative__in=ids, due__lt=_as_of("agenda_item__meeting__initiative", today))
        .filter(
            Q(agenda_item__meeting__minutes_status=Meeting.MinutesStatus.PUBLISHED)
            | Q(agenda_item__meeting__initiative__in=ids if managed is None else managed)
        )
        .values_list("agenda_item__meeting__initiative")
        .annotate(n=Count("id"))
        .order_by()
    ):
        rows[pk].overdue_actions = n

    items = (
        AgendaItem.objects.filter(meeting__initiative__in=ids, meeting__start__gte=since, meeting__start__lt=until)
        .values(initiative=F("meeting__initiative"))
        .annotate(
            total=Count("id"),
            residents=Count(
                "id", filter=Q(origin=AgendaItem.Origin.LOCAL_BODY, origin_body__residents_have_seats=True)
            ),
        )
        .order_by()
    )
    for pk, row in _by_initiative(items).items():
        rows[pk].bottom_up = percent(row["residents"], row["total"])

    # The last survey round closed by the period's end, per initiative: its mean over every rating.
    latest = {}
    for round_id, pk in (
        SurveyRound.objects.filter(initiative__in=ids, closes__lte=last_closed_day(period, today))
        .order_by("initiative", "-closes", "-pk")
        .values_list("pk", "initiative")
    ):
        latest.setdefault(pk, round_id)
    if latest:
        means = {
            r["response__round"]: r
            for r in SurveyRating.objects.filter(response__round__in=latest.values())
            .values("response__round")
            .annotate(mean=Avg("score"), responses=Count("response", distinct=True))
            .order_by()
        }
        for pk, round_id in latest.items():
            row = means.get(round_id)
            if row and row["responses"] >= MIN_GROUP:  # the survey's anonymity rule: no mean of one or two
                rows[pk].survey, rows[pk].survey_round_id = round(float(row["mean"]), 1), round_id
    return list(rows.values())
