"""Inviting a body's members in one step, an invitee's apologies, and papers, in a real browser.

The chief invites every current member of the steering group through the picker and puts a paper
on an agenda item; a member (Askovgården's coordinator, who is Hanne Hansen) sends apologies from
the meeting page the invitation mail links to; after the meeting the chief's attendance form has the
apology preselected. Every page is axe-checked (see conftest).
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import Person, Seat
from dialogue.meetings import services
from dialogue.models import Meeting
from tests.browser.conftest import DESKTOP, _close_page, _open_page, check, follow, login, shot, visit
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4 program for dialogmoedet"


@pytest.fixture
def second_page(browser, live_server, request):
    context, page, ledger = _open_page(browser, live_server, request, viewport=DESKTOP)
    yield page
    _close_page(context, page, ledger, request)


@pytest.fixture
def upcoming(world, users):
    """A meeting in three days with one item and nobody invited; Hanne Hansen (Askovgården's coordinator
    in person) and a post filled by role sit in the steering group."""
    hanne = world["person"]
    hanne.user = users["coordinator"]
    hanne.save(update_fields=["user"])
    post = Person.objects.create(name="Boligsocial koordinator, Blågården", is_placeholder=True)
    Seat.objects.create(person=post, body=world["body"], kind=Seat.Kind.ADMINISTRATIVE)
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = services.meeting_create(
        data={"initiative": world["initiative"], "kind": "steering_group", "title": "Styregruppemøde",
              "start": start, "end": start + datetime.timedelta(hours=2)},
        by=users["chief"],
    )  # fmt: skip
    services.agenda_item_add(meeting=meeting, data={"title": "Lys på stierne"})
    return meeting


def test_chief_invites_a_body_in_one_step_an_invitee_sends_apologies_attendance_starts_from_it(
    page, second_page, live_server, world, users, upcoming, tmp_path
):
    meeting_url = f"{live_server.url}{upcoming.get_absolute_url()}"
    # --- The chief invites the steering group's current members through the picker ------------
    login(page, live_server, "chief", PASSWORD)
    visit(page, meeting_url)
    follow(page, page.get_by_role("link", name="Invitér", exact=True))
    page.get_by_label("Søg efter organisation, person eller organ").fill("Styregruppe Ind")
    page.get_by_label(re.compile("^alle nuværende medlemmer af Styregruppe Indre")).check()
    expect(page.get_by_text("organ · 2 nuværende medlemmer")).to_be_visible()
    check(page)  # the results came by script: check them too
    shot(page, "invite-picker")
    follow(page, page.get_by_role("button", name="Invitér de valgte"))
    expect(page.locator(".messages")).to_contain_text("2 inviteret.")
    rows = page.locator("#inviterede tbody tr")
    expect(rows.filter(has_text="Hanne Hansen")).to_contain_text("intet svar")
    expect(rows.filter(has_text="Boligsocial koordinator, Blågården")).to_contain_text("rolle")

    # --- ... and puts a paper on the item -------------------------------------------------------
    paper = tmp_path / "program.pdf"
    paper.write_bytes(PDF)
    page.locator("#bilag summary").click()
    page.get_by_label("Fil").set_input_files(str(paper))
    page.get_by_label("Hører til").select_option(label="1. Lys på stierne")
    follow(page, page.get_by_role("button", name="Læg op"))
    expect(page.locator(".messages")).to_contain_text("Bilaget er lagt op.")
    expect(page.locator("li.agenda-item").first.get_by_role("link", name="program.pdf", exact=True)).to_be_visible()

    # --- The invitee sends apologies from the page the mail links to ----------------------------
    login(second_page, live_server, "coordinator", PASSWORD)
    visit(second_page, f"{meeting_url}#svar")
    answer = second_page.locator("#svar")
    expect(answer).to_contain_text("Du har ikke svaret endnu.")
    answer.get_by_label("Afbud").check()
    answer.get_by_label("Bemærkning (valgfri)").fill("På ferie; Kasper kommer i stedet")
    follow(second_page, answer.get_by_role("button", name="Send svar"))
    expect(second_page.locator(".messages")).to_contain_text("Tak, dit svar er sendt til mødelederen.")
    expect(second_page.locator("#svar")).to_contain_text("Svar: afbud")
    with second_page.expect_download() as download:
        second_page.get_by_role("link", name="program.pdf", exact=True).click()
    assert download.value.suggested_filename == "program.pdf"
    shot(second_page, "invite-answered")

    # --- The meeting is held; the chief's attendance form starts from the answers ---------------
    Meeting.objects.filter(pk=upcoming.pk).update(
        start=timezone.now() - datetime.timedelta(hours=3), end=timezone.now() - datetime.timedelta(hours=1)
    )
    visit(page, meeting_url)  # held: the page opens on the minutes editor
    hanne = page.get_by_role("radiogroup", name="Hanne Hansen")
    expect(hanne).to_contain_text("Svar: Afbud – På ferie; Kasper kommer i stedet")
    expect(hanne.get_by_label("Afbud")).to_be_checked()
    expect(
        page.get_by_role("radiogroup", name="Boligsocial koordinator, Blågården").get_by_label("Ikke registreret")
    ).to_be_checked()
    shot(page, "attendance-from-answers")
