"""The demo year of meetings (dialogue/demo.py), seeded by ``python manage.py seed_demo``."""

import copy
import io

import pytest
from django.apps import apps
from django.contrib.postgres.search import SearchQuery
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from dialogue.demo import meetings as demo
from dialogue.models import AgendaItem, Invitation, Meeting, MeetingSeries, MinutesVersion, Outcome
from tests.demo.conftest import seed_demo

INITIATIVES = ["Hotspot Indre Nørrebro", "Hotspot Ydre Nørrebro"]


def dialogue_counts():
    """Rows of every dialogue model, their history tables included, and of all history tables."""
    models = list(apps.get_app_config("dialogue").get_models())
    models += [Meeting.history.model, AgendaItem.history.model, Outcome.history.model, Invitation.history.model]
    models += [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    return {m._meta.label: m._default_manager.count() for m in models}


def test_a_second_run_creates_and_changes_nothing(demo_db):
    first = dialogue_counts()
    assert first["dialogue.Meeting"] == 37  # 36 from the meeting demo, 1 forum meeting from the escalation demo
    assert first["dialogue.HistoricalMeeting"] > first["dialogue.Meeting"]
    last_change = Meeting.history.model.objects.latest("history_date").history_date

    output = seed_demo()

    assert dialogue_counts() == first
    assert Meeting.history.model.objects.latest("history_date").history_date == last_change
    assert "0 møder oprettet, 36 fandtes allerede" in output


def test_the_first_run_reports_what_it_created(demo_db):
    assert "36 møder oprettet, 0 fandtes allerede" in demo_db


def test_both_initiatives_have_a_year_of_meetings_in_2012_and_2013(demo_db):
    for name in INITIATIVES:
        meetings = Meeting.objects.filter(initiative__name=name)
        assert meetings.count() >= 10
        assert {timezone.localtime(m.start).year for m in meetings} == {2012, 2013}
        kinds = set(meetings.values_list("kind", flat=True))
        assert kinds == {"dialogue_platform", "steering_group", "coordination_network", "forum"}
        assert all(m.description.startswith(demo.ILLUSTRATIVE) for m in meetings)


def test_each_initiative_has_a_monthly_dialogue_platform_series_of_ten_meetings(demo_db):
    for series in MeetingSeries.objects.filter(initiative__name__in=INITIATIVES):
        assert series.title.startswith("Dialogplatform ")
        assert series.meetings.count() == 10
        assert series.invited_organisations.filter(short_name__in=["TMF", "BUF", "SOF"]).count() == 3
        starts = [timezone.localtime(m.start) for m in series.meetings.order_by("start")]
        assert len({(s.year, s.month) for s in starts}) == 10
        assert all(s.weekday() < 5 for s in starts)
    assert MeetingSeries.objects.count() == 2


def test_every_meeting_has_three_to_six_agenda_items(demo_db):
    for meeting in Meeting.objects.all():
        assert 3 <= meeting.agenda_items.count() <= 6, meeting


def test_every_invitation_has_its_attendance_recorded_and_some_walk_ins(demo_db):
    assert not Invitation.objects.filter(attendance=Invitation.Attendance.UNKNOWN).exists()
    assert not Meeting.objects.filter(invitations=None).exists()
    attendance = set(Invitation.objects.values_list("attendance", flat=True))
    assert attendance == {"present", "excused", "absent"}
    assert Invitation.objects.filter(walk_in=True, attendance="present").count() >= 3


def test_minutes_are_published_circulated_and_draft(demo_db):
    statuses = {s: Meeting.objects.filter(minutes_status=s).count() for s in Meeting.MinutesStatus.values}
    assert statuses == {"published": 32, "circulated": 2, "draft": 3}  # the escalation demo adds a draft forum meeting
    for series in MeetingSeries.objects.all():
        latest = list(series.meetings.order_by("-start").values_list("minutes_status", flat=True)[:3])
        assert latest == ["draft", "circulated", "published"]
    published = Meeting.objects.filter(minutes_status="published")
    assert MinutesVersion.objects.filter(meeting__in=published).count() == published.count()
    assert all(v.published_at.year in (2012, 2013) for v in MinutesVersion.objects.all())


def test_about_a_quarter_of_the_action_items_are_overdue_and_the_rest_closed(demo_db):
    actions = Outcome.objects.actions()
    overdue = Outcome.objects.overdue()
    assert 0.15 <= overdue.count() / actions.count() <= 0.35
    closed = actions.filter(status__in=["done", "dropped"])
    assert closed.filter(status="done").exists()
    assert closed.count() + overdue.count() == actions.count()
    assert not closed.filter(completed_on=None).exists()
    for action in actions.select_related("agenda_item__meeting"):
        day = timezone.localtime(action.agenda_item.meeting.start).date()
        assert 14 <= (action.due - day).days <= 42
        assert action.owner_organisation_id


def test_decisions_are_made_by_the_meetings_body_some_need_political_approval(demo_db):
    decisions = Outcome.objects.filter(kind="decision").select_related("agenda_item__meeting")
    assert all(d.decided_by_id == d.agenda_item.meeting.body_id for d in decisions)
    assert decisions.filter(needs_political_approval=True).exists()
    assert decisions.exclude(review_date=None).exists()
    assert Outcome.objects.filter(kind="information").exists()


def test_agenda_items_come_from_local_bodies_with_resident_seats_departments_and_the_chief(demo_db):
    from_residents = AgendaItem.objects.filter(origin="local_body", origin_body__residents_have_seats=True)
    assert from_residents.exists()
    assert from_residents.filter(origin_body__name="Styregruppe for Helhedsplan Mjølnerparken").exists()
    departments = AgendaItem.objects.filter(origin="department")
    assert set(departments.values_list("origin_organisation__short_name", flat=True)) >= {"TMF", "BUF"}
    assert AgendaItem.objects.filter(origin="chief").exists()
    assert not AgendaItem.objects.filter(minutes="").exists()
    assert not AgendaItem.objects.filter(owner_person=None, owner_organisation=None).exists()


def test_a_boligsocialt_forum_meeting_exists(demo_db):
    forum = Meeting.objects.filter(kind="forum", body__name="Boligsocialt Forum Nørrebro")
    assert forum.exists()
    assert forum.first().title == "Boligsocialt Forum Nørrebro"


def test_the_demo_is_searchable_as_the_services_keep_the_vectors(demo_db):
    if connection.vendor != "postgresql":
        pytest.skip("full-text vectors exist on PostgreSQL only")
    assert not Meeting.objects.filter(search_vector=None).exists()
    assert not AgendaItem.objects.filter(search_vector=None).exists()
    assert not Outcome.objects.filter(search_vector=None).exists()
    query = SearchQuery("belysningen", config="danish")
    assert AgendaItem.objects.filter(search_vector=query).exists()


def test_without_the_actors_seed_it_fails_with_a_clear_message(demo_db):
    data = copy.deepcopy(demo.read())
    data["initiatives"][0]["name"] = "Hotspot Findes Ikke"
    with pytest.raises(CommandError, match="Hotspot Findes Ikke findes ikke.*seed_demo"):
        demo.MeetingsSeeder(io.StringIO(), data=data).run()
