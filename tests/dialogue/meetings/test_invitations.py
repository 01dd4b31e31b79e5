"""Inviting by search (organisations, people, roles, a body's current members) and invitees' answers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actors.models import Body, Organisation, Person, Seat
from dialogue.meetings import picker, services
from dialogue.models import Invitation
from hotspot.notifications.models import Notification
from tests.conftest import assert_query_budget

CPR = "010190-1234"


def url(name, obj, query=""):
    return reverse(f"dialogue:{name}", args=[obj.pk]) + query


def answer(invitation, response, note=""):
    """The POST of one invitation's answer form (each has its own prefix on the meeting page)."""
    return {f"svar-{invitation.pk}-response": response, f"svar-{invitation.pk}-note": note}


def future(world, days=7):
    """The world's meeting (Askovgården invited), moved `days` from now: answers are taken until it begins."""
    meeting = world["meeting"]
    meeting.start = timezone.now() + datetime.timedelta(days=days)
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save(update_fields=["start", "end"])
    return meeting


@pytest.fixture
def board(world):
    """A board with two current members (one a role) and one whose seat has ended."""
    board = Body.objects.create(name="Bestyrelsen for Mjølnerparken", kind=Body.Kind.BOARD)
    chair = Person.objects.create(name="Aisha Jensen")
    post = Person.objects.create(name="Boligsocial koordinator, Mjølnerparken", is_placeholder=True)
    former = Person.objects.create(name="Ole Tidligere")
    Seat.objects.create(person=chair, body=board, kind=Seat.Kind.RESIDENT, role=Seat.Role.CHAIR)
    Seat.objects.create(person=post, body=board, kind=Seat.Kind.ADMINISTRATIVE, start=datetime.date(2011, 1, 1))
    Seat.objects.create(
        person=former,
        body=board,
        kind=Seat.Kind.RESIDENT,
        start=datetime.date(2011, 1, 1),
        end=datetime.date(2012, 1, 1),
    )
    return {"board": board, "chair": chair, "post": post, "former": former}


# The picker ---------------------------------------------------------------------------------


def test_the_picker_offers_a_body_organisations_and_people_in_one_search(world, board):
    matches, more = picker.search(world["meeting"], "Mjølnerparken")
    assert [(m.kind, m.label) for m in matches] == [
        ("body", "alle nuværende medlemmer af Bestyrelsen for Mjølnerparken"),
        ("person", "Boligsocial koordinator, Mjølnerparken"),
    ]
    assert matches[0].detail == "organ · 2 nuværende medlemmer"  # the former member is not counted
    assert not more


def test_a_placeholder_is_offered_as_a_role_not_as_a_person(world, board):
    post, chair = picker.search(world["meeting"], "koordinator")[0][0], picker.search(world["meeting"], "Aisha")[0][0]
    assert post.detail.startswith("rolle") and chair.detail.startswith("person")


def test_a_body_without_current_members_is_not_offered(world, board):
    Seat.objects.filter(body=board["board"]).update(end=datetime.date(2012, 1, 1))
    assert not [m for m in picker.search(world["meeting"], "Bestyrelsen")[0] if m.kind == "body"]


def test_the_picker_shows_at_most_twenty_matches_and_says_there_are_more(world):
    Organisation.objects.bulk_create(Organisation(name=f"Forening {i}", kind="other") for i in range(30))
    matches, more = picker.search(world["meeting"], "Forening")
    assert len(matches) == picker.LIMIT and more


def test_a_search_of_one_letter_finds_nothing(world):
    assert picker.search(world["meeting"], "a") == ([], False)


def test_those_already_invited_are_marked(world):
    [askov] = picker.search(world["meeting"], "Askov")[0]
    assert askov.invited


def test_the_picker_json_is_the_meeting_staffs_only(world, users, client_for):
    search = url("invitation_search", world["meeting"], "?q=Askov")
    assert client_for("stranger").get(search).status_code == 404
    assert client_for("liaison").get(search).status_code == 404  # TMF is not invited: the meeting is hidden
    assert client_for("coordinator").get(search).status_code == 403  # invited, but not the one who invites
    response = client_for("chief").get(search)
    assert response.json()["results"][0] == {
        "kind": "organisation", "id": world["askov"].pk, "label": "Askovgården", "detail": "organisation",
        "invited": True, "field": "organisations",
    }  # fmt: skip


def test_the_picker_json_query_count_does_not_grow_with_the_directory(world, users, client_for):
    def grow():
        Organisation.objects.bulk_create(Organisation(name=f"Askov afdeling {i}", kind="other") for i in range(300))
        people = Person.objects.bulk_create(Person(name=f"Askov person {i}") for i in range(300))
        body = Body.objects.create(name="Askov netværk", kind=Body.Kind.NETWORK)
        Seat.objects.bulk_create(Seat(person=p, body=body, kind=Seat.Kind.OTHER) for p in people)

    client = client_for("chief")
    assert_query_budget(client, url("invitation_search", world["meeting"], "?q=Askov"), grow, 10)


# Inviting -------------------------------------------------------------------------------------


def test_the_chief_invites_a_bodys_current_members_in_one_step(world, users, client_for, board):
    response = client_for("chief").post(url("invitation_add", world["meeting"]), {"bodies": [board["board"].pk]})
    assert response.status_code == 302 and response["Location"].endswith("#inviterede")
    invited = set(world["meeting"].invitations.filter(person__isnull=False).values_list("person__name", flat=True))
    assert invited == {"Aisha Jensen", "Boligsocial koordinator, Mjølnerparken"}


def test_a_member_already_invited_is_not_invited_twice(world, board):
    services.invite(meeting=world["meeting"], people=[board["chair"]])
    new = services.invitation_add(meeting=world["meeting"], bodies=[board["board"]], people=[board["post"]])
    assert [i.person for i in new] == [board["post"]]


def test_inviting_a_body_with_no_current_members_is_refused(world, board):
    Seat.objects.filter(body=board["board"]).update(end=datetime.date(2012, 1, 1))
    with pytest.raises(ValidationError, match="ingen nuværende medlemmer"):
        services.invitation_add(meeting=world["meeting"], bodies=[board["board"]])


def test_the_plain_search_page_lists_matches_to_tick_without_javascript(world, users, client_for, board):
    page = client_for("chief").get(url("invitation_add", world["meeting"], "?q=Aisha")).content.decode()
    assert f'name="people" value="{board["chair"].pk}"' in page and 'role="search"' in page


def test_inviting_nothing_is_refused_with_a_message(world, users, client_for):
    response = client_for("chief").post(url("invitation_add", world["meeting"]), {})
    assert response.status_code == 400 and "Vælg mindst én" in response.content.decode()


def test_an_unknown_id_is_refused_not_a_500(world, users, client_for):
    response = client_for("chief").post(url("invitation_add", world["meeting"]), {"organisations": [999999]})
    assert response.status_code == 400 and world["meeting"].invitations.count() == 1


def test_the_invitations_table_calls_a_placeholder_a_role(world, users, client_for, board):
    services.invite(meeting=world["meeting"], people=[board["post"]])
    client = client_for("chief")
    plan = client.get(url("meeting_detail", world["meeting"]) + "?vis=forberedelse").content.decode()
    assert 'Boligsocial koordinator, Mjølnerparken</a> <span class="badge text-bg-light border">rolle' in plan
    # The meeting has been held: the minutes editor's attendance row says the same.
    editor = client.get(url("meeting_detail", world["meeting"])).content.decode()
    assert 'Boligsocial koordinator, Mjølnerparken</span> <span class="badge text-bg-light border">rolle' in editor
    assert f"{world['invitation'].invitee}</span>\n" in editor  # an organisation is no role


# Answers ---------------------------------------------------------------------------------------


def test_an_invited_organisations_coordinator_sends_apologies_with_a_note(world, users, client_for):
    future(world)
    invitation = world["invitation"]
    response = client_for("coordinator").post(
        url("invitation_answer", invitation), answer(invitation, "apologies", "Vi har personalemøde")
    )
    assert response.status_code == 302 and response["Location"].endswith("#svar")
    invitation.refresh_from_db()
    assert (invitation.response, invitation.response_note) == ("apologies", "Vi har personalemøde")
    assert invitation.responded_by == users["coordinator"] and invitation.responded_at is not None


@pytest.mark.parametrize("role, status", [("chief", 403), ("observer", 403), ("liaison", 404), ("stranger", 404)])
def test_nobody_answers_for_someone_elses_invitation(world, users, client_for, role, status):
    future(world)
    response = client_for(role).post(
        url("invitation_answer", world["invitation"]), answer(world["invitation"], "attending")
    )
    assert response.status_code == status
    assert Invitation.objects.get(pk=world["invitation"].pk).response == ""


def test_an_invited_person_answers_their_own_invitation(world, users, client_for):
    future(world)
    world["person"].user = users["observer"]
    world["person"].save(update_fields=["user"])
    [mine] = services.invite(meeting=world["meeting"], people=[world["person"]])
    assert client_for("observer").post(url("invitation_answer", mine), answer(mine, "attending")).status_code == 302
    assert Invitation.objects.get(pk=mine.pk).response == "attending"


def test_answers_are_refused_once_the_meeting_has_begun(world, users):
    with pytest.raises(ValidationError, match="begyndt"):
        services.invitation_answer(invitation=world["invitation"], response="attending", by=users["coordinator"])


def test_answers_are_refused_for_a_cancelled_meeting(world, users):
    meeting = future(world)
    meeting.cancelled = True
    meeting.save(update_fields=["cancelled"])
    with pytest.raises(ValidationError, match="aflyst"):
        services.invitation_answer(invitation=world["invitation"], response="attending", by=users["coordinator"])


def test_an_answer_note_with_a_personal_number_is_refused(world, users, client_for):
    future(world)
    client_for("coordinator").post(
        url("invitation_answer", world["invitation"]), answer(world["invitation"], "apologies", CPR)
    )
    assert Invitation.objects.get(pk=world["invitation"].pk).response == ""


def test_the_invitee_sees_the_answer_form_and_the_chief_sees_the_answers(world, users, client_for):
    future(world)
    invitation = world["invitation"]
    page = client_for("coordinator").get(url("meeting_detail", world["meeting"])).content.decode()
    assert url("invitation_answer", invitation) in page and "Svar for Askovgården" in page
    services.invitation_answer(invitation=invitation, response="apologies", note="Syg", by=users["coordinator"])
    page = client_for("chief").get(url("meeting_detail", world["meeting"])).content.decode()
    assert url("invitation_answer", invitation) not in page  # the chief does not answer for Askovgården
    assert '>Afbud</span> <span class="small">Syg</span>' in page


def test_the_attendance_form_starts_from_the_answers(world, users, client_for):
    meeting = future(world)
    tmf = services.invite(meeting=meeting, organisations=[world["tmf"]])[0]
    services.invitation_answer(invitation=world["invitation"], response="apologies", by=users["coordinator"])
    services.invitation_answer(invitation=tmf, response="attending", by=users["liaison"])
    # The answers were given; now the meeting has been held.
    type(meeting).objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(hours=3), end=timezone.now() - datetime.timedelta(hours=1)
    )
    form = client_for("chief").get(url("attendance", meeting)).context["form"]
    assert form[f"i{world['invitation'].pk}"].value() == "excused"
    assert form[f"i{tmf.pk}"].value() == "present"


def test_recorded_attendance_wins_over_the_answer():
    invitation = Invitation(response="apologies", attendance="present")
    assert invitation.suggested_attendance() == "present"
    assert Invitation(response="apologies").suggested_attendance() == "excused"
    assert Invitation(response="attending").suggested_attendance() == "present"
    assert Invitation().suggested_attendance() == "unknown"


def test_the_invitation_and_agenda_mail_link_to_the_answer_form(world, users):
    meeting = future(world)
    services.invite(meeting=meeting, organisations=[world["tmf"]], by=users["chief"])
    services.agenda_send(meeting=meeting, by=users["chief"])
    for kind in ("meeting.invited", "meeting.agenda_sent"):
        message = Notification.objects.filter(kind=kind).first()
        assert message.url == f"{meeting.get_absolute_url()}#svar" and "afbud" in message.body
