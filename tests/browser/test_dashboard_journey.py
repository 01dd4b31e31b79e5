"""An administrator reads an initiative's dashboard and drills down, in a real browser (axe-checked)."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from actors.models import Area
from dialogue.escalations import services as escalations
from dialogue.models import Escalation, LadderLevel
from tests.browser.conftest import check, follow, login, shot, visit
from tests.conftest import PASSWORD


def test_administrator_follows_a_breached_number_to_the_cases_behind_it(page, live_server, users, world):
    # Raised in 2013, in the initiative's period, and long overdue.
    Escalation.objects.filter(pk=world["escalation"].pk).update(created="2013-05-01T10:00Z", sla_due="2013-05-03")
    login(page, live_server, "administrator", PASSWORD)
    visit(page, world["initiative"].get_absolute_url())
    follow(page, page.get_by_role("navigation", name="Indsatsens sider").get_by_role("link", name="Overblik"))
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


def test_administrator_compares_initiatives_and_drills_down(page, live_server, users, world):
    """The overview: pick Hotspot Ydre Nørrebro by its area, follow the red coverage cell to a department
    that is not engaged, then the SLA-breach number to the case behind it, and export the table."""
    ydre = world["other_initiative"]
    ydre.areas.add(Area.objects.create(name="Politikreds 12", kind=Area.Kind.DISTRICT))
    LadderLevel.objects.create(initiative=ydre, level=1, name="Lokalt", ack_days=2, resolve_days=10)
    case = escalations.escalation_raise(
        initiative=ydre, organisation=world["other_org"], by=None,
        data={"title": "Knallertkørsel i Nørrebroparken", "description": "Hver aften.", "theme": "public_safety"},
    )  # fmt: skip
    Escalation.objects.filter(pk=case.pk).update(created="2013-09-02T10:00Z", sla_due="2013-09-06")

    login(page, live_server, "administrator", PASSWORD)
    follow(page, page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Overblik", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Overblik over indsatserne")
    page.get_by_label("Periode", exact=True).select_option(label="Hele indsatsen")
    page.get_by_label("Område", exact=True).select_option(label="Politikreds 12")
    follow(page, page.get_by_role("button", name="Vis", exact=True))
    shot(page, "overview-filtered")
    rows = page.locator("table.overview-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Hotspot Ydre Nørrebro")

    # The red coverage cell: Sjakket covers no field, so every field is a gap; the departments are not engaged.
    gaps = rows.first.locator("td.cell-bad").first
    follow(page, gaps.get_by_role("link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Overblik: Hotspot Ydre Nørrebro")
    missing = page.locator("section[aria-labelledby=h-coverage] tr.not-engaged").first
    expect(missing).to_contain_text("ikke engageret")
    department = missing.get_by_role("link").inner_text()
    follow(page, missing.get_by_role("link"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(department.split()[0])

    # Back to the overview, and the breached number to the list behind it.
    page.go_back()
    check(page)
    page.go_back()
    check(page)
    breached = page.locator("table.overview-table tbody tr").first.locator("td").nth(5)
    expect(breached).to_have_text("1")
    follow(page, breached.get_by_role("link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Indbakke: eskaleringer")
    expect(page.get_by_role("link", name="Knallertkørsel i Nørrebroparken")).to_be_visible()
    shot(page, "overview-breached-list")

    page.go_back()
    check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    table = list(load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active.iter_rows(values_only=True))
    assert table[1][0] == "Hotspot Ydre Nørrebro" and table[1][10] == 1  # breached, as a number
