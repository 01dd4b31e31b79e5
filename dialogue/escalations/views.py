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
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from actors.access import access_for, get_initiative_for_user, require_any_role
from actors.extensions import objects_with_news
from actors.lifecycle import all_closed
from dialogue.access import (
    comment_kinds,
    full_escalations,
    get_attachment_for_user,
    get_escalation_for_user,
    get_escalations_for_user,
    listed_escalations,
    raising_initiatives,
    raising_organisation,
    raising_organisations,
    readable_escalations,
    visible_meetings,
)
from dialogue.escalations import services as esc
from dialogue.escalations.filters import CaseListFilter, QueueFilter
from dialogue.escalations.forms import (
    CHILD_INSTRUCTION,
    AgendaForm,
    AssigneeForm,
    AssignForm,
    BulkForm,
    CommentForm,
    EscalateForm,
    EscalationForm,
    LadderFormSet,
    MergeForm,
    NoteForm,
    ReasonForm,
    ResolveForm,
    VersionForm,
)
from dialogue.escalations.pending import UploadKeeper
from dialogue.escalations.selectors import escalation_workers, open_meetings_for
from dialogue.escalations.steps import form_errors_to_messages, step_reported
from dialogue.models import Escalation, Outcome

PAGE = 25
LIST_RELATED = ("initiative", "organisation", "assigned_department", "assignee")


# The case list's views: `?vis=mine` (cases I raised), `?vis=organisation` (my organisations' cases) and
# `?alle=1` (every case of my initiatives; `vis=alle` means the same). `tilstand=aabne|lukkede` and the
# other filters narrow each view; `andre=<n>` is the old name of the page number of the "all" view.
SCOPES = {
    "mine": _lazy("Mine"),
    "organisation": _lazy("Min organisations"),
    "alle": _lazy("Alle i mine indsatser"),
}


def _list_scope(request, can_raise):
    scope = request.GET.get("vis")
    if scope in SCOPES and (scope == "alle" or can_raise):
        return scope
    return "organisation" if can_raise and "alle" not in request.GET else "alle"


# Filters on what only a full reader sees (the department a case went to, its theme): applied to the
# cases the user may open only, so that filtering does not reveal them for title-only cases.
READER_FILTERS = ("assigned", "theme")


def _scope_cases(user, scope, params):
    acc = access_for(user)
    if scope == "mine":
        return Escalation.objects.filter(raised_by=user)
    if scope == "organisation":
        return Escalation.objects.filter(organisation_id__in=acc.organisation_ids())
    if any(params.get(name) for name in READER_FILTERS):
        return readable_escalations(user)
    # Every case the user may open, and the rest of their initiatives' cases by title and status.
    return listed_escalations(user)


def escalation_list(request):
    """The case list: the cases I raised, my organisations' cases, or all cases of my initiatives (closed ones
    too), each linked where the user may open it, filtered and paged."""
    require_any_role(request.user)
    acc = access_for(request.user)
    # The menu's "Eskaleringer" lands each role on its working list: the chief on the inbox,
    # a liaison on the department queue; raisers (coordinators) on their own cases.
    raises = any(r.kind == r.Kind.COORDINATOR for r in acc.roles)
    if not raises and "alle" not in request.GET and "vis" not in request.GET:
        if acc.has_inbox:
            return redirect("dialogue:escalation_inbox")
        if acc.liaison_organisation_ids():
            return redirect("dialogue:escalation_queue")
    can_raise = bool(acc.organisation_ids())
    scope = _list_scope(request, can_raise)
    filters = CaseListFilter(
        request.GET or None, queryset=_scope_cases(request.user, scope, request.GET), request=request
    )
    cases = filters.qs.select_related(*LIST_RELATED).order_by("-created", "-pk")
    page = Paginator(cases, PAGE).get_page(request.GET.get("page") or request.GET.get("andre"))
    readable = set(
        readable_escalations(request.user, Escalation.objects.filter(pk__in=[e.pk for e in page])).values_list(
            "pk", flat=True
        )
    )
    context = {
        "form": filters.form,
        "page": page,
        "readable": readable,
        "scope": scope,
        "keep": [("alle", "1")] if scope == "alle" else [("vis", scope)],
        "hidden_filters": (),
        "scopes": [(key, label) for key, label in SCOPES.items() if key == "alle" or can_raise],
        "can_raise": can_raise,
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
    keeper = UploadKeeper(request, "escalation_create")
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
                upload=keeper.upload(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sagen er rejst. Du kan følge den her, og du får besked, når der er svar."))
            return redirect(escalation)
    if form.is_bound:
        keeper.hold(form)
    context = {
        "form": form,
        "kept": keeper.pending,
        "organisations": list(raising_organisations(request.user)),
        "child_instruction": CHILD_INSTRUCTION,
    }
    return render(request, "dialogue/escalations/escalation_form.html", context)


def escalation_detail(request, pk):
    escalation = get_escalation_for_user(request.user, pk)
    return _detail_page(request, escalation)


def _comment_key(escalation):
    return f"escalation_comment:{escalation.pk}"


def _detail_page(request, escalation, comment_form=None, kept=None):
    """The case page; a comment that failed validation comes back in it with its text and its file kept."""
    rights = escalation.rights
    events = escalation.events.select_related(
        "actor", "department", "agenda_item__meeting", "other", "assignee"
    ).order_by("at", "id")
    version = {"version": escalation.version}
    comment_form = comment_form or CommentForm()
    kinds = comment_kinds(rights)
    comment_form.fields["kind"].choices = [c for c in CommentForm.KINDS if c[0] in kinds]
    ladder = list(esc.ladder(escalation.initiative))
    rung = next((r for r in ladder if r.level == escalation.level), None)
    rung_body = rung.body_for(escalation) if rung else None
    meetings = open_meetings_for(escalation, body=rung_body) if rights.manage and escalation.is_open else None
    workers = escalation_workers(escalation)
    context = {
        "escalation": escalation,
        "rights": rights,
        # Where the case is: the rung's body, Partnerskabsforum for a housing-sector case where it applies.
        "rung": rung,
        "rung_body": rung_body,
        "events": events,
        "attachments": escalation.attachments.order_by("uploaded_at"),
        # Internal notes reach the page only for those allowed them; the raiser's page never queries them.
        "notes": escalation.notes.select_related("author") if rights.notes else None,
        "ladder": ladder,
        "today": timezone.localdate(),
        "version": escalation.version,
        # One form per step, prefixed so several fit on the page; each posts to its own URL.
        "forms": {
            "kvitter": VersionForm(prefix="kvitter", initial=version),
            "tildel": AssignForm(prefix="tildel", initial={**version, "department": escalation.department_id}),
            "sagsbehandler": AssigneeForm(
                prefix="sagsbehandler", initial={**version, "assignee": escalation.assignee_id}, workers=workers
            ),
            "afvis": ReasonForm(prefix="afvis", initial=version),
            "saml": MergeForm(prefix="saml", initial=version, escalation=escalation),
            "eskaler": EscalateForm(prefix="eskaler", initial={**version, "to_level": escalation.level + 1}),
            "dagsorden": AgendaForm(prefix="dagsorden", initial=version, meetings=meetings),
            "behandles": VersionForm(prefix="behandles", initial=version),
            "svar": ResolveForm(prefix="svar", initial=version),
            "genaabn": ReasonForm(prefix="genaabn", initial=version),
            "note": NoteForm(prefix="note"),
        },
        "has_meetings": meetings is not None and meetings.exists(),
        "comment_form": comment_form,
        "kept": kept,
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
    """Those who take part in the case write in its timeline (observers only read it); the service decides the
    entry's kind by their rights. A comment that fails validation comes back on the case page with its
    text, and its file held."""
    escalation = get_escalation_for_user(request.user, pk, right="comment")
    keeper = UploadKeeper(request, _comment_key(escalation))
    form = CommentForm(request.POST, request.FILES)
    if form.is_valid():
        with step_reported(request, _("Tilføjet til sagens forløb.")), transaction.atomic():
            esc.escalation_comment(
                escalation=escalation, by=request.user, text=form.cleaned_data["text"], kind=form.cleaned_data["kind"]
            )
            if upload := keeper.upload(form):
                esc.attachment_add(escalation=escalation, upload=upload, by=request.user)
        return redirect(reverse("dialogue:escalation_detail", args=[escalation.pk]) + "#forloeb")
    return _detail_page(request, escalation, comment_form=form, kept=keeper.hold(form))


@require_POST
def escalation_assign_handler(request, pk):
    """The department's liaison (or the chief) gives the case to a named person of the department."""
    escalation = get_escalation_for_user(request.user, pk, right="work")
    if data := _step_form(request, AssigneeForm, "sagsbehandler", workers=escalation_workers(escalation)):
        with step_reported(request, _("Sagsbehandleren er sat på sagen.")):
            esc.escalation_assign_handler(
                escalation=escalation, assignee=data["assignee"], by=request.user, version=data["version"]
            )
    return redirect(escalation)


@require_POST
def escalation_note(request, pk):
    """An internal note (staff and the handling department only; never shown to the raiser)."""
    escalation = get_escalation_for_user(request.user, pk, right="notes")
    if data := _step_form(request, NoteForm, "note"):
        with step_reported(request, _("Den interne note er gemt.")):
            esc.escalation_note_add(escalation=escalation, by=request.user, text=data["text"])
    return redirect(reverse("dialogue:escalation_detail", args=[escalation.pk]) + "#interne-noter")


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
    """A queue of open cases, nearest deadline first, filtered as the CaseFilter docstring says."""
    filters = QueueFilter(request.GET or None, queryset=queryset, request=request)
    page = Paginator(filters.qs.select_related(*LIST_RELATED).by_sla(), PAGE).get_page(request.GET.get("page"))
    news = objects_with_news(request.user, Escalation._meta.label)
    context = {"form": filters.form, "page": page, "today": timezone.localdate(), "news": news, "keep": (), **extra}
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
    extra = {
        "title": _("Indbakke: eskaleringer"),
        "inbox": True,
        "has_queue": bool(acc.organisation_ids()),
        "hidden_filters": (),
        "bulk_form": BulkForm(),
    }
    return _queue_page(request, queryset, "dialogue/escalations/escalation_queue.html", extra)


def escalation_queue(request):
    """A liaison's queue: open cases assigned to their department."""
    require_any_role(request.user)
    acc = access_for(request.user)
    if not acc.organisation_ids():
        raise PermissionDenied
    queryset = Escalation.objects.open().filter(assigned_department_id__in=acc.organisation_ids())
    extra = {
        "title": _("Forvaltningens kø"),
        "inbox": False,
        "has_inbox": bool(acc.managed_initiative_ids()),
        "hidden_filters": ("assigned",),  # the queue is the department's already
    }
    return _queue_page(request, queryset, "dialogue/escalations/escalation_queue.html", extra)


BULK_DONE = {
    "acknowledge": _lazy("Kvitteret: %(cases)s."),
    "assign": _lazy("Sendt til %(department)s: %(cases)s."),
}


def _case_labels(cases):
    return ", ".join(f"#{e.pk} {e.title}" for e in cases)


@require_POST
def escalation_bulk(request):
    """The inbox's bulk step: acknowledge the ticked cases, or send them to a department, each through its
    service. Cases the user may not triage refuse the whole batch before anything is done; a case that
    fails its step (changed meanwhile, already acknowledged) is named beside those that were done."""
    require_any_role(request.user)
    if not access_for(request.user).has_inbox:
        raise PermissionDenied
    back = redirect(reverse("dialogue:escalation_inbox") + (f"?{request.GET.urlencode()}" if request.GET else ""))
    form = BulkForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back
    versions = form.cleaned_data["cases"]
    cases, refused = get_escalations_for_user(request.user, list(versions), "manage")
    if refused:
        messages.error(
            request,
            _("Ingen sager er ændret. Du kan ikke visitere: %(cases)s.") % {"cases": ", ".join(refused)},
        )
        return back
    department = form.cleaned_data["department"]
    done, failed = esc.escalations_bulk(
        cases=[(e, versions[e.pk]) for e in cases],
        step=form.cleaned_data["action"],
        by=request.user,
        department=department,
    )
    if done:
        text = BULK_DONE[form.cleaned_data["action"]]
        messages.success(request, text % {"cases": _case_labels(done), "department": department})
    for escalation, reason in failed:
        messages.warning(
            request,
            _("Ikke ændret: #%(pk)s %(title)s – %(reason)s")
            % {"pk": escalation.pk, "title": escalation.title, "reason": reason},
        )
    return back


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
