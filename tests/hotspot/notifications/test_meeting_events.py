"""Meetings, minutes and action items tell the people they concern (hotspot/notifications/events.py)."""

import datetime

import icalendar
import pytest

from actors import events
from dialogue.meetings import services
from dialogue.models import Invitation, Meeting
from hotspot.notifications.models import Notification, Preferences


def told(kind):
    return {n.recipient.username for n in Notification.objects.filter(kind=kind).select_related("recipient")}


def calendar(notification):
    return icalendar.Calendar.from_ical(notification.ics)


@pytest.fixture
def organised(world, users):
    """The world's meeting, organised by the chief."""
    meeting = world["meeting"]
    meeting.created_by = users["chief"]
    meeting.save(update_fields=["created_by"])
    return meeting


def test_an_invited_organisation_hears_through_its_coordinator_with_a_calendar_request(world, users, organised):
    services.invite(meeting=organised, organisations=[world["tmf"]], by=users["chief"])
    assert told("meeting.invited") == {"liaison"}
    invited = Notification.objects.get(kind="meeting.invited")
    assert invited.title == "Invitation: Dialogplatform maj"
    assert "3. maj 2012 kl. 11:00" in invited.body  # Copenhagen time
    ics = calendar(invited)
    assert ics["METHOD"] == "REQUEST" and invited.ics_method == "REQUEST"
    [event] = ics.walk("VEVENT")
    assert event["UID"] == f"meeting-{organised.pk}@hotspot" and "ORGANIZER" in event


def test_an_invited_person_with_a_login_hears_it_and_an_invitation_repeated_is_not_told_again(world, users, organised):
    person = world["person"]
    person.user = users["observer"]
    person.save(update_fields=["user"])
    services.invite(meeting=organised, people=[person], by=users["chief"])
    services.invitation_remove(invitation=organised.invitations.get(person=person))
    services.invite(meeting=organised, people=[person], by=users["chief"])
    assert Notification.objects.filter(kind="meeting.invited", recipient=users["observer"]).count() == 1


def test_a_moved_meeting_tells_the_invited_with_the_old_and_new_time(world, users, organised):
    new_start = organised.start + datetime.timedelta(days=7)
    services.meeting_update(
        meeting=organised, data={"start": new_start, "end": new_start + datetime.timedelta(hours=2)}, by=users["chief"]
    )
    moved = Notification.objects.get(kind="meeting.moved")
    assert moved.recipient == users["coordinator"]
    assert "10. maj 2012 kl. 11:00" in moved.body and "Før: 3. maj 2012 11:00" in moved.body
    assert calendar(moved)["METHOD"] == "REQUEST"


def test_a_change_of_title_alone_tells_nobody(users, organised):
    services.meeting_update(meeting=organised, data={"title": "Dialogplatform i maj"}, by=users["chief"])
    assert not Notification.objects.exists()


def test_a_cancelled_meeting_sends_a_calendar_cancel(users, organised):
    services.meeting_update(meeting=organised, data={"cancelled": True}, by=users["chief"])
    cancelled = Notification.objects.get(kind="meeting.cancelled")
    assert cancelled.recipient == users["coordinator"] and cancelled.ics_method == "CANCEL"
    ics = calendar(cancelled)
    assert ics["METHOD"] == "CANCEL" and ics.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_circulated_minutes_go_to_those_who_attended_with_the_comment_deadline(world, users, organised):
    world["invitation"].attendance = Invitation.Attendance.PRESENT
    world["invitation"].save()
    services.invite(meeting=organised, organisations=[world["tmf"]])  # invited, did not come
    Notification.objects.all().delete()
    services.minutes_circulate(meeting=organised, by=users["chief"], comments_due=datetime.date(2012, 5, 10))
    assert told("minutes.circulated") == {"coordinator"}
    assert "Kommentarer senest 10. maj 2012." in Notification.objects.get(kind="minutes.circulated").body


def test_circulating_sets_a_deadline_five_working_days_ahead_by_default(organised):
    meeting = services.minutes_circulate(meeting=organised)
    assert meeting.comments_due is not None and meeting.comments_due > datetime.date.today()
    assert (meeting.comments_due - datetime.date.today()).days in range(5, 12)


def test_a_comment_on_circulated_minutes_tells_the_organiser(users, organised):
    services.minutes_circulate(meeting=organised, by=users["chief"])
    services.minutes_comment(meeting=Meeting.objects.get(pk=organised.pk), author=users["coordinator"], text="Ret 3.")
    assert told("minutes.comment") == {"chief"}
    assert "Ret 3." in Notification.objects.get(kind="minutes.comment").body


def test_published_minutes_tell_everyone_invited(users, organised):
    services.minutes_publish(meeting=organised, by=users["chief"])
    assert told("minutes.published") == {"coordinator"}


def test_an_action_item_is_told_to_its_owner_when_the_minutes_are_published_and_again_when_its_due_date_moves(
    world, users
):
    action = services.outcome_add(
        item=world["item"],
        data={"kind": "action", "text": "Skift pærer", "owner_organisation": world["tmf"],
              "due": datetime.date(2012, 6, 15)},
        by=users["chief"],
    )  # fmt: skip
    assert not told("action.assigned")  # draft minutes are not the owner's to read yet
    meeting = services.minutes_publish(meeting=world["meeting"], by=users["chief"])
    assert told("action.assigned") == {"liaison", "coordinator"}  # TMF's new item; Askovgården's from the world
    assert "Frist: 15. juni 2012." in Notification.objects.get(kind="action.assigned", recipient=users["liaison"]).body

    meeting = services.minutes_new_version(meeting=meeting, note="Ny frist")
    services.outcome_update(outcome=action, data={"due": datetime.date(2012, 6, 29)}, by=users["chief"])
    services.minutes_publish(meeting=meeting, by=users["chief"])
    assert told("action.due_changed") == {"liaison"}
    assert Notification.objects.filter(kind="action.assigned").count() == 2  # nobody is told twice


def test_english_recipients_get_english_dates(world, users, organised):
    Preferences.objects.create(user=users["liaison"], language="en")
    services.invite(meeting=organised, organisations=[world["tmf"]], by=users["chief"])
    assert "May 3, 2012" in Notification.objects.get(kind="meeting.invited").body


def test_muted_steps_tell_nobody(world, users, organised):
    with events.muted():
        services.invite(meeting=organised, organisations=[world["tmf"]], by=users["chief"])
    assert not Notification.objects.exists()


def test_sending_the_agenda_tells_the_invited_and_a_second_sending_tells_them_again(users, organised, client_for):
    client_for("chief").post(f"/moeder/{organised.pk}/dagsorden/send/")
    sent = Notification.objects.get(kind="meeting.agenda_sent")
    assert sent.recipient == users["coordinator"] and "1. Belysning i gården" in sent.body
    assert Meeting.objects.get(pk=organised.pk).agenda_sent_at is not None
    services.agenda_send(meeting=organised, by=users["chief"])
    assert Notification.objects.filter(kind="meeting.agenda_sent").count() == 2


def test_an_empty_or_uninvited_agenda_is_not_sent(world, users, organised, client_for):
    organised.invitations.all().delete()
    response = client_for("chief").post(f"/moeder/{organised.pk}/dagsorden/send/", follow=True)
    assert "Ingen er inviteret endnu" in response.content.decode()
    assert Meeting.objects.get(pk=organised.pk).agenda_sent_at is None


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        (lambda m: m.agenda_items.all().delete(), "Dagsordenen er tom"),
        (lambda m: Meeting.objects.filter(pk=m.pk).update(cancelled=True), "Mødet er aflyst"),
    ],
)
def test_an_empty_agenda_or_a_cancelled_meeting_is_not_sent(users, organised, change, refusal):
    from django.core.exceptions import ValidationError

    change(organised)
    with pytest.raises(ValidationError, match=refusal):
        services.agenda_send(meeting=organised, by=users["chief"])
    assert Meeting.objects.get(pk=organised.pk).agenda_sent_at is None
    assert not Notification.objects.filter(kind="meeting.agenda_sent").exists()
