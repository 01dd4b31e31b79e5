"""An indicator's status against its target path, worked out by hand, and the trend chart."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from evaluation.goals import services as goal_services
from evaluation.status import Point, indicator_status, sparkline_svg, target_path_value

D = Decimal
JAN1, JAN16, JAN31 = datetime.date(2011, 1, 1), datetime.date(2011, 1, 16), datetime.date(2011, 1, 31)
MAR2 = datetime.date(2011, 3, 2)
BASELINE = (JAN1, D(100))
TARGETS = ((JAN31, D(80)),)


@pytest.fixture
def vision(world):
    return goal_services.goal_create(
        initiative=world["initiative"], data={"level": "vision", "title": "Et trygt Indre Nørrebro"}
    )


def make_indicator(goal, direction="down", baseline=BASELINE, targets=TARGETS, **extra):
    data = {"name": f"Indikator {direction}", "dimension": "effect", "unit": "antal", "direction": direction, **extra}
    if baseline:
        data.update(baseline_date=baseline[0], baseline_value=baseline[1])
    indicator = goal_services.indicator_create(goal=goal, data=data)
    for date, value in targets:
        goal_services.target_add(indicator=indicator, date=date, value=value)
    return indicator


def at(day, value):
    return Point(day, day, D(value))


# The target path -------------------------------------------------------------------------


def test_the_path_is_the_baseline_before_it_and_the_last_target_after_it(vision):
    indicator = make_indicator(vision)
    assert target_path_value(indicator, datetime.date(2010, 6, 1)) == 100
    assert target_path_value(indicator, JAN1) == 100
    assert target_path_value(indicator, datetime.date(2014, 12, 31)) == 80


def test_the_path_runs_in_straight_lines_between_baseline_and_targets(vision):
    # 100 on 1 Jan → 70 on 31 Jan (30 days) → 40 on 2 Mar (30 days).
    indicator = make_indicator(vision, targets=((MAR2, D(40)), (JAN31, D(70))))
    assert target_path_value(indicator, JAN16) == 85  # 15 of 30 days: 100 − 30/2
    assert target_path_value(indicator, JAN31) == 70
    assert target_path_value(indicator, datetime.date(2011, 2, 15)) == 55  # 15 of 30 days: 70 − 30/2


def test_without_a_baseline_the_path_starts_at_the_first_target(vision):
    indicator = make_indicator(vision, baseline=None, targets=((JAN1, D(10)), (JAN31, D(40))))
    assert target_path_value(indicator, datetime.date(2010, 1, 1)) == 10
    assert target_path_value(indicator, JAN16) == 25


# Status: lower is better -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "status", "deviation"),
    [
        (60, "on_track", D("0.0")),  # better than the path: no shortfall
        (90, "on_track", D("12.5")),  # 10 above 80
        (92, "on_track", D("15.0")),  # 12 above 80: exactly the tolerance
        (100, "at_risk", D("25.0")),  # 20 above 80: within twice the tolerance
        (104, "at_risk", D("30.0")),  # exactly twice the tolerance
        (105, "off_track", D("31.3")),  # 25 above 80 = 31.25 %
    ],
)
def test_lower_is_better_counts_only_values_above_the_path(vision, actual, status, deviation):
    indicator = make_indicator(vision, direction="down")
    result = indicator_status(indicator, [at(JAN31, actual)])
    assert (result.status, result.expected, result.deviation) == (status, 80, deviation)


@pytest.mark.parametrize(
    ("actual", "status", "deviation"),
    [
        (120, "on_track", D("0.0")),
        (70, "on_track", D("12.5")),  # 10 below 80
        (60, "at_risk", D("25.0")),
        (50, "off_track", D("37.5")),
    ],
)
def test_higher_is_better_counts_only_values_below_the_path(vision, actual, status, deviation):
    indicator = make_indicator(vision, direction="up", baseline=(JAN1, D(40)))
    result = indicator_status(indicator, [at(JAN31, actual)])
    assert (result.status, result.deviation) == (status, deviation)


def test_a_measurement_between_targets_is_judged_against_the_interpolated_path(vision):
    indicator = make_indicator(vision, targets=((JAN31, D(70)),))
    result = indicator_status(indicator, [at(JAN16, 95)])  # path: 85; 10 / 85 = 11.76 %
    assert (result.status, result.expected, result.deviation) == ("on_track", 85, D("11.8"))


def test_the_latest_period_is_judged(vision):
    indicator = make_indicator(vision)
    result = indicator_status(indicator, [at(JAN31, 70), Point(JAN1, JAN16, D(200))])
    assert result.latest.value == 70 and result.status == "on_track"


def test_a_narrower_tolerance_moves_the_same_value_to_at_risk_and_off_track(vision):
    indicator = make_indicator(vision, direction="down")
    measurements = [at(JAN31, 90)]  # 12.5 % above the path
    indicator.tolerance = D("10")
    assert indicator_status(indicator, measurements).status == "at_risk"
    indicator.tolerance = D("5")
    assert indicator_status(indicator, measurements).status == "off_track"
    indicator.tolerance = D("12.5")
    assert indicator_status(indicator, measurements).status == "on_track"


def test_without_targets_there_is_no_status_and_without_measurements_no_data(vision):
    no_target = make_indicator(vision, targets=())
    assert indicator_status(no_target, [at(JAN31, 90)]).status == "no_target"
    no_data = make_indicator(vision)
    assert indicator_status(no_data, []).status == "no_data"


def test_any_shortfall_against_a_zero_target_is_off_track(vision):
    indicator = make_indicator(vision, targets=((JAN31, D(0)),))
    assert indicator_status(indicator, [at(JAN31, 0)]).status == "on_track"
    result = indicator_status(indicator, [at(JAN31, 1)])
    assert result.status == "off_track" and result.deviation is None


# The chart -----------------------------------------------------------------------------------


def test_the_sparkline_draws_values_and_a_dashed_target_path_with_a_summary():
    with translation.override("da"):
        svg = sparkline_svg(
            [(JAN1, D("12.5")), (JAN31, D("10"))], target=[(JAN1, D(12)), (MAR2, D(8))], width=160, height=40
        )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert svg.count("<polyline") == 2 and 'stroke-dasharray="4 3"' in svg
    assert "første 12,5 (01.01.2011), seneste 10 (31.01.2011)" in svg


def test_a_sparkline_of_nothing_is_empty_and_of_one_value_a_dot():
    assert sparkline_svg([]) == ""
    svg = sparkline_svg([(JAN1, D(3))])
    assert "<circle" in svg and "<polyline" not in svg
