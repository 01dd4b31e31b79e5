"""Calendar export: one meeting as .ics, and a personal feed to subscribe to.

The feed is fetched by calendar programs that cannot log in, so its URL carries
a secret token (CalendarToken) instead. Renewing the token revokes the old URL.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from actors.access import require_any_role
from dialogue.access import get_meeting_for_user, visible_meetings
from dialogue.meetings.ical import calendar_for
from dialogue.models import AgendaItem, CalendarToken, Meeting

FEED_DAYS_BACK = 90
FEED_MAX_MEETINGS = 500


def _ics_response(body, filename=None):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_ics(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    items = list(meeting.agenda_items.order_by("position"))
    return _ics_response(calendar_for([(meeting, items)], meeting.title), f"moede-{meeting.pk}.ics")


def calendar_settings(request):
    require_any_role(request.user)
    # Not created here: creating a token changes state, so it waits for the POST to calendar_renew.
    token = CalendarToken.objects.filter(user=request.user).first()
    feed_url = settings.SITE_URL + reverse("dialogue:calendar_feed", args=[token.token]) if token else None
    return render(request, "dialogue/meetings/calendar_settings.html", {"token": token, "feed_url": feed_url})


@require_POST
def calendar_renew(request):
    require_any_role(request.user)
    token, created = CalendarToken.objects.get_or_create(user=request.user)
    if created:
        messages.success(request, _("Dit kalenderlink er oprettet."))
    else:
        token.renew()
        messages.success(request, _("Dit kalenderlink er fornyet. Den gamle adresse virker ikke længere."))
    return redirect("dialogue:calendar")


@login_not_required
@cache_control(private=True)
def calendar_feed(request, token):
    # Unknown token and inactive user answer alike, so the URL reveals nothing about accounts.
    token = get_object_or_404(CalendarToken.objects.select_related("user"), token=token, user__is_active=True)
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    agenda = Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position"))
    meetings = (
        visible_meetings(token.user, Meeting.objects.filter(start__gte=since))
        .order_by("start")
        .prefetch_related(agenda)
    )[:FEED_MAX_MEETINGS]
    pairs = [(m, m.agenda_items.all()) for m in meetings]
    return _ics_response(calendar_for(pairs, _("Hotspot – mine møder")))
