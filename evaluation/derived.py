"""Derived indicators: computed from the platform's own data, per period.

A derived indicator needs no typing: its value for any period — past periods
included — is recomputed from meetings, invitations, action items, engagements
and escalations. An indicator opts in with ``method = "derived"`` and one of the
keys in ``DERIVED_CHOICES`` as its ``derived_key``.

Conventions shared by every metric:

* A period is a pair of dates ``(start, end)``, both inclusive.
* A moment (a meeting's start, an escalation's creation or closing) belongs to
  the period holding its *local* date (``TIME_ZONE``, Europe/Copenhagen): a
  meeting at 00:30 on 1 March is a March meeting although it is still
  February in UTC.
* Shares are percentages as ``Decimal`` with one decimal (``Decimal("66.7")``),
  rounded half up. A share whose denominator is zero is ``None``: there is
  nothing to compute it from, and 0 % would claim a failure that never happened.
* Counts (meetings held, child-support cases raised) are ``Decimal`` integers
  and are 0, not ``None``, for an empty period: the platform is where these
  things are recorded, so no rows means none happened.
* Medians are in working days (``dialogue.workdays``), one decimal.

Every series fetches its rows once for the whole span of the periods asked for
and buckets them in Python, so ``derived_series`` runs the same few queries for
3 periods as for 48.
"""

import datetime
import statistics
from bisect import bisect_right
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Engagement, Organisation
from dialogue.models import Escalation, Invitation, Meeting, Outcome
from dialogue.workdays import working_days_between

PERCENT = "%"
COUNT = "antal"
WORKING_DAYS = "arbejdsdage"

ONE_DECIMAL = Decimal("0.1")

DEPARTMENT = Organisation.Kind.MUNICIPAL_DEPARTMENT


# Periods ---------------------------------------------------------------------------------


def _period_end(day, frequency):
    """The last day of the calendar month, quarter or year holding `day`.

    relativedelta(day=31) clamps to the month's last day (30 April, 29 February).
    """
    if frequency == "monthly":
        return day + relativedelta(day=31)
    if frequency == "quarterly":
        return day + relativedelta(month=(day.month - 1) // 3 * 3 + 3, day=31)
    if frequency == "yearly":
        return datetime.date(day.year, 12, 31)
    raise ValueError(f"Unknown frequency: {frequency!r}")


def periods(initiative, frequency):
    """Yield (start, end) for each calendar month/quarter/year, clipped to the initiative's period."""
    day = initiative.start
    while day <= initiative.end:
        end = min(_period_end(day, frequency), initiative.end)
        yield day, end
        day = end + datetime.timedelta(days=1)


# Helpers ---------------------------------------------------------------------------------


def _percent(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _moment_range(start, end):
    """Aware datetimes [from, to) covering the local dates start..end."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return since, until


def _local_date(moment):
    return timezone.localtime(moment).date()


class _Buckets:
    """Finds the period a date falls in (periods sorted by start, possibly with gaps)."""

    def __init__(self, period_list):
        self.periods = list(period_list)
        self.starts = [start for start, _end in self.periods]

    def __len__(self):
        return len(self.periods)

    @property
    def span(self):
        return self.periods[0][0], max(end for _start, end in self.periods)

    def index(self, day):
        i = bisect_right(self.starts, day) - 1
        if i >= 0 and day <= self.periods[i][1]:
            return i
        return None


# Metrics: each takes (initiative, buckets) and returns one value per period -------------


def _meetings_held(initiative, buckets):
    since, until = _moment_range(*buckets.span)
    rows = (
        Meeting.objects.filter(initiative=initiative, cancelled=False, start__gte=since, start__lt=until)
        .annotate(day=TruncDate("start"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = [0] * len(buckets)
    for row in rows:
        i = buckets.index(row["day"])
        if i is not None:
            counts[i] += row["n"]
    return [Decimal(n) for n in counts]


def _attendance_rows(initiative, start, end):
    """Invitations with attendance recorded, to meetings held in start..end.

    Left out: cancelled meetings (nobody could come), attendance "unknown" (not
    recorded, so neither present nor absent) and walk-ins (they were never
    invited, and being always present they would inflate the rate).
    """
    since, until = _moment_range(start, end)
    return Invitation.objects.filter(
        meeting__initiative=initiative,
        meeting__cancelled=False,
        meeting__start__gte=since,
        meeting__start__lt=until,
        walk_in=False,
    ).exclude(attendance=Invitation.Attendance.UNKNOWN)


def _attendance(initiative, buckets, group):
    """`group` is None (everyone), "departments" or "local_actors".

    An invitation counts for its organisation's kind only when it was issued to
    the organisation. A person invited by name counts in the overall rate but not
    per organisation: a person's organisation is only known as it is today, and a
    past period must compute the same value after someone changes job.
    """
    rows = _attendance_rows(initiative, *buckets.span)
    if group == "departments":
        rows = rows.filter(organisation__kind=DEPARTMENT)
    elif group == "local_actors":
        rows = rows.filter(organisation__isnull=False).exclude(organisation__kind=DEPARTMENT)
    rows = (
        rows.annotate(day=TruncDate("meeting__start"))
        .values("day")
        .annotate(recorded=Count("id"), present=Count("id", filter=Q(attendance=Invitation.Attendance.PRESENT)))
        .order_by()
    )
    present, recorded = [0] * len(buckets), [0] * len(buckets)
    for row in rows:
        i = buckets.index(row["day"])
        if i is not None:
            present[i] += row["present"]
            recorded[i] += row["recorded"]
    return [_percent(p, r) for p, r in zip(present, recorded, strict=True)]


def _attendance_all(initiative, buckets):
    return _attendance(initiative, buckets, None)


def _attendance_departments(initiative, buckets):
    return _attendance(initiative, buckets, "departments")


def _attendance_local_actors(initiative, buckets):
    return _attendance(initiative, buckets, "local_actors")


def _departments_engaged(initiative, buckets):
    """Departments with an engagement in the initiative overlapping the period, over all departments.

    The denominator is every municipal department in the database, not a
    hard-coded 7: Copenhagen has seven today, but departments are merged and
    split, another municipality has another number, and the organisation
    register is where the municipality's departments are kept. Counting from it
    keeps the share honest if a department is added or removed.
    """
    all_departments = Organisation.objects.departments().count()
    if not all_departments:
        return [None] * len(buckets)
    first, last = buckets.span
    engagements = (
        Engagement.objects.filter(initiative=initiative, organisation__kind=DEPARTMENT, start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .values_list("organisation_id", "start", "end")
    )
    engaged = [set() for _ in range(len(buckets))]
    for organisation_id, start, end in engagements:
        for i, (p_start, p_end) in enumerate(buckets.periods):
            if start <= p_end and (end is None or end >= p_start):
                engaged[i].add(organisation_id)
    return [_percent(len(ids), all_departments) for ids in engaged]


def _resolved(initiative, buckets, **filters):
    """(period index, escalation values) for escalations resolved in the periods.

    Only status "resolved": a rejected or merged case was closed without being
    solved, so it says nothing about how fast problems get solved.
    """
    since, until = _moment_range(*buckets.span)
    rows = Escalation.objects.filter(
        initiative=initiative,
        status=Escalation.Status.RESOLVED,
        closed_at__gte=since,
        closed_at__lt=until,
        **filters,
    ).values("created", "closed_at", "resolve_due", "need_met")
    for row in rows:
        i = buckets.index(_local_date(row["closed_at"]))
        if i is not None:
            yield i, row


def _escalations_within_sla(initiative, buckets):
    within, total = [0] * len(buckets), [0] * len(buckets)
    for i, row in _resolved(initiative, buckets):
        total[i] += 1
        within[i] += _local_date(row["closed_at"]) <= row["resolve_due"]
    return [_percent(w, t) for w, t in zip(within, total, strict=True)]


def _median_days_to_resolve(initiative, buckets):
    days = [[] for _ in range(len(buckets))]
    for i, row in _resolved(initiative, buckets):
        days[i].append(working_days_between(_local_date(row["created"]), _local_date(row["closed_at"])))
    return [
        Decimal(str(statistics.median(d))).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP) if d else None for d in days
    ]


def _actions_on_time(initiative, buckets):
    """Action items due in the period: done by the due date, over all except dropped ones.

    An action still open (or done without a completion date) counts as not done
    on time. For the current period that is provisional: an action due later in
    the period may still be done in time.
    """
    first, last = buckets.span
    rows = (
        Outcome.objects.actions()
        .filter(agenda_item__meeting__initiative=initiative, due__gte=first, due__lte=last)
        .exclude(status=Outcome.Status.DROPPED)
        .values("due")
        .annotate(
            total=Count("id"),
            on_time=Count(
                "id",
                filter=Q(
                    status=Outcome.Status.DONE,
                    completed_on__isnull=False,
                    completed_on__lte=F("due"),
                ),
            ),
        )
        .order_by()
    )
    on_time, total = [0] * len(buckets), [0] * len(buckets)
    for row in rows:
        i = buckets.index(row["due"])
        if i is not None:
            on_time[i] += row["on_time"]
            total[i] += row["total"]
    return [_percent(o, t) for o, t in zip(on_time, total, strict=True)]


def _child_support_raised(initiative, buckets):
    since, until = _moment_range(*buckets.span)
    rows = (
        Escalation.objects.filter(
            initiative=initiative,
            category=Escalation.Category.CHILD_SUPPORT,
            created__gte=since,
            created__lt=until,
        )
        .annotate(day=TruncDate("created"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = [0] * len(buckets)
    for row in rows:
        i = buckets.index(row["day"])
        if i is not None:
            counts[i] += row["n"]
    return [Decimal(n) for n in counts]


def _child_support_met(initiative, buckets):
    """Child-support cases resolved in the period whose need was met, over all resolved in the period.

    A resolved case without an answer to "was the need met?" (possible only in
    data from before the question was required) counts as not met.
    """
    met, total = [0] * len(buckets), [0] * len(buckets)
    for i, row in _resolved(initiative, buckets, category=Escalation.Category.CHILD_SUPPORT):
        total[i] += 1
        met[i] += row["need_met"] is True
    return [_percent(m, t) for m, t in zip(met, total, strict=True)]


# Registry ------------------------------------------------------------------------------

_METRICS = {
    "meetings_held": (_("Afholdte møder"), COUNT, _meetings_held),
    "attendance_rate": (_("Fremmøde på møderne (alle inviterede)"), PERCENT, _attendance_all),
    "attendance_departments": (_("Forvaltningernes fremmøde på møderne"), PERCENT, _attendance_departments),
    "attendance_local_actors": (_("De lokale aktørers fremmøde på møderne"), PERCENT, _attendance_local_actors),
    "departments_engaged": (_("Andel af forvaltningerne, der er engageret i indsatsen"), PERCENT, _departments_engaged),
    "escalations_within_sla": (_("Eskaleringer løst inden for fristen"), PERCENT, _escalations_within_sla),
    "escalation_days_to_resolve": (
        _("Mediantid fra eskalering til løsning"),
        WORKING_DAYS,
        _median_days_to_resolve,
    ),
    "actions_on_time": (_("Handlinger udført inden fristen"), PERCENT, _actions_on_time),
    "child_support_raised": (
        _("Børn og unge med behov for støtte fra myndighederne (rejste sager)"),
        COUNT,
        _child_support_raised,
    ),
    "child_support_met": (
        _("Børn og unge, hvis behov for støtte blev mødt"),
        PERCENT,
        _child_support_met,
    ),
}

DERIVED_CHOICES = [(key, label) for key, (label, _unit, _fn) in _METRICS.items()]
DERIVED_UNITS = {key: unit for key, (_label, unit, _fn) in _METRICS.items()}


def _metric(key):
    try:
        return _METRICS[key][2]
    except KeyError:
        raise ValueError(f"Unknown derived indicator: {key!r}") from None


def compute_many(key, initiative, period_list):
    """The metric's value for each (start, end) in `period_list` (sorted, non-overlapping)."""
    fn = _metric(key)
    buckets = _Buckets(period_list)
    if not len(buckets):
        return []
    return fn(initiative, buckets)


def compute(key, initiative, start, end):
    """The metric's value for start..end (inclusive dates); None when there is nothing to compute from."""
    return compute_many(key, initiative, [(start, end)])[0]


def derived_series(indicator):
    """[(start, end, value)] for the indicator's frequency over its initiative's period."""
    if indicator.method != indicator.Method.DERIVED or not indicator.derived_key:
        raise ValueError(f"Indicator {indicator.pk} is not a derived indicator.")
    initiative = indicator.goal.initiative
    period_list = list(periods(initiative, indicator.frequency))
    values = compute_many(indicator.derived_key, initiative, period_list)
    return [(start, end, value) for (start, end), value in zip(period_list, values, strict=True)]


def attendance_by_organisation(initiative, start, end):
    """{organisation: attendance rate in %} for start..end, ordered by name.

    Only invitations issued to an organisation count (see `_attendance`), with
    the same exclusions as the overall rate. An organisation with no recorded
    attendance in the period is left out rather than given a rate of None.
    """
    rows = (
        _attendance_rows(initiative, start, end)
        .filter(organisation__isnull=False)
        .values("organisation_id")
        .annotate(recorded=Count("id"), present=Count("id", filter=Q(attendance=Invitation.Attendance.PRESENT)))
        .order_by()
    )
    rates = {row["organisation_id"]: _percent(row["present"], row["recorded"]) for row in rows}
    organisations = Organisation.objects.filter(pk__in=rates).order_by("name", "pk")
    return {organisation: rates[organisation.pk] for organisation in organisations}
