"""The reminder scan: what falls due is told once per occurrence, however often the scan runs."""

import datetime
import threading
import zoneinfo

import pytest
from django.db import connection

from actors.models import Engagement, Organisation
from dialogue.escalations import services as escalations
from dialogue.meetings import services as meetings
from dialogue.models import Meeting
from evaluation.models import SurveyParticipation
from evaluation.surveys import services as surveys
from hotspot.notifications import scan
from hotspot.notifications.models import Notification, Preferences

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=CPH)


def told(kind):
    return {n.recipient.username for n in Notification.objects.filter(kind=kind).select_related("recipient")}


@pytest.fixture
def organised(world, users):
    meeting = world["meeting"]  # 3 May 2012, Askovgården invited
    meeting.created_by = users["chief"]
    meeting.save(update_fields=["created_by"])
    return meeting


def test_a_meeting_two_working_days_ahead_reminds_the_invited_with_the_calendar_entry(users, organised):
    scan.run(now=at(datetime.date(2012, 4, 30)))  # three working days before: not yet
    assert not told("reminder.meeting_upcoming")
    scan.run(now=at(datetime.date(2012, 5, 1)))
    scan.run(now=at(datetime.date(2012, 5, 1), 14))
    reminder = Notification.objects.get(kind="reminder.meeting_upcoming")
    assert reminder.recipient == users["coordinator"] and reminder.ics_method == "REQUEST"


def test_the_reminder_follows_each_users_days_before_and_zero_switches_it_off(users, organised):
    Preferences.objects.create(user=users["coordinator"], meeting_days_before=0)
    scan.run(now=at(datetime.date(2012, 5, 2)))
    assert not told("reminder.meeting_upcoming")
    Preferences.objects.filter(user=users["coordinator"]).update(meeting_days_before=5)
    scan.run(now=at(datetime.date(2012, 4, 26)))
    assert told("reminder.meeting_upcoming") == {"coordinator"}


def test_an_agenda_not_sent_three_working_days_before_reminds_the_organiser(users, organised):
    scan.run(now=at(datetime.date(2012, 4, 30)))
    assert told("reminder.agenda_not_sent") == {"chief"}


def test_a_sent_agenda_is_not_reminded_of(users, organised):
    meetings.agenda_send(meeting=organised, by=users["chief"])
    Notification.objects.all().delete()
    scan.run(now=at(datetime.date(2012, 4, 30)))
    assert not told("reminder.agenda_not_sent")


def test_minutes_not_circulated_five_working_days_after_the_meeting_remind_the_organiser(users, organised):
    scan.run(now=at(datetime.date(2012, 5, 10)))  # Friday 4 May 2012 was Store Bededag: four working days
    assert not told("reminder.minutes_not_circulated")
    scan.run(now=at(datetime.date(2012, 5, 11)))
    assert told("reminder.minutes_not_circulated") == {"chief"}
    meetings.minutes_circulate(meeting=Meeting.objects.get(pk=organised.pk))
    Notification.objects.all().delete()
    scan.run(now=at(datetime.date(2012, 5, 14)))
    assert not told("reminder.minutes_not_circulated")


def test_an_action_due_soon_and_then_overdue_reminds_its_owner_once_a_week(users, world):
    scan.run(now=at(datetime.date(2012, 5, 30)))  # due 1 June
    assert told("reminder.action_due") == {"coordinator"}
    for day in (4, 5, 8):  # Monday, Tuesday, Friday of one week
        scan.run(now=at(datetime.date(2012, 6, day)))
    assert Notification.objects.filter(kind="reminder.action_overdue").count() == 1
    scan.run(now=at(datetime.date(2012, 6, 11)))
    assert Notification.objects.filter(kind="reminder.action_overdue").count() == 2


def test_a_case_deadline_near_tells_whoever_holds_it_and_a_breach_copies_the_staff(world, users):
    case = escalations.escalation_raise(
        initiative=world["initiative"], organisation=world["askov"], by=users["coordinator"],
        data={"title": "Mørk sti", "description": "Lamperne er gået.", "theme": "public_safety"},
        now=at(datetime.date(2012, 5, 1)),
    )  # fmt: skip
    assert case.sla_due == datetime.date(2012, 5, 3)
    escalations.escalation_acknowledge(
        escalation=case, by=users["chief"], version=case.version, now=at(datetime.date(2012, 5, 1), 10)
    )
    case.refresh_from_db()
    escalations.escalation_assign(escalation=case, department=world["tmf"], by=users["chief"], version=case.version)
    case.refresh_from_db()
    near_day = case.sla_due - datetime.timedelta(days=1)
    while near_day.weekday() > 4:
        near_day -= datetime.timedelta(days=1)
    scan.run(now=at(near_day))
    assert told("reminder.escalation_sla_near") == {"liaison"}
    scan.run(now=at(case.sla_due + datetime.timedelta(days=3)))
    assert told("reminder.escalation_sla_breached") == {"liaison", "chief", "administrator"}


def test_a_survey_round_opening_tells_the_taking_part_and_its_closing_only_those_who_have_not_answered(world, users):
    survey_round = surveys.round_create(
        initiative=world["initiative"],
        data={"title": "Samarbejdsmåling forår", "period_start": datetime.date(2012, 1, 1),
              "period_end": datetime.date(2012, 4, 30), "opens": datetime.date(2012, 5, 1),
              "closes": datetime.date(2012, 5, 15)},
        organisations=[world["askov"], world["tmf"]],
    )  # fmt: skip
    scan.run(now=at(datetime.date(2012, 5, 2)))
    assert told("survey.opened") == {"coordinator", "liaison"}
    SurveyParticipation.objects.create(round=survey_round, user=users["coordinator"])
    scan.run(now=at(datetime.date(2012, 5, 11)))
    assert told("reminder.survey_closing") == {"liaison"}
    assert "coordinator" not in Notification.objects.get(kind="reminder.survey_closing").body.lower()


def test_a_measurement_missing_for_the_last_year_reminds_the_responsible_organisation(world, users):
    scan.run(now=at(datetime.date(2012, 5, 1)))  # 2011 is measured
    assert not told("reminder.measurement_due")
    scan.run(now=at(datetime.date(2013, 2, 1)))
    assert told("reminder.measurement_due") == {"coordinator"}


def test_the_end_of_funding_and_of_the_initiative_reminds_the_chief_and_administrators(world, users):
    plan = Organisation.objects.create(
        name="Helhedsplan Blågården", kind=Organisation.Kind.MASTER_PLAN, period_end=datetime.date(2012, 10, 31)
    )
    Engagement.objects.create(initiative=world["initiative"], organisation=plan, start=datetime.date(2011, 3, 1))
    scan.run(now=at(datetime.date(2012, 4, 1)))
    assert not told("reminder.funding_ending")
    scan.run(now=at(datetime.date(2012, 5, 2)))
    assert told("reminder.funding_ending") == {"chief", "administrator"}
    scan.run(now=at(datetime.date(2014, 7, 1)))
    assert told("reminder.initiative_ending") == {"chief", "administrator"}


def test_an_ended_initiative_reminds_nobody(world, users, organised):
    scan.run(now=at(datetime.date(2015, 3, 3)))  # a Tuesday: no digest day
    assert not Notification.objects.exists()


def test_the_weekly_digest_comes_on_the_chosen_day_by_mail_only_and_once(world, users, organised):
    meetings.invite(meeting=organised, organisations=[world["tmf"]], by=users["chief"])  # the liaison is told
    Preferences.objects.create(user=users["liaison"], digest_weekday=Preferences.Weekday.WEDNESDAY)
    notification = Notification.objects.get(kind="meeting.invited")
    Notification.objects.filter(pk=notification.pk).update(created_at=at(datetime.date(2012, 5, 7)))
    scan.claim_digests(at(datetime.date(2012, 5, 8)))  # Tuesday
    assert not told("digest.weekly")
    scan.claim_digests(at(datetime.date(2012, 5, 9)))
    scan.claim_digests(at(datetime.date(2012, 5, 9), 15))
    digest = Notification.objects.get(kind="digest.weekly")
    assert digest.recipient == users["liaison"] and not digest.in_app and digest.mail_status == "pending"
    assert "Invitation: Dialogplatform maj" in digest.body
    assert "Dine næste møder (1)" not in digest.body  # the meeting of 3 May is past on the 9th


def test_the_digest_lists_open_action_items_and_cases_and_skips_a_user_with_nothing_open(world, users):
    meetings.minutes_publish(meeting=world["meeting"], by=None)  # action items in draft minutes are not shown yet
    scan.claim_digests(at(datetime.date(2012, 5, 7)))  # a Monday: the default weekday
    digests = {n.recipient.username: n for n in Notification.objects.filter(kind="digest.weekly")}
    assert "Dine åbne handlinger (1)" in digests["coordinator"].body  # Askovgården's action, due 1 June
    assert "Kortlæg mørke stier" in digests["coordinator"].body
    assert "Åbne sager (1)" in digests["chief"].body and "Mørk gård ved Stengade" in digests["chief"].body
    assert "stranger" not in digests


@pytest.mark.django_db(transaction=True)
def test_two_scans_at_once_claim_each_reminder_once(world, users, organised):
    def run():
        try:
            scan.run(now=at(datetime.date(2012, 5, 1)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Notification.objects.filter(kind="reminder.meeting_upcoming").count() == 1


def _overdue_actions(world, users, n, start):
    """n more overdue action items on the world's item, owned by n new organisations with a coordinator each
    (half of them), and n open cases past their deadline at the world's initiative."""
    from actors.models import Role
    from dialogue.models import Escalation, Outcome
    from tests.factories import UserFactory

    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Forening {start + i}", kind=Organisation.Kind.SELF_GOVERNING_INSTITUTION) for i in range(n)
    )
    for i, org in enumerate(orgs[: n // 2]):
        Role.objects.create(user=UserFactory(username=f"k{start + i}"), kind=Role.Kind.COORDINATOR, organisation=org,
                            initiative=world["initiative"])  # fmt: skip
    Outcome.objects.bulk_create(
        Outcome(agenda_item=world["item"], kind="action", text=f"Handling {start + i}", owner_organisation=org,
                due=datetime.date(2012, 5, 20))
        for i, org in enumerate(orgs)
    )  # fmt: skip
    from dialogue.models import Invitation

    for i in range(n // 4):  # meetings two working days ahead, each inviting four of the new organisations
        meeting = Meeting.objects.create(
            initiative=world["initiative"], kind="dialogue_platform", title=f"Møde {start + i}",
            start=at(datetime.date(2012, 6, 6)), end=at(datetime.date(2012, 6, 6), 11),
        )  # fmt: skip
        Invitation.objects.bulk_create(Invitation(meeting=meeting, organisation=org) for org in orgs[4 * i : 4 * i + 4])
    case = world["escalation"]
    for i in range(n):
        case.pk, case.id, case.title, case.sla_due = None, None, f"Sag {start + i}", datetime.date(2012, 5, 20)
        case.status = Escalation.Status.NEW
        case.save()


def test_the_scan_runs_as_many_queries_for_many_due_items_as_for_few_and_a_repeat_claims_nothing(world, users):
    from django.test.utils import CaptureQueriesContext

    now = at(datetime.date(2012, 6, 4))

    def queries_of_a_repeat_scan():
        scan.run(now=now)  # claims what is new
        with CaptureQueriesContext(connection) as ctx:
            result = scan.run(now=now)  # the same day again: everything claimed already
        assert result["claimed"] == 0
        return len(ctx.captured_queries)

    _overdue_actions(world, users, 4, 0)
    few = queries_of_a_repeat_scan()
    told_before = Notification.objects.filter(kind="reminder.action_overdue").count()
    _overdue_actions(world, users, 40, 100)
    many = queries_of_a_repeat_scan()
    assert Notification.objects.filter(kind="reminder.action_overdue").count() > told_before  # the new ones told
    assert Notification.objects.filter(kind="reminder.meeting_upcoming", recipient__username="k100").exists()
    assert many == few
