"""The calendar: meetings by month and by week, one meeting as .ics, and a personal feed to subscribe to.

The month and week pages are plain server-rendered pages whose previous / next /
today links are URLs (/kalender/maaned/2026/12/, /kalender/uge/2026/49/), so they
work without JavaScript, can be bookmarked and print as they are.

The feed is fetched by calendar programs that cannot log in, so its URL carries
a secret token (CalendarToken) instead. Renewing the token revokes the old URL.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from actors.access import require_any_role
from actors.filters import visible_initiative_choices
from dialogue.access import get_meeting_for_user, visible_meetings
from dialogue.meetings import calendar_grid as grid
from dialogue.meetings.ical import calendar_for
from dialogue.meetings.selectors import calendar_meetings
from dialogue.models import AgendaItem, CalendarToken, Invitation, Meeting

FEED_DAYS_BACK = 90
FEED_MAX_MEETINGS = 500


def _ics_response(body, filename=None):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_ics(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    prefetch_related_objects([meeting], Prefetch("invitations", queryset=Invitation.objects.select_related("person")))
    items = list(meeting.agenda_items.order_by("position"))
    return _ics_response(calendar_for([(meeting, items)], meeting.title), f"moede-{meeting.pk}.ics")


# The month and week pages ---------------------------------------------------------


class CalendarFilterForm(forms.Form):
    indsats = forms.ModelChoiceField(
        label=gettext_lazy("Indsats"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Alle indsatser"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indsats"].queryset = visible_initiative_choices(request)

    def initiative(self):
        """The chosen initiative; an unknown or foreign one is no filter (the form shows the error)."""
        return self.cleaned_data.get("indsats") if self.is_valid() else None


def _calendar_page(request, *, view, weeks, period_start, links, extra):
    form = CalendarFilterForm(request.GET or None, request=request)
    initiative = form.initiative()
    start, end = grid.day_bounds(weeks[0].days[0].date, weeks[-1].days[-1].date)
    meetings, truncated = calendar_meetings(request.user, start, end, initiative)
    grid.place_meetings(weeks, meetings)
    query = f"?{urlencode({'indsats': initiative.pk})}" if initiative else ""
    context = {
        "view": view,
        "form": form,
        "weeks": weeks,
        "weekdays": [day.date for day in weeks[0].days],
        "period_start": period_start,
        "links": {name: url + query for name, url in links.items()},
        "query": query,
        "initiative": initiative,
        "count": sum(len(day.meetings) for week in weeks for day in week.days if day.in_period),
        "truncated": truncated,
        "limit": len(meetings),
        **extra,
    }
    return render(request, "dialogue/meetings/calendar.html", context)


def _month_url(first):
    return reverse("dialogue:calendar_month", args=[first.year, first.month])


def _week_url(monday):
    year, week, _ = monday.isocalendar()
    return reverse("dialogue:calendar_week", args=[year, week])


def calendar_month(request, year=None, month=None):
    require_any_role(request.user)
    today = timezone.localdate()
    first = grid.month_first_day(year, month) if year is not None else today.replace(day=1)
    if first is None:
        raise Http404
    links = {
        "previous": _month_url(grid.shift_month(first, -1)),
        "next": _month_url(grid.shift_month(first, 1)),
        "today": reverse("dialogue:calendar_month_current"),
        # The week view of this month's first week (today's week when the month is this month).
        "other": _week_url(today - datetime.timedelta(days=today.weekday()))
        if (first.year, first.month) == (today.year, today.month)
        else _week_url(first - datetime.timedelta(days=first.weekday())),
    }
    weeks = grid.month_weeks(first, today)
    return _calendar_page(request, view="month", weeks=weeks, period_start=first, links=links, extra={})


def calendar_week(request, year=None, week=None):
    require_any_role(request.user)
    today = timezone.localdate()
    monday = grid.week_monday(year, week) if year is not None else today - datetime.timedelta(days=today.weekday())
    if monday is None:
        raise Http404
    seven = datetime.timedelta(days=7)
    links = {
        "previous": _week_url(monday - seven),
        "next": _week_url(monday + seven),
        "today": reverse("dialogue:calendar_week_current"),
        # The month the week's Thursday falls in: the month the ISO week belongs to.
        "other": _month_url((monday + datetime.timedelta(days=3)).replace(day=1)),
    }
    weeks = [grid.one_week(monday, today)]
    extra = {"week_number": weeks[0].number, "week_year": weeks[0].year, "sunday": monday + datetime.timedelta(days=6)}
    return _calendar_page(request, view="week", weeks=weeks, period_start=monday, links=links, extra=extra)


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
    invited = Prefetch("invitations", queryset=Invitation.objects.select_related("person"))
    meetings = (
        visible_meetings(token.user, Meeting.objects.filter(start__gte=since))
        .select_related("initiative__chief", "created_by")
        .order_by("start")
        .prefetch_related(agenda, invited)
    )[:FEED_MAX_MEETINGS]
    pairs = [(m, m.agenda_items.all()) for m in meetings]
    return _ics_response(calendar_for(pairs, _("Hotspot – mine møder")))
