"""Claiming a message exactly once, and delivering a claimed message by e-mail.

The claim is an insert into Notification, whose (kind, object, occurrence,
recipient) is unique. It happens in the transaction that decides to send (the
service that changed the case, or the scan that found a reminder due), inside a
savepoint: if another process already claimed the same message, the insert fails,
the savepoint rolls back and nothing else does. Sending is a Celery task that
takes the row's id and is enqueued when that transaction commits; if the broker
is down the row simply stays pending and the next scan enqueues it again.

Delivery takes the row with a row lock and a lease (mail_status "sending",
next_attempt_at = the lease's end) before it talks to SMTP, and records the
result after. A task for a row that is already sent, or being sent by someone
else, does nothing. A worker that dies mid-send leaves the lease to expire; the
scan then sends the row again.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from celery import current_app
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from actors.cpr import redact_cpr

from .kinds import KINDS, group_of
from .models import Notification, Preferences

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Waits after the 1st, 2nd, 3rd and 4th failed attempt; the scan (every 5 minutes) picks the row up after each.
BACKOFF = [datetime.timedelta(minutes=m) for m in (1, 5, 15, 60)]
LEASE = datetime.timedelta(minutes=10)


@dataclass
class Message:
    title: str
    body: str = ""
    url: str = ""
    ics: str = ""
    ics_method: str = ""
    in_app: bool = True
    mail: bool = True  # False: the event sends its own mail (an invitation's one-time link is never stored)


def object_key(obj):
    return f"{obj._meta.label_lower}:{obj.pk}"


def claim(*, kind, obj, occurrence, recipient, build, actor=None, now=None):
    """Claim one message for `recipient`; returns the new Notification, or None if it was claimed before.

    `build(recipient)` makes the Message; it runs in the recipient's language.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if not recipient.is_active:
        return None
    key = obj if isinstance(obj, str) else object_key(obj)
    occurrence = str(occurrence)
    if Notification.objects.filter(kind=kind, object_key=key, occurrence=occurrence, recipient=recipient).exists():
        return None
    prefs = Preferences.for_user(recipient)
    with translation.override(prefs.language):
        message = build(recipient)
    # No personal number ever leaves in a message, whatever text it quotes (the CPR guard's rule).
    title, body = redact_cpr(message.title), redact_cpr(message.body)
    group = group_of(kind)
    mail = message.mail and bool(recipient.email) and (not group.optional or prefs.wants_mail(group.key))
    now = now or timezone.now()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind,
                object_key=key,
                occurrence=occurrence,
                recipient=recipient,
                actor=actor,
                created_at=now,
                title=title[:300],
                body=body,
                url=message.url,
                in_app=message.in_app,
                ics=message.ics,
                ics_method=message.ics_method,
                mail_status=Notification.Mail.PENDING if mail else Notification.Mail.NONE,
                next_attempt_at=now if mail else None,
            )
    except IntegrityError:
        return None  # another process got there first
    if mail:
        transaction.on_commit(lambda: enqueue(notification.pk))
    return notification


def claim_for(recipients, **kwargs):
    """claim() for each distinct recipient except the one who caused it (`actor`); returns those made."""
    actor = kwargs.get("actor")
    seen, made = set(), []
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        if (notification := claim(recipient=user, **kwargs)) is not None:
            made.append(notification)
    return made


SEND_TASK = "hotspot.notifications.tasks.send_notification"


def enqueue(pk):
    """Hand one row to a worker. A broker outage is logged, not raised: the next scan enqueues the row again.

    The task is named, not imported: tasks.py imports this module.
    """
    try:
        current_app.send_task(SEND_TASK, (pk,), retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure must not fail the request
        log.warning("Could not enqueue notification %s (%s); the next scan will send it", pk, exc)


def _transient(exc):
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    return isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError))


def deliver(pk, now=None):
    """Send one claimed message; returns the row's mail status afterwards (or None if it was not ours to send)."""
    from .mail import build_email

    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=pk)
            .mail_due(now)
            .select_related("recipient")
            .first()
        )
        if notification is None:
            return None
        notification.mail_status = Notification.Mail.SENDING
        notification.attempts += 1
        notification.next_attempt_at = now + LEASE
        notification.save(update_fields=["mail_status", "attempts", "next_attempt_at"])
    attempt = notification.attempts
    try:
        build_email(notification).send()
    except Exception as exc:  # noqa: BLE001 - the outcome is recorded on the row
        transient = _transient(exc)
        if transient and attempt < MAX_ATTEMPTS:
            changes = {"mail_status": Notification.Mail.PENDING, "next_attempt_at": now + BACKOFF[attempt - 1]}
        else:
            changes = {"mail_status": Notification.Mail.FAILED, "next_attempt_at": None}
        changes["last_error"] = f"{type(exc).__name__}: {exc}"[:2000]
        log.warning("Notification %s, attempt %s: %s", pk, attempt, changes["last_error"])
    else:
        changes = {"mail_status": Notification.Mail.SENT, "sent_at": timezone.now(), "next_attempt_at": None}
    Notification.objects.filter(pk=pk, mail_status=Notification.Mail.SENDING, attempts=attempt).update(**changes)
    return changes["mail_status"]


@transaction.atomic
def retry(notification):
    """An administrator asks a failed message to be tried again (five more attempts)."""
    return Notification.objects.filter(pk=notification.pk, mail_status=Notification.Mail.FAILED).update(
        mail_status=Notification.Mail.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
