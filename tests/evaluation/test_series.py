"""Stored indicator series: pages judge indicators on stored values, refreshed when their inputs change."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from dialogue.meetings import services as meetings
from evaluation import series
from evaluation.goals import services as goals
from evaluation.models import Goal, Indicator, IndicatorSeries, Measurement

D = datetime.date


def _derived(initiative, key="meetings_held"):
    goal = Goal.objects.create(initiative=initiative, level=Goal.Level.VISION, title="Samarbejde")
    return goals.indicator_create(
        goal=goal,
        data={
            "name": "Afholdte møder", "dimension": "collaboration", "unit": "antal", "direction": "up",
            "frequency": "yearly", "method": "derived", "derived_key": key,
        },
    )  # fmt: skip


def test_a_measurement_entered_through_the_service_is_in_the_stored_series_at_once(world):
    indicator = world["indicator"]  # 10.9 for 2011, entered through the service
    assert [p.value for p in series.series(indicator)] == [Decimal("10.9")]
    goals.measurement_create(
        indicator=indicator, data={"period_start": D(2012, 1, 1), "period_end": D(2012, 12, 31), "value": 9}, by=None
    )
    stored = IndicatorSeries.objects.get(indicator=indicator)
    assert [Decimal(v) for _a, _b, v in stored.points] == [Decimal("10.9"), Decimal("9")]
    goals.measurement_delete(measurement=Measurement.objects.get(indicator=indicator, period_start=D(2012, 1, 1)))
    assert [Decimal(v) for _a, _b, v in IndicatorSeries.objects.get(indicator=indicator).points] == [Decimal("10.9")]


def test_pages_judge_on_the_stored_series_and_do_not_read_the_measurements(world, users, client_for):
    indicator = world["indicator"]
    series.series(indicator)  # stored
    Measurement.objects.filter(indicator=indicator).update(value=4321)  # behind the services' back
    page = client_for("chief").get(reverse("evaluation:goal_tree", args=[world["initiative"].pk])).content.decode()
    assert "10,9" in page and "4.321" not in page and "4321" not in page


def test_a_derived_indicator_is_refreshed_when_its_inputs_change_and_shows_when_it_was_computed(
    world, users, client_for
):
    indicator = _derived(world["initiative"])
    assert series.refresh_derived() == 0  # stored when created, inputs unchanged
    before = {p.period_start.year: p.value for p in series.series(Indicator.objects.get(pk=indicator.pk))}
    start = datetime.datetime(2013, 3, 5, 9, tzinfo=datetime.UTC)
    meetings.meeting_create(
        data={"initiative": world["initiative"], "kind": "dialogue_platform", "title": "Marts",
              "start": start, "end": start + datetime.timedelta(hours=1)},
        by=None,
    )  # fmt: skip
    assert series.refresh_derived() == 1
    assert series.refresh_derived() == 0
    after = {p.period_start.year: p.value for p in series.series(Indicator.objects.get(pk=indicator.pk))}
    assert after[2013] == before[2013] + 1
    later = timezone.now() + datetime.timedelta(days=1)
    assert series.refresh_derived(force=True, now=later) == 1  # the nightly run stores every derived one
    page = client_for("chief").get(indicator.get_absolute_url()).content.decode()
    assert f"Beregnet {timezone.localtime(later):%-d.%-m.%Y %H:%M}" in page


def test_a_missing_series_is_stored_on_first_view_for_a_whole_tree_at_once(world, users, client_for):
    IndicatorSeries.objects.all().delete()
    client_for("chief").get(reverse("evaluation:goal_tree", args=[world["initiative"].pk]))
    assert IndicatorSeries.objects.filter(indicator=world["indicator"]).exists()


def test_the_beat_runs_the_refresh_every_five_minutes_and_fully_at_night():
    from django.conf import settings

    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "evaluation.tasks.refresh_derived"]
    assert {e.get("kwargs", {}).get("force", False) for e in entries} == {False, True}
