"""The inbox, the bell, the preferences, the delivery log and the one-click unsubscribe."""

from django.urls import reverse

from hotspot.notifications import ledger
from hotspot.notifications.mail import unsubscribe_token
from hotspot.notifications.models import Notification, Preferences


def notify(user, obj, occurrence="1", url="/eskaleringer/1/", title="Ny sag: Knallerter"):
    return ledger.claim(
        kind="escalation.raised", obj=obj, occurrence=occurrence, recipient=user,
        build=lambda r: ledger.Message(title=title, body="Tekst", url=url),
    )  # fmt: skip


def test_the_bell_counts_unread_and_the_inbox_lists_only_your_own(world, users, client_for):
    notify(users["chief"], world["meeting"], "1", title="Til chefen")
    notify(users["coordinator"], world["meeting"], "1", title="Til koordinatoren")
    page = client_for("chief").get(reverse("notifications:inbox")).content.decode()
    assert "Til chefen" in page and "Til koordinatoren" not in page
    assert '<span class="badge text-bg-warning">1<span class="visually-hidden"> ulæste</span>' in page


def test_opening_a_notification_marks_it_read_and_lands_on_its_object(world, users, client_for):
    notification = notify(users["chief"], world["escalation"], url=world["escalation"].get_absolute_url())
    response = client_for("chief").post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == world["escalation"].get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
    page = client_for("chief").get(reverse("notifications:inbox") + "?vis=ulaeste").content.decode()
    assert "Du har ingen ulæste beskeder." in page


def test_someone_elses_notification_cannot_be_opened(world, users, client_for):
    notification = notify(users["coordinator"], world["meeting"])
    assert client_for("chief").post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_link_to_another_site_is_not_followed(world, users, client_for):
    notification = notify(users["chief"], world["meeting"], url="https://evil.example/")
    response = client_for("chief").post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_mark_all_read_marks_only_your_own(world, users, client_for):
    mine = [notify(users["chief"], world["meeting"], str(i)) for i in range(3)]
    theirs = notify(users["coordinator"], world["meeting"])
    client_for("chief").post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_inbox_is_paginated_and_says_so_when_empty(world, users, client_for):
    client = client_for("chief")
    assert "Du har ingen beskeder endnu" in client.get(reverse("notifications:inbox")).content.decode()
    for i in range(30):
        notify(users["chief"], world["meeting"], str(i))
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert page.count('class="notification ') == 25 and "Side 1 af 2" in page


def test_preferences_switch_a_group_off_and_keep_account_mail(users, client_for):
    response = client_for("coordinator").post(
        reverse("notifications:preferences"),
        {"mail_on": ["escalations", "actions"], "digest_weekday": 2, "meeting_days_before": 3, "language": "en"},
    )
    assert response.status_code == 302
    prefs = Preferences.objects.get(user=users["coordinator"])
    assert "meetings" in prefs.mail_off and "escalations" not in prefs.mail_off and "account" not in prefs.mail_off
    assert (prefs.digest, prefs.digest_weekday, prefs.meeting_days_before, prefs.language) == (False, 2, 3, "en")


def test_a_bad_preference_is_refused_and_nothing_is_saved(users, client_for):
    response = client_for("coordinator").post(
        reverse("notifications:preferences"), {"mail_on": ["nonsense"], "meeting_days_before": 99, "language": "da"}
    )
    assert response.status_code == 200 and "Formularen er ikke gemt" in response.content.decode()
    assert not Preferences.objects.filter(user=users["coordinator"]).exists()


def test_one_click_unsubscribe_works_without_login_and_a_get_only_asks(users, client):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(users["coordinator"], "meetings")])
    assert "Vil du afmelde" in client.get(url).content.decode()
    assert not Preferences.objects.filter(user=users["coordinator"]).exists()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preferences.objects.get(user=users["coordinator"]).mail_off == ["meetings"]


def test_a_forged_or_account_unsubscribe_token_is_refused(users, client):
    forged = unsubscribe_token(users["coordinator"], "meetings")[:-2] + "xx"
    account = unsubscribe_token(users["coordinator"], "account")
    for token in (forged, account):
        assert client.post(reverse("notifications:unsubscribe", args=[token])).status_code == 404
    assert not Preferences.objects.exists()


def test_the_delivery_log_shows_failures_to_administrators_who_can_send_again(world, users, client_for):
    notification = notify(users["chief"], world["meeting"])
    Notification.objects.filter(pk=notification.pk).update(mail_status="failed", last_error="SMTPDataError: 550")
    client = client_for("administrator")
    page = client.get(reverse("notifications:delivery_log") + "?status=failed").content.decode()
    assert "SMTPDataError: 550" in page and "Send igen" in page
    client.post(reverse("notifications:delivery_retry", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.mail_status == Notification.Mail.PENDING


def test_unsubscribing_from_the_digest_switches_the_digest_off(users, client):
    client.post(reverse("notifications:unsubscribe", args=[unsubscribe_token(users["chief"], "digest")]))
    assert Preferences.objects.get(user=users["chief"]).digest is False


def test_a_case_with_unread_news_is_marked_new_in_the_chiefs_inbox_until_the_news_is_read(world, users, client_for):
    from dialogue.escalations import services as escalations

    case = escalations.escalation_raise(
        initiative=world["initiative"], organisation=world["askov"], by=users["coordinator"],
        data={"title": "Knallerter", "description": "På stien.", "theme": "public_safety"},
    )  # fmt: skip
    client = client_for("chief")
    row = f'#{case.pk} Knallerter</a> <span class="badge text-bg-primary">Nyt</span>'
    assert row in client.get(reverse("dialogue:escalation_inbox")).content.decode()
    old = f'#{world["escalation"].pk} {world["escalation"].title}</a> <span class="badge text-bg-primary">Nyt'
    assert old not in client.get(reverse("dialogue:escalation_inbox")).content.decode()
    notification = Notification.objects.get(recipient=users["chief"], kind="escalation.raised")
    client.post(reverse("notifications:open", args=[notification.pk]))
    assert row not in client.get(reverse("dialogue:escalation_inbox")).content.decode()


def test_the_front_page_shows_what_is_new_since_the_last_visit(world, users, client_for):
    notify(users["chief"], world["meeting"], title="Mødet er flyttet: Dialogplatform maj")
    page = client_for("chief").get(reverse("home")).content.decode()
    assert "Nyt siden sidst" in page and "Mødet er flyttet: Dialogplatform maj" in page
    assert "Nyt siden sidst" not in client_for("coordinator").get(reverse("home")).content.decode()
