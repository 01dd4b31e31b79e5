"""Periodic work. For now one heartbeat proving that beat schedules and a worker runs."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "hotspot:celery-heartbeat"


@shared_task(ignore_result=True)
def heartbeat():
    """Record when a worker last ran a beat-scheduled task (shown by the health page)."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, now, timeout=None)
    return now


# The notification tasks live in their feature package; importing them here registers them with
# the worker (Celery's autodiscovery reads <app>.tasks).
from hotspot.notifications.tasks import scan, send_notification  # noqa: E402, F401
