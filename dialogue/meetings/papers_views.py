"""Papers for a meeting and its agenda items: upload, download, delete; and the meeting page's share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from actors.pages import errors_to_messages, form_errors, render_form
from dialogue.access import answerable_invitations, get_meeting_for_user, get_paper_for_user
from dialogue.meetings import services
from dialogue.meetings.forms import AnswerForm, PaperForm, answer_prefix


def papers_context(meeting, user, items=()):
    """What the meeting page shows of papers and answers: the meeting's papers (each of `items` gets
    its own as `item.paper_list`), the upload form for the staff, and the user's own invitations to
    answer. Two queries."""
    rights = meeting.rights
    papers = list(meeting.papers.select_related("uploaded_by"))
    by_item = {}
    for paper in papers:
        by_item.setdefault(paper.agenda_item_id, []).append(paper)
    for item in items:
        item.paper_list = by_item.get(item.pk, [])
    can_change = rights.manage and not meeting.minutes_locked
    mine = list(answerable_invitations(user, meeting).select_related("organisation", "person"))
    for invitation in mine:
        invitation.answer_form = AnswerForm(
            initial={"response": invitation.response or None, "note": invitation.response_note},
            prefix=answer_prefix(invitation),
        )
    return {
        "meeting_papers": by_item.get(None, []),
        "papers_count": len(papers),
        "paper_form": PaperForm(meeting=meeting) if can_change else None,
        "papers_can_change": can_change,
        "my_invitations": mine,
        "may_answer": not meeting.cancelled and not meeting.has_started,
    }


def _papers_url(meeting):
    return reverse("dialogue:meeting_detail", args=[meeting.pk]) + "#bilag"


def paper_add(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = PaperForm(request.POST or None, request.FILES or None, meeting=meeting)
    if form.is_valid():
        try:
            services.paper_add(
                meeting=meeting, upload=form.cleaned_data["file"], agenda_item=form.cleaned_data["agenda_item"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Bilaget er lagt op."))
            return redirect(_papers_url(meeting))
    return render_form(request, form, title=_("Nyt bilag til %(m)s") % {"m": meeting}, cancel_url=_papers_url(meeting))


def paper_download(request, pk):
    paper = get_paper_for_user(request.user, pk)
    response = FileResponse(
        paper.file.open("rb"), content_type=paper.content_type, as_attachment=True, filename=paper.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def paper_delete(request, pk):
    paper = get_paper_for_user(request.user, pk, write=True)
    url = _papers_url(paper.meeting)
    if request.method == "POST":
        try:
            services.paper_delete(paper=paper)
            messages.success(request, _("Bilaget „%(name)s“ er slettet.") % {"name": paper.original_name})
        except ValidationError as error:
            errors_to_messages(request, error)
        return redirect(url)
    return render(request, "actors/confirm_delete.html", {"object": paper, "cancel_url": url})
