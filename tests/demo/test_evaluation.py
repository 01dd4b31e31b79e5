"""The evaluation demo (evaluation/demo/), seeded by ``python manage.py seed_demo``.

Counts that are facts of the data are compared with evaluation.toml; the published figures
of DOMAIN.md are literal.
"""

import copy
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management.base import CommandError
from django.db.models import Avg, Count

from actors.models import Initiative, Organisation
from evaluation.demo.evaluation import EvaluationSeeder
from evaluation.derived import DERIVED_CHOICES
from evaluation.models import (
    Experience,
    Goal,
    GoalLink,
    Indicator,
    Measurement,
    SurveyParticipation,
    SurveyRating,
    SurveyResponse,
    SurveyRound,
)
from evaluation.surveys.services import MIN_GROUP
from tests.demo.conftest import seed_demo

DATA = EvaluationSeeder(io.StringIO()).data
INITIATIVES = [entry["name"] for entry in DATA["initiative"]]
SURVEY_YEARS = [entry["year"] for entry in DATA["survey"]["round"]]
TRYGHED = "Andel beboere, der føler sig utrygge i kvarteret"


def evaluation_counts():
    """Rows of every evaluation model, their history tables included."""
    models = list(apps.get_app_config("evaluation").get_models())
    return {m._meta.label: m._default_manager.count() for m in models}


def test_a_second_run_creates_and_changes_nothing(demo_db):
    first = evaluation_counts()
    goals_per_initiative = 1 + sum(1 + len(goal["sub"]) for goal in DATA["goal"])
    assert Goal.objects.filter(initiative__name__in=INITIATIVES).count() == len(INITIATIVES) * goals_per_initiative
    assert first["evaluation.Experience"] == len(DATA["experience"])
    last_change = Indicator.history.model.objects.latest("history_date").history_date

    output = seed_demo()

    assert evaluation_counts() == first
    assert Indicator.history.model.objects.latest("history_date").history_date == last_change
    assert "Evalueringsdemo: oprettet intet; 0 rækker opdateret" in output


def test_both_initiatives_have_goals_in_three_levels(demo_db):
    for name in INITIATIVES:
        initiative = Initiative.objects.get(name=name)
        goals = Goal.objects.filter(initiative=initiative)
        levels = dict(goals.values_list("level").annotate(n=Count("id")))
        assert levels == {
            "vision": 1,
            "long_term": len(DATA["goal"]),
            "sub_goal": sum(len(g["sub"]) for g in DATA["goal"]),
        }
        vision = goals.get(level="vision")
        assert (vision.title, vision.description) == (initiative.vision, "")  # the text once: the tree shows it once
        titles = set(goals.filter(level="long_term").values_list("title", flat=True))
        assert titles == {goal["title"] for goal in DATA["goal"]}
        subs = {goal["title"]: {sub["title"] for sub in goal["sub"]} for goal in DATA["goal"]}
        for goal in goals.filter(level="long_term"):
            assert goal.parent == vision
            assert set(goal.children.values_list("title", flat=True)) == subs[goal.title]
        for goal in goals:
            goal.full_clean()


def test_both_initiatives_have_indicators_in_all_three_dimensions(demo_db):
    derived_keys = dict(DERIVED_CHOICES)
    for name in INITIATIVES:
        indicators = Indicator.objects.filter(goal__initiative__name=name)
        assert set(indicators.values_list("dimension", flat=True)) == {"effect", "collaboration", "effort"}
        for dimension in ("collaboration", "effort"):
            kinds = set(indicators.filter(dimension=dimension).values_list("method", flat=True))
            assert kinds == {"derived", "manual"}, dimension
        for indicator in indicators:
            indicator.full_clean()
            assert indicator.targets.exists(), indicator.name
            if indicator.method == "derived":
                assert indicator.derived_key in derived_keys
            else:
                assert indicator.measurements.exists(), indicator.name


def test_illustrative_indicators_are_flagged_and_their_measurements_say_so(demo_db):
    manual = Indicator.objects.filter(method="manual", goal__initiative__name__in=INITIATIVES)
    assert manual.count() == len(INITIATIVES) * sum(1 for entry in DATA["indicator"] if "derived_key" not in entry)
    assert not manual.filter(is_illustrative=False).exists()
    for measurement in Measurement.objects.filter(indicator__is_illustrative=True).exclude(
        indicator__name=TRYGHED, period_start__year=2014
    ):
        assert "llustrativ" in measurement.note, measurement


def test_the_tryghedsindeks_indicator_runs_from_10_9_in_2009_to_7_1_in_2014(demo_db):
    for name in INITIATIVES:
        indicator = Indicator.objects.get(goal__initiative__name=name, name=TRYGHED)
        assert indicator.baseline_value == Decimal("10.9")
        assert indicator.baseline_date.isoformat() == "2009-12-31"
        assert indicator.direction == "down" and indicator.unit == "%"
        assert indicator.is_illustrative
        values = dict(indicator.measurements.values_list("period_start__year", "value"))
        assert values[2014] == Decimal("7.1")
        assert sorted(values) == [2011, 2012, 2013, 2014]
        assert list(values.values()) == sorted(values.values(), reverse=True)
        assert "offentliggjort tal for hele byen" in indicator.measurements.get(period_start__year=2014).note
        assert "Illustrativ" in indicator.measurements.get(period_start__year=2012).note


def test_charged_under_18s_fall_by_a_third_from_2009_to_2013(demo_db):
    for indicator in Indicator.objects.filter(name="Sigtede under 18 år"):
        in_2013 = indicator.measurements.get(period_start__year=2013).value
        assert in_2013 == (indicator.baseline_value * 2 / 3).quantize(Decimal("1"))
        assert indicator.measurements.get(period_start__year=2013).area.name.startswith("Politikreds")


def test_each_survey_round_has_an_organisation_with_too_few_answers(demo_db):
    rounds = SurveyRound.objects.filter(initiative__name__in=INITIATIVES)
    assert sorted(rounds.values_list("initiative__name", "period_start__year")) == sorted(
        (name, year) for name in INITIATIVES for year in SURVEY_YEARS
    )
    for survey_round in rounds:
        answers = dict(
            SurveyResponse.objects.filter(round=survey_round)
            .values_list("respondent_organisation")
            .annotate(n=Count("id"))
        )
        assert set(answers) == set(survey_round.organisations.values_list("pk", flat=True))
        too_few = [pk for pk, n in answers.items() if n < MIN_GROUP]
        assert len(too_few) == 1, survey_round
        assert all(n >= 2 for n in answers.values())


def test_2013_scores_slightly_better_than_2012(demo_db):
    for name in INITIATIVES:
        means = {
            r.period_start.year: SurveyRating.objects.filter(response__round=r).aggregate(m=Avg("score"))["m"]
            for r in SurveyRound.objects.filter(initiative__name=name)
        }
        assert 0 < means[2013] - means[2012] < 0.6
        indicator = Indicator.objects.get(goal__initiative__name=name, name="Samarbejdsvurdering (gennemsnit)")
        measured = dict(indicator.measurements.values_list("period_start__year", "value"))
        assert measured == {y: Decimal(str(m)).quantize(Decimal("0.01")) for y, m in means.items()}


def test_participation_is_recorded_only_for_demo_users_of_taking_part_organisations(demo_db):
    participations = SurveyParticipation.objects.select_related("round", "user")
    assert participations.exists()
    for participation in participations:
        assert participation.user.username in DATA["demo_users"]
        own = set(participation.user.hotspot_roles.values_list("organisation_id", flat=True))
        assert own & set(participation.round.organisations.values_list("pk", flat=True))
    assert SurveyResponse.objects.count() > participations.count()


def test_experiences_come_from_departments_and_local_actors_tied_to_goals_and_themes(demo_db):
    experiences = Experience.objects.select_related("organisation", "initiative")
    kinds = set(experiences.values_list("organisation__kind", flat=True))
    assert Organisation.Kind.MUNICIPAL_DEPARTMENT in kinds and len(kinds) > 1
    for name in INITIATIVES:
        assert experiences.filter(initiative__name=name).count() >= 3
    for experience in experiences:
        experience.full_clean()
        assert experience.themes
        assert experience.goals.exists()
        assert set(experience.goals.values_list("initiative_id", flat=True)) == {experience.initiative_id}
        assert DATA["illustrative"] in experience.text


def test_decisions_action_items_and_escalations_are_linked_to_goals(demo_db):
    links = GoalLink.objects.select_related("goal", "outcome__agenda_item__meeting", "escalation")
    assert links.filter(outcome__isnull=False).exists()
    assert links.filter(escalation__isnull=False).exists()
    for link in links:
        target = link.outcome.agenda_item.meeting if link.outcome else link.escalation
        assert target.initiative_id == link.goal.initiative_id
        if link.outcome:
            assert link.outcome.kind in ("decision", "action")


# Reading the data -------------------------------------------------------------------------------


def seed_with(change):
    data = copy.deepcopy(DATA)
    change(data)
    return EvaluationSeeder(io.StringIO(), data=data).run()


def test_an_unknown_key_in_the_data_is_refused_naming_the_key_and_the_entry(db):
    with pytest.raises(CommandError, match="indicator „Sigtede under 18 år“.*ukendt nøgle „tolerence“"):
        seed_with(lambda data: data["indicator"][1].update(tolerence=10))


def test_a_missing_key_in_the_data_is_refused_naming_the_key_and_the_entry(db):
    with pytest.raises(CommandError, match="survey.round 2013.*nøglen „few_answers“ mangler"):
        seed_with(lambda data: data["survey"]["round"][1].pop("few_answers"))


def test_a_nested_entry_with_a_missing_key_is_refused(db):
    with pytest.raises(CommandError, match="goal „collab“, sub „platform“: nøglen „description“ mangler"):
        seed_with(lambda data: data["goal"][1]["sub"][0].pop("description"))


def test_a_reference_to_an_unknown_goal_is_refused(db):
    with pytest.raises(CommandError, match="outcome_link „sikker“: ukendt mål „sikker“"):
        seed_with(lambda data: data["outcome_link"][0].update(goal="sikker"))
