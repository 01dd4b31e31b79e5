"""Finding an actor and its initiative in a real browser; every page is axe-checked (see conftest)."""

import re

import pytest
from playwright.sync_api import expect

from actors.models import Organisation
from tests.browser.conftest import check, follow, login, shot, visit
from tests.conftest import PASSWORD


def test_coordinator_finds_askovgaarden_and_its_initiative(page, live_server, users, world):
    login(page, live_server, "coordinator", PASSWORD)

    nav = page.get_by_role("navigation", name="Hovedmenu")
    follow(page, nav.get_by_role("link", name="Aktører"))
    expect(page).to_have_url(f"{live_server.url}/aktoerer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktører")
    expect(nav.get_by_role("link", name="Aktører")).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("4 organisationer")).to_be_visible()
    shot(page, "directory")

    page.get_by_label("Søg").fill("Askov")
    page.get_by_label("Type").select_option(label="Selvejende institution")
    follow(page, page.get_by_role("button", name="Filtrér"))
    expect(page).to_have_url(re.compile(r"/aktoerer/\?.*q=Askov"))
    expect(page).to_have_url(re.compile(r"kind=institution"))
    expect(page.get_by_text("1 organisation", exact=True)).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Selvejende institution")
    # The filter form keeps what was chosen.
    expect(page.get_by_label("Søg")).to_have_value("Askov")
    expect(page.get_by_label("Type")).to_have_value("institution")
    shot(page, "directory-filtered")

    follow(page, rows.get_by_role("link", name="Askovgården"))
    expect(page).to_have_url(f"{live_server.url}/aktoerer/{world['askov'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Askovgården")
    engagements = page.locator("table").filter(has=page.get_by_role("columnheader", name="Indsats"))
    expect(engagements).to_contain_text("Hotspot Indre Nørrebro")
    expect(engagements).to_contain_text("Børn og unge")
    shot(page, "organisation")

    follow(page, engagements.get_by_role("link", name="Hotspot Indre Nørrebro"))
    expect(page).to_have_url(f"{live_server.url}/indsatser/{world['initiative'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hotspot Indre Nørrebro")
    expect(page.get_by_role("heading", name="Dækning af fagområder")).to_be_visible()
    matrix = page.locator("table.coverage")
    expect(matrix.locator("caption")).to_contain_text("Dækning af fagområder")
    # BUF leads the initiative but has no engagement: its row is flagged.
    buf_row = matrix.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile("^BUF")))
    expect(buf_row.get_by_text("ikke engageret")).to_be_visible()
    # Fields nobody covers are marked "mangler" in the total row (5 of the 8 fields here).
    expect(matrix.locator("tfoot td.gap")).to_have_count(5)
    expect(matrix.locator("tfoot td.gap").first).to_have_text("mangler")
    shot(page, "initiative")


@pytest.fixture
def many_organisations(world):
    Organisation.objects.bulk_create(
        Organisation(name=f"Zeta netværk {i:02d}", kind=Organisation.Kind.NETWORK) for i in range(30)
    )


def test_directory_paginates(page, live_server, users, many_organisations):
    login(page, live_server, "coordinator", PASSWORD)
    visit(page, "/aktoerer/")
    expect(page.get_by_text("34 organisationer")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(25)
    pages = page.get_by_role("navigation", name="Sider")
    expect(pages).to_contain_text("Side 1 af 2")
    expect(pages.get_by_role("link", name="Forrige")).to_have_count(0)

    follow(page, pages.get_by_role("link", name="Næste"))
    expect(page).to_have_url(re.compile(r"/aktoerer/\?page=2$"))
    expect(pages).to_contain_text("Side 2 af 2")
    expect(page.locator("table tbody tr")).to_have_count(9)
    expect(page.get_by_role("link", name="Zeta netværk 29")).to_be_visible()
    expect(pages.get_by_role("link", name="Næste")).to_have_count(0)
    shot(page, "directory-page-2")

    follow(page, pages.get_by_role("link", name="Forrige"))
    expect(pages).to_contain_text("Side 1 af 2")


def assert_no_horizontal_scroll(page):
    # With mobile emulation Chromium zooms out to fit wide content, so innerWidth grows with it;
    # the layout viewport (clientWidth) stays at the phone's width and catches the overflow.
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["inner"], f"{page.url} scrolls sideways on a phone: {widths}"
    assert widths["scroll"] <= widths["client"], f"{page.url} scrolls sideways on a phone: {widths}"


def test_phone_layout(phone_page, live_server, users, world):
    page = phone_page
    login(page, live_server, "coordinator", PASSWORD)

    # The main menu is collapsed behind the menu button.
    toggler = page.get_by_role("button", name="Vis menu")
    directory_link = page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Aktører")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(directory_link).to_be_hidden()
    expect(page.get_by_role("button", name="Log ud")).to_be_hidden()

    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    # Wait for Bootstrap's collapse animation to end before checking and photographing the menu.
    expect(page.locator("#hovedmenu")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    expect(page.locator("#hovedmenu")).not_to_have_class(re.compile("collapsing"))
    expect(directory_link).to_be_visible()
    check(page)  # the opened menu, too
    shot(page, "phone-menu-open")

    follow(page, directory_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktører")
    expect(page.get_by_role("button", name="Vis menu")).to_have_attribute("aria-expanded", "false")
    assert_no_horizontal_scroll(page)
    shot(page, "phone-directory")

    follow(page, page.get_by_role("link", name="Askovgården"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Askovgården")
    assert_no_horizontal_scroll(page)
    shot(page, "phone-organisation")
