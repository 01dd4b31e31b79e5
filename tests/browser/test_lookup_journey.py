"""A lookup select in the browser: the chief searches a crowded directory and picks one organisation.

With thousands of organisations no select lists them all: typing fills the select with matches from
the lookup endpoint; the chief chooses one and saves. The same form without JavaScript is tested in
tests/actors/test_lookup.py.
"""

from playwright.sync_api import expect

from actors.models import Organisation
from dialogue.models import Invitation
from tests.browser.conftest import check, follow, login, shot, visit
from tests.conftest import PASSWORD


def test_the_chief_finds_a_walk_in_organisation_among_hundreds_by_typing(page, live_server, world, users):
    Organisation.objects.bulk_create(
        Organisation(name=f"Beboerforening {n:03d}", kind=Organisation.Kind.HOUSING_ORGANISATION) for n in range(300)
    )
    login(page, live_server, "chief", PASSWORD)
    visit(page, f"{live_server.url}/moeder/{world['meeting'].pk}/fremmoede/")
    select = page.locator("select[name=add-organisation]")
    expect(select.locator("option")).to_have_count(1)  # nothing listed before a search
    search = page.locator("input[name=add-organisation__q]")
    search.fill("beboerforening")
    expect(page.get_by_text("Mange passer")).to_be_visible()
    expect(select.locator("option")).to_have_count(21)  # "none chosen" and the first 20
    search.fill("teknik miljø")
    expect(select.locator("option")).to_have_count(2)
    expect(page.get_by_text("1 passer – vælg i listen.")).to_be_visible()
    expect(select).to_have_value(str(world["tmf"].pk))  # the only match is chosen
    check(page)
    page.get_by_label("Kom uden invitation").check()
    shot(page, "lookup-attendance")
    follow(page, page.get_by_role("button", name="Registrér som til stede"))
    expect(page.get_by_text("Fremmødet er registreret.")).to_be_visible()
    walk_in = world["meeting"].invitations.get(organisation=world["tmf"])
    assert walk_in.walk_in and walk_in.attendance == Invitation.Attendance.PRESENT
