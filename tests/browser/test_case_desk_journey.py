"""The case handler's desk in a real browser.

An observer of the initiative and its chief each open, from the case list, a closed case raised by
another organisation (Sjakket): the observer reads it without any way to write in it; the chief
filters the list to closed cases and opens it. Then the chief acknowledges two new cases in one go
from the inbox with "select all". Every page is axe-checked (see conftest).
"""

import pytest
from playwright.sync_api import Page, expect

from actors.models import Role
from dialogue.escalations import services as escalations
from tests.browser.conftest import follow, login, shot, visit
from tests.conftest import PASSWORD, make_user

TITLE = "Knallerter på Nørrebroruten"
ANSWER = "Politiet og TMF har sat bump op ved skolen; sagen er løst."


@pytest.fixture
def closed_case(world):
    """A case raised by Sjakket (neither the chief's nor the observer's organisation), resolved."""
    case = escalations.escalation_raise(
        initiative=world["initiative"], organisation=world["other_org"], by=None,
        data={"title": TITLE, "description": "Unge kører stærkt forbi skolen.", "theme": "public_safety"},
    )  # fmt: skip
    return escalations.escalation_resolve(escalation=case, by=None, answer=ANSWER, version=case.version)


@pytest.fixture
def observer(world):
    user = make_user("observatoer_indre")
    Role.objects.create(user=user, kind=Role.Kind.OBSERVER, initiative=world["initiative"])
    return user


def open_closed_case_from_the_list(page: Page):
    page.get_by_label("Vis", exact=True).select_option(label="Afsluttede")
    follow(page, page.get_by_role("button", name="Filtrér"))
    expect(page.get_by_role("status")).to_have_text("1 sag")
    follow(page, page.get_by_role("link", name=TITLE))
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_role("status").filter(has_text=ANSWER)).to_be_visible()


def test_an_observer_and_the_chief_open_a_closed_case_of_another_organisation(
    page, live_server, users, world, closed_case, observer
):
    login(page, live_server, "observatoer_indre", PASSWORD)
    visit(page, "/eskaleringer/")
    expect(page.get_by_role("heading", level=2)).to_have_text("Alle sager i dine indsatser")
    open_closed_case_from_the_list(page)
    expect(page.get_by_text("som observatør")).to_be_visible()
    expect(page.get_by_role("button", name="Tilføj")).to_have_count(0)
    shot(page, "desk-observer-closed-case")

    page.context.clear_cookies()
    login(page, live_server, "chief", PASSWORD)
    visit(page, "/eskaleringer/indbakke/")
    follow(page, page.get_by_role("link", name="Alle sager i dine indsatser"))
    open_closed_case_from_the_list(page)
    expect(page.get_by_role("button", name="Tilføj")).to_be_visible()  # the staff write in any case
    shot(page, "desk-chief-closed-case")


def test_the_chief_acknowledges_all_new_cases_on_the_inbox_page_at_once(page, live_server, users, world):
    second = escalations.escalation_raise(
        initiative=world["initiative"], organisation=world["askov"], by=None,
        data={"title": "Cykler på stien", "description": "Der holder cykler.", "theme": "physical_environment"},
    )  # fmt: skip
    login(page, live_server, "chief", PASSWORD)
    visit(page, "/eskaleringer/indbakke/")
    page.get_by_label("Vælg alle sager på siden").check()
    expect(page.locator('input[name="sag"]:checked')).to_have_count(2)
    page.get_by_label("Handling").select_option(label="Kvittér")
    shot(page, "desk-inbox-bulk")
    follow(page, page.get_by_role("button", name="Udfør for de valgte"))
    expect(page.get_by_text("Kvitteret:")).to_contain_text(second.title)
    expect(page.get_by_text("Kvitteret:")).to_contain_text(world["escalation"].title)
    expect(page.locator("tbody .badge", has_text="Kvitteret")).to_have_count(2)
