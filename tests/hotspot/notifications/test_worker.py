"""The whole way through real parts: a claim, the Redis broker, a Celery worker, the SMTP server."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from kombu.exceptions import OperationalError

from dialogue.escalations import services as escalations
from hotspot.celery import app
from hotspot.notifications import ledger, scan
from hotspot.notifications.models import Notification


def test_beat_runs_the_scan_every_five_minutes():
    entry = app.conf.beat_schedule["notifications-scan"]
    assert entry["task"] == "hotspot.notifications.tasks.scan" and entry["schedule"] == 300.0
    assert "hotspot.notifications.tasks.scan" in app.tasks and ledger.SEND_TASK in app.tasks


@pytest.mark.django_db(transaction=True)
def test_a_raised_case_reaches_the_chiefs_mailbox_through_a_real_worker(world, users, smtp):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        escalations.escalation_raise(
            initiative=world["initiative"], organisation=world["askov"], by=users["coordinator"],
            data={"title": "Knallerter på stien", "description": "Om aftenen.", "theme": "public_safety"},
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while not smtp.messages and time.monotonic() < deadline:
            time.sleep(0.1)
    assert [m["To"] for m in smtp.messages] == ["chief@kk.example"]
    assert Notification.objects.get(kind="escalation.raised").mail_status == Notification.Mail.SENT


def test_a_broker_outage_loses_no_message_the_next_scan_hands_it_over(world, users, monkeypatch, caplog):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(app, "send_task", broker_down)
    notification = ledger.claim(
        kind="meeting.moved", obj=world["meeting"], occurrence="1", recipient=users["chief"],
        build=lambda r: ledger.Message(title="Mødet er flyttet"),
    )  # fmt: skip
    ledger.enqueue(notification.pk)
    assert "the next scan will send it" in caplog.text
    notification.refresh_from_db()
    assert notification.mail_status == Notification.Mail.PENDING

    handed = []
    monkeypatch.setattr(app, "send_task", lambda name, args, **kw: handed.append((name, args)))
    scan.run()
    assert handed == [(ledger.SEND_TASK, (notification.pk,))]
