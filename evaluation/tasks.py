from celery import shared_task

from . import series


@shared_task(ignore_result=True)
def refresh_derived(force=False):
    """Store the derived indicators whose inputs changed (beat: every 5 minutes; nightly with force)."""
    return series.refresh_derived(force=force)
