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

PRODID = "-//Hotspot//DA"


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


def calendar_for(meetings_with_items, name):
    """A VCALENDAR as bytes, from (meeting, agenda items) pairs."""
    events = [meeting_event(meeting, items) for meeting, items in meetings_with_items]
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
