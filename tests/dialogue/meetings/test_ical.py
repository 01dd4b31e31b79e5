"""Calendar export: a meeting's .ics, the personal feed and its token."""

import datetime

import icalendar
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialogue.models import AgendaItem, CalendarToken, Invitation, Meeting

START = datetime.datetime(2030, 5, 14, 7, 0, tzinfo=datetime.UTC)


def make_meeting(initiative, start=START, *, title="Dialogplatform Indre Nørrebro", invite=None, **extra):
    meeting = Meeting.objects.create(
        initiative=initiative,
        kind="dialogue_platform",
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=2),
        **extra,
    )
    if invite is not None:
        Invitation.objects.create(meeting=meeting, organisation=invite)
    return meeting


def add_items(meeting, *titles):
    for position, title in enumerate(titles, start=1):
        AgendaItem.objects.create(meeting=meeting, position=position, title=title, planned_minutes=position * 15)


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def feed_url(user):
    token, _ = CalendarToken.objects.get_or_create(user=user)
    return reverse("dialogue:calendar_feed", args=[token.token])


def uids(calendar):
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


@pytest.fixture
def meeting(world):
    meeting = make_meeting(world["initiative"], place="Askovgården, salen", invite=world["askov"])
    add_items(meeting, "Velkomst", "Tryghedsvandring på Mimersgade")
    return meeting


def test_meeting_ics_parses_back_with_time_place_title_and_agenda(client_for, meeting):
    response = client_for("coordinator").get(reverse("dialogue:meeting_ics", args=[meeting.pk]))

    assert response["Content-Disposition"] == f'attachment; filename="moede-{meeting.pk}.ics"'
    (event,) = parse(response).walk("VEVENT")
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + datetime.timedelta(hours=2)
    assert str(event["SUMMARY"]) == "Dialogplatform Indre Nørrebro"
    assert str(event["LOCATION"]) == "Askovgården, salen"
    description = str(event["DESCRIPTION"])
    assert "1. Velkomst (15 min.)" in description
    assert "2. Tryghedsvandring på Mimersgade (30 min.)" in description
    assert settings.SITE_URL + meeting.get_absolute_url() in description


def test_meeting_ics_is_valid_rfc5545_with_folded_lines(client_for, world):
    meeting = make_meeting(world["initiative"], title="Æøå " * 40, description="Formål: " + "tryghed i området " * 30)
    add_items(meeting, "Et meget langt dagsordenspunkt om tryghed, trafik og belysning i gården " * 2)

    response = client_for("chief").get(reverse("dialogue:meeting_ics", args=[meeting.pk]))

    calendar = parse(response)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Hotspot//DA"
    for event in calendar.walk("VEVENT"):
        assert event["UID"] and event["DTSTAMP"]
    lines = response.content.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75


def test_meeting_ics_is_404_for_a_user_whose_organisation_is_not_invited(client_for, meeting):
    response = client_for("liaison").get(reverse("dialogue:meeting_ics", args=[meeting.pk]))

    assert response.status_code == 404


def test_cancelled_meeting_is_in_the_feed_marked_cancelled(client_for, users, world):
    make_meeting(world["initiative"], invite=world["askov"], cancelled=True)

    (event,) = parse(client_for("anonymous").get(feed_url(users["coordinator"]))).walk("VEVENT")

    assert str(event["STATUS"]) == "CANCELLED"


def test_feed_shows_only_meetings_visible_to_the_token_user(client_for, users, world):
    ours = make_meeting(world["initiative"], invite=world["askov"])
    make_meeting(world["other_initiative"], title="Dialogplatform Ydre Nørrebro", invite=world["other_org"])

    calendar = parse(client_for("anonymous").get(feed_url(users["coordinator"])))

    assert uids(calendar) == {f"meeting-{ours.pk}@hotspot"}


def test_feed_leaves_out_meetings_older_than_90_days(client_for, users, world):
    old = make_meeting(world["initiative"], invite=world["askov"], start=timezone.now() - datetime.timedelta(days=91))
    recent = make_meeting(
        world["initiative"], invite=world["askov"], start=timezone.now() - datetime.timedelta(days=89)
    )

    calendar = parse(client_for("anonymous").get(feed_url(users["coordinator"])))

    assert uids(calendar) == {f"meeting-{recent.pk}@hotspot"}
    assert f"meeting-{old.pk}@hotspot" not in uids(calendar)


def test_feed_needs_no_login(client, users, meeting):
    response = client.get(feed_url(users["coordinator"]))

    assert response.status_code == 200


def test_unknown_token_gives_404(client, db):
    response = client.get(reverse("dialogue:calendar_feed", args=["x" * 32]))

    assert response.status_code == 404


def test_inactive_users_token_gives_404(client, users, meeting):
    url = feed_url(users["coordinator"])
    users["coordinator"].is_active = False
    users["coordinator"].save(update_fields=["is_active"])

    assert client.get(url).status_code == 404


def test_renewing_the_token_makes_the_old_feed_url_404(client_for, users, meeting):
    old_url = feed_url(users["coordinator"])
    client = client_for("coordinator")

    response = client.post(reverse("dialogue:calendar_renew"))

    assert response.status_code == 302
    assert response["Location"] == reverse("dialogue:calendar")
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(users["coordinator"])).status_code == 200


def test_first_post_to_renew_creates_the_token(client_for, users):
    client_for("liaison").post(reverse("dialogue:calendar_renew"))

    assert CalendarToken.objects.filter(user=users["liaison"]).exists()


def test_get_on_calendar_renew_is_405_and_creates_nothing(client_for, users):
    response = client_for("coordinator").get(reverse("dialogue:calendar_renew"))

    assert response.status_code == 405
    assert not CalendarToken.objects.exists()


def test_calendar_settings_does_not_create_a_token_on_get(client_for, users):
    response = client_for("coordinator").get(reverse("dialogue:calendar"))

    assert response.status_code == 200
    assert "Opret kalenderlink" in response.text
    assert not CalendarToken.objects.exists()


def test_calendar_settings_shows_the_absolute_feed_url(client_for, users):
    url = feed_url(users["coordinator"])

    response = client_for("coordinator").get(reverse("dialogue:calendar"))

    assert settings.SITE_URL + url in response.text


def test_stranger_gets_404_on_calendar_settings(client_for):
    response = client_for("stranger").get(reverse("dialogue:calendar"))

    assert response.status_code == 404


def test_feed_query_count_is_the_same_for_2_and_20_meetings(client_for, users, world):
    def grow(n):
        for i in range(n):
            meeting = make_meeting(world["initiative"], invite=world["askov"], start=START + datetime.timedelta(days=i))
            add_items(meeting, "Velkomst", "Status", "Eventuelt")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(parse(response).walk("VEVENT"))

    client, url = client_for("anonymous"), feed_url(users["coordinator"])
    grow(2)
    small = count()
    grow(18)
    large = count()

    assert (small[1], large[1]) == (2, 20)
    assert small[0] == large[0]


# Organiser and attendees ------------------------------------------------------------------


def _people(world):
    from actors.models import Person

    chief = Person.objects.create(name="Camilla Holm", email="camilla.holm@kk.example")
    world["initiative"].chief = chief
    world["initiative"].save(update_fields=["chief"])
    came = Person.objects.create(name="Jens Jensen", email="jens@askov.example")
    apologised = Person.objects.create(name="Mette Møller", email="mette@sjakket.example")
    silent = Person.objects.create(name="Ole Olsen", email="ole@fsb.example")
    no_mail = Person.objects.create(name="Uden Mail")
    return chief, [(came, "present"), (apologised, "excused"), (silent, "unknown"), (no_mail, "present")]


def test_meeting_ics_names_the_initiatives_chief_as_organizer_and_invited_people_as_attendees(client_for, world,
                                                                                            meeting):  # fmt: skip
    chief, invited = _people(world)
    for person, attendance in invited:
        Invitation.objects.create(meeting=meeting, person=person, attendance=attendance)

    (event,) = parse(client_for("coordinator").get(reverse("dialogue:meeting_ics", args=[meeting.pk]))).walk("VEVENT")

    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:camilla.holm@kk.example"
    assert organizer.params["CN"] == "Camilla Holm"
    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    assert set(attendees) == {"mailto:jens@askov.example", "mailto:mette@sjakket.example", "mailto:ole@fsb.example"}
    assert attendees["mailto:jens@askov.example"]["PARTSTAT"] == "ACCEPTED"
    assert attendees["mailto:mette@sjakket.example"]["PARTSTAT"] == "DECLINED"
    assert attendees["mailto:ole@fsb.example"]["PARTSTAT"] == "NEEDS-ACTION"
    assert attendees["mailto:jens@askov.example"]["CN"] == "Jens Jensen"


def test_without_a_chiefs_email_the_organizer_is_the_meetings_creator(client_for, users, world):
    meeting = make_meeting(world["initiative"], invite=world["askov"], created_by=users["chief"])

    (event,) = parse(client_for("coordinator").get(reverse("dialogue:meeting_ics", args=[meeting.pk]))).walk("VEVENT")

    assert str(event["ORGANIZER"]) == "mailto:chief@kk.example"
    assert "ATTENDEE" not in event  # only Askovgården, an organisation, is invited


def test_without_any_email_there_is_no_organizer_line(client_for, meeting):
    (event,) = parse(client_for("coordinator").get(reverse("dialogue:meeting_ics", args=[meeting.pk]))).walk("VEVENT")

    assert "ORGANIZER" not in event


def test_feed_carries_organizer_and_attendees_at_a_constant_query_count(client_for, users, world):
    chief, invited = _people(world)
    client, url = client_for("anonymous"), feed_url(users["coordinator"])

    def grow(n, offset):
        for i in range(n):
            meeting = make_meeting(world["initiative"], invite=world["askov"],
                                   start=START + datetime.timedelta(days=offset + i))  # fmt: skip
            for person, attendance in invited:
                Invitation.objects.create(meeting=meeting, person=person, attendance=attendance)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        return len(ctx.captured_queries), parse(response)

    grow(2, 0)
    small, _ = count()
    grow(10, 2)
    large, calendar = count()

    assert small == large
    events = calendar.walk("VEVENT")
    assert len(events) == 12
    assert all(str(e["ORGANIZER"]) == "mailto:camilla.holm@kk.example" and len(e["ATTENDEE"]) == 3 for e in events)
