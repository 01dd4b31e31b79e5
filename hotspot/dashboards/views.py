"""The initiative dashboard, its collaboration network and the cross-initiative overview: every block for
one period, cached until its data change, exportable."""

import hashlib

from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors import sorting
from actors.access import access_for
from actors.exports import FORMATS, export_response
from actors.pages import query_date
from hotspot.access import dashboard_initiatives, get_dashboard_department, get_dashboard_initiative
from hotspot.handover.selectors import handover_list

from . import charts, selectors, tables
from .cache import cached
from .department import department_rows
from .network import collaboration_network
from .overview import overview_rows, sort_rows
from .period import OverviewFilter, anchor_for, period_from


def _blocks(initiative, period, today, on, all_minutes):
    return {
        "escalations": selectors.escalations(initiative, period, initiative.as_of(today)),
        "flow": selectors.escalation_flow(initiative, period),
        "overdue": selectors.overdue_actions(initiative, initiative.as_of(today), all_minutes),
        "attendance": selectors.attendance(initiative, period),
        "coverage": selectors.coverage(initiative, on),
        "heatmap": selectors.engagement_heatmap(initiative, period),
        "dimensions": selectors.indicators(initiative, period),
        "survey": selectors.survey_summary(initiative, period, today),
        "bottom_up": selectors.bottom_up(initiative, period),
    }


def _inbox_url(user):
    """The inbox the escalation numbers link to, for those who may open it (not observers: a number only)."""
    acc = access_for(user)
    return reverse("dialogue:escalation_inbox") if acc.has_inbox else None


def _initiative_period(request, pk, default="quarter"):
    initiative = get_dashboard_initiative(request.user, pk)
    today = timezone.localdate()
    if today > initiative.end:
        default = "all"  # an initiative that is over: its whole story, not its last, quiet weeks
    form, period = period_from(request, (initiative.start, initiative.end), anchor_for(initiative, today), default)
    return initiative, form, period, today


def _dashboard(request, pk):
    initiative, form, period, today = _initiative_period(request, pk)
    on = query_date(request.GET.get("on")) or min(period.end, today)
    all_minutes = access_for(request.user).manages_initiative(initiative.pk)  # else published minutes only
    blocks = cached(
        "initiative",
        [initiative.pk, period.start, period.end, today, on, all_minutes],
        lambda: _blocks(initiative, period, today, on, all_minutes),
    )
    return initiative, form, period, today, on, blocks


def initiative_dashboard(request, pk):
    initiative, form, period, today, on, blocks = _dashboard(request, pk)
    handover = None
    if initiative.is_closed or initiative.phase == initiative.Phase.ENDING:
        handover = handover_list(initiative)
    context = {
        "initiative": initiative,
        "form": form,
        "period": period,
        "today": today,
        "on": on,
        "handover": handover,
        "inbox": _inbox_url(request.user),
        "flow_chart": charts.flow_chart(blocks["flow"]),
        "sla_chart": charts.sla_chart(blocks["escalations"]),
        **blocks,
    }
    return render(request, "hotspot/dashboards/initiative.html", context)


def initiative_dashboard_export(request, pk, table, fmt):
    if fmt not in FORMATS or table not in tables.TABLES:
        raise Http404
    initiative, _form, period, today, _on, blocks = _dashboard(request, pk)
    name = f"overblik-{initiative.pk}-{table}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return export_response(fmt, name, [tables.TABLES[table](blocks, period)])


def _network(request, pk):
    initiative, form, period, _today = _initiative_period(request, pk, default="12m")
    graph = cached(
        "network", [initiative.pk, period.start, period.end], lambda: collaboration_network(initiative, period)
    )
    return initiative, form, period, graph


def network(request, pk):
    initiative, form, period, graph = _network(request, pk)
    context = {"initiative": initiative, "form": form, "period": period, "network": graph}
    return render(request, "hotspot/dashboards/network.html", context)


def network_export(request, pk, table, fmt):
    if fmt not in FORMATS or table not in tables.NETWORK_TABLES:
        raise Http404
    initiative, _form, period, graph = _network(request, pk)
    name = f"netvaerk-{initiative.pk}-{table}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return export_response(fmt, name, [tables.NETWORK_TABLES[table](graph)])


OVERVIEW_COLUMNS = [
    ("name", _("Indsats"), False),
    ("engaged", _("Organisationer"), True),
    ("gaps", _("Huller i dækningen"), True),
    ("meetings", _("Møder"), True),
    ("attendance", _("Fremmøde"), True),
    ("open", _("Åbne sager"), True),
    ("breached", _("Over fristen"), True),
    ("within", _("Løst til tiden"), True),
    ("overdue", _("Handlinger over fristen"), True),
    ("bottom_up", _("Nedefra og op"), True),
    ("survey", _("Samarbejdsmåling"), True),
]


def _overview(request):
    visible = dashboard_initiatives(request.user)
    today = timezone.localdate()
    span = visible.aggregate(first=Min("start"), last=Max("end"))
    span = (span["first"], span["last"]) if span["first"] else (None, None)
    anchor = min(max(today, span[0]), span[1]) if span[0] else today
    form, period = period_from(request, span, anchor, default="12m")
    filters = OverviewFilter(request.GET or None, initiatives=visible)
    initiatives = [i for i in filters.apply(visible, today) if i.start <= period.end and i.end >= period.start]
    acc = access_for(request.user)
    managed = {i.pk for i in initiatives} if acc.is_global_admin else acc.managed_initiative_ids()
    ids = ",".join(str(i.pk) for i in initiatives) + "|" + ",".join(str(pk) for pk in sorted(managed))
    key = hashlib.sha256(ids.encode()).hexdigest()[:16]
    rows = cached(
        "overview", [key, period.start, period.end, today], lambda: overview_rows(initiatives, period, today, managed)
    )
    sort = request.GET.get(sorting.PARAM) or "name"
    return form, filters, period, today, sort_rows(rows, sort), sort


def overview(request):
    form, filters, period, today, rows, sort = _overview(request)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    totals = {
        key: sum(getattr(r, key) for r in rows) for key in ("meetings", "open_cases", "breached", "overdue_actions")
    }
    context = {
        "form": form, "filters": filters, "period": period, "today": today, "page": page, "totals": totals,
        "headers": sorting.headers(request, OVERVIEW_COLUMNS, sort), "count": len(rows),
        "inbox": _inbox_url(request.user),
    }  # fmt: skip
    return render(request, "hotspot/dashboards/overview.html", context)


def overview_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    _form, _filters, period, _today, rows, _sort = _overview(request)
    name = f"overblik-indsatser-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return export_response(fmt, name, [tables.overview(rows, period)])


def _department(request, pk):
    department = get_dashboard_department(request.user, pk)
    today = timezone.localdate()
    form, period = period_from(request, (None, None), today, default="12m")
    all_minutes = access_for(request.user).is_global_admin  # others read the published minutes' actions
    rows = cached("department", [department.pk, period.start, period.end, today, all_minutes],
                  lambda: department_rows(department, period, today, all_minutes))  # fmt: skip
    return department, form, period, today, rows


def department(request, pk):
    department, form, period, today, rows = _department(request, pk)
    is_liaison = department.pk in access_for(request.user).organisation_ids()
    # The liaison's own queue; the inbox for administrators; observers may open neither: numbers only.
    queue_url = reverse("dialogue:escalation_queue") if is_liaison else _inbox_url(request.user)
    context = {
        "department": department, "form": form, "period": period, "today": today, "rows": rows,
        "queue_url": queue_url, "is_liaison": is_liaison,
    }  # fmt: skip
    return render(request, "hotspot/dashboards/department.html", context)


def department_export(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    department, _form, period, _today, rows = _department(request, pk)
    name = f"forvaltning-{department.pk}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return export_response(fmt, name, [tables.department(department, rows)])
