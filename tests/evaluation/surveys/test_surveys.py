"""The collaboration survey: anonymous answers, the three-answer threshold, results and their change."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actors.models import Engagement, Role
from evaluation.models import SurveyDimension, SurveyParticipation, SurveyRating, SurveyResponse, SurveyRound
from evaluation.surveys import services as surveys
from tests.conftest import assert_query_budget
from tests.factories import RoleFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
DIMENSIONS = (
    SurveyDimension.values
)  # frequent, timely, accurate, problem_solving, shared_goals, shared_knowledge, respect


def open_round(world, year=2012, **extra):
    data = {
        "title": f"Samarbejdsmåling {year}",
        "period_start": datetime.date(year, 1, 1),
        "period_end": datetime.date(year, 12, 31),
        "opens": TODAY - 7 * DAY,
        "closes": TODAY + 7 * DAY,
    }
    return surveys.round_create(initiative=world["initiative"], data=data, **extra)


def close(survey_round):
    SurveyRound.objects.filter(pk=survey_round.pk).update(opens=TODAY - 30 * DAY, closes=TODAY - DAY)
    survey_round.refresh_from_db()
    return survey_round


def respondent(organisation, name):
    return RoleFactory(user__username=name, organisation=organisation).user


def answer(survey_round, user, organisation, rated, scores):
    """`scores`: one per dimension, in SurveyDimension order; None is "Ved ikke"."""
    ratings = {(rated.pk, dimension): score for dimension, score in zip(DIMENSIONS, scores, strict=True)}
    return surveys.survey_submit(survey_round=survey_round, user=user, organisation=organisation, ratings=ratings)


def cell(results, rater, rated):
    row = next(r for r in results.heatmap if r.organisation == rater)
    return row.cells[results.organisations.index(rated)]


def profile(results, organisation):
    return next(p for p in results.profiles if p.organisation == organisation)


def dimension(profile, value):
    return next(d for d in profile.dimensions if d.dimension == value).score


@pytest.fixture(autouse=True)
def no_rounds_yet(world):
    """These tests build their own rounds; the shared world comes with one."""
    world["survey_round"].delete()


@pytest.fixture
def survey_round(world):
    return open_round(world)


# Answering -------------------------------------------------------------------------


def test_a_respondent_answers_a_round_and_sees_a_thank_you_page_instead_of_the_form(
    world, users, client_for, survey_round
):
    client = client_for("coordinator")
    url = reverse("evaluation:survey_answer", args=[survey_round.pk])
    page = client.get(url).content.decode()
    assert "Hvor enig er du i udsagnet om samarbejdet med Teknik- og Miljøforvaltningen?" in page
    assert "Hvor enig er du i udsagnet om samarbejdet med Askovgården?" not in page  # never one's own
    data = {f"o{world['tmf'].pk}_{d}": "4" for d in DIMENSIONS}
    data[f"o{world['tmf'].pk}_respect"] = ""  # Ved ikke

    response = client.post(url, data)

    assert response.status_code == 302
    thanks = client.get(url).content.decode()
    assert "Tak for dit svar" in thanks and '<form method="post" novalidate>' not in thanks
    stored = SurveyResponse.objects.get(round=survey_round)
    assert stored.respondent_organisation == world["askov"] and stored.submitted_on == TODAY
    assert sorted(stored.ratings.values_list("dimension", "score")) == sorted((d, 4) for d in DIMENSIONS[:-1])
    assert SurveyParticipation.objects.filter(round=survey_round, user=users["coordinator"]).exists()


def test_every_radio_button_has_a_label_and_each_statement_is_a_fieldset(world, users, client_for, survey_round):
    page = client_for("liaison").get(reverse("evaluation:survey_answer", args=[survey_round.pk])).content.decode()
    for d in DIMENSIONS:
        for i in range(6):
            assert f'for="id_o{world["askov"].pk}_{d}_{i}"' in page
    assert page.count("<fieldset") == 1 + len(DIMENSIONS)
    assert "1 helt uenig" in page and "5 helt enig" in page and "Ved ikke" in page


def test_the_stored_answer_cannot_be_traced_to_the_user():
    user_model = get_user_model()
    answer_models = {SurveyResponse, SurveyRating}
    for model in answer_models:
        related = {f.related_model for f in model._meta.get_fields() if f.is_relation}
        assert user_model not in related, f"{model.__name__} points to the user"
        assert SurveyParticipation not in related, f"{model.__name__} can be joined to the participation"
    participation_related = {f.related_model for f in SurveyParticipation._meta.get_fields() if f.is_relation}
    assert not participation_related & answer_models


def test_answering_twice_is_refused_and_nothing_changes(world, users, survey_round):
    answer(survey_round, users["coordinator"], world["askov"], world["tmf"], [4] * 7)

    with pytest.raises(ValidationError, match="Du har allerede besvaret denne runde."):
        answer(survey_round, users["coordinator"], world["askov"], world["tmf"], [1] * 7)

    assert SurveyResponse.objects.count() == 1
    assert list(SurveyRating.objects.values_list("score", flat=True).distinct()) == [4]
    assert SurveyParticipation.objects.count() == 1


def test_rating_ones_own_organisation_is_refused(world, users, survey_round):
    with pytest.raises(ValidationError, match="din egen organisation"):
        answer(survey_round, users["coordinator"], world["askov"], world["askov"], [5] * 7)
    assert not SurveyResponse.objects.exists() and not SurveyParticipation.objects.exists()


def test_a_score_outside_one_to_five_is_refused(world, users, survey_round):
    with pytest.raises(ValidationError, match="skala fra 1 til 5"):
        answer(survey_round, users["coordinator"], world["askov"], world["tmf"], [6, 4, 4, 4, 4, 4, 4])
    assert not SurveyResponse.objects.exists()


def test_a_closed_round_refuses_answers(world, users, survey_round):
    close(survey_round)
    with pytest.raises(ValidationError, match="ikke åben"):
        answer(survey_round, users["coordinator"], world["askov"], world["tmf"], [4] * 7)
    assert not SurveyParticipation.objects.exists()


def test_staff_cannot_answer_on_behalf_of_an_organisation(world, users, client_for, survey_round):
    with pytest.raises(ValidationError, match="din egen organisation"):
        answer(survey_round, users["chief"], world["askov"], world["tmf"], [4] * 7)
    url = reverse("evaluation:survey_answer", args=[survey_round.pk])
    for role in ("chief", "administrator", "observer"):
        assert client_for(role).get(url).status_code == 403


def test_a_stranger_gets_404_on_every_survey_page(world, client_for, survey_round):
    client = client_for("stranger")
    for url in (
        reverse("evaluation:survey_list", args=[world["initiative"].pk]),
        reverse("evaluation:survey_create", args=[world["initiative"].pk]),
        reverse("evaluation:survey_detail", args=[survey_round.pk]),
        reverse("evaluation:survey_answer", args=[survey_round.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_user_with_two_organisations_in_the_round_chooses_which_to_answer_for(world, users, client_for, survey_round):
    Role.objects.create(user=users["liaison"], kind=Role.Kind.COORDINATOR, organisation=world["askov"])
    client = client_for("liaison")
    url = reverse("evaluation:survey_answer", args=[survey_round.pk])
    assert "Jeg svarer på vegne af" in client.get(url).content.decode()

    page = client.get(url, {"organisation": world["askov"].pk}).content.decode()

    assert "samarbejdet med Teknik- og Miljøforvaltningen?" in page
    assert "samarbejdet med Askovgården?" not in page


# Creating rounds -------------------------------------------------------------------


def test_a_round_includes_the_organisations_engaged_at_the_end_of_its_period(world):
    Engagement.objects.create(
        initiative=world["initiative"],
        organisation=world["buf"],
        start=datetime.date(2011, 3, 1),
        end=datetime.date(2011, 12, 31),
    )
    survey_round = open_round(world, year=2012)
    assert set(survey_round.organisations.all()) == {world["askov"], world["tmf"]}


def test_the_chief_creates_a_round(world, client_for):
    url = reverse("evaluation:survey_create", args=[world["initiative"].pk])
    data = {
        "title": "Samarbejdsmåling 2013",
        "period_start": "2013-01-01",
        "period_end": "2013-12-31",
        "opens": TODAY.isoformat(),
        "closes": (TODAY + 14 * DAY).isoformat(),
    }
    response = client_for("chief").post(url, data)
    survey_round = SurveyRound.objects.get()
    assert response.status_code == 302 and response["Location"] == survey_round.get_absolute_url()
    assert set(survey_round.organisations.all()) == {world["askov"], world["tmf"]}


# Results ---------------------------------------------------------------------------


def test_a_heat_map_cell_appears_only_once_three_of_the_organisation_have_answered(world, client_for, survey_round):
    askov, tmf = world["askov"], world["tmf"]
    answer(survey_round, respondent(askov, "a1"), askov, tmf, [5, 5, 4, 4, 3, 3, 2])  # 26 over 7
    answer(survey_round, respondent(askov, "a2"), askov, tmf, [4, 4, 4, 4, 4, 4, 4])  # 28 over 7
    assert not cell(surveys.results(survey_round), askov, tmf).shown

    answer(survey_round, respondent(askov, "a3"), askov, tmf, [1, 2, 3, 4, 5, None, 3])  # 18 over 6

    score = cell(surveys.results(survey_round), askov, tmf)
    assert score.n == 3
    assert score.mean == pytest.approx((26 + 28 + 18) / 20)  # 3.6: the mean of every rating given
    assert not cell(surveys.results(survey_round), tmf, askov).shown  # TMF has not answered
    page = client_for("observer").get(close(survey_round).get_absolute_url()).content.decode()
    assert "<strong>3,6</strong>" in page and "for få svar" in page


def test_results_are_shown_only_after_the_round_has_closed(world, client_for, survey_round):
    for i in range(3):
        answer(survey_round, respondent(world["askov"], f"a{i}"), world["askov"], world["tmf"], [4] * 7)
    url = survey_round.get_absolute_url()
    assert "Resultaterne vises, når runden lukker" in client_for("chief").get(url).content.decode()
    close(survey_round)
    assert "<strong>4,0</strong>" in client_for("chief").get(url).content.decode()


def test_a_dimension_profile_needs_three_answers_rating_the_organisation(world, survey_round):
    askov, tmf, buf = world["askov"], world["tmf"], world["buf"]
    Engagement.objects.create(initiative=world["initiative"], organisation=buf, start=datetime.date(2011, 3, 1))
    survey_round.organisations.add(buf)
    answer(survey_round, respondent(askov, "a1"), askov, tmf, [5, 5, 4, 4, 3, 3, 2])
    answer(survey_round, respondent(askov, "a2"), askov, tmf, [4, 4, 4, 4, 4, None, 4])
    assert not profile(surveys.results(survey_round), tmf).shown

    answer(survey_round, respondent(buf, "b1"), buf, tmf, [1, 2, 3, 4, 5, None, 3])

    results = surveys.results(survey_round)
    tmf_profile = profile(results, tmf)
    assert tmf_profile.shown and tmf_profile.n == 3
    assert dimension(tmf_profile, "frequent").mean == pytest.approx((5 + 4 + 1) / 3)
    assert dimension(tmf_profile, "respect").mean == pytest.approx((2 + 4 + 3) / 3)
    assert not dimension(tmf_profile, "shared_knowledge").shown  # two "Ved ikke": one rating only
    # Three answers about TMF, but from two organisations: neither heat map cell reaches three.
    assert not cell(results, askov, tmf).shown and not cell(results, buf, tmf).shown


def test_the_change_since_the_last_round_is_computed_where_both_rounds_meet_the_threshold(world, client_for):
    askov, tmf = world["askov"], world["tmf"]
    people = [respondent(askov, f"a{i}") for i in range(3)]
    tmf_people = [respondent(tmf, f"t{i}") for i in range(2)]
    first, second = open_round(world, year=2012), open_round(world, year=2013)
    for user, scores in zip(people, ([3] * 7, [3] * 7, [2] * 7), strict=True):
        answer(first, user, askov, tmf, scores)  # mean 8/3
    for user, scores in zip(people, ([4] * 7, [4] * 7, [3, 5, 5, 5, 5, 5, 5]), strict=True):
        answer(second, user, askov, tmf, scores)  # mean (28 + 28 + 33) / 21
    for user in tmf_people:
        answer(first, user, tmf, askov, [5] * 7)
    for user in [*tmf_people, respondent(tmf, "t3")]:
        answer(second, user, tmf, askov, [4] * 7)

    close(first)

    results = surveys.results(second)

    assert results.previous == first
    heat = cell(results, askov, tmf)
    assert heat.change.value == pytest.approx((28 + 28 + 33) / 21 - 8 / 3)
    assert heat.change.direction == "up"
    assert dimension(profile(results, tmf), "frequent").change.value == pytest.approx((4 + 4 + 3) / 3 - (3 + 3 + 2) / 3)
    assert dimension(profile(results, tmf), "timely").change.value == pytest.approx((4 + 4 + 5) / 3 - 8 / 3)
    assert cell(results, tmf, askov).shown and cell(results, tmf, askov).change is None  # 2 answers in 2012
    assert surveys.results(first).previous is None
    page = client_for("chief").get(close(second).get_absolute_url()).content.decode()
    assert "op 1,6" in page  # 89/21 − 8/3 = 1.57


def test_an_earlier_round_still_open_is_not_compared_with(world):
    askov, tmf = world["askov"], world["tmf"]
    first, second = open_round(world, year=2012), open_round(world, year=2013)
    for i in range(3):
        answer(first, respondent(askov, f"a{i}"), askov, tmf, [3] * 7)

    assert surveys.results(second).previous is None  # its numbers are not shown yet, so no change either
    assert surveys.results(second).overall[0].score.change is None
    close(first)
    assert surveys.results(second).previous == first


# The summary ------------------------------------------------------------------------


def test_the_summary_gives_each_dimensions_mean_and_its_change_since_the_last_closed_round(world, client_for):
    askov, tmf, buf = world["askov"], world["tmf"], world["buf"]
    Engagement.objects.create(initiative=world["initiative"], organisation=buf, start=datetime.date(2011, 3, 1))
    people = [respondent(askov, f"a{i}") for i in range(3)]
    first, second = open_round(world, year=2012), open_round(world, year=2013)
    second.organisations.add(buf)
    for user in people:
        answer(first, user, askov, tmf, [3, 3, 3, 3, 3, 3, None])
    # This round: frequent (4 + 4 + 5) / 3, up from 3; respect rated by one answer only.
    for user, scores in zip(people, ([4, 2, 3, 3, 3, 3, None], [4, 2, 3, 3, 3, 3, None], [5, 2, 3, 3, 3, 3, 5]),
                            strict=True):  # fmt: skip
        answer(second, user, askov, tmf, scores)
    for first_or_second in (first, second):
        close(first_or_second)

    results = surveys.results(second)
    by_dimension = {d.dimension: d.score for d in results.overall}

    assert by_dimension["frequent"].mean == pytest.approx(13 / 3)
    assert by_dimension["frequent"].change.value == pytest.approx(13 / 3 - 3)
    assert by_dimension["timely"].change.value == pytest.approx(-1)
    assert by_dimension["accurate"].change.direction == "same"
    assert not by_dimension["respect"].shown and by_dimension["respect"].n == 1
    assert results.hidden_raters == [buf, world["tmf"]]  # no answers from BUF or TMF; Askovgården gave three
    assert results.hidden_rated == [world["askov"], buf]  # only TMF was rated

    page = client_for("chief").get(second.get_absolute_url()).content.decode()
    summary = page[page.index('id="sammenfatning"') : page.index('id="heatmap"')]
    assert "<strong>4,3</strong>" in summary
    assert "↑</span> op 1,3" in summary and "↓</span> ned 1,0" in summary and "uændret" in summary
    assert "Dimensionen „Gensidig respekt“ har for få svar." in summary
    assert "Er vurderet af for få til at få en profil: Askovgården, BUF." in summary


def test_the_summary_without_an_earlier_closed_round_says_so(world, client_for, survey_round):
    for i in range(3):
        answer(survey_round, respondent(world["askov"], f"a{i}"), world["askov"], world["tmf"], [4] * 7)

    page = client_for("chief").get(close(survey_round).get_absolute_url()).content.decode()

    assert page.index('id="sammenfatning"') < page.index('id="heatmap"')
    assert "Ingen tidligere lukket runde at sammenligne med." in page


# Query budget ----------------------------------------------------------------------


def add_responses(survey_round, organisation, rated, n):
    responses = SurveyResponse.objects.bulk_create(
        SurveyResponse(round=survey_round, respondent_organisation=organisation) for _ in range(n)
    )
    SurveyRating.objects.bulk_create(
        SurveyRating(response=r, rated_organisation=rated, dimension=d, score=1 + (r.pk.int + i) % 5)
        for r in responses
        for i, d in enumerate(DIMENSIONS)
    )


def test_the_results_page_makes_the_same_number_of_queries_at_5_and_50_answers(world, client_for):
    askov, tmf = world["askov"], world["tmf"]
    previous, current = open_round(world, year=2012), open_round(world, year=2013)
    for r in (previous, current):
        add_responses(r, askov, tmf, 3)
        add_responses(r, tmf, askov, 2)
        close(r)

    def grow():
        add_responses(current, askov, tmf, 25)
        add_responses(current, tmf, askov, 20)
        add_responses(previous, tmf, askov, 10)

    # 17: the summary adds two GROUP BYs (each dimension over the round, answers per organisation).
    assert_query_budget(client_for("coordinator"), current.get_absolute_url(), grow, budget=17)
    assert_query_budget(
        client_for("coordinator"),
        reverse("evaluation:survey_list", args=[world["initiative"].pk]),
        lambda: open_round(world, year=2014),
        budget=10,
    )
