"""The heat maps at 1280 px: the survey's fifteen organisations fit without scrolling sideways, and the
scroll areas of both heat maps are regions a keyboard user can reach with Tab. Every page is axe-checked."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import Engagement, Organisation
from evaluation.models import SurveyDimension, SurveyRating, SurveyResponse, SurveyRound
from evaluation.surveys import services as surveys
from tests.browser.conftest import login, shot, visit
from tests.conftest import PASSWORD

NAMES = ["Helhedsplan Aldersrogade / Den Grønne Trekant", "Områdeløft Haraldsgadekvarteret", "Københavns Politi",
         "SSP København", "Helhedsplan Mjølnerparken", "Helhedsplan Blågården", "Helhedsplan Hothers Plads",
         "Kultur- og Fritidsforvaltningen", "Socialforvaltningen", "Sundheds- og Omsorgsforvaltningen",
         "Beskæftigelses- og Integrationsforvaltningen", "Økonomiforvaltningen", "Sjakket Nord"]  # fmt: skip


@pytest.fixture
def fifteen_organisation_round(world):
    """A closed round of fifteen organisations, each answering three times about all the others."""
    world["survey_round"].delete()
    initiative = world["initiative"]
    extra = Organisation.objects.bulk_create(Organisation(name=n, kind="other") for n in NAMES)
    Engagement.objects.bulk_create(
        Engagement(initiative=initiative, organisation=o, start=datetime.date(2011, 3, 1)) for o in extra
    )
    organisations = [world["askov"], world["tmf"], *extra]
    today = timezone.localdate()
    survey_round = surveys.round_create(
        initiative=initiative,
        data={"title": "Samarbejdsmåling 2013", "period_start": datetime.date(2013, 1, 1),
              "period_end": datetime.date(2013, 12, 31), "opens": today, "closes": today},
        organisations=organisations,
    )  # fmt: skip
    responses = SurveyResponse.objects.bulk_create(
        SurveyResponse(round=survey_round, respondent_organisation=o) for o in organisations for _ in range(3)
    )
    SurveyRating.objects.bulk_create(
        SurveyRating(response=r, rated_organisation=o, dimension=d, score=1 + (r.pk.int + o.pk + i) % 5)
        for r in responses
        for o in organisations
        if o.pk != r.respondent_organisation_id
        for i, d in enumerate(SurveyDimension.values)
    )
    SurveyRound.objects.filter(pk=survey_round.pk).update(opens=today - datetime.timedelta(days=30),
                                                          closes=today - datetime.timedelta(days=1))  # fmt: skip
    return survey_round


def _tab_to_region(page, name, presses=200):
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "[document.activeElement.getAttribute('role'), document.activeElement.getAttribute('aria-label'),"
            " document.activeElement.tabIndex]"
        )
        if focused[:2] == ["region", name]:
            return focused
    pytest.fail(f"Tab never reached the region {name!r}")


def test_the_survey_heat_map_of_fifteen_organisations_fits_1280_px_and_tab_reaches_it(page, live_server, users,
                                                                                    fifteen_organisation_round):  # fmt: skip
    login(page, live_server, "chief", PASSWORD)
    visit(page, fifteen_organisation_round.get_absolute_url())

    region = page.get_by_role("region", name="Varmekort: organisationernes vurderinger af hinanden")
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth"), "the heat map scrolls sideways at 1280 px"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert region.locator("thead th").count() == 16
    _tab_to_region(page, "Varmekort: organisationernes vurderinger af hinanden")
    region.screenshot(path=str(shot(page, "survey-heatmap-1280").with_name("survey-heatmap-1280-region.png")))


def test_the_dashboards_engagement_heat_map_is_a_region_tab_reaches(page, live_server, users, world):
    login(page, live_server, "chief", PASSWORD)
    visit(page, f"/indsatser/{world['initiative'].pk}/overblik/?start=2012-01-01&end=2013-06-30")

    region = page.get_by_role("region", name="Varmekort over engagement")
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert region.locator("thead th").count() == 18 + 2  # 18 months, the organisation and the total
    _tab_to_region(page, "Varmekort over engagement")
    shot(page, "dashboard-heatmap-1280")


def test_on_a_phone_the_results_tables_scroll_in_regions_of_their_own(phone_page, live_server, users,
                                                                      fifteen_organisation_round):  # fmt: skip
    login(phone_page, live_server, "chief", PASSWORD)
    visit(phone_page, fifteen_organisation_round.get_absolute_url())  # axe: every scrolling table is focusable

    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(phone_page.get_by_role("region", name="Sammenfatning af de syv dimensioner")).to_be_visible()
