"""The two Celery tasks: send one claimed message, and the periodic scan."""

from celery import shared_task

from . import ledger
from . import scan as scanning


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def send_notification(pk):
    """Safe to run twice: deliver() takes the row only while its mail is due, under a row lock and a lease."""
    return ledger.deliver(pk)


@shared_task(ignore_result=True)
def scan():
    return scanning.run()
