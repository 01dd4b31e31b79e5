"""Planning, holding and recording meetings through the pages and services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dialogue.meetings import services
from dialogue.models import MAX_AGENDA_ITEMS, AgendaItem, Invitation, Meeting, MinutesVersion, Outcome
from tests.factories import MeetingFactory, OrganisationFactory, RoleFactory

CPR = "010190-1234"


def meeting_url(name, obj):
    return reverse(f"dialogue:{name}", args=[obj.pk])


def test_the_chief_plans_a_meeting_and_it_is_recorded_as_theirs(world, users, client_for):
    response = client_for("chief").post(
        reverse("dialogue:meeting_create"),
        {
            "initiative": world["initiative"].pk,
            "kind": "dialogue_platform",
            "title": "Dialogplatform juni",
            "start": "2012-06-07T16:00",
            "end": "2012-06-07T18:00",
        },
    )
    meeting = Meeting.objects.get(title="Dialogplatform juni")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.created_by == users["chief"]
    assert meeting.history.get().history_user == users["chief"]


def test_a_meeting_ending_before_it_starts_is_refused_and_nothing_is_saved(world, users, client_for):
    response = client_for("chief").post(
        reverse("dialogue:meeting_create"),
        {
            "initiative": world["initiative"].pk,
            "kind": "dialogue_platform",
            "title": "Baglæns",
            "start": "2012-06-07T18:00",
            "end": "2012-06-07T16:00",
        },
    )
    assert response.status_code == 200
    assert "Mødet skal slutte efter det starter" in response.content.decode()
    assert not Meeting.objects.filter(title="Baglæns").exists()


def test_a_chief_cannot_plan_a_meeting_in_another_initiative(world, users, client_for):
    response = client_for("chief").post(
        reverse("dialogue:meeting_create"),
        {
            "initiative": world["other_initiative"].pk,
            "kind": "dialogue_platform",
            "title": "Udefra",
            "start": "2012-06-07T16:00",
            "end": "2012-06-07T18:00",
        },
    )
    assert response.status_code == 200
    assert not Meeting.objects.filter(title="Udefra").exists()


def test_only_the_initiatives_staff_plan_meetings_and_series_there(world, users, client_for):
    for role in ("observer", "coordinator"):  # they see the initiative, but do not run it
        client = client_for(role)
        assert "Nyt møde" not in client.get(reverse("dialogue:meeting_list")).content.decode()
        assert client.get(reverse("dialogue:meeting_create")).status_code == 403, role
        assert client.get(reverse("dialogue:series_create")).status_code == 403, role
    form = client_for("chief").get(reverse("dialogue:meeting_create")).context["form"]
    assert list(form.fields["initiative"].queryset) == [world["initiative"]]


def test_agenda_items_are_numbered_in_order_and_can_be_moved(world):
    meeting = world["meeting"]
    second = services.agenda_item_add(meeting=meeting, data={"title": "Unge om aftenen"})
    third = services.agenda_item_add(meeting=meeting, data={"title": "Eventuelt"})
    assert [i.position for i in (world["item"], second, third)] == [1, 2, 3]
    services.agenda_item_move(item=third, direction=-1)
    titles = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles == ["Belysning i gården", "Eventuelt", "Unge om aftenen"]
    services.agenda_item_delete(item=world["item"])
    assert list(meeting.agenda_items.order_by("position").values_list("position", flat=True)) == [1, 2]


def test_the_meeting_page_warns_when_the_agenda_overruns_the_meeting(world, users, client_for):
    services.agenda_item_add(meeting=world["meeting"], data={"title": "Langt punkt", "planned_minutes": 110})
    url = world["meeting"].get_absolute_url() + "?vis=forberedelse"  # the planning view of a held meeting
    page = client_for("chief").get(url).content.decode()
    assert "Planlagt tid: 130 af 120 minutter" in page
    assert "Dagsordenen er 10 minutter for lang" in page


def test_an_agenda_of_more_than_the_maximum_is_refused_with_a_clear_message(world):
    meeting = world["meeting"]
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=i, title=f"Punkt {i}") for i in range(2, MAX_AGENDA_ITEMS + 1)
    )
    with pytest.raises(ValidationError, match="højst have 100 punkter"):
        services.agenda_item_add(meeting=meeting, data={"title": "Ét for meget"})
    assert meeting.agenda_items.count() == MAX_AGENDA_ITEMS


def test_an_item_from_a_local_body_must_name_the_body(world, users, client_for):
    response = client_for("chief").post(
        meeting_url("agenda_item_add", world["meeting"]),
        {"new-title": "Fra beboerne", "new-planned_minutes": "10", "new-origin": "local_body"},
    )
    assert response.status_code == 200
    assert "Vælg den lokale bestyrelse eller styregruppe" in response.content.decode()
    assert not AgendaItem.objects.filter(title="Fra beboerne").exists()


def test_a_personal_number_in_the_minutes_is_refused(world, users, client_for):
    response = client_for("chief").post(
        meeting_url("agenda_item_edit", world["item"]),
        {"minutes_only": "1", "minutes": f"Drengen {CPR} blev omtalt", "reached": "on"},
    )
    assert response.status_code == 200 and "CPR-nummer" in response.content.decode()
    world["item"].refresh_from_db()
    assert world["item"].minutes == ""


def test_a_100_kb_minutes_text_is_saved_whole(world, users, client_for):
    text = ("Beboerne fortalte om belysningen ved stierne og om unge i gården om aftenen. " * 1400)[:100_000]
    response = client_for("chief").post(
        meeting_url("agenda_item_edit", world["item"]), {"minutes_only": "1", "minutes": text, "reached": "on"}
    )
    assert response.status_code == 302
    world["item"].refresh_from_db()
    assert len(world["item"].minutes) == 100_000


def test_minutes_longer_than_the_limit_are_refused_not_cut(world, users, client_for):
    response = client_for("chief").post(
        meeting_url("agenda_item_edit", world["item"]), {"minutes_only": "1", "minutes": "x" * 200_001, "reached": "on"}
    )
    assert response.status_code == 200
    world["item"].refresh_from_db()
    assert world["item"].minutes == ""


def test_an_attendee_who_was_not_invited_must_be_marked_a_walk_in(world, users, client_for):
    client = client_for("chief")
    url = meeting_url("attendance", world["meeting"])
    refused = client.post(url, {"add_attendee": "1", "add-organisation": world["tmf"].pk})
    assert refused.status_code == 200 and "er ikke inviteret" in refused.content.decode()
    assert not world["meeting"].invitations.filter(organisation=world["tmf"]).exists()
    client.post(url, {"add_attendee": "1", "add-organisation": world["tmf"].pk, "add-walk_in": "on"})
    walk_in = world["meeting"].invitations.get(organisation=world["tmf"])
    assert walk_in.walk_in and walk_in.attendance == Invitation.Attendance.PRESENT


def test_attendance_is_recorded_per_invitation(world, users, client_for):
    invitation = world["invitation"]
    response = client_for("chief").post(meeting_url("attendance", world["meeting"]), {f"i{invitation.pk}": "excused"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.attendance == "excused"


def test_attendance_cannot_be_recorded_for_someone_elses_invitation(world):
    other = MeetingFactory(initiative=world["initiative"])
    foreign = services.invite(meeting=other, organisations=[world["tmf"]])[0]
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=world["meeting"], statuses={foreign.pk: "present"})


def test_an_action_item_needs_an_owner_and_a_due_date(world, users, client_for):
    response = client_for("chief").post(
        meeting_url("outcome_add", world["item"]), {"kind": "action", "text": "Gør noget"}
    )
    assert response.status_code == 200
    assert not Outcome.objects.filter(text="Gør noget").exists()


def test_a_decision_records_who_took_it_and_whether_it_needs_political_approval(world, users, client_for):
    client_for("chief").post(
        meeting_url("outcome_add", world["item"]),
        {
            "kind": "decision",
            "text": "Styregruppen anbefaler bedre belysning",
            "decided_by": world["body"].pk,
            "needs_political_approval": "on",
            "review_date": "2012-09-01",
            "owner_organisation": world["askov"].pk,  # not for decisions: cleared
        },
    )
    decision = Outcome.objects.get(text="Styregruppen anbefaler bedre belysning")
    assert decision.decided_by == world["body"] and decision.needs_political_approval
    assert decision.review_date == datetime.date(2012, 9, 1) and decision.owner_organisation is None


def test_minutes_move_from_draft_to_circulated_to_published_and_lock(world, users, client_for):
    meeting = world["meeting"]
    client = client_for("chief")
    client.post(meeting_url("minutes_circulate", meeting))
    meeting.refresh_from_db()
    assert meeting.minutes_status == "circulated"
    client.post(meeting_url("minutes_publish", meeting))
    meeting.refresh_from_db()
    assert meeting.minutes_status == "published"
    version = MinutesVersion.objects.get(meeting=meeting)
    assert version.number == 1 and version.snapshot["items"][0]["title"] == "Belysning i gården"


def test_published_minutes_cannot_be_edited(world, users, client_for):
    meeting = world["meeting"]
    services.minutes_publish(meeting=meeting, by=users["chief"])
    response = client_for("chief").post(
        meeting_url("agenda_item_edit", world["item"]), {"minutes_only": "1", "minutes": "Ændret"}
    )
    assert response.status_code == 200 and "låst" in response.content.decode()
    world["item"].refresh_from_db()
    assert world["item"].minutes == ""
    with pytest.raises(ValidationError):
        services.outcome_add(item=world["item"], data={"kind": "information", "text": "Sent"})


def test_a_new_version_reopens_the_minutes_and_keeps_the_published_one_readable(world, users, client_for):
    meeting = world["meeting"]
    services.agenda_item_update(item=world["item"], data={"minutes": "Første udgave"})
    services.minutes_publish(meeting=meeting, by=users["chief"])
    client = client_for("chief")
    refused = client.post(meeting_url("minutes_new_version", meeting), {"note": ""}, follow=True)
    meeting.refresh_from_db()
    assert meeting.minutes_status == "published" and "Dette felt er påkrævet" in refused.content.decode()
    client.post(meeting_url("minutes_new_version", meeting), {"note": "Stavefejl i punkt 1"})
    meeting.refresh_from_db()
    assert meeting.minutes_status == "draft" and meeting.minutes_version == 2
    services.agenda_item_update(item=world["item"], data={"minutes": "Anden udgave"})
    old = client_for("coordinator").get(reverse("dialogue:minutes_version", args=[meeting.pk, 1])).content.decode()
    assert "Første udgave" in old and "Anden udgave" not in old


def test_an_invited_coordinator_reads_published_minutes_but_not_drafts(world, users, client_for):
    meeting = world["meeting"]
    services.agenda_item_update(item=world["item"], data={"minutes": "Hemmeligt udkast"})
    client = client_for("coordinator")
    assert "Hemmeligt udkast" not in client.get(meeting.get_absolute_url()).content.decode()
    services.minutes_publish(meeting=meeting, by=users["chief"])
    assert "Hemmeligt udkast" in client.get(meeting.get_absolute_url()).content.decode()


def test_circulated_minutes_are_open_to_attendees_for_comments(world, users, client_for):
    meeting = world["meeting"]
    services.minutes_circulate(meeting=meeting)
    client = client_for("coordinator")
    client.post(meeting_url("minutes_comment", meeting), {"text": "Punkt 1: vi nævnte også stien ved skolen"})
    assert meeting.minutes_comments.get().author == users["coordinator"]
    assert client_for("observer").post(meeting_url("minutes_comment", meeting), {"text": "x"}).status_code == 404


def test_the_owner_organisation_updates_its_action_items_status(world, users, client_for):
    action = world["action"]
    services.minutes_publish(meeting=world["meeting"], by=users["chief"])
    response = client_for("coordinator").post(meeting_url("action_status", action), {"status": "in_progress"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert client_for("observer").post(meeting_url("action_status", action), {"status": "done"}).status_code == 403


def test_after_a_status_change_only_a_path_on_this_site_is_followed(world, users, client_for):
    services.minutes_publish(meeting=world["meeting"], by=users["chief"])
    client = client_for("coordinator")
    url = meeting_url("action_status", world["action"])
    here = reverse("dialogue:action_list") + "?scope=all"
    assert client.post(url, {"status": "done", "next": here})["Location"] == here
    for elsewhere in ("//evil.example/", "https://evil.example/"):
        response = client.post(url, {"status": "done", "next": elsewhere})
        assert response["Location"] == reverse("dialogue:action_list"), elsewhere


def test_action_status_can_change_after_publication_and_done_records_the_date(world, users):
    services.minutes_publish(meeting=world["meeting"], by=users["chief"])
    services.action_set_status(action=world["action"], status="done")
    world["action"].refresh_from_db()
    assert world["action"].completed_on is not None


def test_action_lists_show_mine_my_organisations_and_all_with_overdue_marked(world, users, client_for):
    services.minutes_publish(meeting=world["meeting"], by=users["chief"])
    client = client_for("coordinator")
    org_page = client.get(reverse("dialogue:action_list"))
    assert [a.text for a in org_page.context["page"].object_list] == ["Kortlæg mørke stier"]
    assert "overskredet" in org_page.content.decode()  # due 2012
    mine = client.get(reverse("dialogue:action_list"), {"scope": "mine"})
    assert list(mine.context["page"].object_list) == []
    done_filter = client.get(reverse("dialogue:action_list"), {"scope": "all", "status": "done"})
    assert list(done_filter.context["page"].object_list) == []


def test_draft_action_items_are_not_listed_for_the_owner_before_publication(world, users, client_for):
    page = client_for("coordinator").get(reverse("dialogue:action_list"))
    assert list(page.context["page"].object_list) == []


def test_the_owner_organisation_gets_a_status_control_in_the_action_list(world, users, client_for):
    services.minutes_publish(meeting=world["meeting"], by=users["chief"])
    page = client_for("coordinator").get(reverse("dialogue:action_list"))
    assert meeting_url("action_status", world["action"]) in page.content.decode()


def test_a_coordinator_of_another_invited_organisation_sees_no_status_control_and_gets_403(world, users, client):
    services.invite(meeting=world["meeting"], organisations=[world["other_org"]])
    services.minutes_publish(meeting=world["meeting"], by=users["chief"])
    client.force_login(RoleFactory(organisation=world["other_org"], initiative=world["initiative"]).user)
    page = client.get(reverse("dialogue:action_list"), {"scope": "all"})
    assert [a.text for a in page.context["page"].object_list] == ["Kortlæg mørke stier"]
    assert meeting_url("action_status", world["action"]) not in page.content.decode()
    assert client.post(meeting_url("action_status", world["action"]), {"status": "done"}).status_code == 403
    world["action"].refresh_from_db()
    assert world["action"].status == "open"


def test_a_series_is_hidden_from_invitees_and_shown_to_the_initiatives_staff(world, users, client_for):
    series = world["series"]
    assert client_for("coordinator").get(meeting_url("series_detail", series)).status_code == 404
    assert list(client_for("coordinator").get(reverse("dialogue:series_list")).context["series_list"]) == []
    assert list(client_for("chief").get(reverse("dialogue:series_list")).context["series_list"]) == [series]


def test_the_next_meeting_of_a_series_is_created_from_its_template(world, users, client_for):
    series = world["series"]
    series.template_agenda = "Velkomst\nNyt fra området\nEventuelt"
    series.save()
    series.invited_organisations.add(world["askov"], world["tmf"])
    client_for("chief").post(meeting_url("series_next", series))
    new = series.meetings.order_by("-start").first()
    assert new.start == world["meeting"].start + datetime.timedelta(days=31)  # 3 May → 3 June
    assert list(new.agenda_items.values_list("title", flat=True)) == ["Velkomst", "Nyt fra området", "Eventuelt"]
    assert set(new.invitations.values_list("organisation__name", flat=True)) == {
        "Askovgården",
        "Teknik- og Miljøforvaltningen",
    }


@pytest.mark.parametrize(
    "recurrence, after, expected",
    [
        ("monthly", datetime.datetime(2012, 1, 31, 9, 0), datetime.datetime(2012, 2, 29, 9, 0)),
        ("monthly", datetime.datetime(2013, 1, 31, 9, 0), datetime.datetime(2013, 2, 28, 9, 0)),
        ("quarterly", datetime.datetime(2012, 11, 30, 9, 0), datetime.datetime(2013, 2, 28, 9, 0)),
        ("monthly", datetime.datetime(2012, 12, 15, 9, 0), datetime.datetime(2013, 1, 15, 9, 0)),
    ],
)
def test_a_monthly_or_quarterly_series_keeps_its_day_clamped_to_the_months_end(world, recurrence, after, expected):
    series = world["series"]
    series.recurrence = recurrence
    after, expected = timezone.make_aware(after), timezone.make_aware(expected)
    assert services.next_occurrence(series, after) == expected


def test_unreached_items_and_open_actions_are_carried_to_the_next_meeting_once(world, users, client_for):
    meeting, series = world["meeting"], world["series"]
    services.agenda_item_update(item=world["item"], data={"reached": False})
    nxt = services.series_next_meeting(series=series, by=None)
    client = client_for("chief")
    client.post(meeting_url("carry_over", meeting))
    client.post(meeting_url("carry_over", meeting))  # a second click carries nothing more
    titles = list(nxt.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles == ["Belysning i gården", "Opfølgning: Kortlæg mørke stier"]
    assert nxt.agenda_items.get(position=1).carried_from == world["item"]


def test_carrying_over_without_a_next_meeting_explains_what_to_do(world, users, client_for):
    response = client_for("chief").post(meeting_url("carry_over", world["meeting"]), follow=True)
    assert "Opret det først" in response.content.decode()


def test_a_meeting_with_published_minutes_cannot_be_deleted(world, users, client_for):
    published = world["published_meeting"]
    client_for("chief").post(meeting_url("meeting_delete", published))
    assert Meeting.objects.filter(pk=published.pk).exists()


def test_the_organisation_page_shows_attendance_over_time_and_owned_actions(world, users, client_for):
    invitation = world["invitation"]
    services.attendance_record(meeting=world["meeting"], statuses={invitation.pk: "present"})
    services.minutes_publish(meeting=world["meeting"], by=users["chief"])
    page = client_for("coordinator").get(world["askov"].get_absolute_url()).content.decode()
    assert "Fremmøde til møder" in page and "2012 K2" in page
    assert "Kortlæg mørke stier" in page


def _meeting_in(world, days, title):
    """A dialogue-platform meeting of the world's initiative `days` from now (negative: in the past)."""
    start = timezone.now() + datetime.timedelta(days=days)
    return services.meeting_create(
        data={"initiative": world["initiative"], "kind": "dialogue_platform", "title": title,
              "start": start, "end": start + datetime.timedelta(hours=1)},
        by=None,
    )  # fmt: skip


def test_attendance_on_the_organisation_page_counts_neither_future_nor_unrecorded_meetings(world, users):
    from dialogue.meetings.selectors import organisation_attendance

    future = _meeting_in(world, days=10, title="Næste møde")
    services.invite(meeting=future, organisations=[world["askov"]])
    services.attendance_record(meeting=world["meeting"], statuses={world["invitation"].pk: "present"})
    rows = organisation_attendance(world["askov"], users["chief"])
    # May 2012: present at one meeting, attendance not noted at the other (April); the future one is left out.
    assert [(r["quarter"].year, r["invited"], r["present"], r["rate"]) for r in rows] == [(2012, 2, 1, 100)]


def test_an_organisation_never_invited_shows_no_meeting_section(world, users, client_for):
    org = OrganisationFactory()
    page = client_for("observer").get(org.get_absolute_url()).content.decode()
    assert "Fremmøde til møder" not in page


def test_every_change_to_a_meeting_is_in_its_history(world, users, client_for):
    client_for("chief").post(
        meeting_url("meeting_edit", world["meeting"]),
        {
            "kind": "dialogue_platform",
            "title": "Dialogplatform maj (flyttet)",
            "start": "2012-05-03T10:00",
            "end": "2012-05-03T12:00",
        },
    )
    page = client_for("chief").get(world["meeting"].get_absolute_url()).content.decode()
    history_url = reverse("dialogue:meeting_history", args=[world["meeting"].pk])
    assert "Ændringshistorik" in page and history_url in page  # the meeting page links to its audit trail
    page = client_for("chief").get(history_url).content.decode()
    assert "Ændret – Mødet af Chief: organ, slut, start, titel" in page


def test_the_meeting_history_includes_changes_to_items_and_outcomes(world, users, client_for):
    client = client_for("chief")
    client.post(
        reverse("dialogue:agenda_item_edit", args=[world["item"].pk]),
        {"minutes_only": "1", "minutes": "Lys", "reached": "on"},
    )
    page = client.get(reverse("dialogue:meeting_history", args=[world["meeting"].pk])).content.decode()
    assert "Ændret – Punkt 1. Belysning i gården af Chief: referat" in page
    assert "Oprettet – Handling: Kortlæg mørke stier" in page


def test_attendance_and_invitations_are_locked_with_the_published_minutes(world, users, client_for):
    meeting, invitation = world["meeting"], world["invitation"]
    services.minutes_publish(meeting=meeting, by=users["chief"])
    client = client_for("chief")
    client.post(meeting_url("attendance", meeting), {f"i{invitation.pk}": "absent"})
    client.post(meeting_url("invitation_remove", invitation))
    client.post(meeting_url("invitation_add", meeting), {"organisations": [world["tmf"].pk]})
    invitation.refresh_from_db()
    assert invitation.attendance == "unknown"
    assert list(meeting.invitations.values_list("organisation__name", flat=True)) == ["Askovgården"]


def test_publishing_asks_for_confirmation_before_locking(world, users, client_for):
    page = client_for("chief").get(meeting_url("minutes_publish", world["meeting"])).content.decode()
    assert "Ja, godkend og lås referatet" in page and "ikke været sendt til kommentering" in page
    world["meeting"].refresh_from_db()
    assert world["meeting"].minutes_status == "draft"


def test_the_delete_page_refuses_a_meeting_with_approved_minutes_before_asking(world, users, client_for):
    published = world["published_meeting"]
    response = client_for("chief").get(meeting_url("meeting_delete", published))
    assert response.status_code == 302 and response["Location"] == published.get_absolute_url()
    with pytest.raises(ValidationError, match="godkendt referat"):
        services.meeting_delete(meeting=published)
    assert Meeting.objects.filter(pk=published.pk).exists()


def test_draft_minutes_action_items_are_hidden_from_invitees_even_their_owner(world, users, client_for):
    """The owner's coordinator sees an action item once the minutes are circulated or published, not in the draft."""
    action = world["action"]  # Askovgården's, in the draft minutes of a meeting Askovgården is invited to
    response = client_for("coordinator").post(meeting_url("action_status", action), {"status": "done"})
    action.refresh_from_db()
    assert response.status_code == 404 and action.status == Outcome.Status.OPEN


def test_a_decision_cannot_be_recorded_before_the_meeting_has_started(world, users):
    future = _meeting_in(world, days=3, title="Kommende møde")
    start = future.start
    item = services.agenda_item_add(meeting=future, data={"title": "Lys i gården"})
    with pytest.raises(ValidationError, match="når mødet er begyndt"):
        services.outcome_add(item=item, data={"kind": "decision", "text": "Der sættes lys op."})
    assert not Outcome.objects.filter(agenda_item=item).exists()
    # Information may be noted ahead (papers for the meeting); a decision once it has begun.
    services.outcome_add(item=item, data={"kind": "information", "text": "Notat udsendt."})
    services.outcome_add(item=item, data={"kind": "decision", "text": "Der sættes lys op."}, now=start)


def test_attendance_and_minutes_of_a_meeting_still_to_come_are_refused(world, users):
    future = _meeting_in(world, days=3, title="Kommende møde")
    start = future.start
    invitation = services.invite(meeting=future, organisations=[world["askov"]])[0]
    with pytest.raises(ValidationError, match="ikke begyndt endnu"):
        services.attendance_record(meeting=future, statuses={invitation.pk: "present"})
    with pytest.raises(ValidationError, match="ikke begyndt endnu"):
        services.minutes_publish(meeting=future, by=users["chief"])
    with pytest.raises(ValidationError, match="ikke begyndt endnu"):
        services.minutes_circulate(meeting=future, by=users["chief"])
    future.refresh_from_db()
    assert future.minutes_status == Meeting.MinutesStatus.DRAFT
    assert Invitation.objects.get(pk=invitation.pk).attendance == "unknown"
    services.attendance_record(meeting=future, statuses={invitation.pk: "excused"}, now=start)


def test_upcoming_meetings_are_listed_soonest_first(world, users, client_for):
    now = timezone.now()
    for days, title in [(20, "Om tyve dage"), (3, "Om tre dage"), (10, "Om ti dage")]:
        start = now + datetime.timedelta(days=days)
        services.meeting_create(
            data={"initiative": world["initiative"], "kind": "dialogue_platform", "title": title,
                  "start": start, "end": start + datetime.timedelta(hours=1)},
            by=None,
        )  # fmt: skip
    page = client_for("chief").get(reverse("dialogue:meeting_list") + "?when=upcoming").content.decode()
    assert page.index("Om tre dage") < page.index("Om ti dage") < page.index("Om tyve dage")
    held = client_for("chief").get(reverse("dialogue:meeting_list")).content.decode()
    assert held.index("Om tyve dage") < held.index("Om tre dage")  # all meetings: newest first


def test_the_minutes_of_every_item_are_saved_together_or_not_at_all(world, users, client_for):
    meeting, first = world["meeting"], world["item"]
    second = services.agenda_item_add(meeting=meeting, data={"title": "Lys på stierne"})
    url = reverse("dialogue:minutes_save", args=[meeting.pk])
    client = client_for("chief")
    response = client.post(url, {
        f"minutes-{first.pk}": "Gården er ryddet.", f"reached-{first.pk}": "on",
        f"minutes-{second.pk}": "Lamper bestilt.", "then": f"item:{second.pk}",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith(f"#punkt-{second.pk}")
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.minutes, first.reached, second.minutes, second.reached) == (
        "Gården er ryddet.",
        True,
        "Lamper bestilt.",
        False,
    )
    # One text refused (a CPR number): nothing is saved, both texts come back as typed.
    response = client.post(url, {f"minutes-{first.pk}": "Ny tekst.", f"minutes-{second.pk}": f"Ring {CPR}."})
    assert response.status_code == 400
    first.refresh_from_db()
    assert first.minutes == "Gården er ryddet."
    page = response.content.decode()
    assert "Ny tekst." in page and f"Ring {CPR}." in page
    # Nobody but the initiative's staff saves minutes.
    assert client_for("coordinator").post(url, {f"minutes-{first.pk}": "x"}).status_code in (403, 404)
