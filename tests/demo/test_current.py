"""The current, illustrative initiative (hotspot/demo/current.toml): alive around the day it is seeded."""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from actors.coverage import coverage_matrix
from actors.models import Initiative, ProfessionalField, Role
from dialogue.escalations.selectors import sla_close_until
from dialogue.models import Escalation, Invitation, Meeting, Outcome
from evaluation.models import Indicator, SurveyRound
from evaluation.surveys.services import results
from hotspot.demo import current as demo
from tests.demo.conftest import seed_demo

DATA = demo.CurrentSeeder(stdout=None).data
NAME = DATA["name"]


def initiative():
    return Initiative.objects.get(name=NAME)


def test_the_current_initiative_is_marked_illustrative_and_runs_from_18_months_before_to_18_after(demo_db):
    current, today = initiative(), timezone.localdate()
    assert NAME.endswith("(illustrativ)") and "Illustrativt" in current.description
    assert current.phase == Initiative.Phase.RUNNING and not current.is_closed
    assert 17 * 30 <= (today - current.start).days <= 19 * 31
    assert 17 * 30 <= (current.end - today).days <= 19 * 31


def test_held_meetings_lie_in_the_past_three_months_with_attendance_minutes_and_outcomes(demo_db):
    now = timezone.now()
    held = Meeting.objects.filter(initiative__name=NAME, start__lt=now)
    assert held.count() >= 4
    assert all(now - m.start <= datetime.timedelta(days=92) for m in held)
    invitations = Invitation.objects.filter(meeting__in=held)
    assert invitations.exists() and not invitations.filter(attendance=Invitation.Attendance.UNKNOWN).exists()
    assert set(invitations.values_list("attendance", flat=True)) == {"present", "excused"}
    for meeting in held:
        assert meeting.agenda_items.exists() and not meeting.agenda_items.filter(minutes="").exists(), meeting
        assert Outcome.objects.filter(agenda_item__meeting=meeting).exists(), meeting
    assert set(held.values_list("minutes_status", flat=True)) == set(Meeting.MinutesStatus.values)


def test_a_few_meetings_are_planned_for_the_coming_weeks(demo_db):
    now = timezone.now()
    planned = Meeting.objects.filter(initiative__name=NAME, start__gt=now)
    assert planned.count() >= 2
    assert all(m.start - now <= datetime.timedelta(weeks=6) for m in planned)
    assert all(m.invitations.exists() and m.agenda_items.exists() for m in planned)


def test_action_items_are_done_open_and_not_yet_due_or_overdue_by_days_and_weeks(demo_db):
    today = timezone.localdate()
    actions = Outcome.objects.actions().filter(agenda_item__meeting__initiative__name=NAME)
    done = actions.filter(status=Outcome.Status.DONE)
    assert done.filter(completed_on__lte=F("due")).exists() and not done.filter(completed_on=None).exists()
    still_open = actions.filter(status__in=Outcome.OPEN_STATUSES)
    assert still_open.filter(due__gte=today).exists()
    overdue_days = sorted((today - a.due).days for a in Outcome.objects.overdue().filter(pk__in=actions))
    assert overdue_days and overdue_days[0] < 7 and overdue_days[-1] >= 7


def test_cases_are_in_every_state_with_clocks_on_time_close_and_breached(demo_db):
    today = timezone.localdate()
    cases = Escalation.objects.filter(initiative__name=NAME)
    assert set(cases.values_list("status", flat=True)) == set(Escalation.Status.values)
    close_until = sla_close_until(today)
    for state in ("on_time", "close", "breached"):
        assert cases.sla_state(state, today, close_until).exists(), state
    resolved = list(cases.filter(status=Escalation.Status.RESOLVED))
    on_time = [e for e in resolved if timezone.localdate(e.closed_at) <= e.resolve_due]
    assert 0 < len(on_time) < len(resolved)
    assert all(today - timezone.localdate(e.created) <= datetime.timedelta(days=92) for e in cases)
    assert all(e.description.endswith("Illustrativt demoeksempel.") for e in cases)


def test_the_survey_round_that_closed_recently_shows_means_and_another_is_open(demo_db):
    today = timezone.localdate()
    rounds = SurveyRound.objects.filter(initiative__name=NAME)
    closed = rounds.get(closes__lt=today)
    assert today - closed.closes <= datetime.timedelta(weeks=3)
    profiles = results(closed).profiles
    assert profiles and all(p.shown and all(d.score.shown for d in p.dimensions) for p in profiles)
    assert rounds.filter(opens__lte=today, closes__gte=today).exists()


def test_indicators_have_targets_and_measurements_for_the_last_quarters(demo_db):
    indicators = Indicator.objects.filter(goal__initiative__name=NAME)
    assert indicators.filter(method="derived").exists()
    for indicator in indicators:
        assert indicator.targets.exists(), indicator
    manual = indicators.filter(method="manual")
    assert manual.exists()
    today = timezone.localdate()
    for indicator in manual:
        ends = sorted(indicator.measurements.values_list("period_end", flat=True))
        assert len(ends) >= 3 and ends[-1] < today and today - ends[-1] <= datetime.timedelta(days=92), indicator


def test_health_is_left_uncovered_so_the_coverage_check_shows_a_gap(demo_db):
    assert coverage_matrix(initiative()).gaps == [ProfessionalField.HEALTH.label]


def test_the_chief_and_the_coordinator_logins_have_roles_in_it(demo_db):
    users = get_user_model().objects
    assert Role.objects.filter(user=users.get(username="chef"), kind="chief", initiative__name=NAME).exists()
    assert Role.objects.filter(
        user=users.get(username="koordinator"),
        kind="coordinator",
        initiative__name=NAME,
        organisation__name="Askovgården",
    ).exists()
    admin = users.get(username="admin")
    assert Role.objects.filter(user=admin, kind="administrator", initiative=None).exists()


def counts():
    models = [m for m in apps.get_models() if m._meta.app_label in ("actors", "dialogue", "evaluation", "hotspot")]
    return {m._meta.label: m._default_manager.count() for m in models if not m._meta.label.startswith("hotspot.Notif")}


def test_a_second_run_on_a_later_day_creates_and_moves_nothing(demo_db, monkeypatch):
    first, current = counts(), initiative()
    meetings = dict(Meeting.objects.filter(initiative=current).values_list("title", "start"))
    real = timezone.localdate

    def later(value=None, timezone=None):
        return real(value, timezone) + datetime.timedelta(days=40) if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", later)
    output = seed_demo()
    assert counts() == first
    again = initiative()
    assert (again.start, again.end) == (current.start, current.end)
    assert dict(Meeting.objects.filter(initiative=current).values_list("title", "start")) == meetings
    assert "0 møder, 0 sager, 0 indikatorer, 0 spørgeskemarunder oprettet" in output
