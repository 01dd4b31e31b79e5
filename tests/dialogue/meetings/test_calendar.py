"""The calendar pages: meetings by month and by ISO week, with links to move about and a filter."""

import datetime

import pytest
from django.urls import reverse

from dialogue.meetings import calendar_grid as grid
from dialogue.models import Invitation, Meeting
from tests.conftest import assert_query_budget
from tests.dialogue.meetings.test_ical import make_meeting

CPH = datetime.timezone(datetime.timedelta(hours=1))  # Copenhagen in winter


def month_url(year, month, **query):
    url = reverse("dialogue:calendar_month", args=[year, month])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def week_url(year, week):
    return reverse("dialogue:calendar_week", args=[year, week])


def day_of(response, meeting):
    """The date of the calendar day that lists `meeting`."""
    for week in response.context["weeks"]:
        for day in week.days:
            if meeting in day.meetings:
                return day.date
    return None


# The grid ----------------------------------------------------------------------------


def test_a_month_is_whole_weeks_from_monday_to_sunday():
    weeks = grid.month_weeks(datetime.date(2026, 12, 1), today=datetime.date(2026, 12, 4))

    assert weeks[0].days[0].date == datetime.date(2026, 11, 30)  # a Monday
    assert weeks[-1].days[-1].date == datetime.date(2027, 1, 3)  # a Sunday
    assert [w.number for w in weeks] == [49, 50, 51, 52, 53]
    assert not weeks[0].days[0].in_period and weeks[0].days[1].in_period


def test_week_numbers_are_iso_so_new_year_can_fall_in_the_previous_years_week():
    (week,) = [w for w in grid.month_weeks(datetime.date(2027, 1, 1), today=None) if w.days[0].date.month == 12]

    assert (week.year, week.number) == (2026, 53)
    assert grid.week_monday(2027, 1) == datetime.date(2027, 1, 4)


def test_a_week_53_that_does_not_exist_and_a_month_13_have_no_first_day():
    assert grid.week_monday(2025, 53) is None
    assert grid.week_monday(2026, 53) == datetime.date(2026, 12, 28)
    assert grid.month_first_day(2026, 13) is None
    assert grid.month_first_day(10_000, 1) is None


# The month page ---------------------------------------------------------------------


def test_month_shows_the_meetings_the_user_may_see_on_the_local_day_they_start(client_for, world):
    # 23:30 UTC on 9 December is 00:30 on 10 December in Copenhagen.
    late = make_meeting(world["initiative"], datetime.datetime(2026, 12, 9, 23, 30, tzinfo=datetime.UTC),
                        title="Nattevandring", invite=world["askov"])  # fmt: skip
    others = make_meeting(world["other_initiative"], datetime.datetime(2026, 12, 10, 9, tzinfo=CPH), title="Ydre")

    response = client_for("coordinator").get(month_url(2026, 12))

    assert response.status_code == 200
    assert day_of(response, late) == datetime.date(2026, 12, 10)
    assert day_of(response, others) is None
    assert "Ydre" not in response.text
    assert late.get_absolute_url() in response.text


def test_month_title_and_day_names_are_danish(client_for, world):
    response = client_for("chief").get(month_url(2026, 12))

    assert "<h1>December 2026" in response.text
    assert "Mandag" in response.text and "Man</span>" in response.text


def test_month_links_to_the_previous_and_next_month_and_to_its_weeks(client_for, world):
    response = client_for("chief").get(month_url(2026, 12))

    links = response.context["links"]
    assert links["previous"] == month_url(2026, 11)
    assert links["next"] == month_url(2027, 1)
    assert week_url(2026, 53) in response.text
    assert week_url(2026, 49) in response.text


def test_cancelled_meeting_is_shown_marked_cancelled(client_for, world):
    make_meeting(world["initiative"], datetime.datetime(2026, 12, 8, 10, tzinfo=CPH), title="Aflyst møde",
                 cancelled=True)  # fmt: skip

    response = client_for("chief").get(month_url(2026, 12))

    assert "cal-cancelled" in response.text
    assert ">aflyst</span>" in response.text


def test_filter_by_initiative_keeps_only_its_meetings_and_travels_with_the_links(client_for, world):
    ours = make_meeting(world["initiative"], datetime.datetime(2026, 12, 8, 10, tzinfo=CPH))
    theirs = make_meeting(world["other_initiative"], datetime.datetime(2026, 12, 9, 10, tzinfo=CPH))

    response = client_for("administrator").get(month_url(2026, 12, indsats=world["other_initiative"].pk))

    assert day_of(response, ours) is None
    assert day_of(response, theirs) == datetime.date(2026, 12, 9)
    assert response.context["links"]["next"] == month_url(2027, 1, indsats=world["other_initiative"].pk)


def test_filter_by_an_initiative_the_user_cannot_see_filters_nothing_and_says_so(client_for, world):
    ours = make_meeting(world["initiative"], datetime.datetime(2026, 12, 8, 10, tzinfo=CPH), invite=world["askov"])

    response = client_for("coordinator").get(month_url(2026, 12, indsats=world["other_initiative"].pk))

    assert response.status_code == 200
    assert day_of(response, ours) == datetime.date(2026, 12, 8)
    assert "Indsatsen findes ikke" in response.text


@pytest.mark.parametrize("path", ["/kalender/maaned/2026/13/", "/kalender/maaned/2026/0/", "/kalender/uge/2025/53/",
                                  "/kalender/uge/2026/0/", "/kalender/maaned/99999/1/"])  # fmt: skip
def test_a_month_or_week_that_does_not_exist_is_404(client_for, world, path):
    assert client_for("chief").get(path).status_code == 404


def test_calendar_lists_at_most_its_limit_and_says_it_cut(client_for, world, monkeypatch):
    from dialogue.meetings import selectors

    monkeypatch.setattr(selectors, "CALENDAR_MAX_MEETINGS", 2)
    for day in (1, 2, 3):
        make_meeting(world["initiative"], datetime.datetime(2026, 12, day, 10, tzinfo=CPH))

    response = client_for("chief").get(month_url(2026, 12))

    assert response.context["count"] == 2
    assert "kun de første 2 møder" in response.text


# The week page ---------------------------------------------------------------------------


def test_week_shows_monday_to_sunday_with_the_meetings_and_links_to_its_month(client_for, world):
    monday = make_meeting(world["initiative"], datetime.datetime(2026, 12, 28, 9, tzinfo=CPH), place="Salen")
    make_meeting(world["initiative"], datetime.datetime(2027, 1, 4, 9, tzinfo=CPH), title="Mødet ugen efter")

    response = client_for("chief").get(week_url(2026, 53))

    days = response.context["weeks"][0].days
    assert [d.date for d in days] == [datetime.date(2026, 12, 28) + datetime.timedelta(days=i) for i in range(7)]
    assert day_of(response, monday) == datetime.date(2026, 12, 28)
    assert "Mødet ugen efter" not in response.text
    assert "Salen" in response.text
    links = response.context["links"]
    assert (links["previous"], links["next"], links["other"]) == (week_url(2026, 52), week_url(2027, 1),
                                                                   month_url(2026, 12))  # fmt: skip


def test_current_month_and_week_pages_show_today(client_for, world):
    client = client_for("chief")

    for name in ("dialogue:calendar_month_current", "dialogue:calendar_week_current"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert 'aria-current="date"' in response.text


def test_calendar_query_count_does_not_grow_with_the_meetings(client_for, world):
    def grow():
        meetings = Meeting.objects.bulk_create(
            Meeting(initiative=world["initiative"], kind="dialogue_platform", title=f"Møde {i}",
                    start=datetime.datetime(2026, 12, 1 + i % 28, 9, tzinfo=CPH),
                    end=datetime.datetime(2026, 12, 1 + i % 28, 11, tzinfo=CPH), cancelled=i % 7 == 0)
            for i in range(120)
        )  # fmt: skip
        Invitation.objects.bulk_create(Invitation(meeting=m, organisation=world["askov"]) for m in meetings)

    make_meeting(world["initiative"], datetime.datetime(2026, 12, 3, 9, tzinfo=CPH), invite=world["askov"])

    assert_query_budget(client_for("coordinator"), month_url(2026, 12), grow, budget=8)


def test_week_query_count_does_not_grow_with_the_meetings(client_for, world):
    def grow():
        Meeting.objects.bulk_create(
            Meeting(initiative=world["initiative"], kind="dialogue_platform", title=f"Møde {i}",
                    start=datetime.datetime(2026, 12, 28 + i % 4, 9, tzinfo=CPH),
                    end=datetime.datetime(2026, 12, 28 + i % 4, 11, tzinfo=CPH))
            for i in range(60)
        )  # fmt: skip

    make_meeting(world["initiative"], datetime.datetime(2026, 12, 29, 9, tzinfo=CPH))

    assert_query_budget(client_for("chief"), week_url(2026, 53), grow, budget=8)


# Beside the feed settings ----------------------------------------------------------------


def test_feed_settings_and_calendar_link_to_each_other(client_for, users):
    client = client_for("coordinator")
    client.post(reverse("dialogue:calendar_renew"))

    settings_page = client.get(reverse("dialogue:calendar")).text
    month_page = client.get(reverse("dialogue:calendar_month_current")).text

    assert reverse("dialogue:calendar_month_current") in settings_page
    assert reverse("dialogue:calendar") in month_page


def test_feed_settings_have_a_readonly_address_and_a_copy_button_with_a_live_status(client_for, users):
    client = client_for("coordinator")
    client.post(reverse("dialogue:calendar_renew"))

    text = client.get(reverse("dialogue:calendar")).text

    assert 'id="kalenderlink" type="text"' in text and "readonly" in text
    assert 'data-copy-from="kalenderlink" hidden' in text
    assert 'role="status" aria-live="polite"' in text
