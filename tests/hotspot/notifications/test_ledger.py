"""Claiming a message exactly once (hotspot/notifications/ledger.py)."""

import threading

import pytest
from django.db import connection, transaction

from hotspot.notifications import ledger
from hotspot.notifications.models import Notification, Preferences


def message(recipient):
    return ledger.Message(title="Mødet er flyttet", body="Til torsdag.", url="/moeder/1/")


def claim(user, obj, occurrence="1", kind="meeting.moved"):
    return ledger.claim(kind=kind, obj=obj, occurrence=occurrence, recipient=user, build=message)


def test_the_same_message_is_claimed_once(world, users):
    first = claim(users["chief"], world["meeting"])
    second = claim(users["chief"], world["meeting"])
    assert first is not None and second is None
    assert Notification.objects.filter(recipient=users["chief"]).count() == 1


def test_another_occurrence_or_recipient_is_a_new_message(world, users):
    claim(users["chief"], world["meeting"], occurrence="1")
    claim(users["chief"], world["meeting"], occurrence="2")
    claim(users["coordinator"], world["meeting"], occurrence="1")
    assert Notification.objects.count() == 3


def test_the_one_who_caused_it_and_inactive_users_are_not_told(world, users):
    users["liaison"].is_active = False
    users["liaison"].save()
    made = ledger.claim_for(
        [users["chief"], users["chief"], users["coordinator"], users["liaison"]],
        kind="meeting.moved", obj=world["meeting"], occurrence="1", build=message, actor=users["chief"],
    )  # fmt: skip
    assert [n.recipient for n in made] == [users["coordinator"]]


def test_mail_follows_the_recipients_preferences_but_account_mail_always_goes(world, users):
    Preferences.objects.create(user=users["chief"], mail_off=["meetings", "account"])
    moved = claim(users["chief"], world["meeting"])
    invited = ledger.claim(
        kind="user.invited", obj=users["chief"], occurrence="1", recipient=users["chief"], build=message
    )
    assert moved.mail_status == Notification.Mail.NONE and moved.in_app
    assert invited.mail_status == Notification.Mail.PENDING


def test_the_text_is_built_in_the_recipients_language(world, users):
    from django.utils.translation import get_language

    Preferences.objects.create(user=users["chief"], language="en")
    made = ledger.claim(
        kind="meeting.moved", obj=world["meeting"], occurrence="1", recipient=users["chief"],
        build=lambda r: ledger.Message(title=get_language()),
    )  # fmt: skip
    assert made.title == "en"


def test_mail_is_handed_to_a_worker_only_when_the_claim_commits(world, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        claim(users["chief"], world["meeting"])
    assert len(callbacks) == 1


def test_a_rolled_back_change_leaves_no_message(world, users):
    with pytest.raises(RuntimeError), transaction.atomic():
        claim(users["chief"], world["meeting"])
        raise RuntimeError
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_processes_claiming_at_once_make_one_message(django_user_model):
    """Two connections insert the same claim concurrently; the unique constraint lets one win."""
    user = django_user_model.objects.create_user("chef", email="chef@kk.example")
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            with transaction.atomic():
                barrier.wait()
                results.append(ledger.claim(kind="meeting.moved", obj="dialogue.meeting:1", occurrence="1",
                                            recipient=user, build=message))  # fmt: skip
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Notification.objects.count() == 1
    assert sorted(r is not None for r in results) == [False, True]


def test_a_personal_number_quoted_in_a_message_is_masked(world, users):
    made = ledger.claim(
        kind="meeting.moved", obj=world["meeting"], occurrence="1", recipient=users["chief"],
        build=lambda r: ledger.Message(title="Sag om 010203-1234", body="Se 010203-1234 og 311299-4321."),
    )  # fmt: skip
    assert made.title == "Sag om 010203-XXXX"
    assert made.body == "Se 010203-XXXX og 311299-XXXX."
