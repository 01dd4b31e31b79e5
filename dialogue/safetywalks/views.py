"""Safety walks: list, record, add findings (each one an escalation), record the follow-up.

Who may record a walk: the staff of an initiative (chief, administrators), and
coordinators and liaisons on behalf of their own organisation in an initiative
it is engaged in. Findings are added by the staff and by the organisation the
walk was raised for (SafetyWalk.raised_for, see get_safetywalk_for_user).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.access import access_for, require_any_role, visible_initiatives
from actors.models import Engagement, Organisation
from actors.pages import render_form, run_form
from dialogue.access import full_escalations, get_safetywalk_for_user
from dialogue.models import Escalation, SafetyWalk
from dialogue.safetywalks import services as safetywalks
from dialogue.safetywalks.forms import FindingForm, FollowUpForm, SafetyWalkForm

TEMPLATE = "dialogue/safetywalks/safetywalk_form.html"  # actors/form.html with the walks' breadcrumb


def _engaged(acc):
    return Engagement.objects.filter(organisation_id__in=acc.organisation_ids()).values("initiative_id")


def _walk_initiatives(user):
    """Initiatives the user may record a walk in: those they run, or where their organisation is engaged."""
    acc = access_for(user)
    qs = visible_initiatives(user)
    if acc.is_global_admin:
        return qs
    return qs.filter(Q(pk__in=acc.managed_initiative_ids()) | Q(pk__in=_engaged(acc)))


def _raisers(user):
    acc = access_for(user)
    if acc.is_global_admin or acc.managed_initiative_ids():
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=acc.organisation_ids())


def _check_raiser(user, initiative, organisation):
    """Outside the initiatives they run, users record walks only for their own, engaged organisation."""
    acc = access_for(user)
    if acc.manages_initiative(initiative.pk):
        return
    engaged = Engagement.objects.filter(organisation=organisation, initiative=initiative).exists()
    if organisation.pk not in acc.organisation_ids() or not engaged:
        raise ValidationError(
            {"raised_for": _("Du kan kun registrere vandringer for din egen organisation i indsatser, den deltager i.")}
        )


def safetywalk_list(request):
    require_any_role(request.user)
    walks = (
        SafetyWalk.objects.filter(initiative__in=visible_initiatives(request.user))
        .select_related("initiative", "area", "raised_for")
        .annotate(n_findings=Count("findings"))
        .with_follow_up_due()
    )
    only_due = request.GET.get("opfoelgning") == "1"
    if only_due:
        walks = walks.follow_up_due()
    page = Paginator(walks.order_by("-date", "-id"), 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "only_due": only_due,
        "today": timezone.localdate(),
        "can_create": _walk_initiatives(request.user).exists(),
    }
    return render(request, "dialogue/safetywalks/safetywalk_list.html", context)


def safetywalk_create(request):
    require_any_role(request.user)
    initiatives = _walk_initiatives(request.user)
    if not initiatives.exists():
        raise PermissionDenied
    form = SafetyWalkForm(
        request.POST or None,
        initiatives=initiatives,
        raisers=_raisers(request.user),
        initial={"initiative": request.GET.get("initiative")},
    )

    def record(data):
        data = dict(data)
        initiative, organisations = data.pop("initiative"), data.pop("organisations")
        _check_raiser(request.user, initiative, data["raised_for"])
        return safetywalks.safetywalk_record(
            initiative=initiative, data=data, organisations=organisations, by=request.user
        )

    done = run_form(
        request,
        form,
        record,
        lambda walk: (
            _("Vandringen er registreret. Opfølgende vandring senest %(d)s. Tilføj nu fundene.")
            % {"d": walk.follow_up_date.strftime("%d.%m.%Y")}
        ),
        lambda walk: walk,
    )
    return done or render_form(
        request, form, _("Ny tryghedsvandring"), reverse("dialogue:safetywalk_list"), template=TEMPLATE
    )


def safetywalk_detail(request, pk):
    walk = get_safetywalk_for_user(request.user, pk)
    findings = list(
        walk.findings.select_related("escalation__assigned_department").order_by("id"),
    )
    openable = set(
        full_escalations(request.user, Escalation.objects.filter(finding__walk=walk)).values_list("pk", flat=True)
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

    def add(data):
        return safetywalks.finding_add(
            walk=walk,
            data={"category": data["category"], "place": data["place"], "description": data["description"]},
            by=request.user,
            upload=data.get("photo"),
            department=data.get("department"),
        )

    done = run_form(
        request,
        form,
        add,
        _finding_message,
        lambda finding: reverse("dialogue:safetywalk_detail", args=[walk.pk]) + "#fund",
    )
    return done or render_form(
        request, form, _("Nyt fund fra %(w)s") % {"w": walk}, walk.get_absolute_url(), template=TEMPLATE
    )


def _finding_message(finding):
    department = finding.escalation.assigned_department
    if department is None:
        return _("Fundet er registreret. Hotspotchefen sender det videre til den rette forvaltning.")
    return _("Fundet er registreret og sendt til %(d)s.") % {"d": department}


@require_POST
def safetywalk_followup(request, pk):
    walk = get_safetywalk_for_user(request.user, pk, write=True)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            safetywalks.followup_done(walk=walk, on=form.cleaned_data["on"], by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Den opfølgende vandring er registreret."))
    else:
        messages.error(request, _("Angiv datoen for den opfølgende vandring."))
    return redirect(walk)
