"""The inbox, the preferences, the administrators' delivery log and the one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from actors.access import access_for

from . import ledger
from .forms import PreferencesForm
from .kinds import GROUPS
from .mail import read_unsubscribe_token
from .models import Notification, Preferences


def inbox(request):
    notifications = Notification.objects.inbox(request.user)
    only_unread = request.GET.get("vis") == "ulaeste"
    if only_unread:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications.select_related("actor"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "hotspot/notifications/inbox.html",
        {"page": page, "only_unread": only_unread, "unread": Notification.objects.unread(request.user).count()},
    )


@require_POST
def notification_open(request, pk):
    """Mark one of your own notifications read and go to what it is about."""
    notification = get_object_or_404(Notification.objects.inbox(request.user), pk=pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now())
    target = notification.get_absolute_url()
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:inbox"
    return redirect(target)


@require_POST
def inbox_mark_all_read(request):
    count = Notification.objects.unread(request.user).update(read_at=timezone.now())
    messages.success(request, _("%(n)s beskeder er markeret som læst.") % {"n": count})
    return redirect("notifications:inbox")


def preferences(request):
    prefs = Preferences.for_user(request.user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if form.is_valid():
        form.save()
        messages.success(request, _("Dine indstillinger for beskeder er gemt."))
        return redirect("notifications:preferences")
    return render(request, "hotspot/notifications/preferences.html", {"form": form})


def _require_admin(user):
    if not access_for(user).is_global_admin:
        raise Http404


def delivery_log(request):
    _require_admin(request.user)
    status = request.GET.get("status", "")
    rows = Notification.objects.exclude(mail_status=Notification.Mail.NONE).select_related("recipient")
    if status in Notification.Mail.values:
        rows = rows.filter(mail_status=status)
    page = Paginator(rows.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "hotspot/notifications/delivery_log.html",
        {"page": page, "status": status, "statuses": Notification.Mail.choices[1:]},
    )


@require_POST
def delivery_retry(request, pk):
    _require_admin(request.user)
    notification = get_object_or_404(Notification, pk=pk)
    if ledger.retry(notification):
        transaction.on_commit(lambda: ledger.enqueue(notification.pk))
        messages.success(request, _("E-mailen sendes igen."))
    else:
        messages.info(request, _("E-mailen var ikke fejlet; der er intet at sende igen."))
    return redirect("notifications:delivery_log")


@login_not_required
@csrf_exempt  # mail clients post the one-click unsubscribe without a session (RFC 8058); the token is the proof
def unsubscribe(request, token):
    found = read_unsubscribe_token(token)
    user = get_user_model().objects.filter(pk=found[0]).first() if found else None
    group = GROUPS.get(found[1]) if found else None
    if user is None or group is None or not group.optional:
        return render(request, "hotspot/notifications/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        prefs = Preferences.for_user(user)
        if group.key == "digest":
            prefs.digest = False
        else:
            prefs.mail_off = sorted({*prefs.mail_off, group.key})
        prefs.save()
        return render(request, "hotspot/notifications/unsubscribe.html", {"group": group, "done": True})
    return render(request, "hotspot/notifications/unsubscribe.html", {"group": group, "token": token})
