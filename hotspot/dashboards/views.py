"""The initiative dashboard and its collaboration network: every block for one period, cached until its
data change, exportable."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date

from actors.exports import FORMATS, export_response
from hotspot.access import get_dashboard_initiative
from hotspot.handover.selectors import handover_list

from . import charts, selectors, tables
from .cache import cached
from .network import collaboration_network
from .period import anchor_for, period_from


def _date(value):
    """A date from the query string, or None for a missing or malformed one (2014-02-30 too)."""
    try:
        return parse_date(value or "")
    except ValueError:
        return None


def _blocks(initiative, period, today, on):
    return {
        "escalations": selectors.escalations(initiative, period, today),
        "flow": selectors.escalation_flow(initiative, period),
        "overdue": selectors.overdue_actions(initiative, today),
        "attendance": selectors.attendance(initiative, period),
        "coverage": selectors.coverage(initiative, on),
        "heatmap": selectors.engagement_heatmap(initiative, period),
        "dimensions": selectors.indicators(initiative, period),
        "survey": selectors.survey_summary(initiative, period),
        "bottom_up": selectors.bottom_up(initiative, period),
    }


def _initiative_period(request, pk, default="quarter"):
    initiative = get_dashboard_initiative(request.user, pk)
    today = timezone.localdate()
    form, period = period_from(request, (initiative.start, initiative.end), anchor_for(initiative, today), default)
    return initiative, form, period, today


def _dashboard(request, pk):
    initiative, form, period, today = _initiative_period(request, pk)
    on = _date(request.GET.get("on")) or min(period.end, today)
    blocks = cached(
        "initiative",
        [initiative.pk, period.start, period.end, today, on],
        lambda: _blocks(initiative, period, today, on),
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
