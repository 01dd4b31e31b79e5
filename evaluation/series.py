"""Stored indicator series: computed when their inputs change, read by every page.

An indicator is judged on a series of (period start, period end, value): a manual indicator's
whole-area measurements (per-area ones when there are no others), a derived indicator's values
computed from meetings, invitations, action items, engagements and escalations (evaluation.derived).
Computing them on each page view reads every measurement and every case of an initiative; so the
series is stored (IndicatorSeries) and

- refreshed in the same transaction when a manual indicator's measurements or the indicator change
  (the services in evaluation.goals call ``store``), so a user sees their own change at once;
- refreshed by the Celery task ``evaluation.tasks.refresh_derived`` every few minutes for the derived
  indicators whose inputs changed (``inputs_version``), and for all of them nightly (today's partial
  period moves on);
- stored on first read when it is missing (a new indicator, generated data).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from actors.history import data_version
from actors.models import Engagement, Organisation
from dialogue.models import Escalation, EscalationEvent, Invitation, Meeting, Outcome

from .derived import derived_series
from .models import Indicator, IndicatorSeries, Measurement


@dataclass(frozen=True)
class Point:
    """One value of a series: a measurement or a derived value, dated by the end of its period."""

    period_start: datetime.date
    period_end: datetime.date
    value: Decimal


def _overall(measurements):
    """The measurements for the whole initiative (no area); per-area ones only when there are no others."""
    measurements = list(measurements)
    whole = [m for m in measurements if m.area_id is None]
    return whole or measurements


def compute(indicator):
    """The series from its inputs (the expensive part: what pages must not do)."""
    if indicator.method == Indicator.Method.DERIVED:
        return [Point(start, end, value) for start, end, value in derived_series(indicator) if value is not None]
    rows = Measurement.objects.filter(indicator=indicator).only("period_start", "period_end", "value", "area_id")
    return [Point(m.period_start, m.period_end, m.value) for m in _overall(rows.order_by("period_start", "pk"))]


def _dump(points):
    return [[p.period_start.isoformat(), p.period_end.isoformat(), str(p.value)] for p in points]


def _load(rows):
    day = datetime.date.fromisoformat
    return [Point(day(a), day(b), Decimal(v)) for a, b, v in rows]


def _save(computed, now=None):
    """Store [(indicator, points, inputs)] in one upsert (two processes storing at once never collide)."""
    now = now or timezone.now()
    rows = [
        (indicator, IndicatorSeries(indicator=indicator, points=_dump(points), computed_at=now, inputs=inputs))
        for indicator, points, inputs in computed
    ]
    IndicatorSeries.objects.bulk_create(
        [row for _indicator, row in rows],
        update_conflicts=True,
        unique_fields=["indicator"],
        update_fields=["points", "computed_at", "inputs"],
    )
    for indicator, row in rows:
        indicator.stored_series = row


def store(indicator, inputs="", now=None):
    """Compute and store the series."""
    if not inputs and indicator.method == Indicator.Method.DERIVED:
        inputs = inputs_version()
    points = compute(indicator)
    _save([(indicator, points, inputs)], now)
    return points


def ensure_stored(indicators, now=None):
    """Store the series of those of `indicators` that have none (new indicators, generated data) in a
    constant number of queries for manual ones; pages call this before judging a list of indicators."""
    missing = [i for i in indicators if _stored(i) is None]
    if not missing:
        return
    manual = [i for i in missing if i.method != Indicator.Method.DERIVED]
    by_indicator = {i.pk: [] for i in manual}
    rows = Measurement.objects.filter(indicator__in=manual).only(
        "indicator_id", "period_start", "period_end", "value", "area_id"
    )
    for m in rows.order_by("indicator_id", "period_start", "pk"):
        by_indicator[m.indicator_id].append(m)
    version = inputs_version() if len(manual) < len(missing) else ""
    computed = []
    for indicator in missing:
        if indicator.method == Indicator.Method.DERIVED:
            computed.append((indicator, compute(indicator), version))
        else:
            measured = _overall(by_indicator[indicator.pk])
            computed.append((indicator, [Point(m.period_start, m.period_end, m.value) for m in measured], ""))
    _save(computed, now)


def series(indicator):
    """The stored series (select_related("stored_series") serves a whole page); stored first if missing."""
    stored = _stored(indicator)
    if stored is None:
        return store(indicator, inputs=inputs_version() if indicator.method == Indicator.Method.DERIVED else "")
    return _load(stored.points)


def computed_at(indicator):
    stored = _stored(indicator)
    return stored.computed_at if stored else None


# What derived values are computed from: each save and delete through the app adds a history row or an event.
_INPUTS = [Meeting, Invitation, Outcome, Engagement, Organisation]


def inputs_version():
    """The newest history row of each input, the newest case event, the cases' count: one indexed query."""
    return data_version(_INPUTS, newest=(EscalationEvent,), counted=(Escalation,))


def refresh_derived(force=False, now=None):
    """Store every derived indicator of the initiatives not yet closed whose inputs changed (all when
    `force`). Returns how many were stored."""
    version = inputs_version()
    indicators = Indicator.objects.filter(
        method=Indicator.Method.DERIVED, goal__initiative__closed_at__isnull=True
    ).select_related("goal__initiative", "stored_series")
    stored = 0
    for indicator in indicators.iterator(chunk_size=200):
        current = _stored(indicator)
        if force or current is None or current.inputs != version:
            store(indicator, inputs=version, now=now)
            stored += 1
    return stored


def _stored(indicator):
    """The stored row, or None (a reverse one-to-one raises when there is none)."""
    try:
        return indicator.stored_series
    except IndicatorSeries.DoesNotExist:
        return None
