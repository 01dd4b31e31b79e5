"""Periodic work of the dialogue app (registered by Celery's autodiscovery, scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from dialogue.escalations.pending import pending_uploads_sweep


@shared_task(ignore_result=True)
def sweep_pending_uploads():
    """Remove uploads held for a failed form longer than PENDING_UPLOAD_MAX_AGE. Safe to run twice."""
    return pending_uploads_sweep()
