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
from .ledger import claim, enqueue, object_key
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


CHUNK = 1000


def _key(obj):
    return obj if isinstance(obj, str) else object_key(obj)  # as ledger.claim keys it


def _claimed(items):
    """The (kind, object key, occurrence, recipient) of these items already in the ledger: one query per kind
    and CHUNK objects, instead of one per item and recipient on every scan (at national scale a scan meets
    tens of thousands of due items that were claimed long ago)."""
    wanted = {}
    for item in items:
        keys, occurrences = wanted.setdefault(item.kind, (set(), set()))
        keys.add(_key(item.obj))
        occurrences.add(str(item.occurrence))
    found = set()
    for kind, (keys, occurrences) in wanted.items():
        keys = sorted(keys)
        for start in range(0, len(keys), CHUNK):
            rows = Notification.objects.filter(
                kind=kind, object_key__in=keys[start : start + CHUNK], occurrence__in=occurrences
            ).values_list("object_key", "occurrence", "recipient_id")
            found.update((kind, *row) for row in rows)
    return found


def claim_reminders(now):
    made = 0
    items = list(due_items(now))
    claimed = _claimed(items)
    preferences = {}  # per user, once per scan (a user without saved preferences is asked again otherwise)
    for item in items:
        build = texts.BUILDERS[item.kind]
        key, occurrence = _key(item.obj), str(item.occurrence)
        for user in {u.pk: u for u in item.recipients}.values():
            if (item.kind, key, occurrence, user.pk) in claimed:
                continue  # claimed by an earlier scan (claim() would say so too, one query later)
            if user.pk not in preferences:
                preferences[user.pk] = Preferences.for_user(user)
            if not _wanted(item, preferences[user.pk]):
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
    occurrence = f"week:{year}-{week}"
    # Those who have this week's digest already are not looked at again (every scan of the day would).
    sent = Notification.objects.filter(kind="digest.weekly", occurrence=occurrence).values("recipient_id")
    users = get_user_model().objects.filter(chosen, is_active=True).exclude(email="").exclude(pk__in=sent)
    since = now - texts.DIGEST_PERIOD
    made = 0
    for user in users:
        unread = list(Notification.objects.unread(user).filter(created_at__gte=since)[:100])
        open_items = dialogue_reminders.digest_for(user, now)
        if unread or any(count for count, _rows in open_items.values()):
            made += claim(
                kind="digest.weekly", obj=user, occurrence=occurrence, recipient=user, now=now,
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
