"""The case handler's desk: files kept over failed submits, a named handler, internal notes, the agenda picker."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from actors.models import Body, Role
from dialogue.escalations import pending
from dialogue.escalations import services as esc
from dialogue.escalations.selectors import open_meetings_for
from dialogue.meetings import services as meetings
from dialogue.models import Escalation, EscalationNote, LadderLevel, PendingUpload
from hotspot.notifications.models import Notification
from tests.conftest import PNG_BYTES, make_user

CREATE = "dialogue:escalation_create"


def raise_form(world, **over):
    data = {
        "initiative": world["initiative"].pk,
        "title": "Lampen i gården er gået",
        "category": "general",
        "description": "Der er mørkt i gården ved opgang 12 om aftenen.",
        "theme": "physical_environment",
        "urgency": "normal",
    }
    data.update(over)
    return data


def photo(name="lampe.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def fail_with_photo(client, world):
    """A raise form with a photo and no title: refused, the photo held."""
    return client.post(reverse(CREATE), {**raise_form(world, title=""), "attachment": photo()})


def fresh(case):
    return Escalation.objects.get(pk=case.pk)


# --- 1. A validation error never drops an uploaded file -------------------------------------------


def test_a_refused_raise_form_keeps_the_photo_and_says_so(world, users, client_for):
    response = fail_with_photo(client_for("coordinator"), world)
    body = response.content.decode()
    held = PendingUpload.objects.get()
    assert response.status_code == 200 and not Escalation.objects.filter(title="").exists()
    assert held.user == users["coordinator"] and held.form_key == "escalation_create"
    assert held.original_name == "lampe.png" and held.content_type == "image/png"
    assert "Vedhæftet: lampe.png — beholdes" in body and f'value="{held.token}"' in body
    assert "Den vedhæftede fil (lampe.png) er også gemt." in body
    assert "Fjern den vedhæftede fil" in body


def test_the_kept_photo_becomes_the_cases_attachment_when_the_form_is_fixed(
    world, users, client_for, django_capture_on_commit_callbacks
):
    client = client_for("coordinator")
    fail_with_photo(client, world)
    held = PendingUpload.objects.get()
    stored = held.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(CREATE), {**raise_form(world), "kept_upload": str(held.token)})
    escalation = Escalation.objects.get(title="Lampen i gården er gået")
    assert response.status_code == 302
    attachment = escalation.attachments.get()
    assert attachment.original_name == "lampe.png" and attachment.size == len(PNG_BYTES)
    assert attachment.file.read() == PNG_BYTES
    assert not PendingUpload.objects.exists() and not held.file.storage.exists(stored)
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG_BYTES


def test_a_second_failure_keeps_the_held_photo_without_choosing_it_again(world, users, client_for):
    client = client_for("coordinator")
    fail_with_photo(client, world)
    held = PendingUpload.objects.get()
    response = client.post(reverse(CREATE), {**raise_form(world, description=""), "kept_upload": str(held.token)})
    assert "Vedhæftet: lampe.png — beholdes" in response.content.decode()
    assert list(PendingUpload.objects.all()) == [held]


def test_a_new_file_replaces_the_held_one(world, users, client_for):
    client = client_for("coordinator")
    fail_with_photo(client, world)
    held = PendingUpload.objects.get()
    client.post(reverse(CREATE), {**raise_form(world), "kept_upload": str(held.token), "attachment": photo("ny.png")})
    escalation = Escalation.objects.get(title="Lampen i gården er gået")
    assert [a.original_name for a in escalation.attachments.all()] == ["ny.png"]
    assert not PendingUpload.objects.exists()


def test_the_held_photo_can_be_removed(world, users, client_for):
    client = client_for("coordinator")
    fail_with_photo(client, world)
    held = PendingUpload.objects.get()
    client.post(reverse(CREATE), {**raise_form(world), "kept_upload": str(held.token), "drop_kept_upload": "1"})
    escalation = Escalation.objects.get(title="Lampen i gården er gået")
    assert not escalation.attachments.exists() and not PendingUpload.objects.exists()


def test_a_refused_file_is_not_held_and_the_banner_does_not_claim_it(world, users, client_for):
    upload = SimpleUploadedFile("rapport.exe", b"MZ\x90\x00" + b"\x00" * 40)
    response = client_for("coordinator").post(reverse(CREATE), {**raise_form(world, title=""), "attachment": upload})
    body = response.content.decode()
    assert not PendingUpload.objects.exists()
    assert "beholdes" not in body and "Den valgte fil blev ikke taget med" in body


def test_another_user_cannot_claim_someones_held_upload(world, users, client_for):
    fail_with_photo(client_for("coordinator"), world)
    held = PendingUpload.objects.get()
    other = make_user("kollega")
    Role.objects.create(
        user=other, kind=Role.Kind.COORDINATOR, organisation=world["askov"], initiative=world["initiative"]
    )
    client = client_for("coordinator")
    client.force_login(other)
    response = client.post(reverse(CREATE), {**raise_form(world), "kept_upload": str(held.token)})
    escalation = Escalation.objects.get(title="Lampen i gården er gået")
    assert response.status_code == 302 and not escalation.attachments.exists()
    assert PendingUpload.objects.get() == held  # still the owner's
    assert pending.kept_upload(user=other, form_key="escalation_create", token=held.token) is None


def test_a_held_upload_is_bound_to_the_form_it_came_with(world, users):
    held = pending.pending_upload_hold(user=users["coordinator"], form_key="escalation_create", upload=_checked())
    assert pending.kept_upload(user=users["coordinator"], form_key="escalation_create", token=held.token) == held
    key = f"escalation_comment:{world['escalation'].pk}"
    assert pending.kept_upload(user=users["coordinator"], form_key=key, token=held.token) is None
    assert pending.kept_upload(user=users["coordinator"], form_key="escalation_create", token="not-a-uuid") is None


def _checked(name="lampe.png"):
    upload = photo(name)
    upload.safe_name, upload.sniffed_type = name, "image/png"
    return upload


def test_a_user_holds_one_file_per_form(world, users):
    first = pending.pending_upload_hold(user=users["coordinator"], form_key="escalation_create", upload=_checked())
    second = pending.pending_upload_hold(user=users["coordinator"], form_key="escalation_create", upload=_checked())
    other_form = pending.pending_upload_hold(
        user=users["coordinator"], form_key="escalation_comment:1", upload=_checked()
    )
    assert set(PendingUpload.objects.all()) == {second, other_form} and first.pk not in {second.pk, other_form.pk}


def test_a_stale_held_upload_is_swept_and_a_fresh_one_kept(world, users, django_capture_on_commit_callbacks):
    now = timezone.now()
    old = pending.pending_upload_hold(
        user=users["coordinator"],
        form_key="escalation_create",
        upload=_checked(),
        now=now - datetime.timedelta(hours=25),
    )
    new = pending.pending_upload_hold(
        user=users["coordinator"],
        form_key="escalation_comment:2",
        upload=_checked(),
        now=now - datetime.timedelta(hours=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert pending.pending_uploads_sweep(now=now) == 1
    assert list(PendingUpload.objects.all()) == [new]
    assert not old.file.storage.exists(old.file.name) and new.file.storage.exists(new.file.name)
    assert pending.pending_uploads_sweep(now=now) == 0  # safe to run twice
    assert old.pk not in PendingUpload.objects.values_list("pk", flat=True)


def test_beat_sweeps_held_uploads():
    from dialogue.tasks import sweep_pending_uploads
    from hotspot.celery import app

    assert app.conf.beat_schedule["pending-uploads-sweep"]["task"] == sweep_pending_uploads.name


def test_a_refused_comment_comes_back_with_its_text_and_its_photo_kept(world, users, client_for):
    client = client_for("coordinator")
    escalation = world["escalation"]
    url = reverse("dialogue:escalation_comment", args=[escalation.pk])
    response = client.post(url, {"kind": "comment", "text": "", "attachment": photo("gaard.png")})
    body = response.content.decode()
    held = PendingUpload.objects.get()
    assert response.status_code == 200 and held.form_key == f"escalation_comment:{escalation.pk}"
    assert "Vedhæftet: gaard.png — beholdes" in body
    response = client.post(url, {"kind": "comment", "text": "Her er et billede.", "kept_upload": str(held.token)})
    assert response.status_code == 302
    assert escalation.attachments.filter(original_name="gaard.png").exists()
    assert not PendingUpload.objects.exists()


# --- 2. A named handler in the routed department ------------------------------------------------


@pytest.fixture
def tmf_case(world, users):
    case = fresh(world["escalation"])
    return esc.escalation_assign(escalation=case, department=world["tmf"], by=users["chief"], version=case.version)


@pytest.fixture
def handler(world):
    user = make_user("sagsbehandler", last_name="Nielsen")
    Role.objects.create(user=user, kind=Role.Kind.LIAISON, organisation=world["tmf"])
    return user


def _give(client, case, assignee):
    data = {"sagsbehandler-version": fresh(case).version, "sagsbehandler-assignee": assignee.pk if assignee else ""}
    return client.post(reverse("dialogue:escalation_assign_handler", args=[case.pk]), data)


def test_the_liaison_gives_the_case_to_a_named_handler_who_is_told(world, users, client_for, tmf_case, handler):
    client = client_for("liaison")
    assert _give(client, tmf_case, handler).status_code == 302
    case = fresh(tmf_case)
    assert case.assignee == handler
    assert "Behandles af Sagsbehandler Nielsen" in client.get(case.get_absolute_url()).content.decode()
    told = Notification.objects.get(kind="escalation.handler")
    assert told.recipient == handler and told.url == case.get_absolute_url()
    assert case.events.filter(kind="handler", assignee=handler).exists()


def test_the_inbox_shows_who_handles_the_case(world, users, client_for, tmf_case, handler):
    esc.escalation_assign_handler(escalation=tmf_case, assignee=handler, by=users["chief"], version=tmf_case.version)
    page = client_for("chief").get(reverse("dialogue:escalation_inbox")).content.decode()
    assert "Behandles af Sagsbehandler Nielsen" in page


def test_a_case_cannot_be_given_to_someone_outside_the_department(world, users, tmf_case):
    outsider = make_user("buf-kontakt")
    Role.objects.create(user=outsider, kind=Role.Kind.LIAISON, organisation=world["buf"])
    with pytest.raises(ValidationError, match="behandler ikke sager for"):
        esc.escalation_assign_handler(
            escalation=tmf_case, assignee=outsider, by=users["chief"], version=tmf_case.version
        )
    assert fresh(tmf_case).assignee is None


def test_a_case_not_yet_sent_to_a_department_has_no_handler(world, users, handler):
    case = world["escalation"]
    with pytest.raises(ValidationError, match="Send sagen til en forvaltning"):
        esc.escalation_assign_handler(escalation=case, assignee=handler, by=users["chief"], version=case.version)


def test_the_raiser_cannot_pick_the_handler(world, users, client_for, tmf_case, handler):
    assert _give(client_for("coordinator"), tmf_case, handler).status_code == 403
    assert fresh(tmf_case).assignee is None


def test_routing_to_another_department_clears_the_handler_and_shows_the_new_department(
    world, users, client_for, tmf_case, handler
):
    case = esc.escalation_assign_handler(
        escalation=tmf_case, assignee=handler, by=users["chief"], version=tmf_case.version
    )
    case = esc.escalation_assign(escalation=case, department=world["buf"], by=users["chief"], version=case.version)
    assert case.assignee is None and case.assigned_department == world["buf"]
    page = client_for("chief").get(case.get_absolute_url()).content.decode()
    assert "Behandles af" not in page.split('id="forloeb"')[0]
    assert "<dt>Forvaltning</dt><dd>Børne- og Ungdomsforvaltningen" in page


def test_sending_again_to_the_same_department_keeps_the_handler(world, users, tmf_case, handler):
    case = esc.escalation_assign_handler(
        escalation=tmf_case, assignee=handler, by=users["chief"], version=tmf_case.version
    )
    case = esc.escalation_assign(escalation=case, department=world["tmf"], by=users["chief"], version=case.version)
    assert case.assignee == handler


# --- 3. Internal notes --------------------------------------------------------------------------

SECRET = "Driften har ikke budget før januar."


def _note(client, case, text=SECRET):
    return client.post(reverse("dialogue:escalation_note", args=[case.pk]), {"note-text": text})


def test_staff_and_the_handling_department_read_internal_notes(world, users, client_for, tmf_case):
    assert _note(client_for("chief"), tmf_case).status_code == 302
    note = EscalationNote.objects.get()
    assert note.author == users["chief"] and note.escalation == tmf_case
    for role in ("chief", "administrator", "liaison"):
        page = client_for(role).get(tmf_case.get_absolute_url()).content.decode()
        assert SECRET in page and "Interne noter" in page, role


def test_the_raiser_never_sees_internal_notes_nor_gets_them_by_mail(world, users, client_for, tmf_case):
    Escalation.objects.filter(pk=tmf_case.pk).update(raised_by=users["coordinator"])
    _note(client_for("liaison"), tmf_case)
    page = client_for("coordinator").get(tmf_case.get_absolute_url()).content.decode()
    assert SECRET not in page and "Interne noter" not in page
    # A note tells nobody; the raiser's messages after the answer do not carry it either.
    assert not Notification.objects.filter(body__contains=SECRET).exists()
    case = fresh(tmf_case)
    esc.escalation_resolve(escalation=case, by=users["liaison"], answer="Lyset er skiftet.", version=case.version)
    raiser_mail = Notification.objects.filter(recipient=users["coordinator"])
    assert raiser_mail.exists() and not raiser_mail.filter(body__contains=SECRET).exists()


def test_the_raiser_and_observers_cannot_write_internal_notes(world, users, client_for, tmf_case):
    assert _note(client_for("coordinator"), tmf_case).status_code == 403
    # Observers read the case in full, but neither write nor read its internal notes.
    assert _note(client_for("observer"), tmf_case).status_code == 403
    assert not EscalationNote.objects.exists()
    _note(client_for("chief"), tmf_case)
    page = client_for("observer").get(tmf_case.get_absolute_url()).content.decode()
    assert tmf_case.title in page and SECRET not in page and "Interne noter" not in page


def test_an_internal_note_refuses_a_personal_number(world, users, client_for, tmf_case):
    client = client_for("chief")
    _note(client, tmf_case, text="Drengen 010190-1234 er set i gården.")
    assert not EscalationNote.objects.exists()


# --- 4. The agenda picker -----------------------------------------------------------------------


def _meeting(world, days, body, title="Møde"):
    start = timezone.now() + datetime.timedelta(days=days)
    return meetings.meeting_create(
        data={"initiative": world["initiative"], "body": body, "kind": "steering_group", "title": title,
              "start": start, "end": start + datetime.timedelta(hours=1)},
        by=None,
    )  # fmt: skip


def test_the_agenda_picker_offers_only_upcoming_meetings_of_the_body_at_the_cases_level(world, users):
    LadderLevel.objects.filter(initiative=world["initiative"], level=1).update(body=world["body"])
    upcoming = _meeting(world, 7, world["body"], "Styregruppe næste uge")
    _meeting(world, 7, world["forum"], "Borgmesterforum næste uge")  # another body
    _meeting(world, -2, world["body"], "Styregruppe i forgårs")  # past
    assert list(open_meetings_for(world["escalation"])) == [upcoming]
    assert world["meeting"] not in open_meetings_for(world["escalation"])  # the world's 2012 meeting


def test_a_level_without_a_body_offers_the_initiatives_upcoming_meetings(world, users):
    upcoming = _meeting(world, 3, world["forum"])
    assert list(open_meetings_for(world["escalation"])) == [upcoming]


def test_a_case_cannot_be_put_on_a_past_meeting(world, users, client_for):
    case = world["escalation"]
    response = client_for("chief").post(
        reverse("dialogue:escalation_put_on_agenda", args=[case.pk]),
        {"dagsorden-version": case.version, "dagsorden-meeting": world["meeting"].pk},
    )
    assert response.status_code == 302 and fresh(case).status == "new"
    assert not world["meeting"].agenda_items.filter(escalation=case).exists()


def test_with_no_upcoming_meeting_the_case_page_says_so_and_links_to_creating_one(world, users, client_for):
    LadderLevel.objects.filter(initiative=world["initiative"], level=1).update(body=world["body"])
    page = client_for("chief").get(world["escalation"].get_absolute_url()).content.decode()
    assert "Styregruppe Indre har intet kommende møde, sagen kan sættes på." in page
    link = f"{reverse('dialogue:meeting_create')}?initiative={world['initiative'].pk}&amp;body={world['body'].pk}"
    assert link in page and "Sæt på dagsordenen" not in page
    _meeting(world, 7, world["body"])
    assert "Sæt på dagsordenen" in client_for("chief").get(world["escalation"].get_absolute_url()).content.decode()


def test_the_header_names_partnerskabsforum_for_a_housing_case_at_the_top_level(world, users, client_for):
    partnership = Body.objects.create(name="Partnerskabsforum", kind=Body.Kind.FORUM)
    LadderLevel.objects.create(
        initiative=world["initiative"], level=4, name="Borgmesterforum", body=world["forum"],
        housing_sector_body=partnership,
    )  # fmt: skip
    case = world["escalation"]
    Escalation.objects.filter(pk=case.pk).update(level=4, housing_sector=True)
    page = client_for("chief").get(case.get_absolute_url()).content.decode()
    assert "Sagen ligger hos Partnerskabsforum (niveau 4)." in page
    # and the picker offers Partnerskabsforum's meetings, not Borgmesterforum's
    forum_meeting = _meeting(world, 7, world["forum"])
    partnership_meeting = _meeting(world, 8, partnership)
    assert list(open_meetings_for(fresh(case))) == [partnership_meeting] != [forum_meeting]
    Escalation.objects.filter(pk=case.pk).update(housing_sector=False)
    assert (
        "Sagen ligger hos Borgmesterforum (niveau 4)."
        in client_for("chief").get(case.get_absolute_url()).content.decode()
    )
