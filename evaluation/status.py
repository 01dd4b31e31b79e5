"""An indicator's status against its target path, and a small trend chart.

The target path runs in straight lines from the baseline through the targets in
date order. The latest measurement is compared with the path at the end of its
period. Only a shortfall counts (below the path when higher is better, above it
when lower is better): within the indicator's tolerance it is on track, within
twice the tolerance at risk, beyond that off track.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluation.models import Indicator
from evaluation.series import Point, computed_at  # noqa: F401  (Point: the series' shape, used by callers)
from evaluation.series import series as stored_series

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA, NO_TARGET = "on_track", "at_risk", "off_track", "no_data", "no_target"
LABELS = {
    ON_TRACK: gettext_lazy("På sporet"),
    AT_RISK: gettext_lazy("I risiko"),
    OFF_TRACK: gettext_lazy("Ude af sporet"),
    NO_DATA: gettext_lazy("Ingen målinger"),
    NO_TARGET: gettext_lazy("Intet mål"),
}
BADGES = {
    ON_TRACK: "text-bg-success",
    AT_RISK: "text-bg-warning",
    OFF_TRACK: "text-bg-danger",
    NO_DATA: "text-bg-light border",
    NO_TARGET: "text-bg-light border",
}


@dataclass(frozen=True)
class IndicatorStatus:
    status: str
    latest: object | None = None  # the measurement (or Point) judged
    expected: Decimal | None = None  # the target path at the end of its period
    deviation: Decimal | None = None  # % shortfall against the path; 0 when at or better than it

    @property
    def label(self):
        return LABELS[self.status]

    @property
    def badge(self):
        return BADGES[self.status]

    @property
    def latest_display(self):
        return number(self.latest.value) if self.latest is not None else ""

    @property
    def expected_display(self):
        return number(self.expected.quantize(Decimal("0.01"))) if self.expected is not None else ""

    @property
    def deviation_display(self):
        return number(self.deviation) if self.deviation else ""


def target_points(indicator):
    """(date, value) of the baseline and the targets, in date order.

    Reads `indicator.targets.all()`, so a prefetch of "targets" serves a whole page.
    """
    points = sorted((t.date, t.value) for t in indicator.targets.all())
    if indicator.baseline_date is not None and indicator.baseline_value is not None:
        points.insert(0, (indicator.baseline_date, indicator.baseline_value))
        points.sort(key=lambda p: p[0])
    return points


def target_path_value(indicator, on_date):
    """The value the target path expects on `on_date`, or None without a baseline or target."""
    return _interpolate(target_points(indicator), on_date)


def _interpolate(points, on_date):
    if not points:
        return None
    if on_date <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
        if on_date <= d1:
            span = (d1 - d0).days
            if span == 0:
                return v1
            return v0 + (v1 - v0) * Decimal((on_date - d0).days) / Decimal(span)
    return points[-1][1]


def indicator_status(indicator, measurements):
    """Judge the latest of `measurements` (objects with period_start, period_end and value)."""
    measurements = [m for m in measurements if m.value is not None]
    if not indicator.targets.all():
        return IndicatorStatus(NO_TARGET, latest=max(measurements, key=_sort_key, default=None))
    if not measurements:
        return IndicatorStatus(NO_DATA)
    latest = max(measurements, key=_sort_key)
    expected = target_path_value(indicator, latest.period_end)
    shortfall = expected - latest.value if indicator.direction == Indicator.Direction.UP else latest.value - expected
    shortfall = max(shortfall, Decimal(0))
    if expected == 0:
        # No percentage of zero: any shortfall against a zero target is off track.
        deviation = None if shortfall else Decimal(0)
    else:
        deviation = (shortfall / abs(expected) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    tolerance = Decimal(indicator.tolerance)
    if deviation is None:
        status = OFF_TRACK
    elif deviation <= tolerance:
        status = ON_TRACK
    elif deviation <= 2 * tolerance:
        status = AT_RISK
    else:
        status = OFF_TRACK
    return IndicatorStatus(status, latest=latest, expected=expected, deviation=deviation)


def _sort_key(m):
    return (m.period_end, m.period_start)


def sparkline_svg(points, width=160, height=40, target=()):
    """An inline SVG: the values as a line, the target path (if given) dashed.

    `points` and `target` are (date, number) pairs. Only numbers and our own
    translated words go into the markup, so the result is safe to mark as such.
    """
    points = sorted((d, Decimal(v)) for d, v in points if v is not None)
    target = sorted((d, Decimal(v)) for d, v in target)
    if not points and not target:
        return ""
    width, height = int(width), int(height)
    pad = 4 if width < 300 else 8
    every = points + target
    d_min, d_max = min(p[0] for p in every), max(p[0] for p in every)
    v_min, v_max = min(p[1] for p in every), max(p[1] for p in every)
    d_span = max((d_max - d_min).days, 1)
    v_span = (v_max - v_min) or Decimal(1)

    def xy(point):
        x = pad + (width - 2 * pad) * (point[0] - d_min).days / d_span
        y = height - pad - float((height - 2 * pad) * (point[1] - v_min) / v_span)
        return f"{x:.1f},{y:.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" style="max-width:100%;height:auto" role="img" '
        f'aria-label="{escape(_summary(points))}">'
    ]
    if len(target) > 1:
        coords = " ".join(xy(p) for p in target)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="#6c757d" stroke-width="1" stroke-dasharray="4 3"/>'
        )
    if len(points) > 1:
        coords = " ".join(xy(p) for p in points)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="#005a8c" stroke-width="2"/>')
    if len(points) == 1 or width >= 300:
        radius = 3 if width >= 300 else 2
        for p in points:
            x, y = xy(p).split(",")
            parts.append(f'<circle cx="{x}" cy="{y}" r="{radius}" fill="#005a8c"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # numbers and our own words only, see the docstring


def _summary(points):
    if not points:
        return _("Ingen målinger endnu; den stiplede linje er målkurven.")
    (d0, v0), (d1, v1) = points[0], points[-1]
    return _("%(n)s målinger: første %(first)s (%(d0)s), seneste %(last)s (%(d1)s).") % {
        "n": len(points),
        "first": number(v0),
        "d0": d0.strftime("%d.%m.%Y"),
        "last": number(v1),
        "d1": d1.strftime("%d.%m.%Y"),
    }


def number(value):
    """A Decimal without trailing zeros or exponent, in the active locale ("12,5")."""
    return number_format(format(Decimal(value).normalize(), "f"))


def indicator_series(indicator):
    """What the indicator's status and chart are judged on: its stored series (evaluation.series), never
    recomputed on a page view."""
    return stored_series(indicator)


def chart(indicator, series, width=160, height=40):
    return sparkline_svg(
        [(p.period_end, p.value) for p in series], width=width, height=height, target=target_points(indicator)
    )
