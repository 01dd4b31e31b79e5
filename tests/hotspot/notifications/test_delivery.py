"""Delivering a claimed message through a real SMTP server, with retries of transient failures."""

import datetime

import pytest
from django.utils import timezone

from hotspot.notifications import ledger, scan
from hotspot.notifications.mail import read_unsubscribe_token
from hotspot.notifications.models import Notification

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def claimed(world, users, kind="meeting.invited", ics=""):
    return ledger.claim(
        kind=kind, obj=world["meeting"], occurrence="1", recipient=users["coordinator"],
        build=lambda r: ledger.Message(title="Invitation: Dialogmøde", body="Du er inviteret.",
                                       url=world["meeting"].get_absolute_url(), ics=ics, ics_method="REQUEST"),
    )  # fmt: skip


def test_a_message_arrives_as_text_and_html_with_an_absolute_link_and_one_click_unsubscribe(
    world, users, smtp, settings
):
    settings.SITE_URL = "https://hotspot.kk.example"
    notification = claimed(world, users)
    assert ledger.deliver(notification.pk) == Notification.Mail.SENT

    [mail] = smtp.messages
    assert mail["To"] == "coordinator@kk.example"
    assert mail["Subject"] == "Hotspot: Invitation: Dialogmøde"
    assert mail["Message-ID"] == f"<notification-{notification.pk}@hotspot.kk.example>"
    link = "https://hotspot.kk.example" + world["meeting"].get_absolute_url()
    assert link in mail.get_body(("plain",)).get_content()
    assert f'href="{link}"' in mail.get_body(("html",)).get_content()
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = mail["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token) == (users["coordinator"].pk, "meetings")
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.attempts == 1


def test_an_invitation_carries_the_calendar_entry_with_its_method(world, users, smtp):
    ledger.deliver(claimed(world, users, ics=ICS).pk)
    [part] = [p for p in smtp.messages[0].iter_attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    assert "BEGIN:VCALENDAR" in part.get_content()


def test_account_mail_has_no_unsubscribe(world, users, smtp):
    notification = ledger.claim(
        kind="role.given", obj=users["coordinator"], occurrence="1", recipient=users["coordinator"],
        build=lambda r: ledger.Message(title="Du har fået en rolle"),
    )  # fmt: skip
    ledger.deliver(notification.pk)
    assert smtp.messages[0]["List-Unsubscribe"] is None


def test_a_sent_message_is_not_sent_again(world, users, smtp):
    notification = claimed(world, users)
    ledger.deliver(notification.pk)
    assert ledger.deliver(notification.pk) is None
    assert len(smtp.messages) == 1


def test_a_temporary_refusal_is_retried_later_and_gives_up_after_five_attempts(world, users, smtp):
    smtp.refuse = "451 4.3.0 Try again later"
    notification = claimed(world, users)
    now = timezone.now()
    assert ledger.deliver(notification.pk, now=now) == Notification.Mail.PENDING
    notification.refresh_from_db()
    assert notification.next_attempt_at == now + datetime.timedelta(minutes=1)
    assert "451" in notification.last_error
    assert ledger.deliver(notification.pk, now=now) is None  # not due yet

    for minutes in (5, 15, 60):
        now = notification.next_attempt_at
        assert ledger.deliver(notification.pk, now=now) == Notification.Mail.PENDING
        notification.refresh_from_db()
        assert notification.next_attempt_at == now + datetime.timedelta(minutes=minutes)
    assert ledger.deliver(notification.pk, now=notification.next_attempt_at) == Notification.Mail.FAILED
    notification.refresh_from_db()
    assert notification.attempts == 5 and notification.next_attempt_at is None
    assert smtp.messages == []


def test_a_permanent_refusal_fails_at_once_and_does_not_block_the_next_message(world, users, smtp):
    smtp.refuse = "550 5.1.1 No such user"
    first = claimed(world, users)
    assert ledger.deliver(first.pk) == Notification.Mail.FAILED
    smtp.refuse = None
    second = claimed(world, users, kind="meeting.moved")
    assert ledger.deliver(second.pk) == Notification.Mail.SENT
    assert len(smtp.messages) == 1


def test_an_unreachable_server_is_a_temporary_failure(world, users, settings):
    from tests.hotspot.notifications.conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    notification = claimed(world, users)
    assert ledger.deliver(notification.pk) == Notification.Mail.PENDING


def test_a_worker_that_died_mid_send_leaves_a_lease_the_scan_takes_up_again(world, users, smtp, monkeypatch):
    notification = claimed(world, users)
    Notification.objects.filter(pk=notification.pk).update(
        mail_status=Notification.Mail.SENDING, attempts=1, next_attempt_at=timezone.now() + ledger.LEASE
    )
    assert ledger.deliver(notification.pk) is None  # the lease still holds
    later = timezone.now() + ledger.LEASE + datetime.timedelta(seconds=1)
    sent = []
    monkeypatch.setattr(scan, "enqueue", sent.append)
    assert scan.run(now=later)["enqueued"] == 1 and sent == [notification.pk]
    assert ledger.deliver(notification.pk, now=later) == Notification.Mail.SENT


def test_an_administrator_can_send_a_failed_message_again(world, users, smtp):
    smtp.refuse = "550 5.1.1 No such user"
    notification = claimed(world, users)
    ledger.deliver(notification.pk)
    smtp.refuse = None
    assert ledger.retry(notification) == 1
    assert ledger.deliver(notification.pk) == Notification.Mail.SENT


@pytest.mark.parametrize("status", [Notification.Mail.SENT, Notification.Mail.PENDING])
def test_only_a_failed_message_can_be_sent_again(world, users, status):
    notification = claimed(world, users)
    Notification.objects.filter(pk=notification.pk).update(mail_status=status)
    assert ledger.retry(notification) == 0
