"""A worker killed (SIGKILL) while it sends: the message goes out later, once."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.utils import timezone

from hotspot.celery import app
from hotspot.notifications import ledger, scan
from hotspot.notifications.models import Notification

ROOT = Path(__file__).resolve().parents[3]


def worker_process():
    """`celery worker` in its own process, on the test database, the test's broker and its SMTP server."""
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": app.conf.broker_url,
        "EMAIL_URL": f"smtp://{settings.EMAIL_HOST}:{settings.EMAIL_PORT}",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "hotspot", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_leaves_the_message_to_a_later_run_which_sends_it_once(world, users, smtp):
    smtp.hold = True
    worker = worker_process()
    try:
        notification = ledger.claim(
            kind="meeting.moved", obj=world["meeting"], occurrence="1", recipient=users["chief"],
            build=lambda r: ledger.Message(title="Mødet er flyttet"),
        )  # fmt: skip
        ledger.enqueue(notification.pk)  # what the claim's on-commit does
        assert wait_for(lambda: Notification.objects.get(pk=notification.pk).mail_status == "sending")
        os.killpg(worker.pid, signal.SIGKILL)  # in the middle of the SMTP conversation
        worker.wait(10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    smtp.hold = False
    assert smtp.messages == []

    # The lease (ten minutes) runs out; the next scan hands the row to a worker, which sends it.
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        scan.run()
        assert wait_for(lambda: len(smtp.messages) == 1, 20)
        scan.run()
        time.sleep(1)
    assert len(smtp.messages) == 1
    notification.refresh_from_db()
    assert notification.mail_status == "sent" and notification.attempts == 2
