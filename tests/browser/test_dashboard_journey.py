"""An administrator reads an initiative's dashboard and drills down, in a real browser (axe-checked)."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from dialogue.models import Escalation
from tests.browser.conftest import follow, login, shot, visit
from tests.conftest import PASSWORD


def test_administrator_follows_a_breached_number_to_the_cases_behind_it(page, live_server, users, world):
    # Raised in 2013, in the initiative's period, and long overdue.
    Escalation.objects.filter(pk=world["escalation"].pk).update(created="2013-05-01T10:00Z", sla_due="2013-05-03")
    login(page, live_server, "administrator", PASSWORD)
    visit(page, world["initiative"].get_absolute_url())
    follow(page, page.get_by_role("link", name="Overblik", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Overblik: {world['initiative']}")
    page.get_by_label("Periode", exact=True).select_option(label="Hele indsatsen")
    follow(page, page.get_by_role("button", name="Vis", exact=True))
    shot(page, "dashboard-initiative")
    row = page.locator("section[aria-labelledby=h-esc] tbody tr").first
    expect(row).to_contain_text("Lokal dialogplatform")
    with page.expect_download() as download:
        page.locator("section[aria-labelledby=h-esc]").get_by_role("link", name="Excel").click()
    rows = list(load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active.iter_rows(values_only=True))
    assert rows[1][4] == 1  # one breached case on level 1, as a number
    follow(page, row.locator("td").nth(2).get_by_role("link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Indbakke: eskaleringer")
    expect(page.get_by_role("status").first).to_contain_text("1 åben sag")
    expect(page.get_by_role("link", name="Mørk gård ved Stengade")).to_be_visible()
