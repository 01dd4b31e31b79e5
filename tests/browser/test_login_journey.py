"""Signing in and out in a real browser; every page on the way is axe-checked (see conftest)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import check, follow, login, shot, visit
from tests.conftest import PASSWORD

LOGIN_PATH = "/konto/login/"
WRONG = "Brugernavn eller adgangskode er forkert. Prøv igen."


def login_url(live_server):
    return re.compile(re.escape(live_server.url + LOGIN_PATH))


def test_anonymous_front_page_redirects_to_login(page, live_server, users):
    visit(page, "/")
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}{LOGIN_PATH}?next=/")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    # Nothing of the signed-in header is shown to an anonymous visitor.
    expect(page.get_by_role("button", name="Log ud")).to_have_count(0)
    shot(page, "login")


def test_wrong_password_shows_danish_error_and_keeps_username(page, live_server, users):
    visit(page, LOGIN_PATH)
    page.get_by_label("Brugernavn").fill("coordinator")
    page.get_by_label("Adgangskode").fill("not-the-password")
    follow(page, page.get_by_role("button", name="Log ind", exact=True))

    expect(page).to_have_url(login_url(live_server))
    expect(page.get_by_role("alert")).to_have_text(WRONG)
    expect(page.get_by_label("Brugernavn")).to_have_value("coordinator")
    expect(page.get_by_label("Adgangskode")).to_have_value("")
    shot(page, "login-error")


def test_login_shows_name_and_role_then_logout_returns_to_login(page, live_server, users):
    login(page, live_server, "coordinator", PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Coordinator")
    header = page.locator("header")
    menu = header.get_by_role("button", name="Coordinator")
    expect(menu).to_be_visible()
    menu.click()
    expect(header.get_by_text("Lokal koordinator (Hotspot Indre Nørrebro · Askovgården)")).to_be_visible()
    check(page)  # the open user menu is part of the page too
    expect(page.get_by_role("link", name="Hotspot Indre Nørrebro")).to_be_visible()
    shot(page, "front-page")

    follow(page, header.get_by_role("button", name="Log ud"))
    expect(page).to_have_url(login_url(live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")

    # The session is gone: the front page sends us back to the login page.
    visit(page, "/")
    expect(page).to_have_url(login_url(live_server))


def test_login_with_keyboard_only(page, live_server, users):
    visit(page, LOGIN_PATH)

    # The login form focuses the username field on load (autofocus); without it, Tab gets there.
    username = page.get_by_label("Brugernavn")
    for _ in range(5):
        if username.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(username).to_be_focused()
    page.keyboard.type("coordinator")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Adgangskode")).to_be_focused()
    page.keyboard.type(PASSWORD)
    follow(page, lambda: page.keyboard.press("Enter"))  # Enter in the password field submits

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Coordinator")

    # On the front page the first Tab reaches the skip link, visible while focused; Enter jumps to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Gå til indhold")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#indhold")).to_be_focused()
