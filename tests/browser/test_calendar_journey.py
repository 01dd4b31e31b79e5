"""The meeting calendar in a real browser: this month → next month → one of its weeks → a meeting,
on a laptop and on a phone, the feed address copied with one click. Every page is axe-checked."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dialogue.models import Invitation, Meeting
from tests.browser.conftest import check, follow, login, shot, visit
from tests.conftest import PASSWORD


def _next_month(today):
    return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@pytest.fixture
def next_months_meeting(world):
    """A meeting on the 10th of next month at 15:00, Askovgården invited; and a cancelled one the day after."""
    day = _next_month(timezone.localdate()).replace(day=10)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 0)))
    meeting = Meeting.objects.create(initiative=world["initiative"], kind="dialogue_platform", title="Gårdmøde i kalenderen",
                                     start=start, end=start + datetime.timedelta(hours=2), place="Askovgården")  # fmt: skip
    Invitation.objects.create(meeting=meeting, organisation=world["askov"])
    later = start + datetime.timedelta(days=1)
    Meeting.objects.create(initiative=world["initiative"], kind="steering_group", title="Aflyst styregruppe",
                           start=later, end=later + datetime.timedelta(hours=1), cancelled=True)  # fmt: skip
    return meeting


def test_chief_goes_from_this_month_to_next_month_to_its_week_and_opens_the_meeting(page, live_server, users,
                                                                                  next_months_meeting):  # fmt: skip
    login(page, live_server, "chief", PASSWORD)
    follow(page, page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Kalender"))
    expect(page.locator("h1")).to_contain_text(str(timezone.localdate().year))

    follow(page, page.get_by_role("link", name="Næste måned →"))
    meeting_link = page.get_by_role("link", name="15:00 Gårdmøde i kalenderen")
    expect(meeting_link).to_be_visible()
    expect(page.locator(".cal-cancelled")).to_contain_text("aflyst")
    shot(page, "calendar-month")

    week = next_months_meeting.start.astimezone(timezone.get_current_timezone()).isocalendar().week
    follow(page, page.get_by_role("heading", level=2).get_by_role("link", name=f"Uge {week}", exact=True))
    expect(page.locator("h1")).to_contain_text(f"Uge {week}")
    expect(page.get_by_text("Askovgården ·")).to_be_visible()
    shot(page, "calendar-week")

    follow(page, page.get_by_role("link", name="15:00 Gårdmøde i kalenderen"))
    expect(page.locator("h1")).to_contain_text("Gårdmøde i kalenderen")


def test_on_a_phone_the_month_is_a_list_of_the_days_with_meetings(phone_page, live_server, users, next_months_meeting):
    page = phone_page
    login(page, live_server, "coordinator", PASSWORD)
    first = _next_month(timezone.localdate())
    visit(page, f"/kalender/maaned/{first.year}/{first.month}/")

    day = page.locator(".cal-day:visible")
    expect(day).to_have_count(1)  # the cancelled meeting is not Askovgården's, so only the 10th shows
    expect(day.get_by_role("heading")).to_contain_text("10.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "calendar-month-phone")


def test_the_feed_address_is_copied_with_the_button_and_the_status_says_so(page, live_server, users):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])  # 127.0.0.1 is a secure context
    login(page, live_server, "coordinator", PASSWORD)
    visit(page, "/kalender/")
    follow(page, page.get_by_role("button", name="Opret kalenderlink"))

    address = page.get_by_label("Adresse til din kalender")
    expect(address).to_have_attribute("readonly", "")
    page.get_by_role("button", name="Kopiér adressen").click()

    expect(page.get_by_role("status").filter(has_text="kopieret")).to_have_text("Adressen er kopieret.")
    assert page.evaluate("navigator.clipboard.readText()") == address.input_value()
    check(page)
