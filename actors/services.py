"""Workflows across models in the organisation app."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import ProtectedError
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .events import announce
from .models import Role


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


def user_create(*, username, email, first_name="", last_name="", by=None):
    user = get_user_model().objects.create_user(
        username=username, email=email, first_name=first_name, last_name=last_name, password=None
    )
    user_invite(user=user)
    announce("user.invited", user, by=by)
    return user


def role_give(*, role, by):
    """Save a new (validated) role; its holder is told."""
    role.save()
    announce("role.given", role, by=by)
    return role


def role_remove(*, role, by):
    """Take a role away (refused as role_delete_refusal says); its holder is told."""
    refusal = role_delete_refusal(role=role, by=by)
    if refusal:
        raise ValidationError(refusal)
    announce("role.removed", role, by=by)
    role.delete()


def record_delete(*, obj):
    """Delete a directory record (organisation, area, body, seat, person, engagement, body link).

    Records others depend on are protected by their foreign keys; the refusal names a few of them.
    """
    try:
        obj.delete()
    except ProtectedError as exc:
        names = ", ".join(sorted({str(o) for o in exc.protected_objects})[:5])
        raise ValidationError(
            _("%(obj)s kan ikke slettes, fordi andre oplysninger afhænger af den: %(names)s")
            % {"obj": obj, "names": names}
        ) from exc


def role_delete_refusal(*, role, by):
    """Why `by` may not take `role` away, or None.

    Administrators may not remove their own last administrator role: nobody might be left to give it back.
    """
    last_own_admin = (
        role.user_id == by.pk
        and role.kind == Role.Kind.ADMINISTRATOR
        and not by.is_superuser
        and not Role.objects.filter(user=by, kind=Role.Kind.ADMINISTRATOR).exclude(pk=role.pk).exists()
    )
    if last_own_admin:
        return _("Du kan ikke fjerne din egen sidste administratorrolle. Bed en anden administrator om det.")
    return None
