"""A dialogue meeting from planning to published minutes, in a real browser.

The chief plans the meeting (agenda by keyboard only), invites, records attendance, writes and
publishes the minutes; Askovgården's coordinator then reads them and follows up on the action item.
Every page is axe-checked (see conftest).
"""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from actors.models import Organisation
from dialogue.meetings import services
from tests.browser.conftest import DESKTOP, _close_page, _open_page, follow, login, shot, visit
from tests.conftest import PASSWORD

TITLE = "Dialogplatform december"
# The meeting was held two days ago: the chief logs it afterwards (minutes of a meeting still to come
# are refused).
HELD = timezone.localdate() - datetime.timedelta(days=2)
MINUTES = "Beboerne fortalte om utrygge hjørner ved Mjølnerparken og ønsker bedre lys."
DECISION = "Styregruppen prioriterer belysning på stierne i 2027."
ACTION = "Askovgården samler beboernes forslag til nye lamper."


@pytest.fixture
def mjolnerparken(world):
    return Organisation.objects.create(name="Helhedsplan Mjølnerparken", kind=Organisation.Kind.MASTER_PLAN)


@pytest.fixture
def second_page(browser, live_server, request):
    """A second browser (own context: own cookies) at desktop size, with the same axe ledger as `page`."""
    context, page, ledger = _open_page(browser, live_server, request, viewport=DESKTOP)
    yield page
    _close_page(context, page, ledger, request)


def active_id(page: Page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page: Page, element_id: str, max_presses: int = 120):
    """Press Tab until the element with `element_id` has focus; fail if it never gets there."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if active_id(page) == element_id:
            return
    pytest.fail(f"Tab never reached #{element_id} (stuck on #{active_id(page)})")


def tab_once_to(page: Page, element_id: str):
    """The field right after the focused one in tab order must be `element_id`."""
    page.keyboard.press("Tab")
    assert active_id(page) == element_id, f"Tab went to #{active_id(page)}, expected #{element_id}"


def add_agenda_item_by_keyboard(page: Page, title: str, minutes: int):
    """Keys only: Tab to the new item's title, type, Tab to the planned minutes, replace, Enter."""
    tab_to(page, "id_new-title")
    page.keyboard.type(title)
    tab_once_to(page, "id_new-planned_minutes")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(str(minutes))
    follow(page, lambda: page.keyboard.press("Enter"))
    expect(page.locator(".messages")).to_contain_text("Punktet er tilføjet.")
    expect(page.locator("#dagsorden").get_by_role("heading", name=title)).to_be_visible()


def agenda_item(page: Page, number: int, title: str):
    return page.locator("li.agenda-item").filter(has=page.get_by_role("heading", name=f"{number}. {title}"))


def test_chief_plans_holds_and_publishes_a_meeting_coordinator_follows_up(
    page, second_page, live_server, users, world, mjolnerparken
):
    # --- The chief plans the meeting ------------------------------------------------------
    login(page, live_server, "chief", PASSWORD)
    nav = page.get_by_role("navigation", name="Hovedmenu")
    follow(page, nav.get_by_role("link", name="Møder"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Møder")
    follow(page, page.get_by_role("link", name="Nyt møde"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nyt møde")

    page.get_by_label("Indsats").select_option(label="Hotspot Indre Nørrebro")
    expect(page.get_by_label("Mødetype")).to_have_value("dialogue_platform")
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Start").fill(f"{HELD:%Y-%m-%d}T16:00")
    page.get_by_label("Slut").fill(f"{HELD:%Y-%m-%d}T18:00")
    page.get_by_label("Sted").fill("Medborgerhuset, Nørrebrogade 208")
    follow(page, page.get_by_role("button", name="Gem", exact=True))

    expect(page).to_have_url(re.compile(r"/moeder/\d+/$"))
    meeting_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".messages")).to_contain_text("Mødet er oprettet.")
    with translation.override("da"):
        expect(page.locator("dl.meta")).to_contain_text(f"{date_format(HELD, 'l j. F Y')}, 16:00–18:00")
    # The meeting was held: the page opens on the minutes; the agenda is planned one link away.
    expect(page.get_by_role("list", name="Mødets forløb").locator("[aria-current=step]")).to_contain_text(
        "Møde og referat"
    )
    follow(page, page.get_by_role("link", name="Dagsorden og inviterede"))
    total = page.locator("#dagsorden").get_by_role("status").first
    expect(total).to_contain_text("Planlagt tid: 0 af 120 minutter.")
    expect(page.get_by_text("Dagsordenen er tom.")).to_be_visible()

    # --- Agenda: keyboard only -------------------------------------------------------------
    # One click on a non-interactive heading sets the starting point; from here on only keys.
    page.get_by_role("heading", level=1).click()
    add_agenda_item_by_keyboard(page, "Velkomst og præsentation", 20)
    expect(total).to_contain_text("Planlagt tid: 20 af 120 minutter.")
    expect(total).not_to_contain_text("for lang")

    add_agenda_item_by_keyboard(page, "Tryghed i gården", 30)
    expect(total).to_contain_text("Planlagt tid: 50 af 120 minutter.")
    expect(total).not_to_have_class(re.compile("alert-warning"))

    add_agenda_item_by_keyboard(page, "Belysning på stierne", 90)
    expect(total).to_contain_text("Planlagt tid: 140 af 120 minutter.")
    expect(total).to_contain_text("Dagsordenen er 20 minutter for lang.")
    expect(total).to_have_class(re.compile("alert-warning"))
    expect(page.locator("li.agenda-item")).to_have_count(3)
    expect(agenda_item(page, 3, "Belysning på stierne")).to_contain_text("90 min.")
    shot(page, "meeting-agenda")

    # --- Invitations ---------------------------------------------------------------------------
    follow(page, page.get_by_role("link", name="Invitér", exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Invitér til {TITLE}")
    # The picker searches as you type; what was ticked stays chosen across searches.
    search = page.get_by_label("Søg efter organisation, person eller organ")
    search.fill("Askov")
    page.get_by_label(re.compile("^Askovgården")).check()
    search.fill("Mjølner")
    page.get_by_label(re.compile("^Helhedsplan Mjølnerparken")).check()
    expect(page.get_by_role("group", name="Valgt").get_by_label(re.compile("^Askovgården"))).to_be_checked()
    follow(page, page.get_by_role("button", name="Invitér de valgte"))
    expect(page).to_have_url(re.compile(r"/moeder/\d+/\?vis=forberedelse#inviterede$"))
    expect(page.locator(".messages")).to_contain_text("2 inviteret.")

    # --- A walk-in, on the attendance page -------------------------------------------------------
    follow(page, page.get_by_role("link", name="Referat", exact=True))
    follow(page, page.get_by_role("link", name="Kom nogen uden invitation?"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Fremmøde: {TITLE}")
    # Someone who was not invited cannot just be marked present (found by typing: no list of every organisation) ...
    page.get_by_role("searchbox", name="Find: Organisation").fill("Sjak")
    page.get_by_label("Organisation", exact=True).select_option(label="Sjakket")
    follow(page, page.get_by_role("button", name="Registrér som til stede"))
    expect(page.get_by_text("Sjakket er ikke inviteret.")).to_be_visible()
    expect(page.get_by_role("radiogroup", name=re.compile("Sjakket"))).to_have_count(0)
    # ... only as a walk-in.
    page.get_by_label("Organisation", exact=True).select_option(label="Sjakket")
    page.get_by_label("Kom uden invitation").check()
    follow(page, page.get_by_role("button", name="Registrér som til stede"))
    expect(page.locator(".messages")).to_contain_text("Fremmødet er registreret.")
    follow(page, page.get_by_role("link", name="Tilbage"))

    # --- Attendance, minutes, a decision and an action item: one form ---------------------------
    editor = page.locator("#minutes-form")
    expect(editor.get_by_role("radiogroup", name="Sjakket (uden invitation)").get_by_label("Til stede")).to_be_checked()
    editor.get_by_role("radiogroup", name="Askovgården").get_by_label("Til stede").check()
    editor.get_by_role("radiogroup", name="Helhedsplan Mjølnerparken").get_by_label("Afbud").check()
    item = agenda_item(page, 2, "Tryghed i gården")
    item.get_by_label("Referat af punktet").fill(MINUTES)
    new = item.locator("[data-outcome]").first
    # Only the chosen kind's fields show.
    expect(new.get_by_label("Udfaldets tekst")).to_be_hidden()
    new.get_by_label("Beslutning", exact=True).check()
    expect(new.get_by_label("Besluttet af")).to_be_visible()
    expect(new.get_by_label("Frist")).to_be_hidden()
    new.get_by_label("Udfaldets tekst").fill(DECISION)
    # A second outcome under the same item.
    item.get_by_role("button", name="+ Endnu et udfald Tryghed i gården").click()
    second = item.locator("[data-outcome]").nth(1)
    second.get_by_label("Handling", exact=True).check()
    expect(second.get_by_label("Frist")).to_be_visible()
    expect(second.get_by_label("Besluttet af")).to_be_hidden()
    second.get_by_label("Udfaldets tekst").fill(ACTION)
    second.get_by_label("Ansvarlig organisation").select_option(label="Askovgården")
    second.get_by_label("Frist").fill("2027-01-15")
    shot(page, "meeting-editor")
    follow(page, page.get_by_role("button", name="Gem referat", exact=True))
    expect(page.locator(".messages")).to_contain_text("Referatet er gemt. 2 udfald er tilføjet.")
    expect(page.locator("#inviterede-h")).to_contain_text("(2 til stede / 3)")

    decision = item.locator("li.outcome-decision")
    expect(decision).to_contain_text("Beslutning")
    expect(decision).to_contain_text(DECISION)
    action = item.locator("li.outcome-action")
    expect(action).to_contain_text(ACTION)
    expect(action).to_contain_text("ansvarlig: Askovgården")
    expect(action).to_contain_text("frist 15. jan 2027")
    expect(action).to_contain_text("Åben")
    # Saved minutes show once: in the editor, not also as text above it.
    expect(item.get_by_label("Referat af punktet")).to_have_value(MINUTES)
    expect(item.locator(".minutes")).to_have_count(0)

    # --- Publish --------------------------------------------------------------------------------
    follow(page, page.get_by_role("link", name="Godkend og offentliggør"))
    follow(page, page.get_by_role("button", name="Ja, godkend og lås referatet"))
    expect(page.locator(".messages")).to_contain_text("Referatet er godkendt, offentliggjort og låst.")
    expect(page.locator("#referat-h")).to_have_text("Referat: godkendt og offentliggjort (version 1)")
    expect(page.get_by_role("button", name=re.compile("^Gem referat"))).to_have_count(0)
    expect(page.get_by_label("Referat af punktet")).to_have_count(0)
    expect(page.get_by_role("heading", name="Tilføj punkt til dagsordenen")).to_have_count(0)
    expect(page.get_by_role("link", name="Godkend og offentliggør")).to_have_count(0)
    expect(page.get_by_role("link", name="Udskriv referatet")).to_be_visible()
    expect(page.get_by_role("link", name="v1")).to_be_visible()
    shot(page, "meeting-published-chief")

    # --- Askovgården's coordinator, in a browser of their own ------------------------------
    coord = second_page
    login(coord, live_server, "coordinator", PASSWORD)
    coord_nav = coord.get_by_role("navigation", name="Hovedmenu")
    follow(coord, coord_nav.get_by_role("link", name="Møder"))
    row = coord.locator("tbody tr").filter(has=coord.get_by_role("link", name=TITLE))
    with translation.override("da"):
        expect(row).to_contain_text(f"{date_format(HELD, 'j. b Y')} 16:00")
    expect(row).to_contain_text("Godkendt og offentliggjort")
    follow(coord, row.get_by_role("link", name=TITLE))
    expect(coord).to_have_url(meeting_url)
    expect(coord.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(coord.get_by_text(MINUTES)).to_be_visible()
    expect(coord.locator("li.outcome-decision")).to_contain_text(DECISION)
    coord_action = coord.locator("li.outcome-action")
    expect(coord_action).to_contain_text(ACTION)
    expect(coord_action).to_contain_text("ansvarlig: Askovgården")
    # Invited, not staff: nothing to edit.
    expect(coord.get_by_role("link", name="Invitér", exact=True)).to_have_count(0)
    expect(coord.get_by_role("button", name="Ny version")).to_have_count(0)
    shot(coord, "meeting-published-coordinator")

    follow(coord, coord_nav.get_by_role("link", name="Handlinger"))
    expect(coord.get_by_role("heading", level=1)).to_have_text("Handlinger")
    scopes = coord.get_by_role("navigation", name="Vælg liste")
    expect(scopes.get_by_role("link", name="Min organisation")).to_have_attribute("aria-current", "page")
    expect(coord.get_by_text("1 handling", exact=True)).to_be_visible()
    action_row = coord.locator("tbody tr").filter(has_text=ACTION)
    expect(action_row).to_contain_text("Askovgården")
    expect(action_row).to_contain_text("15. jan 2027")
    expect(action_row.get_by_role("link", name=TITLE)).to_be_visible()
    status = action_row.get_by_label(re.compile("^Status for"))
    expect(status).to_have_value("open")
    status.select_option(label="I gang")
    follow(coord, action_row.get_by_role("button", name="Gem"))
    expect(coord.locator(".messages")).to_contain_text(f"Status for „{ACTION}“ er nu I gang.")
    expect(coord.locator("tbody tr").filter(has_text=ACTION).get_by_role("combobox")).to_have_value("in_progress")
    shot(coord, "action-list")

    # The chief sees the new status on the (locked) minutes.
    visit(page, meeting_url)
    expect(page.locator("li.outcome-action")).to_contain_text("I gang")


@pytest.fixture
def draft_meeting(world):
    start = datetime.datetime(2026, 11, 5, 15, 0, tzinfo=datetime.UTC)
    meeting = services.meeting_create(
        data={
            "initiative": world["initiative"],
            "kind": "dialogue_platform",
            "title": "Dialogplatform november",
            "start": start,
            "end": start + datetime.timedelta(hours=2),
        },
        by=None,
    )
    services.invite(meeting=meeting, organisations=[world["askov"]])
    item = services.agenda_item_add(
        meeting=meeting, data={"title": "Hærværk på legepladsen", "planned_minutes": 30, "minutes": "Hemmeligt udkast."}
    )
    services.outcome_add(item=item, data={"kind": "decision", "text": "Udkast til beslutning"})
    services.outcome_add(
        item=item,
        data={
            "kind": "action",
            "text": "Udkast til handling",
            "owner_organisation": world["askov"],
            "due": datetime.date(2026, 12, 1),
        },
    )
    return meeting


def test_coordinator_cannot_read_draft_minutes(page, live_server, users, world, draft_meeting):
    login(page, live_server, "coordinator", PASSWORD)
    visit(page, draft_meeting.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Dialogplatform november")
    # The agenda is there for the invited; the minutes are not, yet.
    expect(page.get_by_role("heading", name="1. Hærværk på legepladsen")).to_be_visible()
    expect(page.locator("#referat-h")).to_have_text("Referat: kladde (version 1)")
    expect(page.get_by_text("Referatet kan læses her, når det er godkendt og offentliggjort.")).to_be_visible()
    expect(page.get_by_text("Hemmeligt udkast.")).to_have_count(0)
    expect(page.get_by_text("Udkast til beslutning")).to_have_count(0)
    expect(page.get_by_text("Udkast til handling")).to_have_count(0)
    expect(page.get_by_role("link", name="Godkend og offentliggør")).to_have_count(0)

    # Nor does the draft's action item show among Askovgården's actions.
    follow(page, page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Handlinger"))
    expect(page.get_by_text("Udkast til handling")).to_have_count(0)
    expect(page.get_by_text("Ingen handlinger matcher.")).to_be_visible()


def test_minutes_typed_into_two_items_are_both_kept(page, live_server, users, world, draft_meeting):
    """The chief types into two items and saves: both are kept. A text with a CPR number is refused,
    and every text, the other item's and a new outcome's too, stays as typed."""
    services.agenda_item_add(meeting=draft_meeting, data={"title": "Lys på stierne", "planned_minutes": 15})
    login(page, live_server, "chief", PASSWORD)
    visit(page, draft_meeting.get_absolute_url())
    first, second = agenda_item(page, 1, "Hærværk på legepladsen"), agenda_item(page, 2, "Lys på stierne")
    first.get_by_label("Referat af punktet").fill("Legepladsen er repareret.")
    second.get_by_label("Referat af punktet").fill("Kommunen sætter lamper op langs stien.")
    follow(page, page.get_by_role("button", name="Gem referat", exact=True))
    expect(page.locator(".messages")).to_contain_text("Referatet er gemt.")
    expect(first.get_by_label("Referat af punktet")).to_have_value("Legepladsen er repareret.")
    expect(second.get_by_label("Referat af punktet")).to_have_value("Kommunen sætter lamper op langs stien.")

    second.get_by_label("Referat af punktet").fill("Lamperne kommer i marts. Spørg 010190-1234.")
    first.get_by_label("Referat af punktet").fill("Legepladsen er repareret og malet.")
    new = second.locator("[data-outcome]").first
    new.get_by_label("Orientering", exact=True).check()
    new.get_by_label("Udfaldets tekst").fill("TMF orienterede om lamperne.")
    follow(page, page.get_by_role("button", name="Gem referat", exact=True))
    expect(page.locator(".messages")).to_contain_text("Referatet er ikke gemt")
    expect(second.get_by_label("Referat af punktet")).to_have_value("Lamperne kommer i marts. Spørg 010190-1234.")
    expect(first.get_by_label("Referat af punktet")).to_have_value("Legepladsen er repareret og malet.")
    expect(new.get_by_label("Udfaldets tekst")).to_have_value("TMF orienterede om lamperne.")
    expect(new.get_by_label("Orientering", exact=True)).to_be_checked()
    shot(page, "minutes-kept-on-error")

    second.get_by_label("Referat af punktet").fill("Lamperne kommer i marts.")
    follow(page, page.get_by_role("button", name="Gem referat", exact=True))
    expect(page.locator(".messages")).to_contain_text("Referatet er gemt. 1 udfald er tilføjet.")
    minutes = dict(draft_meeting.agenda_items.values_list("title", "minutes"))
    assert minutes == {
        "Hærværk på legepladsen": "Legepladsen er repareret og malet.",
        "Lys på stierne": "Lamperne kommer i marts.",
    }
    assert draft_meeting.agenda_items.get(title="Lys på stierne").outcomes.get().text == "TMF orienterede om lamperne."


def test_the_chief_opens_the_meetings_audit_trail_from_the_meeting_page(page, live_server, world, users):
    login(page, live_server, "chief", PASSWORD)
    visit(page, f"{live_server.url}{world['meeting'].get_absolute_url()}")
    follow(page, page.get_by_role("link", name=re.compile("^Se hvem der har ændret mødet")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Ændringshistorik: {world['meeting'].title}")
    expect(page.locator(".history li").first).to_be_visible()
