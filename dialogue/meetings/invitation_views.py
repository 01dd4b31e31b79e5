"""Inviting by search (organisations, people, a body's current members) and invitees' answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from actors.pages import errors_to_messages, form_errors
from dialogue.access import get_invitation_for_answer, get_meeting_for_user
from dialogue.meetings import picker, services
from dialogue.meetings.forms import AnswerForm, InvitePickForm, answer_prefix


def _invited_url(meeting):
    return reverse("dialogue:meeting_detail", args=[meeting.pk]) + "?vis=forberedelse#inviterede"


def invitation_add(request, pk):
    """Search (GET ?q=, works without JavaScript), tick, invite (POST). The picker script enhances it."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    query = request.GET.get("q", "")
    form = InvitePickForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            new = services.invitation_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            if new:
                messages.success(request, ngettext("%(n)s inviteret.", "%(n)s inviteret.", len(new)) % {"n": len(new)})
            else:
                messages.info(request, _("De valgte var allerede inviteret."))
            return redirect(_invited_url(meeting))
    matches, more = picker.search(meeting, query)
    context = {"meeting": meeting, "form": form, "query": query, "matches": matches, "more": more,
               "min_query": picker.MIN_QUERY}  # fmt: skip
    return render(request, "dialogue/meetings/invitation_add.html", context, status=400 if form.errors else 200)


def invitation_search(request, pk):
    """The picker's JSON: at most picker.LIMIT matches, for the meeting's staff only."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    matches, more = picker.search(meeting, request.GET.get("q", ""))
    response = JsonResponse({"results": [m.as_json() for m in matches], "more": more})
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def invitation_answer(request, pk):
    """An invitee answers attending or apologies, from the meeting page (the invitation mail links there)."""
    invitation = get_invitation_for_answer(request.user, pk)
    form = AnswerForm(request.POST, prefix=answer_prefix(invitation))
    if form.is_valid():
        try:
            services.invitation_answer(invitation=invitation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("Tak, dit svar er sendt til mødelederen."))
    else:
        errors_to_messages(request, form.errors)
    return redirect(reverse("dialogue:meeting_detail", args=[invitation.meeting.pk]) + "#svar")
