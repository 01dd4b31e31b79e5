from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.access import access_for
from actors.exports import Table, export_response
from actors.models import display_name
from actors.pages import errors_to_messages, form_errors
from hotspot.access import get_dashboard_initiative

from . import services
from .forms import CloseForm, DecisionForm
from .models import HandoverItem
from .selectors import handover_list, recipients


def _forms(initiative, listing):
    organisations, bodies = recipients(initiative)
    for thing in listing.things:
        thing.form = DecisionForm(
            initial=DecisionForm.initial_for(thing.item),
            organisations=organisations,
            bodies=bodies,
            prefix=thing.key,
        )
    return organisations, bodies


def handover(request, pk):
    initiative = get_dashboard_initiative(request.user, pk)
    listing = handover_list(initiative)
    can_decide = access_for(request.user).manages_initiative(initiative.pk) and not initiative.is_closed
    if can_decide:
        _forms(initiative, listing)
    context = {"initiative": initiative, "listing": listing, "can_decide": can_decide}
    return render(request, "hotspot/handover/handover.html", context)


@require_POST
def handover_decide(request, pk, kind, object_id):
    initiative = get_dashboard_initiative(request.user, pk, write=True)
    organisations, bodies = recipients(initiative)
    form = DecisionForm(request.POST, organisations=organisations, bodies=bodies, prefix=f"{kind}-{object_id}")
    anchor = reverse("hotspot:handover", args=[initiative.pk]) + f"#{kind}-{object_id}"
    if kind not in HandoverItem.Kind.values or not form.is_valid():
        errors_to_messages(request, form.errors)
        return redirect(anchor)
    organisation, body = form.recipient_objects()
    try:
        item = services.handover_decide(
            initiative=initiative,
            kind=kind,
            object_id=object_id,
            decision=form.cleaned_data["decision"],
            to_organisation=organisation,
            to_body=body,
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(
            request, _("Gemt: %(item)s – %(decision)s") % {"item": item.label, "decision": item.get_decision_display()}
        )
    return redirect(anchor)


def initiative_close(request, pk):
    initiative = get_dashboard_initiative(request.user, pk, write=True)
    listing = handover_list(initiative)
    form = CloseForm(request.POST or None)
    if form.is_valid():
        try:
            services.initiative_close(initiative=initiative, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("%(initiative)s er afsluttet.") % {"initiative": initiative})
            return redirect("hotspot:handover_report", pk=initiative.pk)
    context = {"initiative": initiative, "listing": listing, "form": form}
    return render(request, "hotspot/handover/close.html", context)


def handover_report(request, pk):
    initiative = get_dashboard_initiative(request.user, pk)
    context = {"initiative": initiative, "listing": handover_list(initiative)}
    return render(request, "hotspot/handover/report.html", context)


def report_table(initiative, listing):
    table = Table(
        _("Overdragelse"),
        [_("type"), _("hvad"), _("beslutning"), _("overtages af"), _("note"), _("besluttet"), _("besluttet af")],
    )
    for thing in listing.things:
        item = thing.item
        table.rows.append(
            [
                thing.kind_label,
                thing.label,
                item.get_decision_display() if item else _("mangler beslutning"),
                str(item.recipient) if item and item.recipient else "",
                item.note if item else "",
                item.decided_at if item else None,
                display_name(item.decided_by) if item and item.decided_by else "",
            ]
        )
    return table


def handover_export(request, pk, fmt):
    initiative = get_dashboard_initiative(request.user, pk)
    table = report_table(initiative, handover_list(initiative))
    return export_response(fmt, f"overdragelse-{initiative.pk}", [table])
