"""Escalations in a real browser: raise, triage, answer; escalate to the forum and decide there.

Journey 1 (the issue): Helhedsplan Mjølnerparken's coordinator raises a case about broken
lighting in a courtyard, with a photo; the chief acknowledges it and sends it to TMF; TMF's
liaison answers; the coordinator sees the answer. Journey 2: the chief lifts a level-2 case to
the forum (level 3), puts it on the forum meeting's agenda, and the decision there resolves it.
Lastly two chiefs triage the same case from stale pages: the second is told, nothing is lost.
Every page is axe-checked (see conftest).
"""

import datetime
import re

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import Page, expect

from actors.models import Body, Engagement, Organisation, Role
from dialogue.escalations import services as escalations
from dialogue.meetings import services
from dialogue.models import Escalation, LadderLevel, Meeting
from tests.browser.conftest import DESKTOP, _close_page, _open_page, follow, login, shot, visit
from tests.conftest import PASSWORD, PNG_BYTES, make_user

TITLE = "Lyset i gården er gået ud"
DESCRIPTION = "Tre lamper i gården bag opgang 12 har været slukket i to uger. Beboerne går uden om gården om aftenen."
STREET = "Gården ved Mjølnerparken 12"
ANSWER = "TMF har bestilt nye armaturer; de sættes op i uge 48. Indtil da står der byggelys i gården."
JUSTIFICATION = "Styregruppen kan ikke finde midler; sagen kræver en beslutning i forummet."
DECISION = "Boligsocialt Forum bevilger belysning til gården ved Stengade af puljen for 2027."
STALE_WARNING = "lige blevet ændret af en anden"


def _another_page(browser, live_server, request):
    """Another browser (own context: own cookies) at desktop size, with the same axe ledger as `page`."""
    context, page, ledger = _open_page(browser, live_server, request, viewport=DESKTOP)
    return context, page, ledger


@pytest.fixture
def second_page(browser, live_server, request):
    context, page, ledger = _another_page(browser, live_server, request)
    yield page
    _close_page(context, page, ledger, request)


@pytest.fixture
def third_page(browser, live_server, request):
    context, page, ledger = _another_page(browser, live_server, request)
    yield page
    _close_page(context, page, ledger, request)


@pytest.fixture
def mjolnerparken(world):
    """A master plan engaged in the initiative, with a coordinator of its own."""
    org = Organisation.objects.create(name="Helhedsplan Mjølnerparken", kind=Organisation.Kind.MASTER_PLAN)
    Engagement.objects.create(
        initiative=world["initiative"],
        organisation=org,
        start=datetime.date(2011, 3, 1),
        professional_fields=["physical_environment"],
    )
    user = make_user("mjoelner")
    Role.objects.create(user=user, kind=Role.Kind.COORDINATOR, organisation=org, initiative=world["initiative"])
    # The world's own case is due later, so the new one tops the chief's inbox.
    Escalation.objects.filter(pk=world["escalation"].pk).update(sla_due=F("sla_due") + datetime.timedelta(days=30))
    return {"organisation": org, "coordinator": user}


@pytest.fixture
def forum_meeting(world):
    """Level 3 of the ladder is a forum body, which has an upcoming meeting in the initiative (a case is put
    only on a meeting still to come of the body at its level)."""
    forum = Body.objects.create(name="Boligsocialt Forum Nørrebro", kind=Body.Kind.FORUM)
    LadderLevel.objects.filter(initiative=world["initiative"], level=3).update(body=forum)
    start = (timezone.now() + datetime.timedelta(days=3)).replace(hour=15, minute=0, second=0, microsecond=0)
    return services.meeting_create(
        data={
            "initiative": world["initiative"],
            "body": forum,
            "kind": "forum",
            "title": "Boligsocialt Forum marts",
            "start": start,
            "end": start + datetime.timedelta(hours=2),
        },
        by=None,
    )


@pytest.fixture
def at_level_2(world):
    escalation = world["escalation"]
    return escalations.escalation_escalate(
        escalation=escalation,
        by=None,
        justification="Den lokale dialogplatform kan ikke løse det.",
        version=escalation.version,
        to_level=2,
    )


def nav(page: Page):
    return page.get_by_role("navigation", name="Hovedmenu")


def field(page: Page, label: str):
    """The form field labelled exactly `label` (crispy appends "*" to required fields' labels)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def status_badge(page: Page):
    return page.get_by_role("heading", level=1).locator(".badge")


def meta_value(page: Page, term: str):
    return page.locator("dl.meta dt", has_text=re.compile(f"^{term}$")).locator("xpath=following-sibling::dd[1]")


def timeline_kinds(page: Page):
    return page.locator("ol.timeline > li > strong")


def test_coordinator_raises_chief_assigns_liaison_answers(
    page, second_page, third_page, live_server, users, world, mjolnerparken
):
    # --- The master plan's coordinator raises the problem, with a photo ---------------------------
    coord = page
    login(coord, live_server, "mjoelner", PASSWORD)
    follow(coord, nav(coord).get_by_role("link", name="Eskaleringer"))
    expect(coord.get_by_role("heading", level=1)).to_have_text("Mine eskaleringer")
    expect(coord.get_by_text("Din organisation har ikke rejst nogen sager endnu.")).to_be_visible()
    follow(coord, coord.get_by_role("link", name="Rejs et problem"))
    expect(coord.get_by_role("heading", level=1)).to_have_text("Rejs et problem")
    expect(coord.get_by_text("Du rejser sagen på vegne af Helhedsplan Mjølnerparken.")).to_be_visible()

    expect(coord.locator("input[name=initiative]")).to_have_value(
        str(world["initiative"].pk)
    )  # one choice: filled in, hidden
    coord.get_by_label("Overskrift").fill(TITLE)
    coord.get_by_label("Kategori").select_option("general")
    coord.get_by_label("Beskrivelse").fill(DESCRIPTION)
    coord.get_by_label("Tema").select_option(label="Fysisk miljø (belysning, oversigt, renhold)")
    department = coord.get_by_label("Forvaltning")
    expect(department.locator("option:checked")).to_have_text("Ved ikke – hotspotchefen sender sagen videre")
    coord.get_by_label("Sted (gade, gård, sti)").fill(STREET)
    coord.get_by_label("Foto eller PDF (valgfrit)").set_input_files(
        {"name": "gaarden-mjoelner.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    shot(coord, "escalation-raise-form")
    follow(coord, coord.get_by_role("button", name="Rejs sagen"))

    expect(coord).to_have_url(re.compile(r"/eskaleringer/\d+/$"))
    case_url = coord.url
    expect(coord.locator(".messages")).to_contain_text("Sagen er rejst.")
    expect(coord.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(status_badge(coord)).to_have_text("Ny")
    expect(meta_value(coord, "Rejst af")).to_contain_text("Helhedsplan Mjølnerparken")
    expect(meta_value(coord, "Forvaltning")).to_have_text("ved ikke – hotspotchefen visiterer sagen")
    expect(meta_value(coord, "Sted")).to_have_text(STREET)
    photo = coord.get_by_role("link", name="gaarden-mjoelner.png")
    expect(photo).to_be_visible()
    # The raiser does not triage.
    expect(coord.get_by_role("heading", name="Visitering")).to_have_count(0)
    expect(coord.get_by_role("button", name="Send svar", exact=True)).to_have_count(0)

    # --- The chief: inbox, acknowledge, send to TMF ------------------------------------------------
    chief = second_page
    login(chief, live_server, "chief", PASSWORD)
    follow(chief, nav(chief).get_by_role("link", name="Eskaleringer"))
    expect(chief.get_by_role("heading", level=1)).to_have_text("Indbakke: eskaleringer")
    expect(chief.get_by_role("status").filter(has_text="åbne sager")).to_have_text("2 åbne sager")
    rows = chief.locator("tbody tr")
    expect(rows).to_have_count(2)
    # Nearest deadline first: the new case must be acknowledged before the old one is due.
    expect(rows.first.get_by_role("link")).to_have_text(re.compile(TITLE))
    expect(rows.nth(1).get_by_role("link")).to_have_text(re.compile(world["escalation"].title))
    row = rows.filter(has=chief.get_by_role("link", name=re.compile(TITLE)))
    expect(row).to_contain_text("Helhedsplan Mjølnerparken")
    expect(row).to_contain_text("kvittering")
    follow(chief, row.get_by_role("link", name=re.compile(TITLE)))
    expect(chief).to_have_url(case_url)
    expect(chief.get_by_role("heading", name="Visitering")).to_be_visible()
    shot(chief, "escalation-case-chief-triage")

    follow(chief, chief.get_by_role("button", name="Kvittér for modtagelse"))
    expect(chief.locator(".messages")).to_contain_text("Sagen er kvitteret.")
    expect(status_badge(chief)).to_have_text("Kvitteret")
    expect(chief.get_by_role("button", name="Kvittér for modtagelse")).to_have_count(0)

    field(chief, "Forvaltning").select_option(label="Teknik- og Miljøforvaltningen")
    follow(chief, chief.get_by_role("button", name="Send til forvaltningen"))
    expect(chief.locator(".messages")).to_contain_text("Sagen er sendt til forvaltningen.")
    expect(status_badge(chief)).to_have_text("Sendt til forvaltning")
    expect(meta_value(chief, "Forvaltning")).to_have_text("Teknik- og Miljøforvaltningen")

    # --- TMF's liaison answers from the department's queue -----------------------------------------
    liaison = third_page
    login(liaison, live_server, "liaison", PASSWORD)
    follow(liaison, nav(liaison).get_by_role("link", name="Eskaleringer"))
    expect(liaison.get_by_role("heading", level=1)).to_have_text("Forvaltningens kø")
    expect(liaison.get_by_text("1 åben sag", exact=True)).to_be_visible()
    queue_row = liaison.locator("tbody tr").filter(has=liaison.get_by_role("link", name=re.compile(TITLE)))
    expect(queue_row).to_contain_text("Sendt til forvaltning")
    expect(queue_row).to_contain_text("løsning")
    shot(liaison, "escalation-liaison-queue")
    follow(liaison, queue_row.get_by_role("link", name=re.compile(TITLE)))
    expect(liaison).to_have_url(case_url)
    # The department works the case; it does not triage it.
    expect(liaison.get_by_role("heading", name="Visitering")).to_have_count(0)
    liaison.get_by_label("Svar til den, der rejste sagen").fill(ANSWER)
    # Closing the case is a choice the liaison makes; a partial answer is what the form starts from.
    expect(liaison.get_by_label("Et delsvar – sagen forbliver åben")).to_be_checked()
    liaison.get_by_label("Det endelige svar – sagen er løst og lukkes").check()
    follow(liaison, liaison.get_by_role("button", name="Send svar", exact=True))
    expect(liaison.locator(".messages")).to_contain_text("Svaret er sendt til den, der rejste sagen.")
    expect(status_badge(liaison)).to_have_text("Løst")
    expect(liaison.get_by_role("heading", name="Behandling")).to_have_count(0)

    # --- The coordinator reloads the case and reads the answer ---------------------------------------
    visit(coord, case_url)
    expect(status_badge(coord)).to_have_text("Løst")
    answer = coord.locator(".alert-success").filter(has=coord.get_by_role("heading", name="Svar"))
    expect(answer).to_contain_text(ANSWER)
    expect(timeline_kinds(coord)).to_have_text(["Rejst", "Kvitteret", "Sendt til forvaltning", "Løst"])
    expect(coord.locator("ol.timeline > li").nth(2)).to_contain_text("Til Teknik- og Miljøforvaltningen")
    expect(coord.get_by_role("button", name="Genåbn sagen")).to_be_visible()
    shot(coord, "escalation-resolved-coordinator")

    href = coord.get_by_role("link", name="gaarden-mjoelner.png").get_attribute("href")
    response = coord.request.get(href)
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "image/png"
    assert response.body() == PNG_BYTES


def test_chief_escalates_to_forum_and_a_decision_resolves_the_case(
    page, live_server, users, world, at_level_2, forum_meeting
):
    case = world["escalation"]
    login(page, live_server, "chief", PASSWORD)
    follow(page, nav(page).get_by_role("link", name="Eskaleringer"))
    row = page.locator("tbody tr").filter(has=page.get_by_role("link", name=re.compile(case.title)))
    expect(row.locator("td").nth(5)).to_have_text("2")  # (tick box), Frist, Sag, Fra, Indsats, Niveau
    follow(page, row.get_by_role("link", name=re.compile(case.title)))
    case_url = page.url
    expect(page.locator("ol.ladder li[aria-current=step]")).to_contain_text("Hotspotchef og styregruppe")

    # --- Lift to level 3 -------------------------------------------------------------------------------
    page.get_by_label("Begrundelse for at løfte sagen").fill(JUSTIFICATION)
    follow(page, page.get_by_role("button", name="Løft til niveau 3"))
    expect(page.locator(".messages")).to_contain_text("Sagen er løftet et niveau op.")
    expect(status_badge(page)).to_have_text("Ny")
    current = page.locator("ol.ladder li[aria-current=step]")
    expect(current).to_have_count(1)
    expect(current).to_contain_text("Boligsocialt Forum – Boligsocialt Forum Nørrebro")
    expect(current).to_contain_text("her er sagen nu")
    expect(page.locator("ol.ladder > li").nth(2)).to_have_attribute("aria-current", "step")
    expect(page.get_by_role("button", name=re.compile("^Løft til niveau"))).to_have_count(0)
    last = page.locator("ol.timeline > li").last
    expect(last).to_contain_text("Eskaleret")
    expect(last).to_contain_text("Fra niveau 2 til 3")
    expect(last).to_contain_text(JUSTIFICATION)
    shot(page, "escalation-level-3-chief")

    # --- On the forum meeting's agenda ------------------------------------------------------------------
    field(page, "Møde").select_option(label=str(forum_meeting))
    follow(page, page.get_by_role("button", name="Sæt på dagsordenen"))
    expect(page.locator(".messages")).to_contain_text("Sagen er sat på dagsordenen.")
    expect(status_badge(page)).to_have_text("På dagsorden")
    agenda_event = page.locator("ol.timeline > li").last
    expect(agenda_event).to_contain_text("Sat på dagsorden")
    # The day of the meeting comes: a decision is recorded once the meeting has begun.
    begun = timezone.now() - datetime.timedelta(hours=1)
    Meeting.objects.filter(pk=forum_meeting.pk).update(start=begun, end=begun + datetime.timedelta(hours=2))
    follow(page, agenda_event.get_by_role("link", name=str(forum_meeting)))
    expect(page).to_have_url(re.compile(rf"/moeder/{forum_meeting.pk}/#punkt-\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Boligsocialt Forum marts")

    item = page.locator("li.agenda-item").filter(has=page.get_by_role("heading", name=f"1. {case.title}"))
    expect(item).to_have_count(1)
    new = item.locator("[data-outcome]").first
    new.get_by_label("Beslutning", exact=True).check()
    new.get_by_label("Udfaldets tekst").fill(DECISION)
    follow(page, page.get_by_role("button", name="Gem referat", exact=True))
    expect(page.locator(".messages")).to_contain_text("Referatet er gemt. 1 udfald er tilføjet.")
    expect(item.locator("li.outcome-decision")).to_contain_text(DECISION)

    # --- Back on the case: resolved by the decision ------------------------------------------------------
    visit(page, case_url)
    expect(status_badge(page)).to_have_text("Løst")
    answer = page.locator(".alert-success").filter(has=page.get_by_role("heading", name="Svar"))
    expect(answer).to_contain_text(DECISION)
    expect(answer).to_contain_text("Afgjort ved beslutning på")
    expect(timeline_kinds(page).last).to_have_text("Løst")
    expect(page.get_by_role("heading", name="Visitering")).to_have_count(0)
    # The decision on a page of its own, with a link on to the meeting for those who may open it.
    follow(page, answer.get_by_role("link", name="læs beslutningen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Beslutningen, der afgjorde sagen")
    expect(page.locator("#h-decision").locator("xpath=..")).to_contain_text(DECISION)
    follow(page, page.get_by_role("link", name=forum_meeting.title))
    expect(page.get_by_role("heading", level=1)).to_have_text("Boligsocialt Forum marts")


def test_second_chief_with_a_stale_page_is_told_and_nothing_is_lost(page, second_page, live_server, users, world):
    chief2 = make_user("chief2")
    Role.objects.create(user=chief2, kind=Role.Kind.CHIEF, initiative=world["initiative"])
    case_url = world["escalation"].get_absolute_url()

    login(page, live_server, "chief", PASSWORD)
    visit(page, case_url)
    login(second_page, live_server, "chief2", PASSWORD)
    visit(second_page, case_url)

    field(page, "Forvaltning").select_option(label="Teknik- og Miljøforvaltningen")
    follow(page, page.get_by_role("button", name="Send til forvaltningen"))
    expect(page.locator(".messages")).to_contain_text("Sagen er sendt til forvaltningen.")

    # The second chief still sees "Ny" and sends the case elsewhere without reloading.
    expect(status_badge(second_page)).to_have_text("Ny")
    field(second_page, "Forvaltning").select_option(label="Børne- og Ungdomsforvaltningen")
    follow(second_page, second_page.get_by_role("button", name="Send til forvaltningen"))
    expect(second_page.locator(".messages .alert-warning")).to_contain_text(STALE_WARNING)
    expect(second_page.locator(".messages")).not_to_contain_text("Sagen er sendt til forvaltningen.")
    expect(status_badge(second_page)).to_have_text("Sendt til forvaltning")
    expect(meta_value(second_page, "Forvaltning")).to_have_text("Teknik- og Miljøforvaltningen")
    assigned = [li for li in timeline_kinds(second_page).all_inner_texts() if li == "Sendt til forvaltning"]
    assert assigned == ["Sendt til forvaltning"]


def test_a_coordinators_photo_survives_a_validation_error_and_ends_on_the_case(
    page, live_server, users, world, mjolnerparken
):
    coord = page
    login(coord, live_server, "mjoelner", PASSWORD)
    visit(coord, "/eskaleringer/ny/")
    coord.get_by_label("Overskrift").fill(TITLE)
    coord.get_by_label("Tema").select_option(label="Fysisk miljø (belysning, oversigt, renhold)")
    coord.get_by_label("Foto eller PDF (valgfrit)").set_input_files(
        {"name": "gaarden-mjoelner.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    # The description is forgotten: the form comes back with an error, the photo held.
    follow(coord, coord.get_by_role("button", name="Rejs sagen"))
    banner = coord.get_by_role("alert").filter(has_text="Sagen er ikke rejst.")
    expect(banner).to_contain_text("det, du har skrevet, er bevaret")
    expect(banner).to_contain_text("Den vedhæftede fil (gaarden-mjoelner.png) er også gemt.")
    expect(coord.locator(".kept-upload")).to_contain_text("Vedhæftet: gaarden-mjoelner.png — beholdes")
    expect(coord.get_by_label("Fjern den vedhæftede fil")).not_to_be_checked()
    expect(coord.get_by_label("Overskrift")).to_have_value(TITLE)
    shot(coord, "escalation-raise-form-photo-kept")

    # Fixed, and sent without choosing the photo again.
    coord.get_by_label("Beskrivelse").fill(DESCRIPTION)
    follow(coord, coord.get_by_role("button", name="Rejs sagen"))
    expect(coord).to_have_url(re.compile(r"/eskaleringer/\d+/$"))
    expect(coord.locator(".messages")).to_contain_text("Sagen er rejst.")
    photo = coord.get_by_role("link", name="gaarden-mjoelner.png")
    expect(photo).to_be_visible()
    response = coord.request.get(photo.get_attribute("href"))
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "image/png"
    assert response.body() == PNG_BYTES
    case = Escalation.objects.get(title=TITLE)
    assert [a.original_name for a in case.attachments.all()] == ["gaarden-mjoelner.png"]


def test_the_liaison_gives_the_case_to_a_handler_and_keeps_an_internal_note(
    page, second_page, live_server, users, world
):
    handler = make_user("jens", last_name="Vej")
    Role.objects.create(user=handler, kind=Role.Kind.LIAISON, organisation=world["tmf"])
    case = world["escalation"]
    Escalation.objects.filter(pk=case.pk).update(raised_by=users["coordinator"])
    escalations.escalation_assign(escalation=case, department=world["tmf"], by=users["chief"], version=case.version)
    note = "Driften har ikke budget før januar – tal med vejchefen."

    liaison = page
    login(liaison, live_server, "liaison", PASSWORD)
    visit(liaison, case.get_absolute_url())
    field(liaison, "Sagsbehandler").select_option(label="Jens Vej")
    follow(liaison, liaison.get_by_role("button", name="Giv sagen til sagsbehandleren"))
    expect(liaison.locator(".messages")).to_contain_text("Sagsbehandleren er sat på sagen.")
    expect(liaison.locator(".case-holder")).to_contain_text("Behandles af Jens Vej.")
    expect(meta_value(liaison, "Behandles af")).to_have_text("Jens Vej")
    liaison.get_by_label("Intern note").fill(note)
    follow(liaison, liaison.get_by_role("button", name="Gem intern note"))
    notes = liaison.locator("section.internal-notes")
    expect(notes).to_contain_text(note)
    shot(liaison, "escalation-case-handler-and-note")

    visit(liaison, "/eskaleringer/koe/")
    expect(liaison.locator("tbody tr").filter(has_text=case.title)).to_contain_text("Behandles af Jens Vej")

    coord = second_page
    login(coord, live_server, "coordinator", PASSWORD)
    visit(coord, case.get_absolute_url())
    expect(coord.locator(".case-holder")).to_contain_text("Behandles af Jens Vej.")
    expect(coord.get_by_role("heading", name="Interne noter")).to_have_count(0)
    expect(coord.get_by_text(note)).to_have_count(0)
