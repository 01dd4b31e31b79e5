"""The periodic scan (Celery beat, every 5 minutes): claim what falls due, and hand due mail to the workers.

Each app says what is due (actors/reminders.py, dialogue/reminders.py,
evaluation/reminders.py); the scan claims one message per item, occurrence and
recipient, so running it again — or two scans at once — sends nothing twice. A
meeting reminder follows each invitee's "working days before" preference. On the
user's chosen weekday it also claims the weekly digest of their unread messages.

Mail is "due" when it is pending and its next attempt has come (a fresh claim whose
task was lost with the broker, or a retry after a transient SMTP failure), or when
it has been "sending" past its lease (the worker died mid-send).
"""

import logging

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from actors import reminders as actors_reminders
from dialogue import reminders as dialogue_reminders
from evaluation import reminders as evaluation_reminders

from . import reminders as texts
from .ledger import claim, enqueue
from .models import Notification, Preferences

log = logging.getLogger(__name__)

BATCH = 500  # mail per scan; the rest waits five minutes rather than flooding the queue


def due_items(now):
    yield from actors_reminders.due(timezone.localdate(now))
    yield from dialogue_reminders.due(now)
    yield from evaluation_reminders.due(now)


def _wanted(item, prefs):
    if item.kind != "reminder.meeting_upcoming":
        return True
    days = prefs.meeting_days_before
    return days > 0 and item.context["working_days"] <= days


def claim_reminders(now):
    made = 0
    for item in due_items(now):
        build = texts.BUILDERS[item.kind]
        for user in {u.pk: u for u in item.recipients}.values():
            if not _wanted(item, Preferences.for_user(user)):
                continue
            made += claim(
                kind=item.kind, obj=item.obj, occurrence=item.occurrence, recipient=user, now=now,
                build=lambda r, item=item, build=build: build(item.obj, item.context),
            ) is not None  # fmt: skip
    return made


def claim_digests(now):
    """The weekly digest, on each user's weekday, when they have unread messages from the week."""
    today = timezone.localdate(now)
    year, week, weekday = today.isocalendar()
    chosen = Q(notification_preferences__digest=True, notification_preferences__digest_weekday=weekday - 1)
    if weekday - 1 == Preferences.Weekday.MONDAY:  # the default, for those who never saved preferences
        chosen |= Q(notification_preferences__isnull=True)
    users = get_user_model().objects.filter(chosen, is_active=True).exclude(email="")
    since = now - texts.DIGEST_PERIOD
    made = 0
    for user in users:
        unread = list(Notification.objects.unread(user).filter(created_at__gte=since)[:100])
        open_items = dialogue_reminders.digest_for(user, now)
        if unread or any(count for count, _rows in open_items.values()):
            made += claim(
                kind="digest.weekly", obj=user, occurrence=f"week:{year}-{week}", recipient=user, now=now,
                build=lambda r, unread=unread, open_items=open_items: texts.digest(r, open_items, unread, week),
            ) is not None  # fmt: skip
    return made


def claim_reminders_and_digests(now=None):
    now = now or timezone.now()
    return claim_reminders(now) + claim_digests(now)


def run(now=None):
    now = now or timezone.now()
    claimed = claim_reminders_and_digests(now)
    due = list(Notification.objects.mail_due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:BATCH])
    for pk in due:
        enqueue(pk)
    result = {"claimed": claimed, "enqueued": len(due)}
    log.info("Notification scan: %s", result)
    return result
