"""The chief's meeting cockpit: recording a held meeting in few page loads and actions, by mouse and
by keyboard only; the draft autosaves, and leaving with unsaved work asks first.

The goal the journey measures: attendance of 7, minutes for 3 items, one decision and one action
item, then circulated — in at most 6 page loads and 25 user actions, counted from the login page.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from actors.models import Organisation
from dialogue.meetings import services
from dialogue.models import AgendaItem, Meeting, Outcome
from tests.browser.conftest import check, follow, login, shot, visit
from tests.conftest import PASSWORD

TITLE = "Dialogplatform i går"
ITEMS = ["Velkomst", "Tryghed i gården", "Belysning på stierne"]
MINUTES = ["Formanden bød velkommen.", "Beboerne oplever gården som mørk.", "TMF har fået tilbud på lamper."]
DECISION = "Der sættes lys op i gården i foråret."
ACTION = "Askovgården samler beboernes forslag."
MAX_LOADS, MAX_ACTIONS = 6, 25


@pytest.fixture
def held_meeting(world):
    start = timezone.now() - datetime.timedelta(hours=26)
    meeting = services.meeting_create(
        data={
            "initiative": world["initiative"],
            "kind": "dialogue_platform",
            "title": TITLE,
            "start": start,
            "end": start + datetime.timedelta(hours=2),
        },
        by=None,
    )
    others = [
        Organisation.objects.create(name=name, kind=Organisation.Kind.SELF_GOVERNING_INSTITUTION)
        for name in ("Nørrebro Bibliotek", "Mimersparken Skole", "Sjakket Ungdom", "Korsgadehallen", "Café Stengade")
    ]
    services.invite(meeting=meeting, organisations=[world["askov"], world["tmf"], *others])
    for title in ITEMS:
        services.agenda_item_add(meeting=meeting, data={"title": title, "planned_minutes": 20})
    return meeting


class Journey:
    """Counts what the user does: page loads (main frame) and actions (click, type, choose)."""

    def __init__(self, page: Page):
        self.page, self.loads, self.actions = page, 0, 0
        page.on("load", lambda _page: self._loaded())

    def _loaded(self):
        self.loads += 1

    def click(self, locator: Locator):
        self.actions += 1
        locator.click()

    def check(self, locator: Locator):
        self.actions += 1
        locator.check()

    def fill(self, locator: Locator, text: str):
        self.actions += 1
        locator.fill(text)

    def select(self, locator: Locator, label: str):
        self.actions += 1
        locator.select_option(label=label)

    def follow(self, locator: Locator):
        self.actions += 1
        follow(self.page, locator)


def item(page: Page, number: int):
    return page.locator("li.agenda-item").filter(
        has=page.get_by_role("heading", name=f"{number}. {ITEMS[number - 1]}", exact=True)
    )


def assert_recorded(meeting):
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.CIRCULATED
    attendance = sorted(meeting.invitations.values_list("attendance", flat=True))
    assert attendance == ["excused"] + ["present"] * 6
    minutes = list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("minutes", flat=True))
    assert minutes == MINUTES
    outcomes = list(Outcome.objects.filter(agenda_item__meeting=meeting).order_by("id"))
    assert [(o.kind, o.text, o.agenda_item.position) for o in outcomes] == [
        ("decision", DECISION, 2),
        ("action", ACTION, 3),
    ]
    assert outcomes[1].owner_organisation.name == "Askovgården"
    assert outcomes[1].due == datetime.date(2027, 1, 15)


def test_chief_records_a_held_meeting_and_circulates_it_in_six_page_loads(
    page, live_server, users, world, held_meeting
):
    journey = Journey(page)
    visit(page, "/konto/login/")
    journey.fill(page.get_by_label("Brugernavn"), "chief")
    journey.fill(page.get_by_label("Adgangskode"), PASSWORD)
    journey.follow(page.get_by_role("button", name="Log ind", exact=True))
    journey.follow(page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Møder"))
    journey.follow(page.get_by_role("link", name=TITLE))

    editor = page.locator("#minutes-form")
    rows = editor.locator(".attendance-row")
    expect(rows).to_have_count(7)
    for name in ["Askovgården", "Teknik- og Miljøforvaltningen", "Nørrebro Bibliotek", "Mimersparken Skole"]:
        journey.check(editor.get_by_role("radiogroup", name=name).get_by_label("Til stede"))
    journey.check(editor.get_by_role("radiogroup", name="Sjakket Ungdom").get_by_label("Afbud"))
    for name in ["Korsgadehallen", "Café Stengade"]:
        journey.check(editor.get_by_role("radiogroup", name=name).get_by_label("Til stede"))
    for number, text in enumerate(MINUTES, start=1):
        journey.fill(item(page, number).get_by_label("Referat af punktet"), text)
    decision = item(page, 2).locator("[data-outcome]").first
    journey.check(decision.get_by_label("Beslutning", exact=True))
    journey.fill(decision.get_by_label("Udfaldets tekst"), DECISION)
    action = item(page, 3).locator("[data-outcome]").first
    journey.check(action.get_by_label("Handling", exact=True))
    journey.fill(action.get_by_label("Udfaldets tekst"), ACTION)
    journey.select(action.get_by_label("Ansvarlig organisation"), "Askovgården")
    journey.fill(action.get_by_label("Frist"), "2027-01-15")
    shot(page, "cockpit-filled")
    journey.follow(page.get_by_role("button", name="Gem og send til kommentering"))

    expect(page.locator(".messages")).to_contain_text("Referatet er gemt. 2 udfald er tilføjet.")
    expect(page.locator(".messages")).to_contain_text("Det er sendt til kommentering hos dem, der deltog.")
    expect(page.get_by_role("list", name="Mødets forløb").locator("[aria-current=step]")).to_contain_text(
        "Kommentering"
    )
    shot(page, "cockpit-circulated")
    assert_recorded(held_meeting)
    print(f"cockpit journey: {journey.loads} page loads, {journey.actions} actions")
    assert journey.loads <= MAX_LOADS, f"{journey.loads} page loads"
    assert journey.actions <= MAX_ACTIONS, f"{journey.actions} actions"


def is_focused(locator: Locator):
    return locator.evaluate("el => el === document.activeElement")


def tab_until(page: Page, locator: Locator, max_presses: int = 150):
    """Press Tab until `locator` has focus; fail if it never gets there."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    pytest.fail(f"Tab never reached {locator}")


def type_date(page: Page, field: Locator, day: datetime.date):
    """Type a date into a focused date field in the order the browser shows its parts (day first in
    Danish, month first in an English browser); Backspace clears the parts between tries."""
    for order in ("%d%m%Y", "%m%d%Y"):
        page.keyboard.type(day.strftime(order))
        if field.input_value() == day.isoformat():
            return
        for _ in range(3):
            page.keyboard.press("Backspace")
            page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
    pytest.fail(f"could not type {day} into {field}")


def test_the_cockpit_journey_works_with_the_keyboard_only(page, live_server, users, world, held_meeting):
    keys = page.keyboard
    visit(page, "/konto/login/")
    tab_until(page, page.get_by_label("Brugernavn"))
    keys.type("chief")
    tab_until(page, page.get_by_label("Adgangskode"))
    keys.type(PASSWORD)
    follow(page, lambda: keys.press("Enter"))
    tab_until(page, page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Møder"))
    follow(page, lambda: keys.press("Enter"))
    tab_until(page, page.get_by_role("link", name=TITLE))
    follow(page, lambda: keys.press("Enter"))

    editor = page.locator("#minutes-form")
    tab_until(page, editor.get_by_role("button", name="Alle ikke registrerede er til stede"))
    keys.press("Enter")
    sjakket = editor.get_by_role("radiogroup", name="Sjakket Ungdom")
    tab_until(page, sjakket.get_by_label("Til stede"))  # a radio group is one tab stop: its checked radio
    keys.press("ArrowRight")
    expect(sjakket.get_by_label("Afbud")).to_be_checked()

    for number, text in enumerate(MINUTES, start=1):
        tab_until(page, item(page, number).get_by_label("Referat af punktet"))
        keys.type(text)
        if number == 2:
            decision = item(page, 2).locator("[data-outcome]").first
            tab_until(page, decision.get_by_label("Intet", exact=True))
            keys.press("ArrowRight")  # Orientering
            keys.press("ArrowRight")  # Beslutning
            expect(decision.get_by_label("Beslutning", exact=True)).to_be_checked()
            tab_until(page, decision.get_by_label("Udfaldets tekst"))
            keys.type(DECISION)
    action = item(page, 3).locator("[data-outcome]").first
    tab_until(page, action.get_by_label("Intet", exact=True))
    for _ in range(3):
        keys.press("ArrowRight")
    expect(action.get_by_label("Handling", exact=True)).to_be_checked()
    tab_until(page, action.get_by_label("Udfaldets tekst"))
    keys.type(ACTION)
    tab_until(page, action.get_by_label("Ansvarlig organisation"))
    keys.type("Askov")
    expect(action.get_by_label("Ansvarlig organisation")).to_have_value(str(world["askov"].pk))
    tab_until(page, action.get_by_label("Frist"))
    type_date(page, action.get_by_label("Frist"), datetime.date(2027, 1, 15))
    tab_until(page, page.get_by_role("button", name="Gem og send til kommentering"))
    follow(page, lambda: keys.press("Enter"))

    expect(page.locator(".messages")).to_contain_text("Det er sendt til kommentering hos dem, der deltog.")
    assert_recorded(held_meeting)


def test_the_draft_autosaves_and_leaving_with_an_unsaved_outcome_asks_first(
    page, live_server, users, world, held_meeting
):
    login(page, live_server, "chief", PASSWORD)
    visit(page, held_meeting.get_absolute_url())
    first = item(page, 1)
    first.get_by_label("Referat af punktet").click()
    first.get_by_label("Referat af punktet").press_sequentially("Kladde skrevet under mødet.")
    expect(page.locator("#autosave-status")).to_contain_text("Kladden er gemt kl.")
    assert AgendaItem.objects.get(meeting=held_meeting, position=1).minutes == "Kladde skrevet under mødet."
    check(page)  # the page with its status line

    new = first.locator("[data-outcome]").first
    new.get_by_label("Orientering", exact=True).check()
    new.get_by_label("Udfaldets tekst").fill("Ikke gemt endnu.")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Møder").click()
    expect(new.get_by_label("Udfaldets tekst")).to_have_value("Ikke gemt endnu.")
    assert dialogs == ["beforeunload"]
    assert not Outcome.objects.filter(agenda_item__meeting=held_meeting).exists()  # autosave makes none


def test_the_chief_drags_an_agenda_item_to_the_top(page, live_server, users, world, held_meeting):
    login(page, live_server, "chief", PASSWORD)
    visit(page, held_meeting.get_absolute_url() + "?vis=forberedelse")
    items = page.locator("ol.agenda > li.agenda-item")
    expect(page.get_by_text("Træk et punkt i håndtaget")).to_be_visible()
    with page.expect_navigation(wait_until="load"):  # saved, then the page shows the new numbering
        items.nth(2).locator(".drag-handle").drag_to(items.nth(0), target_position={"x": 60, "y": 4})
    check(page)
    expect(items.nth(0).get_by_role("heading")).to_contain_text("1. Belysning på stierne")
    titles = list(held_meeting.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles == ["Belysning på stierne", "Velkomst", "Tryghed i gården"]
