from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from actors.access import access_for, require_any_role
from actors.lifecycle import all_closed
from actors.models import display_name
from actors.pages import errors_to_messages, form_errors, render_form
from dialogue.access import (
    get_action_for_status_change,
    get_agenda_item_for_user,
    get_escalation_for_user,
    get_invitation_for_user,
    get_meeting_for_user,
    get_minutes_version_for_user,
    get_outcome_for_user,
    get_series_for_user,
    may_change_action,
    meeting_initiatives,
    visible_actions,
    visible_meetings,
    visible_series,
)
from dialogue.escalations.forms import AgendaForm
from dialogue.escalations.selectors import open_meetings_for
from dialogue.escalations.steps import form_errors_to_messages, step_reported
from dialogue.meetings import services
from dialogue.meetings.editor import MinutesEditor
from dialogue.meetings.filters import ActionFilter, MeetingFilter
from dialogue.meetings.forms import (
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    AttendeeForm,
    CommentForm,
    MeetingForm,
    MinutesForm,
    NewVersionForm,
    OutcomeForm,
    PublishForm,
    SeriesForm,
    SeriesNextForm,
)
from dialogue.meetings.papers_views import papers_context
from dialogue.meetings.selectors import meeting_history
from dialogue.models import AgendaItem, Outcome

# Meetings -------------------------------------------------------------------------


def meeting_list(request):
    require_any_role(request.user)
    meetings = visible_meetings(request.user).select_related("initiative", "body")
    filterset = MeetingFilter(request.GET, queryset=meetings, request=request)
    # Upcoming meetings soonest first; held ones newest first.
    meetings = filterset.qs  # validates the filters
    order = ("start", "pk") if filterset.form.cleaned_data.get("when") == "upcoming" else ("-start", "-pk")
    page = Paginator(meetings.order_by(*order), 25).get_page(request.GET.get("page"))
    # The items are counted for the page's meetings only (an annotation would group every visible meeting).
    page.object_list = list(page.object_list)
    counts = dict(
        AgendaItem.objects.filter(meeting__in=[m.pk for m in page.object_list])
        .values_list("meeting")
        .annotate(n=Count("pk"))
        .values_list("meeting", "n")
    )
    for meeting in page.object_list:
        meeting.n_items = counts.get(meeting.pk, 0)
    can_create = meeting_initiatives(request.user).exists()
    context = {"form": filterset.form, "page": page, "can_create": can_create}
    return render(request, "dialogue/meetings/meeting_list.html", context)


def meeting_create(request):
    require_any_role(request.user)
    initiatives = meeting_initiatives(request.user)
    if not initiatives.exists():
        raise PermissionDenied
    if refusal := all_closed(request, initiatives, _("møder"), "dialogue:meeting_list"):
        return refusal
    # The case page's "no upcoming meeting" links here with the initiative and the body the case is with.
    initial = {
        "initiative": request.GET.get("initiative"),
        "body": request.GET.get("body"),
        "kind": "dialogue_platform",
    }
    form = MeetingForm(request.POST or None, initiatives=initiatives.open(), initial=initial)
    if form.is_valid():
        try:
            meeting = services.meeting_create(data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Mødet er oprettet. Tilføj nu dagsorden og inviterede."))
            return redirect(meeting)
    return render_form(request, form, title=_("Nyt møde"), cancel_url=reverse("dialogue:meeting_list"))


def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting, initiatives=meeting_initiatives(request.user))
    if form.is_valid():
        try:
            meeting = services.meeting_update(meeting=meeting, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Mødet er gemt."))
            return redirect(meeting)
    return render_form(request, form, title=_("Rediger møde"), cancel_url=meeting.get_absolute_url())


def meeting_delete(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if request.method == "POST":
        try:
            services.meeting_delete(meeting=meeting)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect(meeting)
        messages.success(request, _("Mødet er slettet."))
        return redirect("dialogue:meeting_list")
    if not meeting.deletable():  # say so before asking for confirmation
        messages.error(request, _("Et møde med et godkendt referat kan ikke slettes. Markér det i stedet som aflyst."))
        return redirect(meeting)
    return render(request, "actors/confirm_delete.html", {"object": meeting, "cancel_url": meeting.get_absolute_url()})


def _meeting_context(request, meeting):
    items = meeting.agenda_items.select_related(
        "owner_person", "owner_organisation", "origin_body", "origin_organisation", "carried_from", "follows_up"
    ).prefetch_related(
        Prefetch(
            "outcomes",
            queryset=Outcome.objects.select_related("owner_person", "owner_organisation", "decided_by").order_by("id"),
        )
    )
    items = list(items.order_by("position"))
    planned = sum(i.planned_minutes for i in items)
    invitations = list(
        meeting.invitations.select_related("organisation", "person").order_by("organisation__name", "person__name")
    )
    return {
        "meeting": meeting,
        "rights": meeting.rights,
        "items": items,
        "planned_minutes": planned,
        "overrun": planned - meeting.duration_minutes,
        "invitations": invitations,
        "present": sum(1 for i in invitations if i.attendance == "present"),
        **papers_context(meeting, request.user, items),
    }


def meeting_detail(request, pk):
    return _meeting_page(request, get_meeting_for_user(request.user, pk))


# What a manager's meeting page shows: planning (agenda, invitations), recording (the minutes editor)
# or reading. The default follows the meeting's stage; the others stay one link away.
MODES = {"forberedelse": "plan", "referat": "record", "laes": "read"}
MODE_LABELS = {
    "plan": gettext_lazy("Dagsorden og inviterede"),
    "record": gettext_lazy("Referat"),
    "read": gettext_lazy("Læsevisning"),
}
STAGES = [
    ("planned", gettext_lazy("Forberedelse")),
    ("held", gettext_lazy("Møde og referat")),
    ("circulated", gettext_lazy("Kommentering")),
    ("published", gettext_lazy("Offentliggjort")),
]


def _modes(meeting):
    """The views a manager can switch between, in order."""
    if not meeting.rights.manage or meeting.minutes_locked:
        return ["read"]
    return ["plan", "record", "read"] if meeting.has_started else ["plan", "read"]


def _mode(request, meeting):
    possible = _modes(meeting)
    asked = MODES.get(request.GET.get("vis", ""))
    if asked in possible:
        return asked
    return "record" if "record" in possible else possible[0]


def _meeting_page(request, meeting, editor=None, status=200):
    """The meeting page; `editor` is a bound MinutesEditor when saving failed: every part is shown
    as typed, with its errors, so nothing is lost."""
    context = _meeting_context(request, meeting)
    rights = meeting.rights
    mode = "record" if editor is not None else _mode(request, meeting)
    if editor is not None:
        context["items"] = editor.items  # as typed, with their errors
    elif mode == "record":
        editor = MinutesEditor(meeting, context["items"], context["invitations"])
    comments = list(meeting.minutes_comments.select_related("author")) if rights.read_minutes else []
    for item in context["items"]:
        item.comments = [c for c in comments if c.agenda_item_id == item.pk]
    keys = {v: k for k, v in MODES.items()}
    modes = [(keys[m], MODE_LABELS[m], m == mode) for m in _modes(meeting)]
    context.update(
        {
            "mode": mode,
            "modes": modes if len(modes) > 1 else [],
            "editor": editor,
            "stage": meeting.stage,
            "stage_steps": STAGES,
            "stage_index": [key for key, _label in STAGES].index(meeting.stage),
            "versions": list(meeting.minutes_versions.select_related("published_by").order_by("-number")),
            "comments": [c for c in comments if c.agenda_item_id is None],
            "has_comments": bool(comments),
            "item_form": AgendaItemForm(prefix="new") if mode == "plan" else None,
            "comment_form": CommentForm(meeting=meeting) if rights.comment and meeting.comments_open else None,
            "version_form": NewVersionForm() if rights.manage and meeting.minutes_locked else None,
            "next_in_series": meeting.series.meetings.filter(start__gt=meeting.start).order_by("start").first()
            if meeting.series_id
            else None,
        }
    )
    return render(request, "dialogue/meetings/meeting_detail.html", context, status=status)


def _editor_from_post(request, meeting):
    context = _meeting_context(request, meeting)
    return MinutesEditor(meeting, context["items"], context["invitations"], data=request.POST)


@require_POST
def minutes_save(request, pk):
    """The minutes editor posted: attendance, every item's minutes and new outcomes, saved together.

    `then` says where to go next: `circulate` saves and sends the minutes for comments; `item:<id>`
    back to that item. On an error nothing is saved and the page shows every part as typed."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    editor = _editor_from_post(request, meeting)
    then = request.POST.get("then", "")
    if editor.is_valid():
        try:
            created = services.minutes_record(
                meeting=meeting,
                attendance=editor.attendance_data(),
                minutes=editor.minutes_data(),
                outcomes=editor.outcomes_data(),
                by=request.user,
            )
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            saved = _("Referatet er gemt.")
            if created:
                saved += " " + ngettext("%(n)s udfald er tilføjet.", "%(n)s udfald er tilføjet.", len(created)) % {
                    "n": len(created)
                }
            if then == "circulate":
                try:
                    services.minutes_circulate(meeting=meeting, by=request.user)
                except ValidationError as error:
                    messages.success(request, saved)
                    errors_to_messages(request, error)
                else:
                    messages.success(request, saved + " " + _("Det er sendt til kommentering hos dem, der deltog."))
                return redirect(reverse("dialogue:meeting_detail", args=[meeting.pk]) + "#referat")
            messages.success(request, saved)
            _kind, _sep, target = then.partition(":")
            anchor = f"#punkt-{target}" if target.isdigit() else "#referat"
            return redirect(reverse("dialogue:meeting_detail", args=[meeting.pk]) + anchor)
    messages.error(request, _("Referatet er ikke gemt: ret fejlene herunder. Det, du har skrevet, står der stadig."))
    return _meeting_page(request, meeting, editor=editor, status=400)


@require_POST
def minutes_autosave(request, pk):
    """The editor's draft saved as one types (htmx): attendance and the items' minutes, not new
    outcomes (those are saved with the form, so none is created twice). Answers a status line."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    editor = _editor_from_post(request, meeting)
    parts = [editor.attendance] if editor.attendance else []
    parts += [item.minutes_form for item in editor.items if item.minutes_form]
    error = None
    if all([form.is_valid() for form in parts]):
        try:
            services.minutes_record(meeting=meeting, attendance=editor.attendance_data(), minutes=editor.minutes_data())
        except ValidationError as e:
            error = " ".join(e.messages)
    else:
        error = _("Kladden er ikke gemt: ret fejlene, og gem.")
    context = {"error": error, "saved_at": timezone.localtime()}
    return render(request, "dialogue/meetings/_autosave_status.html", context)


def _plan_url(meeting, anchor):
    """Back to the planning view (agenda and invitations) after a planning step."""
    return reverse("dialogue:meeting_detail", args=[meeting.pk]) + f"?vis=forberedelse#{anchor}"


def meeting_history_page(request, pk):
    """The meeting's audit trail (the meeting, its invitations, items and outcomes) on a page of its own, for
    those who manage the meeting: the meeting page links to it rather than reading four history tables."""
    meeting = get_meeting_for_user(request.user, pk)
    if not meeting.rights.manage:
        raise PermissionDenied
    context = {"meeting": meeting, "history": meeting_history(meeting, limit=HISTORY_LIMIT)}
    return render(request, "dialogue/meetings/meeting_history.html", context)


HISTORY_LIMIT = 100


def meeting_print(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    return render(request, "dialogue/meetings/meeting_print.html", _meeting_context(request, meeting))


# Invitations and attendance -------------------------------------------------------


def invitation_remove(request, pk):
    invitation = get_invitation_for_user(request.user, pk, write=True)
    meeting = invitation.meeting
    if request.method == "POST":
        try:
            services.invitation_remove(invitation=invitation)
            messages.success(request, _("%(who)s er fjernet fra mødet.") % {"who": invitation.invitee})
        except ValidationError as error:
            errors_to_messages(request, error)
        return redirect(_plan_url(meeting, "inviterede"))
    return render(
        request, "actors/confirm_delete.html", {"object": invitation, "cancel_url": meeting.get_absolute_url()}
    )


def attendance(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    invitations = meeting.invitations.select_related("organisation", "person").order_by(
        "organisation__name", "person__name"
    )
    is_add = request.method == "POST" and "add_attendee" in request.POST
    form = AttendanceForm(request.POST if request.method == "POST" and not is_add else None, invitations=invitations)
    add_form = AttendeeForm(request.POST if is_add else None, prefix="add")
    if request.method == "POST":
        try:
            if is_add and add_form.is_valid():
                services.attendee_add(meeting=meeting, **add_form.cleaned_data)
                messages.success(request, _("Fremmødet er registreret."))
                return redirect("dialogue:attendance", pk=meeting.pk)
            if not is_add and form.is_valid():
                services.attendance_record(meeting=meeting, statuses=form.statuses())
                messages.success(request, _("Fremmødet er gemt."))
                return redirect(reverse("dialogue:meeting_detail", args=[meeting.pk]) + "#inviterede")
        except ValidationError as error:
            form_errors(add_form if is_add else form, error)
    return render(
        request, "dialogue/meetings/attendance.html", {"meeting": meeting, "form": form, "add_form": add_form}
    )


# Agenda -----------------------------------------------------------------------------


def agenda_item_add(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = AgendaItemForm(request.POST or None, prefix="new")
    if form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, data=form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Punktet er tilføjet."))
            return redirect(_plan_url(meeting, "dagsorden"))
    return render_form(request, form, title=_("Nyt dagsordenspunkt"), cancel_url=meeting.get_absolute_url())


def agenda_item_edit(request, pk):
    item = get_agenda_item_for_user(request.user, pk, write=True)
    minutes_only = "minutes_only" in request.POST
    form_class = MinutesForm if minutes_only or request.GET.get("del") == "referat" else AgendaItemForm
    form = form_class(request.POST or None, instance=AgendaItem.objects.get(pk=item.pk))
    if form.is_valid():
        try:
            item = services.agenda_item_update(item=item, data=form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Punktet er gemt."))
            return redirect(item.get_absolute_url())
    if item.meeting.minutes_locked and request.method == "GET":
        messages.warning(
            request, _("Referatet er godkendt og låst. Opret en ny version af referatet for at ændre det.")
        )
    title = _("Rediger punkt %(n)s") % {"n": item}
    return render_form(request, form, title=title, cancel_url=item.get_absolute_url())


@require_POST
def agenda_item_move(request, pk):
    item = get_agenda_item_for_user(request.user, pk, write=True)
    try:
        services.agenda_item_move(item=item, direction=-1 if request.POST.get("direction") == "up" else 1)
    except ValidationError as error:
        errors_to_messages(request, error)
    return redirect(_plan_url(item.meeting, f"punkt-{item.pk}"))


@require_POST
def agenda_reorder(request, pk):
    """The agenda in a new order, posted by dragging an item (static/js/hotspot.js): `order` holds
    every item's id, comma-separated. The arrow buttons do the same one step at a time."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    raw = request.POST.get("order", "")
    order = [int(x) for x in raw.split(",") if x.strip().isdigit()]
    try:
        if len(order) != len(raw.split(",")):
            raise ValidationError(_("Dagsordenen er ændret i mellemtiden. Genindlæs siden, og prøv igen."))
        services.agenda_reorder(meeting=meeting, order=order)
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(" ".join(error.messages), status=409)
        errors_to_messages(request, error)
    else:
        if request.htmx:
            return HttpResponse(_("Dagsordenen er gemt i den nye rækkefølge."))
        messages.success(request, _("Dagsordenen er gemt i den nye rækkefølge."))
    return redirect(_plan_url(meeting, "dagsorden"))


def agenda_item_delete(request, pk):
    item = get_agenda_item_for_user(request.user, pk, write=True)
    url = _plan_url(item.meeting, "dagsorden")
    if request.method == "POST":
        try:
            services.agenda_item_delete(item=item)
            messages.success(request, _("Punktet er slettet."))
        except ValidationError as error:
            errors_to_messages(request, error)
        return redirect(url)
    return render(request, "actors/confirm_delete.html", {"object": item, "cancel_url": url})


# Outcomes -----------------------------------------------------------------------------


def outcome_add(request, pk):
    item = get_agenda_item_for_user(request.user, pk, write=True)
    initial = {"kind": request.GET.get("kind", "decision"), "decided_by": item.meeting.body_id, "themes": item.themes}
    form = OutcomeForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            outcome = services.outcome_add(item=item, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Udfaldet er registreret."))
            return redirect(outcome.get_absolute_url())
    title = _("Nyt udfald af punkt %(n)s") % {"n": item}
    return render_form(request, form, title=title, cancel_url=item.get_absolute_url())


def outcome_edit(request, pk):
    outcome = get_outcome_for_user(request.user, pk, write=True)
    form = OutcomeForm(request.POST or None, instance=Outcome.objects.get(pk=outcome.pk))
    if form.is_valid():
        try:
            services.outcome_update(outcome=outcome, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Udfaldet er gemt."))
            return redirect(outcome.get_absolute_url())
    return render_form(request, form, title=_("Rediger udfald"), cancel_url=outcome.get_absolute_url())


def outcome_delete(request, pk):
    outcome = get_outcome_for_user(request.user, pk, write=True)
    url = reverse("dialogue:meeting_detail", args=[outcome.agenda_item.meeting.pk]) + f"#punkt-{outcome.agenda_item_id}"
    if request.method == "POST":
        try:
            services.outcome_delete(outcome=outcome)
            messages.success(request, _("Udfaldet er slettet."))
        except ValidationError as error:
            errors_to_messages(request, error)
        return redirect(url)
    return render(request, "actors/confirm_delete.html", {"object": outcome, "cancel_url": url})


# Minutes lifecycle ---------------------------------------------------------------------


def _lifecycle(request, pk, action, success):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    try:
        action(meeting)
        messages.success(request, success)
    except ValidationError as error:
        errors_to_messages(request, error)
    return redirect(reverse("dialogue:meeting_detail", args=[meeting.pk]) + "#referat")


@require_POST
def agenda_send(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    try:
        services.agenda_send(meeting=meeting, by=request.user)
        messages.success(request, _("Dagsordenen er sendt til de inviterede."))
    except ValidationError as error:
        errors_to_messages(request, error)
    return redirect(meeting)


@require_POST
def minutes_circulate(request, pk):
    return _lifecycle(
        request,
        pk,
        lambda m: services.minutes_circulate(meeting=m, by=request.user),
        _("Referatet er sendt til kommentering hos dem, der deltog."),
    )


def minutes_publish(request, pk):
    """Publishing locks the minutes for everyone invited: ask first (GET), then do it (POST).
    Before the meeting's planned end the chief must also confirm that it was held."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        return _lifecycle(
            request,
            pk,
            lambda m: services.minutes_publish(meeting=m, by=request.user, held=form.cleaned_data["held"]),
            _("Referatet er godkendt, offentliggjort og låst."),
        )
    context = {
        "meeting": meeting,
        "form": form,
        "invitations": meeting.invitations.select_related("organisation", "person"),
    }
    return render(request, "dialogue/meetings/confirm_publish.html", context)


@require_POST
def minutes_new_version(request, pk):
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        meeting = get_meeting_for_user(request.user, pk, write=True)
        errors_to_messages(request, form.errors)
        return redirect(reverse("dialogue:meeting_detail", args=[meeting.pk]) + "#referat")
    return _lifecycle(
        request,
        pk,
        lambda m: services.minutes_new_version(meeting=m, note=form.cleaned_data["note"]),
        _("En ny version af referatet er åbnet for ændringer. Den godkendte version kan stadig læses."),
    )


@require_POST
def minutes_comment(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    if not meeting.rights.comment:
        raise Http404
    form = CommentForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.minutes_comment(
                meeting=meeting,
                author=request.user,
                text=form.cleaned_data["text"],
                agenda_item=form.cleaned_data["agenda_item"],
            )
            messages.success(request, _("Tak for kommentaren."))
        except ValidationError as error:
            errors_to_messages(request, error)
    else:
        errors_to_messages(request, form.errors)
    return redirect(reverse("dialogue:meeting_detail", args=[meeting.pk]) + "#kommentarer")


def minutes_version(request, pk, number):
    version = get_minutes_version_for_user(request.user, pk, number)
    by = version.published_by
    context = {
        "meeting": version.meeting,
        "version": version,
        "data": version.snapshot,
        "published_by": display_name(by) if by else _("ukendt"),
    }
    return render(request, "dialogue/meetings/minutes_version.html", context)


@require_POST
def carry_over(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    try:
        target, n = services.carry_over(meeting=meeting)
    except ValidationError as error:
        errors_to_messages(request, error)
        return redirect(meeting)
    messages.success(request, _("%(n)s punkter er overført til %(m)s.") % {"n": n, "m": target})
    return redirect(target)


# Series ------------------------------------------------------------------------------


def series_list(request):
    require_any_role(request.user)
    series = visible_series(request.user).select_related("initiative", "body").annotate(n=Count("meetings"))
    can_create = meeting_initiatives(request.user).exists()
    return render(
        request,
        "dialogue/meetings/series_list.html",
        {"series_list": series.order_by("title"), "can_create": can_create},
    )


def series_create(request):
    require_any_role(request.user)
    initiatives = meeting_initiatives(request.user)
    if not initiatives.exists():
        raise PermissionDenied
    if refusal := all_closed(request, initiatives, _("mødeserier"), "dialogue:series_list"):
        return refusal
    form = SeriesForm(request.POST or None, initiatives=initiatives.open())
    if form.is_valid():
        series = form.save()
        messages.success(request, _("Serien er oprettet. Opret nu seriens første møde."))
        return redirect(series)
    return render_form(request, form, title=_("Ny mødeserie"), cancel_url=reverse("dialogue:series_list"))


def series_edit(request, pk):
    series = get_series_for_user(request.user, pk, write=True)
    form = SeriesForm(request.POST or None, instance=series, initiatives=meeting_initiatives(request.user))
    if form.is_valid():
        form.save()
        messages.success(request, _("Serien er gemt."))
        return redirect(series)
    return render_form(request, form, title=_("Rediger serie"), cancel_url=series.get_absolute_url())


def series_detail(request, pk):
    series = get_series_for_user(request.user, pk)
    meetings = series.meetings.order_by("-start")
    acc = access_for(request.user)
    context = {
        "series": series,
        "meetings": meetings,
        "can_edit": acc.manages_initiative(series.initiative_id),
        "next_form": SeriesNextForm(),
        "has_meetings": meetings.exists(),
    }
    return render(request, "dialogue/meetings/series_detail.html", context)


@require_POST
def series_next(request, pk):
    series = get_series_for_user(request.user, pk, write=True)
    form = SeriesNextForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.series_next_meeting(
                series=series, by=request.user, first_start=form.cleaned_data["first_start"]
            )
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("Næste møde i serien er oprettet med fast dagsorden og inviterede."))
            return redirect(meeting)
    else:
        messages.error(request, _("Ugyldigt tidspunkt."))
    return redirect(series)


# Action items -------------------------------------------------------------------------


def action_list(request):
    require_any_role(request.user)
    actions = visible_actions(request.user).select_related(
        "owner_person", "owner_organisation", "agenda_item__meeting__initiative"
    )
    filterset = ActionFilter(request.GET, queryset=actions, request=request)
    actions = filterset.qs
    page = Paginator(actions.order_by("due", "id"), 25).get_page(request.GET.get("page"))
    for action in page.object_list:
        action.can_change = may_change_action(request.user, action)
    context = {
        "form": filterset.form,
        "page": page,
        "scope": filterset.scope,
        "statuses": Outcome.Status.choices,
        "today": timezone.localdate(),
    }
    return render(request, "dialogue/meetings/action_list.html", context)


@require_POST
def action_status(request, pk):
    action = get_action_for_status_change(request.user, pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_set_status(action=action, status=form.cleaned_data["status"])
        messages.success(
            request, _("Status for „%(a)s“ er nu %(s)s.") % {"a": action.text[:60], "s": action.get_status_display()}
        )
    else:
        messages.error(request, _("Ukendt status."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("dialogue:action_list")


@require_POST
def escalation_put_on_agenda(request, pk):
    """Put a case on one of its initiative's open meetings (the form is on the case page)."""
    escalation = get_escalation_for_user(request.user, pk, right="manage")
    form = AgendaForm(request.POST, prefix="dagsorden", meetings=open_meetings_for(escalation))
    if form.is_valid():
        with step_reported(request, _("Sagen er sat på dagsordenen.")):
            services.agenda_item_add_for_escalation(
                meeting=form.cleaned_data["meeting"],
                escalation=escalation,
                by=request.user,
                version=form.cleaned_data["version"],
            )
    else:
        form_errors_to_messages(request, form)
    return redirect(escalation)
