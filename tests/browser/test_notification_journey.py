"""Notifications in a real browser: a coordinator raises a case, the chief is told and answers,
the coordinator's bell rises, the notification opens on the answer. Inbox and preferences are
axe-checked (see conftest), on a desktop and on a phone.
"""

import re

from playwright.sync_api import expect

from dialogue.escalations import services as escalations
from tests.browser.conftest import follow, login, shot, visit
from tests.conftest import PASSWORD

TITLE = "Knallerter på stien ved skolen"
ANSWER = "Politiet patruljerer på stien fredag og lørdag aften; SSP tager kontakt til de unge."


def bell(page):
    return page.locator("a.notification-bell")


def test_the_raiser_is_told_of_the_answer_and_lands_on_it(page, phone_page, live_server, users, world):
    # The coordinator raises a case (through the service: the raise form has its own journey).
    case = escalations.escalation_raise(
        initiative=world["initiative"], organisation=world["askov"], by=users["coordinator"],
        data={"title": TITLE, "description": "Unge kører stærkt på stien om aftenen.", "theme": "public_safety"},
    )  # fmt: skip

    # --- The chief sees the bell, opens the inbox and the case, and answers ------------------------------
    chief = page
    login(chief, live_server, "chief", PASSWORD)
    expect(bell(chief)).to_contain_text("1")
    follow(chief, bell(chief))
    expect(chief.get_by_role("heading", level=1)).to_have_text("Beskeder")
    entry = chief.get_by_role("button", name=re.compile(f"Ny sag: {TITLE}"))
    expect(entry).to_be_visible()
    shot(chief, "notifications-inbox-chief")
    follow(chief, entry)
    expect(chief).to_have_url(re.compile(rf"/eskaleringer/{case.pk}/$"))
    expect(bell(chief)).not_to_contain_text("1")
    chief.get_by_label("Svar til den, der rejste sagen").fill(ANSWER)
    chief.get_by_label("Det endelige svar – sagen er løst og lukkes").check()
    follow(chief, chief.get_by_role("button", name="Send svar", exact=True))
    expect(chief.locator(".messages")).to_contain_text("Svaret er sendt til den, der rejste sagen.")

    # --- The coordinator, on a phone, sees the bell rise and lands on the answer ---------------------------
    coord = phone_page
    login(coord, live_server, "coordinator", PASSWORD)
    coord.get_by_role("button", name="Vis menu").click()
    expect(bell(coord)).to_be_visible()
    expect(bell(coord)).to_contain_text("1")
    # The menu is still opening (a transition): go where the bell points rather than click mid-animation.
    visit(coord, live_server.url + bell(coord).get_attribute("href"))
    entry = coord.get_by_role("button", name=re.compile(f"Din sag er løst: {TITLE}"))
    expect(coord.locator(".notification-unread")).to_contain_text("Chief har lukket sagen som løst")
    shot(coord, "notifications-inbox-coordinator-phone")
    follow(coord, entry)
    expect(coord).to_have_url(re.compile(rf"/eskaleringer/{case.pk}/$"))
    answer = coord.locator(".alert-success").filter(has=coord.get_by_role("heading", name="Svar"))
    expect(answer).to_contain_text(ANSWER)

    # --- Preferences: e-mail about meetings off, in one form ----------------------------------------------
    visit(coord, f"{live_server.url}/beskeder/indstillinger/")
    expect(coord.get_by_role("heading", level=1)).to_have_text("Indstillinger for beskeder")
    coord.get_by_label(re.compile(r"^\s*Møder:")).uncheck()
    follow(coord, coord.get_by_role("button", name="Gem", exact=True))
    expect(coord.locator(".messages")).to_contain_text("Dine indstillinger for beskeder er gemt.")
    expect(coord.get_by_label(re.compile(r"^\s*Møder:"))).not_to_be_checked()
    expect(coord.get_by_label(re.compile(r"^\s*Eskaleringer:"))).to_be_checked()
    shot(coord, "notifications-preferences-phone")
