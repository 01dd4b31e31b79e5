"""The chief of an initiative ending in five months hands it over and closes it, in a real browser.

Every thing on the hand-over list gets a decision; closing is refused while one is left; once closed,
the initiative refuses a new meeting. Every page is axe-checked (see conftest).
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import Initiative
from tests.browser.conftest import follow, login, shot, visit
from tests.conftest import PASSWORD


def test_chief_works_through_the_hand_over_and_closes_the_initiative(page, live_server, users, world):
    initiative = world["initiative"]
    initiative.end = timezone.localdate() + relativedelta(months=5)
    initiative.save()
    login(page, live_server, "chief", PASSWORD)
    visit(page, initiative.get_absolute_url())
    expect(page.locator("dl.meta")).to_contain_text("Afsluttes (sidste seks måneder)")
    follow(page, page.get_by_role("link", name="Overdragelse", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Overdragelse: {initiative}")
    rows = page.locator("table.handover tr.handover-thing")
    expect(rows).to_have_count(5)  # an action item, a case, a series, an indicator, a body link
    shot(page, "handover-list")

    def decide(row_index, decision, recipient=None, note=""):
        row = rows.nth(row_index)
        row.get_by_label("Beslutning").select_option(label=decision)
        if recipient:
            row.get_by_label("Overtages af").select_option(label=recipient)
        row.get_by_label("Note").fill(note)
        follow(page, row.get_by_role("button", name="Gem"))
        expect(page.locator(".messages")).to_contain_text("Gemt:")

    decide(0, "Overdraget", "Askovgården", "Borgerdialogen fortsætter i områdefornyelsen")
    decide(1, "Forankret i forvaltningens drift", "Teknik- og Miljøforvaltningen")
    decide(2, "Afsluttet")
    decide(3, "Afsluttet", note="Måles fremover i tryghedsundersøgelsen")
    expect(page.get_by_text("1 mangler beslutning")).to_be_visible()

    follow(page, page.get_by_role("link", name="Afslut indsatsen").first)
    expect(page.locator(".alert-warning")).to_contain_text("1 punkt på overdragelseslisten mangler en beslutning.")
    page.get_by_label("Jeg bekræfter").check()
    follow(page, page.get_by_role("button", name="Afslut indsatsen"))
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text("mangler en beslutning")
    assert not Initiative.objects.get(pk=initiative.pk).is_closed

    follow(page, page.get_by_role("link", name="Gå til listen"))
    decide(4, "Overdraget", "Styregruppe Indre")
    follow(page, page.get_by_role("link", name="Afslut indsatsen").first)
    page.get_by_label("Afslutningsnote").fill("Opgaverne er overdraget til områdefornyelsen og SSP.")
    page.get_by_label("Jeg bekræfter").check()
    follow(page, page.get_by_role("button", name="Afslut indsatsen"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Overdragelsesrapport: {initiative}")
    expect(page.locator(".messages")).to_contain_text("er afsluttet")
    expect(page.locator("table tbody tr")).to_have_count(5)
    shot(page, "handover-report")

    # Afterwards the initiative takes no new meeting: the only one the chief runs is closed.
    visit(page, "/moeder/")
    follow(page, page.get_by_role("link", name="Nyt møde"))
    expect(page.locator(".messages")).to_contain_text("afsluttet og tager ikke imod nye møder")
    # The receiving organisation's page shows what it took over.
    visit(page, world["askov"].get_absolute_url())
    section = page.locator("#overtaget")
    expect(section).to_be_visible()
    expect(page.get_by_text("Borgerdialogen fortsætter i områdefornyelsen")).to_be_visible()
    assert Initiative.objects.get(pk=initiative.pk).closed_at.date() <= datetime.date.today()
