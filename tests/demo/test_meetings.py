"""The demo year of meetings (dialogue/demo/meetings.toml), seeded by ``python manage.py seed_demo``.

Counts that are facts of the data are read from the data file, not written here.
"""

import copy
import datetime
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

DATA = demo.read()
INITIATIVES = {spec["name"]: spec for spec in DATA["initiatives"]}


def season_months():
    start, end = DATA["season"]["start"], DATA["season"]["end"]
    return (end.year - start.year) * 12 + end.month - start.month + 1


def planned_meetings():
    """The meetings the data file asks for: a platform a month per initiative plus the listed dates."""
    listed = sum(len(m["dates"]) for spec in DATA["initiatives"] for m in spec["meetings"])
    return season_months() * len(DATA["initiatives"]) + listed


def demo_meetings():
    """The Hotspots' meetings (those of the current, illustrative initiative: tests/demo/test_current.py)."""
    return Meeting.objects.filter(description__startswith=demo.ILLUSTRATIVE, initiative__name__in=INITIATIVES)


def listed_meetings(name, listed):
    """The meetings of an initiative's ``[[initiatives.meetings]]`` entry, matched on title and date.

    (The escalation demo adds a forum meeting of its own on another date.)
    """
    meetings = Meeting.objects.filter(initiative__name=name, title=listed["title"], kind=listed["kind"])
    return [m for m in meetings if timezone.localtime(m.start).date() in listed["dates"]]


def dialogue_counts():
    """Rows of every dialogue model, their history tables included, and of all history tables."""
    models = list(apps.get_app_config("dialogue").get_models())
    models += [Meeting.history.model, AgendaItem.history.model, Outcome.history.model, Invitation.history.model]
    models += [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    return {m._meta.label: m._default_manager.count() for m in models}


def test_a_second_run_creates_and_changes_nothing(demo_db):
    first = dialogue_counts()
    assert first["dialogue.HistoricalMeeting"] > first["dialogue.Meeting"] >= planned_meetings()
    last_change = Meeting.history.model.objects.latest("history_date").history_date

    output = seed_demo()

    assert dialogue_counts() == first
    assert Meeting.history.model.objects.latest("history_date").history_date == last_change
    assert f"0 møder oprettet, {planned_meetings()} fandtes allerede" in output


def test_the_first_run_creates_every_meeting_the_data_file_plans(demo_db):
    assert f"{planned_meetings()} møder oprettet, 0 fandtes allerede" in demo_db
    in_series = Meeting.objects.exclude(series=None).count()
    listed = sum(len(listed_meetings(spec["name"], m)) for spec in DATA["initiatives"] for m in spec["meetings"])
    assert in_series + listed == planned_meetings()


def test_both_initiatives_have_their_meetings_across_the_season(demo_db):
    season = DATA["season"]
    for name, spec in INITIATIVES.items():
        meetings = Meeting.objects.filter(initiative__name=name)
        days = {timezone.localtime(m.start).date() for m in meetings}
        assert days and season["start"] <= min(days) and max(days) <= season["end"]
        assert {d.year for d in days} == {season["start"].year, season["end"].year}
        kinds = {"dialogue_platform"} | {m["kind"] for m in spec["meetings"]}
        assert set(meetings.values_list("kind", flat=True)) == kinds
        assert all(m.description.startswith(demo.ILLUSTRATIVE) for m in meetings)
        for listed in spec["meetings"]:
            days = sorted(timezone.localtime(m.start).date() for m in listed_meetings(name, listed))
            assert days == sorted(listed["dates"])
            assert {m.body.name for m in listed_meetings(name, listed)} == {listed["body"]}


def test_each_initiative_has_a_series_of_monthly_dialogue_meetings_across_the_season(demo_db):
    series_list = list(MeetingSeries.objects.filter(initiative__name__in=INITIATIVES))
    assert len(series_list) == len(INITIATIVES) == MeetingSeries.objects.count()
    for series in series_list:
        spec = INITIATIVES[series.initiative.name]["series"]
        assert series.title == spec["title"]
        assert series.kind == "dialogue_platform"
        assert series.recurrence == MeetingSeries.Recurrence.MONTHLY
        assert series.invited_organisations.count() == len(spec["invited_organisations"])
        assert series.invited_organisations.filter(short_name__in=["TMF", "BUF", "SOF"]).count() == 3
        starts = [timezone.localtime(m.start) for m in series.meetings.order_by("start")]
        assert len({(s.year, s.month) for s in starts}) == len(starts) == season_months()
        weekday = demo.WEEKDAYS.index(spec["weekday"])
        assert all(s.weekday() == weekday and s.time() == spec["time"] for s in starts)
        assert all((s.day - 1) // 7 + 1 == DATA["series"]["week"] for s in starts)


def test_every_meeting_has_three_to_six_agenda_items(demo_db):
    meetings = list(Meeting.objects.filter(initiative__name__in=INITIATIVES))
    assert meetings
    for meeting in meetings:
        assert 3 <= meeting.agenda_items.count() <= 6, meeting


def test_every_invitation_has_its_attendance_recorded_and_some_walk_ins(demo_db):
    invitations = Invitation.objects.filter(meeting__initiative__name__in=INITIATIVES)
    assert invitations.exists()
    assert not invitations.filter(attendance=Invitation.Attendance.UNKNOWN).exists()
    assert not Meeting.objects.filter(invitations=None).exists()
    attendance = set(invitations.values_list("attendance", flat=True))
    assert attendance == {"present", "excused", "absent"}
    walk_ins = Invitation.objects.filter(walk_in=True).select_related("meeting__initiative", "person")
    assert walk_ins.exists()
    for walk_in in walk_ins:
        assert walk_in.attendance == "present"
        assert walk_in.person.name in INITIATIVES[walk_in.meeting.initiative.name]["walk_ins"]


def test_minutes_are_published_circulated_and_draft(demo_db):
    assert set(demo_meetings().values_list("minutes_status", flat=True)) == set(Meeting.MinutesStatus.values)
    latest = DATA["minutes"]["latest"]
    for series in MeetingSeries.objects.all():
        statuses = list(series.meetings.order_by("-start").values_list("minutes_status", flat=True))
        assert statuses == latest + ["published"] * (len(statuses) - len(latest))
    for spec in DATA["initiatives"]:
        for listed in spec["meetings"]:
            assert {m.minutes_status for m in listed_meetings(spec["name"], listed)} == {"published"}
    published = Meeting.objects.filter(minutes_status="published")
    assert MinutesVersion.objects.filter(meeting__in=published).count() == published.count()
    low, high = DATA["minutes"]["published_after_days"]
    for version in MinutesVersion.objects.select_related("meeting"):
        after = timezone.localtime(version.published_at).date() - timezone.localtime(version.meeting.start).date()
        assert low <= after.days <= high, version


def test_every_outcome_kind_and_open_and_closed_action_states_are_present(demo_db):
    assert set(Outcome.objects.values_list("kind", flat=True)) == set(Outcome.Kind.values)
    assert set(Outcome.objects.actions().values_list("status", flat=True)) == set(Outcome.Status.values)


def test_late_action_items_were_done_weeks_late_and_only_a_few_were_left_for_the_hand_over(demo_db):
    actions = Outcome.objects.actions().filter(agenda_item__meeting__initiative__name__in=INITIATIVES)
    still_open = actions.filter(status__in=Outcome.OPEN_STATUSES).select_related("agenda_item__meeting")
    assert 0 < still_open.count() <= 0.15 * actions.count()
    season = DATA["season"]
    open_from = season["start"] + (season["end"] - season["start"]) * DATA["outcomes"]["open_from"]
    assert all(timezone.localtime(a.agenda_item.meeting.start).date() >= open_from for a in still_open)
    closed = actions.filter(status__in=["done", "dropped"])
    assert closed.count() + still_open.count() == actions.count()
    assert not closed.filter(completed_on=None).exists()
    late_low, late_high = DATA["outcomes"]["late_days_from_due"]
    late = [a for a in closed.filter(status="done") if a.completed_on > a.due]
    assert late and all(
        (a.completed_on - a.due).days <= max(late_high, DATA["outcomes"]["done_days_from_due"][1]) for a in late
    )
    assert all(a.completed_on.year <= 2014 for a in closed)
    low, high = DATA["outcomes"]["due_days"]
    for action in actions.select_related("agenda_item__meeting"):
        day = timezone.localtime(action.agenda_item.meeting.start).date()
        assert low <= (action.due - day).days <= high
        assert action.owner_organisation_id


def test_decisions_are_made_by_the_meetings_body_some_need_political_approval(demo_db):
    decisions = Outcome.objects.filter(kind="decision").select_related("agenda_item__meeting")
    assert decisions.exists()
    assert all(d.decided_by_id == d.agenda_item.meeting.body_id for d in decisions)
    assert decisions.filter(needs_political_approval=True).exists()
    assert decisions.exclude(review_date=None).exists()


def test_agenda_items_come_from_local_bodies_with_resident_seats_departments_and_the_chief(demo_db):
    items = AgendaItem.objects.filter(meeting__initiative__name__in=INITIATIVES)
    from_residents = items.filter(origin="local_body", origin_body__residents_have_seats=True)
    local_bodies = {lb["body"] for spec in DATA["initiatives"] for lb in spec["local_bodies"]}
    assert set(from_residents.values_list("origin_body__name", flat=True)) <= local_bodies
    assert from_residents.filter(origin_body__name="Styregruppe for Helhedsplan Mjølnerparken").exists()
    departments = items.filter(origin="department")
    assert set(departments.values_list("origin_organisation__short_name", flat=True)) >= {"TMF", "BUF"}
    assert items.filter(origin="chief").exists()
    assert not items.filter(minutes="").exists()
    assert not items.filter(owner_person=None, owner_organisation=None).exists()


def test_a_boligsocialt_forum_meeting_exists(demo_db):
    forum = Meeting.objects.filter(kind="forum", body__name=demo.BSF)
    assert forum.exists()
    assert set(forum.values_list("title", flat=True)) == {demo.BSF}


def test_the_demo_is_searchable_as_the_services_keep_the_vectors(demo_db):
    if connection.vendor != "postgresql":
        pytest.skip("full-text vectors exist on PostgreSQL only")
    assert not Meeting.objects.filter(search_vector=None).exists()
    assert not AgendaItem.objects.filter(search_vector=None).exists()
    assert not Outcome.objects.filter(search_vector=None).exists()
    query = SearchQuery("belysningen", config="danish")
    assert AgendaItem.objects.filter(search_vector=query).exists()


def test_without_the_actors_seed_it_fails_with_a_clear_message(demo_db):
    data = copy.deepcopy(DATA)
    data["initiatives"][0]["name"] = "Hotspot Findes Ikke"
    with pytest.raises(CommandError, match="Hotspot Findes Ikke findes ikke.*seed_demo"):
        demo.MeetingsSeeder(io.StringIO(), data=data).run()


# --- the data file is checked as it is read -------------------------------------------------


def seed_with(data):
    demo.MeetingsSeeder(io.StringIO(), data=data).run()


def test_an_unknown_key_in_the_data_file_is_refused_naming_the_key_and_where(db):
    data = copy.deepcopy(DATA)
    data["topics"][1]["titel"] = "En stavefejl"
    with pytest.raises(CommandError, match=r"meetings\.toml, topics\[1\] \(oversigt\): ukendt nøgle „titel“"):
        seed_with(data)


def test_a_missing_required_key_in_the_data_file_is_refused_naming_the_key_and_where(db):
    data = copy.deepcopy(DATA)
    del data["initiatives"][1]["series"]["weekday"]
    where = r"initiatives\[1\] \(Hotspot Ydre Nørrebro\)\.series"
    with pytest.raises(CommandError, match=rf"meetings\.toml, {where}: nøglen „weekday“ mangler"):
        seed_with(data)


def test_a_value_of_the_wrong_type_in_the_data_file_is_refused(db):
    data = copy.deepcopy(DATA)
    data["season"]["start"] = "2012-09-01"
    with pytest.raises(CommandError, match=r"season\.start har en værdi af forkert type"):
        seed_with(data)


def test_an_owner_role_the_data_file_does_not_define_is_refused(db):
    data = copy.deepcopy(DATA)
    data["topics"][0]["outcomes"][0]["owner"] = "UKENDT"
    with pytest.raises(CommandError, match="topics \\(belysning\\) nævner rollen »UKENDT«"):
        seed_with(data)


def test_a_misspelt_weekday_is_refused(db):
    data = copy.deepcopy(DATA)
    data["initiatives"][0]["series"]["weekday"] = "tirsdag"
    with pytest.raises(CommandError, match=r"series\.weekday skal være en af monday"):
        seed_with(data)


def test_the_data_file_as_shipped_passes_its_checks():
    demo.check(DATA)
    demo.check_references(DATA)
    assert isinstance(DATA["season"]["start"], datetime.date)
