"""Papers for a meeting and its agenda items: the escalations' upload checks, private downloads, audit."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dialogue.meetings import services
from dialogue.models import MeetingPaper

PDF = b"%PDF-1.4 dagsordensbilag"


def url(name, obj):
    return reverse(f"dialogue:{name}", args=[obj.pk])


def pdf(name="plan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def checked(upload):
    """An upload as uploads.AttachmentField leaves it (for calling the service directly)."""
    upload.safe_name, upload.sniffed_type = upload.name, "application/pdf"
    return upload


@pytest.fixture
def paper(world, users):
    item = world["meeting"].agenda_items.first()
    return services.paper_add(meeting=world["meeting"], upload=checked(pdf()), agenda_item=item, by=users["chief"])


def test_the_chief_uploads_a_paper_for_an_item_and_who_uploaded_it_when_is_kept(world, users, client_for):
    item = world["meeting"].agenda_items.first()
    response = client_for("chief").post(url("paper_add", world["meeting"]), {"file": pdf(), "agenda_item": item.pk})
    assert response.status_code == 302 and response["Location"].endswith("#bilag")
    paper = MeetingPaper.objects.get()
    assert (paper.agenda_item, paper.original_name, paper.content_type) == (item, "plan.pdf", "application/pdf")
    assert paper.uploaded_by == users["chief"] and paper.uploaded_at is not None
    assert paper.history.get().history_type == "+"
    assert paper.file.name.startswith("meetings/") and "plan" not in paper.file.name  # a random stored name


def test_the_agenda_shows_item_papers_by_the_item_and_meeting_papers_at_the_top(world, users, client_for, paper):
    services.paper_add(meeting=world["meeting"], upload=checked(pdf("program.pdf")), by=users["chief"])
    page = client_for("coordinator").get(url("meeting_detail", world["meeting"])).content.decode()
    top, agenda = page.split('id="dagsorden"')
    assert "program.pdf" in top and "plan.pdf" not in top
    assert "plan.pdf" in agenda.split('id="punkt-')[1]  # in the first item
    assert url("paper_delete", paper) not in page  # only the staff delete


def test_the_print_view_lists_the_papers_by_name(world, users, client_for, paper):
    page = client_for("coordinator").get(url("meeting_print", world["meeting"])).content.decode()
    assert "<strong>Bilag:</strong> plan.pdf</p>" in page


@pytest.mark.parametrize(
    "name, content, error",
    [("noter.txt", b"just text", "billede (JPEG eller PNG) eller en PDF"), ("plan.png", PDF, "passer ikke")],
)
def test_a_file_failing_the_upload_checks_is_refused_and_nothing_is_saved(
    world, users, client_for, name, content, error
):
    response = client_for("chief").post(url("paper_add", world["meeting"]), {"file": pdf(name, content)})
    assert response.status_code == 200 and error in response.content.decode()
    assert not MeetingPaper.objects.exists()


def test_a_paper_for_another_meetings_item_is_refused(world, users):
    meeting = world["meeting"]
    other = services.meeting_create(
        data={"initiative": world["initiative"], "kind": "forum", "title": "Forum", "start": meeting.start,
              "end": meeting.end},
        by=None,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="hører ikke til mødet"):
        services.paper_add(meeting=other, upload=checked(pdf()), agenda_item=meeting.agenda_items.first(), by=None)


def test_a_meeting_takes_at_most_the_maximum_of_papers(world, users, monkeypatch):
    monkeypatch.setattr(services, "MAX_PAPERS", 1)
    services.paper_add(meeting=world["meeting"], upload=checked(pdf()), by=users["chief"])
    with pytest.raises(ValidationError, match="højst have 1 bilag"):
        services.paper_add(meeting=world["meeting"], upload=checked(pdf()), by=users["chief"])


def test_papers_are_locked_with_the_published_minutes(world, users, paper):
    services.minutes_publish(meeting=world["meeting"], by=None)
    world["meeting"].refresh_from_db()
    paper.meeting = world["meeting"]
    with pytest.raises(ValidationError, match="låst"):
        services.paper_add(meeting=world["meeting"], upload=checked(pdf()), by=users["chief"])
    with pytest.raises(ValidationError, match="låst"):
        services.paper_delete(paper=paper)


def test_an_invitee_downloads_a_paper_privately(world, users, client_for, paper):
    response = client_for("coordinator").get(url("paper_download", paper))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["stranger", "liaison"])  # TMF (the liaison's) is not invited to the meeting
def test_someone_who_cannot_open_the_meeting_cannot_download_its_papers(world, users, client_for, paper, role):
    assert client_for(role).get(url("paper_download", paper)).status_code == 404


def test_deleting_a_paper_asks_first_and_is_the_staffs_alone(world, users, client_for, paper):
    assert client_for("coordinator").post(url("paper_delete", paper)).status_code == 403
    client = client_for("chief")
    assert "Vil du slette „plan.pdf“" in client.get(url("paper_delete", paper)).content.decode()
    assert MeetingPaper.objects.exists()
    response = client.post(url("paper_delete", paper))
    assert response.status_code == 302 and not MeetingPaper.objects.exists()
    assert MeetingPaper.history.filter(history_type="-").count() == 1  # the deletion is in the history


def test_only_the_staff_upload(world, users, client_for):
    assert client_for("coordinator").post(url("paper_add", world["meeting"]), {"file": pdf()}).status_code == 403
    assert not MeetingPaper.objects.exists()
