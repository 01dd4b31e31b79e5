from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from actors.access import access_for, get_initiative_for_user, require_any_role, visible_initiatives
from actors.models import Engagement
from dialogue.access import (
    escalation_titles,
    full_escalations,
    get_attachment_for_user,
    get_escalation_for_user,
)
from dialogue.escalations import services as esc
from dialogue.escalations.forms import (
    CHILD_INSTRUCTION,
    AgendaForm,
    AssignForm,
    CommentForm,
    EscalateForm,
    EscalationForm,
    InboxFilterForm,
    LadderFormSet,
    MergeForm,
    ReasonForm,
    ResolveForm,
    VersionForm,
)
from dialogue.models import Escalation, EscalationEvent

PAGE = 25
LIST_RELATED = ("initiative", "organisation", "assigned_department")


def _raising_initiatives(user):
    """Initiatives a user may raise escalations in: where one of their organisations is engaged or scoped."""
    acc = access_for(user)
    engaged = Engagement.objects.filter(organisation_id__in=acc.organisation_ids()).values("initiative_id")
    scoped = {r.initiative_id for r in acc.roles if r.organisation_id and r.initiative_id}
    return visible_initiatives(user).filter(pk__in=engaged) | visible_initiatives(user).filter(pk__in=scoped)


def escalation_list(request):
    """'My escalations': the organisation's own cases in full, others in the initiatives by title and status."""
    require_any_role(request.user)
    acc = access_for(request.user)
    # The menu's "Eskaleringer" lands each role on its working list: the chief on the inbox,
    # a liaison on the department queue; raisers (coordinators) on their own cases.
    raises = any(r.kind == r.Kind.COORDINATOR for r in acc.roles)
    if not raises and "alle" not in request.GET:
        if acc.is_global_admin or acc.managed_initiative_ids():
            return redirect("dialogue:escalation_inbox")
        if any(r.kind == r.Kind.LIAISON for r in acc.roles):
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
    context = {
        "page": Paginator(own, PAGE).get_page(request.GET.get("page")),
        "others": Paginator(others, PAGE).get_page(request.GET.get("andre")),
        "can_raise": bool(acc.organisation_ids()),
        "has_inbox": acc.is_global_admin or bool(acc.managed_initiative_ids()),
        "has_queue": any(r.kind == r.Kind.LIAISON for r in acc.roles),
        "today": timezone.localdate(),
    }
    return render(request, "dialogue/escalations/escalation_list.html", context)


def escalation_create(request):
    require_any_role(request.user)
    acc = access_for(request.user)
    initiatives = _raising_initiatives(request.user).distinct().order_by("name")
    if not acc.organisation_ids() or not initiatives.exists():
        raise PermissionDenied
    organisation = next(r.organisation for r in acc.roles if r.organisation_id)
    form = EscalationForm(request.POST or None, request.FILES or None, initiatives=initiatives)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("initiative", "attachment")}
        try:
            escalation = esc.escalation_raise(
                initiative=form.cleaned_data["initiative"],
                organisation=organisation,
                by=request.user,
                data=data,
                upload=form.cleaned_data.get("attachment"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sagen er rejst. Du kan følge den her, og du får besked, når der er svar."))
            return redirect(escalation)
    context = {"form": form, "organisation": organisation, "child_instruction": CHILD_INSTRUCTION}
    return render(request, "dialogue/escalations/escalation_form.html", context)


def escalation_detail(request, pk):
    escalation = get_escalation_for_user(request.user, pk)
    rights = escalation.rights
    events = escalation.events.select_related("actor", "department", "agenda_item__meeting", "other").order_by(
        "at", "id"
    )
    version = {"version": escalation.version}
    next_level = escalation.level + 1
    context = {
        "escalation": escalation,
        "rights": rights,
        "events": events,
        "attachments": escalation.attachments.order_by("uploaded_at"),
        "ladder": esc.ladder(escalation.initiative),
        "today": timezone.localdate(),
        "version": escalation.version,
        "forms": {
            action: _form_for(
                action,
                escalation,
                initial={**version, "department": escalation.department_id, "to_level": next_level},
            )
            for action in ACTIONS
        },
        "comment_form": _comment_form(rights),
        "can_reopen": rights.raiser
        and escalation.status == Escalation.Status.RESOLVED
        and escalation.closed_at
        and (timezone.now() - escalation.closed_at).days <= esc.REOPEN_DAYS,
    }
    return render(request, "dialogue/escalations/escalation_detail.html", context)


# One POST endpoint per step; each names the right it needs and the service it calls.
ACTIONS = {
    "kvitter": (
        "manage",
        VersionForm,
        lambda e, d, u: esc.escalation_acknowledge(escalation=e, by=u, version=d["version"]),
        gettext_lazy("Sagen er kvitteret."),
    ),
    "tildel": (
        "manage",
        AssignForm,
        lambda e, d, u: esc.escalation_assign(escalation=e, department=d["department"], by=u, version=d["version"]),
        gettext_lazy("Sagen er sendt til forvaltningen."),
    ),
    "afvis": (
        "manage",
        ReasonForm,
        lambda e, d, u: esc.escalation_reject(escalation=e, reason=d["reason"], by=u, version=d["version"]),
        gettext_lazy("Sagen er afvist med begrundelse."),
    ),
    "saml": (
        "manage",
        MergeForm,
        lambda e, d, u: esc.escalation_merge(escalation=e, into=d["into"], by=u, version=d["version"]),
        gettext_lazy("Sagen er lagt sammen med den anden sag."),
    ),
    "eskaler": (
        "manage",
        EscalateForm,
        lambda e, d, u: esc.escalation_escalate(
            escalation=e, by=u, justification=d["justification"], version=d["version"], to_level=d["to_level"]
        ),
        gettext_lazy("Sagen er løftet et niveau op."),
    ),
    "dagsorden": (
        "manage",
        AgendaForm,
        lambda e, d, u: esc.escalation_put_on_agenda(escalation=e, meeting=d["meeting"], by=u, version=d["version"]),
        gettext_lazy("Sagen er sat på dagsordenen."),
    ),
    "behandles": (
        "work",
        VersionForm,
        lambda e, d, u: esc.escalation_start(escalation=e, by=u, version=d["version"]),
        gettext_lazy("Sagen er markeret som under behandling."),
    ),
    "svar": (
        "work",
        ResolveForm,
        lambda e, d, u: (
            esc.escalation_resolve(escalation=e, by=u, answer=d["answer"], need_met=d["need_met"], version=d["version"])
            if d["close"]
            else esc.escalation_comment(escalation=e, by=u, text=d["answer"], kind=EscalationEvent.Kind.ANSWER)
        ),
        gettext_lazy("Svaret er sendt til den, der rejste sagen."),
    ),
    "genaabn": (
        "raiser",
        ReasonForm,
        lambda e, d, u: esc.escalation_reopen(escalation=e, by=u, reason=d["reason"], version=d["version"]),
        gettext_lazy("Sagen er genåbnet."),
    ),
}


def _form_for(action, escalation, data=None, initial=None):
    """The action's form, prefixed with the action name so several fit on one page."""
    form_class = ACTIONS[action][1]
    kwargs = {"prefix": action, "initial": initial}
    if form_class is MergeForm:
        kwargs["escalation"] = escalation
    if form_class is AgendaForm:
        kwargs["meetings"] = esc.open_meetings_for(escalation)
    return form_class(data, **kwargs)


@require_POST
def escalation_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    escalation = get_escalation_for_user(request.user, pk)
    right, _form, service, success = ACTIONS[action]
    # Staff may do what the department does (e.g. answer directly); the raiser's reopening is theirs alone.
    allowed = getattr(escalation.rights, right) or (right == "work" and escalation.rights.manage)
    if not allowed:
        raise PermissionDenied
    form = _form_for(action, escalation, request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, error if field == "__all__" else f"{form.fields[field].label or ''}: {error}".lstrip(": ")
                )
        return redirect(escalation)
    try:
        service(escalation, form.cleaned_data, request.user)
    except esc.ConcurrentChange as error:
        messages.warning(request, error.messages[0])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(escalation)


@require_POST
def escalation_comment(request, pk):
    escalation = get_escalation_for_user(request.user, pk)
    form = CommentForm(request.POST, request.FILES)
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        if kind == EscalationEvent.Kind.REPLY and not escalation.rights.raiser:
            kind = EscalationEvent.Kind.COMMENT
        if kind == EscalationEvent.Kind.QUESTION and not (escalation.rights.manage or escalation.rights.work):
            kind = EscalationEvent.Kind.COMMENT
        esc.escalation_comment(escalation=escalation, by=request.user, text=form.cleaned_data["text"], kind=kind)
        if form.cleaned_data.get("attachment"):
            esc.attachment_add(escalation=escalation, upload=form.cleaned_data["attachment"], by=request.user)
        messages.success(request, _("Tilføjet til sagens forløb."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(reverse("dialogue:escalation_detail", args=[escalation.pk]) + "#forloeb")


def _comment_form(rights):
    """Only the kinds that make sense for this user: questions come from those working the case, replies from the raiser."""
    form = CommentForm()
    kinds = [EscalationEvent.Kind.COMMENT]
    if rights.manage or rights.work:
        kinds.append(EscalationEvent.Kind.QUESTION)
    if rights.raiser:
        kinds.append(EscalationEvent.Kind.REPLY)
    form.fields["kind"].choices = [c for c in CommentForm.KINDS if c[0] in kinds]
    return form


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


def _queue_page(request, queryset, template, extra):
    form = InboxFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["level"]:
            queryset = queryset.filter(level=data["level"])
        if data["breached"]:
            queryset = queryset.filter(sla_due__lt=timezone.localdate())
    page = Paginator(queryset.select_related(*LIST_RELATED).by_sla(), PAGE).get_page(request.GET.get("page"))
    return render(request, template, {"form": form, "page": page, "today": timezone.localdate(), **extra})


def escalation_inbox(request):
    """The chief's inbox: every open case of their initiatives, nearest deadline first."""
    require_any_role(request.user)
    acc = access_for(request.user)
    if not (acc.is_global_admin or acc.managed_initiative_ids()):
        raise PermissionDenied
    queryset = full_escalations(request.user).open()
    if not acc.is_global_admin:
        queryset = queryset.filter(initiative_id__in=acc.managed_initiative_ids())
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
    if request.method == "POST" and formset.is_valid():
        levels = sorted(
            f.cleaned_data["level"] for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
        )
        if levels != list(range(1, len(levels) + 1)):
            messages.error(request, _("Niveauerne skal være 1, 2, 3 … uden huller."))
        else:
            formset.save()
            messages.success(request, _("Eskaleringstrappen er gemt."))
            return redirect("dialogue:ladder_edit", pk=initiative.pk)
    return render(request, "dialogue/escalations/ladder_edit.html", {"initiative": initiative, "formset": formset})
