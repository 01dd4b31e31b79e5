"""The periodic scan (Celery beat, every 5 minutes): claim what falls due, and hand due mail to the workers.

Mail is "due" when it is pending and its next attempt has come (a fresh claim whose
task was lost with the broker, or a retry after a transient SMTP failure), or when
it has been "sending" past its lease (the worker died mid-send).
"""

import logging

from django.utils import timezone

from .ledger import enqueue
from .models import Notification

log = logging.getLogger(__name__)

BATCH = 500  # per scan; the rest waits five minutes rather than flooding the queue


def run(now=None):
    now = now or timezone.now()
    due = list(Notification.objects.mail_due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:BATCH])
    for pk in due:
        enqueue(pk)
    result = {"enqueued": len(due)}
    log.info("Notification scan: %s", result)
    return result
