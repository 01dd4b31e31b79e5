"""Meetings as iCalendar (RFC 5545) events, for one meeting's .ics and the personal feed.

A meeting keeps the same UID in every export, so calendar programs update the
event in place when the time, place or agenda changes, and show it as cancelled
when the meeting is cancelled. SEQUENCE is left out on purpose: we do not track
schedule revisions, and minutes_version counts minutes, not reschedulings.
"""

import datetime

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from actors.models import display_name

PRODID = "-//Hotspot//DA"

# What we know of an invitee's answer is the attendance noted at the meeting: present means they came,
# a sent apology (afbud) is a refusal; absent without a word, or not yet noted, is no answer.
PARTSTAT = {"present": "ACCEPTED", "excused": "DECLINED"}


def _description(meeting, items):
    parts = [meeting.description] if meeting.description else []
    if items:
        agenda = [
            _("%(number)s. %(title)s (%(minutes)s min.)")
            % {"number": item.position, "title": item.title, "minutes": item.planned_minutes}
            for item in items
        ]
        parts.append("\n".join([_("Dagsorden:"), *agenda]))
    parts.append(settings.SITE_URL + meeting.get_absolute_url())
    return "\n\n".join(parts)


def meeting_event(meeting, items):
    """The meeting as a VEVENT; `items` are its agenda items in agenda order."""
    return icalendar.Event.new(
        uid=f"meeting-{meeting.pk}@hotspot",
        start=meeting.start.astimezone(datetime.UTC),
        end=meeting.end.astimezone(datetime.UTC),
        summary=meeting.title,
        location=meeting.place or None,
        description=_description(meeting, items),
        url=settings.SITE_URL + meeting.get_absolute_url(),
        status="CANCELLED" if meeting.cancelled else "CONFIRMED",
    )


def _address(email, name):
    address = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = icalendar.vText(name)
    return address


def organizer(meeting):
    """Who answers for the meeting: the initiative's chief, else whoever created it; None without an e-mail."""
    chief = meeting.initiative.chief
    if chief is not None and chief.email:
        return _address(chief.email, chief.name)
    creator = meeting.created_by
    if creator is not None and creator.email:
        return _address(creator.email, display_name(creator))
    return None


def attendees(meeting):
    """The invited people with an e-mail address (an invited organisation has none to give)."""
    result = []
    for invitation in meeting.invitations.all():
        person = invitation.person
        if person is None or not person.email:
            continue
        address = _address(person.email, person.name)
        address.params["cutype"] = "INDIVIDUAL"
        address.params["role"] = "REQ-PARTICIPANT"
        address.params["partstat"] = PARTSTAT.get(invitation.attendance, "NEEDS-ACTION")
        result.append(address)
    return result


def meeting_event_with_people(meeting, items):
    """The event with ORGANIZER and ATTENDEE lines, for the calendar exports (not for iTIP mail,
    whose organiser is the address the invitation comes from)."""
    event = meeting_event(meeting, items)
    if (who := organizer(meeting)) is not None:
        event.add("organizer", who)
    for address in attendees(meeting):
        event.add("attendee", address)
    return event


def calendar_for(meetings_with_items, name):
    """A VCALENDAR as bytes, from (meeting, agenda items) pairs.

    Each meeting's initiative (with its chief), creator and invitations with their people are read:
    select and prefetch them when exporting many meetings.
    """
    events = [meeting_event_with_people(meeting, items) for meeting, items in meetings_with_items]
    return icalendar.Calendar.new(prodid=PRODID, name=name, subcomponents=events).to_ical()


def invitation_ics(meeting, items, method):
    """An iTIP message (RFC 5546) for an invitation e-mail: METHOD:REQUEST, or METHOD:CANCEL for a cancellation.

    Mail clients apply a REQUEST to the event with the same UID only when its SEQUENCE is
    higher than the one they hold, so a message carries the minute it was made, which
    only ever grows (the feed above, read by polling, needs none).
    """
    event = meeting_event(meeting, items)
    event.add("organizer", icalendar.vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}"))
    event.add("sequence", int(datetime.datetime.now(datetime.UTC).timestamp() // 60))
    if method == "CANCEL":
        event["status"] = "CANCELLED"
    calendar = icalendar.Calendar.new(prodid=PRODID, subcomponents=[event])
    calendar.add("method", method)
    return calendar.to_ical().decode()
