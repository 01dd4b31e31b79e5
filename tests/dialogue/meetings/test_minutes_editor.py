"""The meeting cockpit: the page follows the meeting's stage, and one editor saves attendance,
minutes and outcomes together (or nothing)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dialogue.meetings import services
from dialogue.models import Invitation, Meeting, MinutesComment, Outcome
from tests.factories import OrganisationFactory

CPR = "010190-1234"


def _meeting(world, *, hours_from_now, title="Dialogplatform", length=2):
    start = timezone.now() + datetime.timedelta(hours=hours_from_now)
    meeting = services.meeting_create(
        data={
            "initiative": world["initiative"],
            "kind": "dialogue_platform",
            "title": title,
            "start": start,
            "end": start + datetime.timedelta(hours=length),
        },
        by=None,
    )
    services.invite(meeting=meeting, organisations=[world["askov"], world["tmf"]])
    for title in ("Velkomst", "Tryghed i gården", "Belysning"):
        services.agenda_item_add(meeting=meeting, data={"title": title})
    return meeting


def _post(client, meeting, **fields):
    return client.post(reverse("dialogue:minutes_save", args=[meeting.pk]), fields)


def _ids(meeting):
    items = list(meeting.agenda_items.order_by("position"))
    invitations = {i.organisation.short_name or i.organisation.name: i for i in meeting.invitations.all()}
    return items, invitations


@pytest.fixture
def held(world):
    return _meeting(world, hours_from_now=-3)


def test_attendance_minutes_and_outcomes_are_saved_in_one_post(world, users, client_for, held):
    (first, second, third), _inv = _ids(held)
    askov, tmf = held.invitations.get(organisation=world["askov"]), held.invitations.get(organisation=world["tmf"])
    response = _post(
        client_for("chief"),
        held,
        **{
            f"att-i{askov.pk}": "present",
            f"att-i{tmf.pk}": "excused",
            f"minutes-{first.pk}": "Alle blev budt velkommen.",
            f"reached-{first.pk}": "on",
            f"minutes-{second.pk}": "Gården er mørk om aftenen.",
            f"new-{second.pk}-1-kind": "decision",
            f"new-{second.pk}-1-text": "Der sættes lys op i gården.",
            f"new-{second.pk}-2-kind": "action",
            f"new-{second.pk}-2-text": "Askovgården samler forslag.",
            f"new-{second.pk}-2-owner_organisation": world["askov"].pk,
            f"new-{second.pk}-2-due": "2027-01-15",
            f"new-{third.pk}-1-kind": "",  # an empty slot is no outcome
            f"new-{third.pk}-1-text": "",
            "then": "save",
        },
    )
    assert response.status_code == 302
    assert dict(held.invitations.values_list("organisation__name", "attendance")) == {
        world["askov"].name: "present",
        world["tmf"].name: "excused",
    }
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.minutes, first.reached, second.minutes) == (
        "Alle blev budt velkommen.",
        True,
        "Gården er mørk om aftenen.",
    )
    outcomes = list(
        Outcome.objects.filter(agenda_item__meeting=held).order_by("id").values_list("kind", "text", "agenda_item")
    )
    assert outcomes == [
        ("decision", "Der sættes lys op i gården.", second.pk),
        ("action", "Askovgården samler forslag.", second.pk),
    ]
    action = Outcome.objects.get(kind="action", agenda_item=second)
    assert (action.owner_organisation, action.due, action.status) == (
        world["askov"],
        datetime.date(2027, 1, 15),
        "open",
    )


def test_an_error_in_any_part_saves_nothing_and_shows_every_part_as_typed(world, users, client_for, held):
    (first, second, _third), _inv = _ids(held)
    askov = held.invitations.get(organisation=world["askov"])
    tmf = held.invitations.get(organisation=world["tmf"])
    response = _post(
        client_for("chief"),
        held,
        **{
            f"att-i{askov.pk}": "present",
            f"att-i{tmf.pk}": "present",
            f"minutes-{first.pk}": "Velkomst ved formanden.",
            f"new-{second.pk}-1-kind": "action",
            f"new-{second.pk}-1-text": "Lamperne skiftes.",  # an action item needs an owner and a deadline
            "then": "circulate",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Velkomst ved formanden." in page and "Lamperne skiftes." in page
    assert "En handling skal have en ansvarlig person eller organisation." in page
    held.refresh_from_db(), first.refresh_from_db()
    assert first.minutes == "" and not Outcome.objects.filter(agenda_item__meeting=held).exists()
    assert set(held.invitations.values_list("attendance", flat=True)) == {"unknown"}
    assert held.minutes_status == "draft"  # not circulated either


def test_a_personal_number_in_an_outcome_is_refused_with_the_text_kept(world, users, client_for, held):
    (first, second, _third), _inv = _ids(held)
    response = _post(
        client_for("chief"),
        held,
        **{f"new-{second.pk}-1-kind": "information", f"new-{second.pk}-1-text": f"Ring til {CPR}."},
    )
    assert response.status_code == 400
    assert f"Ring til {CPR}." in response.content.decode()
    assert not Outcome.objects.filter(agenda_item__meeting=held).exists()


def test_an_outcome_text_without_a_kind_is_an_error_not_lost(world, users, client_for, held):
    (_first, second, _third), _inv = _ids(held)
    response = _post(client_for("chief"), held, **{f"new-{second.pk}-1-kind": "", f"new-{second.pk}-1-text": "Hvad?"})
    assert response.status_code == 400
    assert "Vælg, om teksten er en beslutning" in response.content.decode()


def test_save_and_circulate_sends_the_minutes_for_comments(world, users, client_for, held):
    (first, _second, _third), _inv = _ids(held)
    response = _post(client_for("chief"), held, **{f"minutes-{first.pk}": "Velkomst.", "then": "circulate"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.minutes_status == "circulated" and held.comments_due is not None


def test_an_action_owner_outside_the_meeting_and_its_initiative_is_not_offered(world, users, client_for, held):
    stranger = OrganisationFactory(name="Fjern forening")
    page = client_for("chief").get(held.get_absolute_url()).content.decode()
    assert world["askov"].name in page and "Fjern forening" not in page
    (_first, second, _third), _inv = _ids(held)
    response = _post(
        client_for("chief"),
        held,
        **{
            f"new-{second.pk}-1-kind": "action",
            f"new-{second.pk}-1-text": "Noget.",
            f"new-{second.pk}-1-owner_organisation": stranger.pk,
            f"new-{second.pk}-1-due": "2027-01-15",
        },
    )
    assert response.status_code == 400 and not Outcome.objects.filter(agenda_item__meeting=held).exists()


def test_autosave_keeps_minutes_and_attendance_and_never_creates_an_outcome(world, users, client_for, held):
    (first, second, _third), _inv = _ids(held)
    askov = held.invitations.get(organisation=world["askov"])
    tmf = held.invitations.get(organisation=world["tmf"])
    url = reverse("dialogue:minutes_autosave", args=[held.pk])
    data = {
        f"att-i{askov.pk}": "present",
        f"att-i{tmf.pk}": "unknown",
        f"minutes-{first.pk}": "Kladde.",
        f"new-{second.pk}-1-kind": "information",
        f"new-{second.pk}-1-text": "Endnu ikke gemt.",
    }
    response = client_for("chief").post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Kladden er gemt" in response.content.decode()
    first.refresh_from_db()
    assert first.minutes == "Kladde."
    assert Invitation.objects.get(pk=askov.pk).attendance == "present"
    assert not Outcome.objects.filter(agenda_item__meeting=held).exists()
    refused = client_for("chief").post(url, {f"minutes-{first.pk}": f"Ring {CPR}."})
    assert "ikke gemt" in refused.content.decode()
    first.refresh_from_db()
    assert first.minutes == "Kladde."
    assert client_for("coordinator").post(url, data).status_code in (403, 404)


def test_the_page_follows_the_stage(world, users, client_for):
    chief = client_for("chief")
    planned = _meeting(world, hours_from_now=48, title="Kommende")
    page = chief.get(planned.get_absolute_url()).content.decode()
    assert "Send dagsordenen til de inviterede" in page and 'id="minutes-form"' not in page
    assert "Tilføj punkt til dagsordenen" in page
    # Asking for the editor of a meeting to come gives the planning view.
    assert 'id="minutes-form"' not in chief.get(planned.get_absolute_url() + "?vis=referat").content.decode()

    held = _meeting(world, hours_from_now=-3, title="Holdt")
    page = chief.get(held.get_absolute_url()).content.decode()
    assert 'id="minutes-form"' in page and "Gem og send til kommentering" in page
    assert "Tilføj punkt til dagsordenen" not in page  # reachable, quietly: ?vis=forberedelse
    assert "Tilføj punkt til dagsordenen" in chief.get(held.get_absolute_url() + "?vis=forberedelse").content.decode()

    services.minutes_publish(meeting=held, by=users["chief"])
    page = chief.get(held.get_absolute_url()).content.decode()
    assert 'id="minutes-form"' not in page and "Udskriv referatet" in page
    # An invitee never gets the editor.
    invited = client_for("coordinator").get(_meeting(world, hours_from_now=-3, title="Andet").get_absolute_url())
    assert 'id="minutes-form"' not in invited.content.decode()


def test_publishing_before_the_planned_end_needs_the_chiefs_word_that_it_was_held(world, users, client_for):
    running = _meeting(world, hours_from_now=-1, length=3)  # began an hour ago, ends in two
    with pytest.raises(ValidationError, match="Bekræft, at mødet er holdt"):
        services.minutes_publish(meeting=running, by=users["chief"])
    url = reverse("dialogue:minutes_publish", args=[running.pk])
    assert "Mødet er holdt" in client_for("chief").get(url).content.decode()
    client_for("chief").post(url, {})
    running.refresh_from_db()
    assert running.minutes_status == "draft"
    client_for("chief").post(url, {"held": "on"})
    running.refresh_from_db()
    assert running.minutes_status == "published"


def test_comments_go_to_an_item_or_the_whole_and_stop_at_the_deadline(world, users, client_for, held):
    (first, _second, _third), _inv = _ids(held)
    services.minutes_circulate(meeting=held, by=users["chief"])
    held.refresh_from_db()
    url = reverse("dialogue:minutes_comment", args=[held.pk])
    client = client_for("coordinator")  # Askovgården is invited
    client.post(url, {"agenda_item": first.pk, "text": "Formanden hed Jens."})
    client.post(url, {"text": "Fint referat."})
    assert list(MinutesComment.objects.order_by("id").values_list("agenda_item", "text")) == [
        (first.pk, "Formanden hed Jens."),
        (None, "Fint referat."),
    ]
    page = client_for("chief").get(held.get_absolute_url()).content.decode()
    assert page.index("Formanden hed Jens.") < page.index("Kommentarer til referatet") < page.index("Fint referat.")
    with pytest.raises(ValidationError, match="Fristen for kommentarer var"):
        services.minutes_comment(
            meeting=held,
            author=users["coordinator"],
            text="For sent.",
            today=held.comments_due + datetime.timedelta(days=1),
        )
    other = _meeting(world, hours_from_now=-30, title="Andet møde")
    with pytest.raises(ValidationError):
        services.minutes_comment(
            meeting=held, author=users["coordinator"], text="Forkert.", agenda_item=other.agenda_items.first()
        )


def test_the_agenda_is_put_in_the_dragged_order_and_only_in_a_whole_order(world, users, client_for):
    meeting = _meeting(world, hours_from_now=48)
    a, b, c = meeting.agenda_items.order_by("position")
    url = reverse("dialogue:agenda_reorder", args=[meeting.pk])
    client_for("chief").post(url, {"order": f"{c.pk},{a.pk},{b.pk}"})
    assert list(meeting.agenda_items.order_by("position").values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]
    with pytest.raises(ValidationError, match="ændret i mellemtiden"):
        services.agenda_reorder(meeting=meeting, order=[a.pk, b.pk])
    response = client_for("chief").post(url, {"order": f"{a.pk},{b.pk},x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert list(meeting.agenda_items.order_by("position").values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]
    services.minutes_publish(meeting=Meeting.objects.get(pk=meeting.pk), by=None, held=True, now=meeting.start)
    with pytest.raises(ValidationError):
        services.agenda_reorder(meeting=Meeting.objects.get(pk=meeting.pk), order=[a.pk, b.pk, c.pk])
