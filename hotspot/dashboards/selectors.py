"""The initiative dashboard's blocks: each one grouped query (or two) in the database, never one per row.

Every block takes the initiative and the Period (period.py) and returns plain data
for its template, its chart and its CSV/XLSX table. Read through the apps' models
and selectors; the top layer owns no data of its own here.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

from actors.coverage import coverage_matrix
from actors.models import Body, Organisation
from dialogue.escalations.selectors import sla_counts
from dialogue.models import AgendaItem, Escalation, Invitation, LadderLevel, Meeting, Outcome
from dialogue.workdays import working_days_between
from evaluation.derived import attendance_by_organisation
from evaluation.models import (
    Indicator,
    SurveyDimension,
    SurveyRating,
    SurveyResponse,
    SurveyRound,
    Target,
)
from evaluation.series import ensure_stored
from evaluation.status import indicator_series, indicator_status
from evaluation.surveys.services import MIN_GROUP

from .period import Period

RECENT_DAYS = 90  # "took part lately": attended a meeting in the last 90 days


def moments(period):
    """[since, until) as aware datetimes in local time, covering the period's dates."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return since, until


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


# Escalations ------------------------------------------------------------------------------------------


@dataclass
class LevelRow:
    level: int
    name: str
    on_time: int = 0
    close: int = 0
    breached: int = 0

    @property
    def total(self):
        return self.on_time + self.close + self.breached


@dataclass
class EscalationBlock:
    rows: list
    median_days: float | None
    resolved: int
    raised_to: datetime.date

    @property
    def totals(self):
        return LevelRow(0, "", *(sum(getattr(r, k) for r in self.rows) for k in ("on_time", "close", "breached")))


def escalations(initiative, period, today):
    """Open cases raised up to the period's end, by ladder level and SLA state today; and the median
    working days from raised to resolved for the cases resolved in the period."""
    since, until = moments(period)
    counts = (
        Escalation.objects.open()
        .filter(initiative=initiative, created__lt=until)
        .values("level")
        .annotate(**sla_counts(today))
        .order_by("level")
    )
    names = dict(LadderLevel.objects.filter(initiative=initiative).values_list("level", "name"))
    by_level = {row["level"]: row for row in counts}
    rows = [
        LevelRow(
            level, names.get(level, ""), *(by_level.get(level, {}).get(k, 0) for k in ("on_time", "close", "breached"))
        )
        for level in sorted(set(names) | set(by_level))
    ]
    resolved = Escalation.objects.filter(
        initiative=initiative, status=Escalation.Status.RESOLVED, closed_at__gte=since, closed_at__lt=until
    ).values_list("created", "closed_at")
    days = [working_days_between(timezone.localdate(c), timezone.localdate(r)) for c, r in resolved]
    median = float(statistics.median(days)) if days else None
    return EscalationBlock(rows, median, len(days), period.end)


@dataclass
class FlowMonth:
    month: datetime.date
    raised: dict = field(default_factory=dict)  # level -> count
    resolved: int = 0

    @property
    def raised_total(self):
        return sum(self.raised.values())


def escalation_flow(initiative, period):
    """Per month of the period: cases raised (by their level today) and cases resolved. Two queries."""
    since, until = moments(period)
    months = {m: FlowMonth(m) for m in period.months()}
    raised = (
        Escalation.objects.filter(initiative=initiative, created__gte=since, created__lt=until)
        .annotate(month=TruncMonth("created"))
        .values("month", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in raised:
        months[row["month"].date()].raised[row["level"]] = row["n"]
    resolved = (
        Escalation.objects.filter(
            initiative=initiative, status=Escalation.Status.RESOLVED, closed_at__gte=since, closed_at__lt=until
        )
        .annotate(month=TruncMonth("closed_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in resolved:
        months[row["month"].date()].resolved = row["n"]
    return list(months.values())


# Action items -------------------------------------------------------------------------------------------


@dataclass
class OwnerRow:
    organisation_id: int | None
    name: str
    department: str
    overdue: int


def readable(actions, all_minutes):
    """Action items as the action list shows them: all for the initiative's staff, otherwise only those
    in published minutes (dialogue.access.visible_actions), so a number matches the list behind it."""
    return (
        actions if all_minutes else actions.filter(agenda_item__meeting__minutes_status=Meeting.MinutesStatus.PUBLISHED)
    )


def overdue_actions(initiative, today, all_minutes=True):
    """Open action items past their due date, by owning organisation and its department. One query.

    An item owned by a named person counts under the person's organisation's row "named people"
    when no organisation owns it (the action list filters by owning organisation)."""
    rows = (
        readable(Outcome.objects.overdue(today), all_minutes)
        .filter(agenda_item__meeting__initiative=initiative)
        .values("owner_organisation_id")
        .annotate(
            name=F("owner_organisation__name"),
            kind=F("owner_organisation__kind"),
            department=Coalesce("owner_organisation__parent__name", "owner_organisation__name"),
            n=Count("id"),
        )
        .order_by("-n", "name")
    )
    out = []
    for row in rows:
        is_department = row["kind"] == Organisation.Kind.MUNICIPAL_DEPARTMENT
        department = row["name"] if is_department else (row["department"] if row["department"] != row["name"] else "")
        out.append(OwnerRow(row["owner_organisation_id"], row["name"] or "", department or "", row["n"]))
    return out


# Meetings and attendance --------------------------------------------------------------------------------


@dataclass
class AttendanceBlock:
    meetings: int
    rates: list  # (organisation, rate %)


def attendance(initiative, period):
    """Meetings held in the period (not those still to come) and the attendance rate per organisation."""
    since, until = moments(period)
    until = min(until, timezone.now())
    held = Meeting.objects.filter(initiative=initiative, cancelled=False, start__gte=since, start__lt=until).count()
    rates = attendance_by_organisation(initiative, period.start, period.end)
    return AttendanceBlock(held, sorted(rates.items(), key=lambda kv: (kv[1] is None, kv[1] or 0, kv[0].name)))


# Coverage -----------------------------------------------------------------------------------------------


def coverage(initiative, on):
    """The coverage matrix on a date, and the local actors present at a meeting in the 90 days before it."""
    matrix = coverage_matrix(initiative, on)
    since, until = moments(Period(matrix.on - datetime.timedelta(days=RECENT_DAYS), matrix.on))
    present = set(
        Invitation.objects.filter(
            meeting__initiative=initiative,
            meeting__cancelled=False,
            meeting__start__gte=since,
            meeting__start__lt=until,
            attendance=Invitation.Attendance.PRESENT,
            organisation__isnull=False,
        )
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    for row in matrix.departments + matrix.local_actors:
        row.recent = row.organisation.pk in present
    return matrix


# Engagement heat map ------------------------------------------------------------------------------------


@dataclass
class HeatRow:
    organisation_id: int
    name: str
    cells: list  # one count per month
    total: int = 0


QUARTERS_FROM = 19  # a period of more than 18 months is shown by quarter, so the table fits a laptop


@dataclass(frozen=True)
class HeatColumn:
    start: datetime.date
    quarter: bool

    @property
    def label(self):
        if self.quarter:
            return f"K{(self.start.month - 1) // 3 + 1} {self.start:%Y}"
        return date_format(self.start, "M y")


def engagement_heatmap(initiative, period, limit=40):
    """Organisations × months (× quarters for a period longer than 18 months): attendances (present) plus
    action items they own from meetings in the month. Two grouped queries and the names; the `limit` most active
    organisations, most active first. Returns (columns, rows, peak)."""
    since, until = moments(period)
    months = period.months()
    quarter = len(months) >= QUARTERS_FROM
    columns, index = [], {}
    for m in months:
        start = m.replace(month=3 * ((m.month - 1) // 3) + 1) if quarter else m
        if not columns or columns[-1].start != start:
            columns.append(HeatColumn(start, quarter))
        index[m] = len(columns) - 1
    counts = {}
    present = (
        Invitation.objects.filter(
            meeting__initiative=initiative, meeting__cancelled=False, meeting__start__gte=since,
            meeting__start__lt=until, attendance=Invitation.Attendance.PRESENT, organisation__isnull=False,
        )
        .annotate(month=TruncMonth("meeting__start"))
        .values("organisation_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    )  # fmt: skip
    actions = (
        Outcome.objects.actions()
        .filter(
            agenda_item__meeting__initiative=initiative, agenda_item__meeting__start__gte=since,
            agenda_item__meeting__start__lt=until, owner_organisation__isnull=False,
        )
        .annotate(month=TruncMonth("agenda_item__meeting__start"))
        .values("owner_organisation_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    )  # fmt: skip
    for org_key, rows in (("organisation_id", present), ("owner_organisation_id", actions)):
        for row in rows:
            cells = counts.setdefault(row[org_key], [0] * len(columns))
            cells[index[row["month"].date()]] += row["n"]
    # Names in a query of their own: joined into the grouped ones, they made PostgreSQL walk every
    # owned action item in the country in organisation order (336 ms against 144 ms at scale l).
    names = dict(Organisation.objects.filter(pk__in=counts).values_list("pk", "name"))
    heat = [HeatRow(org, names[org], cells, sum(cells)) for org, cells in counts.items()]
    heat.sort(key=lambda r: (-r.total, r.name))
    peak = max((c for r in heat for c in r.cells), default=0)
    return columns, heat[:limit], peak


# Evaluation ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSummary:
    """What the dashboard shows of an indicator: plain values, so the cached block stays small (no model
    instances with their prefetched measurements)."""

    name: str
    url: str
    unit: str
    label: str
    badge: str
    latest: object  # Decimal or None
    latest_display: str
    expected: object  # Decimal or None


@dataclass(frozen=True)
class DimensionSummary:
    label: str
    lines: list


def indicators(initiative, period):
    """The key indicators against their targets in the three dimensions, judged as the evaluation report
    judges them (evaluation.status) on the values in the period. Three queries, plus a derived
    indicator's own."""
    rows = (
        Indicator.objects.filter(goal__initiative=initiative)
        .select_related("stored_series")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("date")))
        .order_by("goal__order", "order", "id")
    )
    lines = {}
    rows = list(rows)
    ensure_stored(rows)
    for indicator in rows:
        series = [
            p for p in indicator_series(indicator) if p.period_end >= period.start and p.period_start <= period.end
        ]
        state = indicator_status(indicator, series)
        lines.setdefault(indicator.dimension, []).append(
            IndicatorSummary(
                indicator.name, indicator.get_absolute_url(), indicator.unit, str(state.label), state.badge,
                state.latest.value if state.latest is not None else None, state.latest_display, state.expected,
            )
        )  # fmt: skip
    return [DimensionSummary(str(label), lines.get(key, [])) for key, label in Indicator.Dimension.choices]


@dataclass
class SurveySummary:
    survey_round: SurveyRound
    responses: int
    means: list  # (dimension label, mean or None when fewer than MIN_GROUP answers)


def last_closed_day(period, today):
    """The last day a survey round may have closed on to count as closed: the period's end, or yesterday
    (a round that closes today still takes answers)."""
    return min(period.end, today - datetime.timedelta(days=1))


def survey_summary(initiative, period, today):
    """The last survey round closed by the period's end: responses and the mean per dimension. Three queries."""
    closed_by = last_closed_day(period, today)
    survey_round = (
        SurveyRound.objects.filter(initiative=initiative, closes__lte=closed_by).order_by("-closes", "-pk").first()
    )
    if survey_round is None:
        return None
    responses = SurveyResponse.objects.filter(round=survey_round).count()
    rows = {
        r["dimension"]: r
        for r in SurveyRating.objects.filter(response__round=survey_round)
        .values("dimension")
        .annotate(total=Count("response", distinct=True))
        .annotate(mean=Avg("score"))
        .order_by()
    }
    means = []
    for value, label in SurveyDimension.choices:
        row = rows.get(value)
        shown = row and row["total"] >= MIN_GROUP
        means.append((label, round(float(row["mean"]), 1) if shown else None))
    return SurveySummary(survey_round, responses, means)


# Bottom-up ----------------------------------------------------------------------------------------------


@dataclass
class BottomUp:
    agenda_items: int
    agenda_from_residents: int
    escalations: int
    escalations_from_residents: int

    @property
    def agenda_share(self):
        return percent(self.agenda_from_residents, self.agenda_items)

    @property
    def escalation_share(self):
        return percent(self.escalations_from_residents, self.escalations)


def bottom_up(initiative, period):
    """Agenda items from bodies with resident seats, and cases raised by organisations that have such a
    body (a housing organisation's board, a master plan's steering group with residents). Two queries."""
    since, until = moments(period)
    items = AgendaItem.objects.filter(
        meeting__initiative=initiative, meeting__start__gte=since, meeting__start__lt=until
    ).aggregate(
        total=Count("id"),
        residents=Count("id", filter=Q(origin=AgendaItem.Origin.LOCAL_BODY, origin_body__residents_have_seats=True)),
    )
    residents_body = Body.objects.filter(organisation=OuterRef("organisation"), residents_have_seats=True)
    cases = (
        Escalation.objects.filter(initiative=initiative, created__gte=since, created__lt=until)
        .annotate(from_residents=Exists(residents_body))
        .aggregate(total=Count("id"), residents=Count("id", filter=Q(from_residents=True)))
    )
    return BottomUp(items["total"], items["residents"], cases["total"], cases["residents"])
