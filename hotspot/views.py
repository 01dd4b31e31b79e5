from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from actors.access import access_for, visible_initiatives
from actors.models import Initiative

from .attention import attention
from .notifications.models import Notification

NEWS_ON_HOME = 5  # the newest unread notifications, "new since your last visit"


def home(request):
    acc = access_for(request.user)
    initiatives = visible_initiatives(request.user).select_related("chief", "lead_department").order_by("start")
    items, next_meeting = attention(request.user) if acc.has_any_role else ([], None)
    news = Notification.objects.unread(request.user).select_related("actor")[:NEWS_ON_HOME]
    context = {
        "initiatives": initiatives, "has_role": acc.has_any_role, "items": items, "next_meeting": next_meeting,
        "news": news,
    }  # fmt: skip
    return render(request, "hotspot/home.html", context)


@login_not_required
def accessibility(request):
    return render(request, "hotspot/accessibility.html")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def server_error(request):
    # No request context: the failure may come from a context processor or the database.
    return HttpResponseServerError(loader.get_template("500.html").render())


@login_not_required
def ceiling(request):
    """The benchmark's yardstick (bench/pages.py): one indexed query, a tiny template, the full middleware
    stack. Served only when BENCH_CEILING is on (ROOT_URLCONF hotspot.bench_urls), never in production."""
    first = Initiative.objects.order_by("pk").values_list("pk", flat=True).first()
    return render(request, "hotspot/ceiling.html", {"first": first})
