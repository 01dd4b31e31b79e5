"""Escalation pages: the lists, the raise form, the case page and one POST view per step.

Each step fetches the case with the right it needs (`get_escalation_for_user(...,
right=...)`: 404 to strangers, 403 without the right), validates its form and calls
one service. Putting a case on an agenda is a meeting-side step
(dialogue.meetings.views.escalation_put_on_agenda): meetings call into the case
lifecycle, never the other way.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.access import access_for, get_initiative_for_user, require_any_role
from actors.extensions import objects_with_news
from actors.lifecycle import all_closed
from dialogue.access import (
    comment_kinds,
    escalation_titles,
    full_escalations,
    get_attachment_for_user,
    get_escalation_for_user,
    raising_initiatives,
    raising_organisation,
    raising_organisations,
    visible_meetings,
)
from dialogue.escalations import services as esc
from dialogue.escalations.filters import QueueFilter
from dialogue.escalations.forms import (
    CHILD_INSTRUCTION,
    AgendaForm,
    AssignForm,
    CommentForm,
    EscalateForm,
    EscalationForm,
    LadderFormSet,
    MergeForm,
    ReasonForm,
    ResolveForm,
    VersionForm,
)
from dialogue.escalations.selectors import open_meetings_for
from dialogue.escalations.steps import form_errors_to_messages, step_reported
from dialogue.models import Escalation, Outcome

PAGE = 25
LIST_RELATED = ("initiative", "organisation", "assigned_department")


OTHERS_STATES = {
    "aabne": {"status__in": Escalation.OPEN_STATUSES},
    "lukkede": {"status__in": [s for s in Escalation.Status if s not in Escalation.OPEN_STATUSES]},
}


def escalation_list(request):
    """'My escalations': the organisation's own cases in full, others in the initiatives by title and status."""
    require_any_role(request.user)
    acc = access_for(request.user)
    # The menu's "Eskaleringer" lands each role on its working list: the chief on the inbox,
    # a liaison on the department queue; raisers (coordinators) on their own cases.
    raises = any(r.kind == r.Kind.COORDINATOR for r in acc.roles)
    if not raises and "alle" not in request.GET:
        if acc.has_inbox:
            return redirect("dialogue:escalation_inbox")
        if acc.liaison_organisation_ids():
            return redirect("dialogue:escalation_queue")
    own = (
        Escalation.objects.filter(organisation_id__in=acc.organisation_ids())
        .select_related(*LIST_RELATED)
        .order_by("-created")
    )
    others = (
        escalation_titles(request.user)
        .exclude(organisation_id__in=acc.organisation_ids())
        .select_related("initiative")
        .only("id", "title", "status", "level", "created", "initiative__name", "initiative__short_name")
        .order_by("-created")
    )
    state = request.GET.get("tilstand")
    if state in OTHERS_STATES:
        others = others.filter(**OTHERS_STATES[state])
    others_page = Paginator(others, PAGE).get_page(request.GET.get("andre"))
    # The cases among them the user may open in full (the staff: every case of their initiatives).
    readable = set(
        full_escalations(request.user, Escalation.objects.filter(pk__in=[e.pk for e in others_page])).values_list(
            "pk", flat=True
        )
    )
    context = {
        "page": Paginator(own, PAGE).get_page(request.GET.get("page")),
        "others": others_page,
        "readable": readable,
        "state": state if state in OTHERS_STATES else "",
        "state_choices": [("", _("Alle")), ("aabne", _("Åbne")), ("lukkede", _("Afsluttede"))],
        "can_raise": bool(acc.organisation_ids()),
        "has_inbox": acc.has_inbox,
        "has_queue": bool(acc.liaison_organisation_ids()),
        "today": timezone.localdate(),
        "news": objects_with_news(request.user, Escalation._meta.label),
    }
    return render(request, "dialogue/escalations/escalation_list.html", context)


def escalation_create(request):
    require_any_role(request.user)
    initiatives = raising_initiatives(request.user).order_by("name")
    if not initiatives.exists():
        raise PermissionDenied
    if refusal := all_closed(request, initiatives, _("sager"), "dialogue:escalation_list"):
        return refusal
    initiatives = initiatives.open()
    form = EscalationForm(request.POST or None, request.FILES or None, initiatives=initiatives)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("initiative", "attachment")}
        initiative = form.cleaned_data["initiative"]
        try:
            escalation = esc.escalation_raise(
                initiative=initiative,
                organisation=raising_organisation(request.user, initiative),
                by=request.user,
                data=data,
                upload=form.cleaned_data.get("attachment"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sagen er rejst. Du kan følge den her, og du får besked, når der er svar."))
            return redirect(escalation)
    context = {
        "form": form,
        "organisations": list(raising_organisations(request.user)),
        "child_instruction": CHILD_INSTRUCTION,
    }
    return render(request, "dialogue/escalations/escalation_form.html", context)


def escalation_detail(request, pk):
    escalation = get_escalation_for_user(request.user, pk)
    rights = escalation.rights
    events = escalation.events.select_related("actor", "department", "agenda_item__meeting", "other").order_by(
        "at", "id"
    )
    version = {"version": escalation.version}
    comment_form = CommentForm()
    kinds = comment_kinds(rights)
    comment_form.fields["kind"].choices = [c for c in CommentForm.KINDS if c[0] in kinds]
    ladder = list(esc.ladder(escalation.initiative))
    rung = next((r for r in ladder if r.level == escalation.level), None)
    context = {
        "escalation": escalation,
        "rights": rights,
        # Where the case is: the rung's body, Partnerskabsforum for a housing-sector case where it applies.
        "rung": rung,
        "rung_body": rung.body_for(escalation) if rung else None,
        "events": events,
        "attachments": escalation.attachments.order_by("uploaded_at"),
        "ladder": ladder,
        "today": timezone.localdate(),
        "version": escalation.version,
        # One form per step, prefixed so several fit on the page; each posts to its own URL.
        "forms": {
            "kvitter": VersionForm(prefix="kvitter", initial=version),
            "tildel": AssignForm(prefix="tildel", initial={**version, "department": escalation.department_id}),
            "afvis": ReasonForm(prefix="afvis", initial=version),
            "saml": MergeForm(prefix="saml", initial=version, escalation=escalation),
            "eskaler": EscalateForm(prefix="eskaler", initial={**version, "to_level": escalation.level + 1}),
            "dagsorden": AgendaForm(prefix="dagsorden", initial=version, meetings=open_meetings_for(escalation)),
            "behandles": VersionForm(prefix="behandles", initial=version),
            "svar": ResolveForm(prefix="svar", initial=version),
            "genaabn": ReasonForm(prefix="genaabn", initial=version),
        },
        "comment_form": comment_form,
        "can_reopen": rights.raiser and escalation.can_reopen(),
    }
    return render(request, "dialogue/escalations/escalation_detail.html", context)


# The steps -----------------------------------------------------------------------


def _step_form(request, form_class, prefix, **kwargs):
    form = form_class(request.POST, prefix=prefix, **kwargs)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return None
    return form.cleaned_data


@require_POST
def escalation_acknowledge(request, pk):
    escalation = get_escalation_for_user(request.user, pk, right="manage")
    if data := _step_form(request, VersionForm, "kvitter"):
        with step_reported(request, _("Sagen er kvitteret.")):
            esc.escalation_acknowledge(escalation=escalation, by=request.user, version=data["version"])
    return redirect(escalation)


@require_POST
def escalation_assign(request, pk):
    escalation = get_escalation_for_user(request.user, pk, right="manage")
    if data := _step_form(request, AssignForm, "tildel"):
        with step_reported(request, _("Sagen er sendt til forvaltningen.")):
            esc.escalation_assign(
                escalation=escalation, department=data["department"], by=request.user, version=data["version"]
            )
    return redirect(escalation)


@require_POST
def escalation_reject(request, pk):
    escalation = get_escalation_for_user(request.user, pk, right="manage")
    if data := _step_form(request, ReasonForm, "afvis"):
        with step_reported(request, _("Sagen er afvist med begrundelse.")):
            esc.escalation_reject(
                escalation=escalation, reason=data["reason"], by=request.user, version=data["version"]
            )
    return redirect(escalation)


@require_POST
def escalation_merge(request, pk):
    escalation = get_escalation_for_user(request.user, pk, right="manage")
    if data := _step_form(request, MergeForm, "saml", escalation=escalation):
        with step_reported(request, _("Sagen er lagt sammen med den anden sag.")):
            esc.escalation_merge(escalation=escalation, into=data["into"], by=request.user, version=data["version"])
    return redirect(escalation)


@require_POST
def escalation_escalate(request, pk):
    escalation = get_escalation_for_user(request.user, pk, right="manage")
    if data := _step_form(request, EscalateForm, "eskaler"):
        with step_reported(request, _("Sagen er løftet et niveau op.")):
            esc.escalation_escalate(
                escalation=escalation,
                by=request.user,
                justification=data["justification"],
                version=data["version"],
                to_level=data["to_level"],
            )
    return redirect(escalation)


@require_POST
def escalation_start(request, pk):
    escalation = get_escalation_for_user(request.user, pk, right="work")
    if data := _step_form(request, VersionForm, "behandles"):
        with step_reported(request, _("Sagen er markeret som under behandling.")):
            esc.escalation_start(escalation=escalation, by=request.user, version=data["version"])
    return redirect(escalation)


@require_POST
def escalation_answer(request, pk):
    escalation = get_escalation_for_user(request.user, pk, right="work")
    if data := _step_form(request, ResolveForm, "svar"):
        with step_reported(request, _("Svaret er sendt til den, der rejste sagen.")):
            esc.escalation_answer(
                escalation=escalation,
                by=request.user,
                answer=data["answer"],
                close=data["close"],
                need_met=data["need_met"],
                version=data["version"],
            )
    return redirect(escalation)


def escalation_decision(request, pk):
    """The decision that resolved a case, for everyone with the case in full (its raiser too, even when
    the raiser's organisation was not invited to the meeting): the decision, the agenda item and, once
    published, the item's minutes — nothing else of the meeting."""
    escalation = get_escalation_for_user(request.user, pk)
    if escalation.decision_id is None:
        raise Http404
    decision = Outcome.objects.select_related("agenda_item__meeting__body", "decided_by").get(pk=escalation.decision_id)
    meeting = decision.agenda_item.meeting
    context = {
        "escalation": escalation,
        "decision": decision,
        "item": decision.agenda_item,
        "meeting": meeting,
        "meeting_visible": visible_meetings(request.user).filter(pk=meeting.pk).exists(),
    }
    return render(request, "dialogue/escalations/escalation_decision.html", context)


@require_POST
def escalation_reopen(request, pk):
    escalation = get_escalation_for_user(request.user, pk, right="raiser")
    if data := _step_form(request, ReasonForm, "genaabn"):
        with step_reported(request, _("Sagen er genåbnet.")):
            esc.escalation_reopen(
                escalation=escalation, by=request.user, reason=data["reason"], version=data["version"]
            )
    return redirect(escalation)


@require_POST
def escalation_comment(request, pk):
    """Anyone who may open the case writes in its timeline; the service decides the entry's kind by their rights."""
    escalation = get_escalation_for_user(request.user, pk)
    form = CommentForm(request.POST, request.FILES)
    if form.is_valid():
        with step_reported(request, _("Tilføjet til sagens forløb.")):
            esc.escalation_comment(
                escalation=escalation, by=request.user, text=form.cleaned_data["text"], kind=form.cleaned_data["kind"]
            )
            if form.cleaned_data.get("attachment"):
                esc.attachment_add(escalation=escalation, upload=form.cleaned_data["attachment"], by=request.user)
    else:
        form_errors_to_messages(request, form)
    return redirect(reverse("dialogue:escalation_detail", args=[escalation.pk]) + "#forloeb")


def attachment_download(request, pk):
    attachment = get_attachment_for_user(request.user, pk)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Queues --------------------------------------------------------------------------


def _queue_page(request, queryset, template, extra):
    """A queue of open cases, nearest deadline first, filtered by status, level and breach."""
    filters = QueueFilter(request.GET or None, queryset=queryset)
    page = Paginator(filters.qs.select_related(*LIST_RELATED).by_sla(), PAGE).get_page(request.GET.get("page"))
    news = objects_with_news(request.user, Escalation._meta.label)
    context = {"form": filters.form, "page": page, "today": timezone.localdate(), "news": news, **extra}
    return render(request, template, context)


def escalation_inbox(request):
    """The chief's inbox: every open case of their initiatives, nearest deadline first."""
    require_any_role(request.user)
    acc = access_for(request.user)
    if not acc.has_inbox:
        raise PermissionDenied
    queryset = full_escalations(request.user).open()
    if not acc.is_global_admin:
        queryset = queryset.filter(initiative_id__in=acc.managed_initiative_ids())
    if not request.GET.get("initiative"):
        # A closed initiative's open cases were handed over; they show when its initiative is chosen.
        queryset = queryset.filter(initiative__closed_at__isnull=True)
    extra = {"title": _("Indbakke: eskaleringer"), "inbox": True, "has_queue": bool(acc.organisation_ids())}
    return _queue_page(request, queryset, "dialogue/escalations/escalation_queue.html", extra)


def escalation_queue(request):
    """A liaison's queue: open cases assigned to their department."""
    require_any_role(request.user)
    acc = access_for(request.user)
    if not acc.organisation_ids():
        raise PermissionDenied
    queryset = Escalation.objects.open().filter(assigned_department_id__in=acc.organisation_ids())
    extra = {"title": _("Forvaltningens kø"), "inbox": False, "has_inbox": bool(acc.managed_initiative_ids())}
    return _queue_page(request, queryset, "dialogue/escalations/escalation_queue.html", extra)


def ladder_edit(request, pk):
    initiative = get_initiative_for_user(request.user, pk)
    if not access_for(request.user).is_global_admin:
        raise PermissionDenied
    formset = LadderFormSet(request.POST or None, instance=initiative)
    if formset.is_valid():
        formset.save()
        messages.success(request, _("Eskaleringstrappen er gemt."))
        return redirect("dialogue:ladder_edit", pk=initiative.pk)
    return render(request, "dialogue/escalations/ladder_edit.html", {"initiative": initiative, "formset": formset})
