"""Safety walks: list, record, add findings (each one an escalation), record the follow-up.

Who may record a walk: the staff of an initiative (chief, administrators), and
coordinators and liaisons on behalf of their own organisation in an initiative
it is engaged in. Findings are added by the staff and by the organisation the
walk was raised for (SafetyWalk.raised_for, see get_safetywalk_for_user).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.access import require_any_role
from actors.lifecycle import all_closed
from actors.pages import errors_to_messages, form_errors, render_form
from dialogue.access import (
    check_safetywalk_raiser,
    get_safetywalk_for_user,
    readable_escalations,
    safetywalk_initiatives,
    safetywalk_raisers,
    visible_safetywalks,
)
from dialogue.models import Escalation
from dialogue.safetywalks import services as safetywalks
from dialogue.safetywalks.filters import SafetyWalkFilter
from dialogue.safetywalks.forms import FindingForm, FollowUpForm, SafetyWalkForm

TEMPLATE = "dialogue/safetywalks/safetywalk_form.html"  # actors/form.html with the walks' breadcrumb


def safetywalk_list(request):
    require_any_role(request.user)
    walks = (
        visible_safetywalks(request.user)
        .select_related("initiative", "area", "raised_for")
        .annotate(n_findings=Count("findings"))
        .with_follow_up_due()
    )
    filterset = SafetyWalkFilter(request.GET, queryset=walks)
    page = Paginator(filterset.qs.order_by("-date", "-id"), 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "only_due": filterset.only_due,
        "today": timezone.localdate(),
        "can_create": safetywalk_initiatives(request.user).exists(),
    }
    return render(request, "dialogue/safetywalks/safetywalk_list.html", context)


def safetywalk_create(request):
    require_any_role(request.user)
    initiatives = safetywalk_initiatives(request.user)
    if not initiatives.exists():
        raise PermissionDenied
    if refusal := all_closed(request, initiatives, _("tryghedsvandringer"), "dialogue:safetywalk_list"):
        return refusal
    initiatives = initiatives.open()
    form = SafetyWalkForm(
        request.POST or None,
        initiatives=initiatives,
        raisers=safetywalk_raisers(request.user),
        initial={"initiative": request.GET.get("initiative")},
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        initiative, organisations = data.pop("initiative"), data.pop("organisations")
        try:
            check_safetywalk_raiser(request.user, initiative, data["raised_for"])
            walk = safetywalks.safetywalk_record(
                initiative=initiative, data=data, organisations=organisations, by=request.user
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("Vandringen er registreret. Opfølgende vandring senest %(d)s. Tilføj nu fundene.")
                % {"d": walk.follow_up_date.strftime("%d.%m.%Y")},
            )
            return redirect(walk)
    return render_form(
        request, form, title=_("Ny tryghedsvandring"), cancel_url=reverse("dialogue:safetywalk_list"), template=TEMPLATE
    )


def safetywalk_detail(request, pk):
    walk = get_safetywalk_for_user(request.user, pk)
    findings = list(
        walk.findings.select_related("escalation__assigned_department").order_by("id"),
    )
    openable = set(
        readable_escalations(request.user, Escalation.objects.filter(finding__walk=walk)).values_list("pk", flat=True)
    )
    for finding in findings:
        finding.can_open = finding.escalation_id in openable
    context = {
        "walk": walk,
        "findings": findings,
        "organisations": list(walk.organisations.order_by("name")),
        "finding_form": FindingForm() if walk.can_edit else None,
        "followup_form": FollowUpForm(initial={"on": timezone.localdate()})
        if walk.can_edit and walk.follow_up_done is None
        else None,
        "follow_up_due": walk.is_follow_up_due(),
    }
    return render(request, "dialogue/safetywalks/safetywalk_detail.html", context)


def finding_add(request, pk):
    walk = get_safetywalk_for_user(request.user, pk, write=True)
    form = FindingForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            finding = safetywalks.finding_add(
                walk=walk,
                data={"category": data["category"], "place": data["place"], "description": data["description"]},
                by=request.user,
                upload=data.get("photo"),
                department=data.get("department"),
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            department = finding.escalation.assigned_department
            if department is None:
                messages.success(
                    request, _("Fundet er registreret. Hotspotchefen sender det videre til den rette forvaltning.")
                )
            else:
                messages.success(request, _("Fundet er registreret og sendt til %(d)s.") % {"d": department})
            return redirect(reverse("dialogue:safetywalk_detail", args=[walk.pk]) + "#fund")
    title = _("Nyt fund fra %(w)s") % {"w": walk}
    return render_form(request, form, title=title, cancel_url=walk.get_absolute_url(), template=TEMPLATE)


@require_POST
def safetywalk_followup(request, pk):
    walk = get_safetywalk_for_user(request.user, pk, write=True)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            safetywalks.followup_done(walk=walk, on=form.cleaned_data["on"], by=request.user)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("Den opfølgende vandring er registreret."))
    else:
        messages.error(request, _("Angiv datoen for den opfølgende vandring."))
    return redirect(walk)
