"""Workflows across models in the organisation app."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def user_invite(*, user):
    """Mail a new user the link to choose a password.

    Django's PasswordResetForm skips accounts without a usable password, which is
    exactly what a new account is, so the same mail is sent here directly.
    """
    site = settings.SITE_URL.split("://", 1)
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": site[0],
        "domain": site[1],
    }
    subject = "".join(loader.render_to_string("registration/welcome_subject.txt", context).splitlines())
    body = loader.render_to_string("registration/welcome_email.txt", context)
    send_mail(subject, body, None, [user.email])


def user_create(*, username, email, first_name="", last_name=""):
    user = get_user_model().objects.create_user(
        username=username, email=email, first_name=first_name, last_name=last_name, password=None
    )
    user_invite(user=user)
    return user
