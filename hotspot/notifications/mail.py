"""A claimed message as an e-mail: plain text and HTML from one template, links absolute, `.ics` attached.

The Message-ID is derived from the row, so a retried send is recognisably the same
message. Optional groups carry a one-click unsubscribe (RFC 8058) whose signed token
names the user and the group; account mail has none (it cannot be switched off).
"""

from email.mime.text import MIMEText
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .kinds import group_of
from .models import Preferences

UNSUBSCRIBE_SALT = "hotspot.notifications.unsubscribe"


def unsubscribe_token(user, group_key):
    return signing.dumps({"u": user.pk, "g": group_key}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(user id, group key) from a token, or None when it was not made by us."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("g"), str):
        return None
    return data["u"], data["g"]


def build_email(notification):
    recipient = notification.recipient
    group = group_of(notification.kind)
    unsubscribe = ""
    if group.optional:
        unsubscribe = settings.SITE_URL + reverse(
            "notifications:unsubscribe", args=[unsubscribe_token(recipient, group.key)]
        )
    with translation.override(Preferences.for_user(recipient).language):
        context = {
            "notification": notification,
            "link": notification.absolute_url,
            "group": group,
            "unsubscribe": unsubscribe,
            "preferences": settings.SITE_URL + reverse("notifications:preferences"),
        }
        text = render_to_string("hotspot/notifications/mail.txt", context)
        html = render_to_string("hotspot/notifications/mail.html", context)
        subject = f"Hotspot: {notification.title}"
    headers = {
        "Message-ID": f"<notification-{notification.pk}@{urlsplit(settings.SITE_URL).hostname}>",
        "Auto-Submitted": "auto-generated",
    }
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        reply_to=[settings.NOTIFICATION_REPLY_TO] if settings.NOTIFICATION_REPLY_TO else None,
        headers=headers,
    )
    email.attach_alternative(html, "text/html")
    if notification.ics:
        # Calendar clients read the method from the part's content type (RFC 6047).
        part = MIMEText(notification.ics, "calendar", "utf-8")
        part.set_param("method", notification.ics_method or "PUBLISH")
        part.add_header("Content-Disposition", "attachment", filename="hotspot.ics")
        email.attach(part)
    return email
