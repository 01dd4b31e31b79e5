"""The demo escalations and safety walk (dialogue/demo_escalations.py), seeded by ``python manage.py seed_demo``."""

from django.apps import apps
from django.utils import timezone

from actors.cpr import find_cpr
from dialogue.demo import escalations as demo_escalations
from dialogue.models import (
    AgendaItem,
    Escalation,
    EscalationEvent,
    LadderLevel,
    Meeting,
    Outcome,
    SafetyWalk,
    SafetyWalkFinding,
)
from tests.demo.conftest import seed_demo

INITIATIVES = ["Hotspot Indre Nørrebro", "Hotspot Ydre Nørrebro"]
Status, Kind = Escalation.Status, EscalationEvent.Kind


def counts():
    models = [Escalation, EscalationEvent, LadderLevel, SafetyWalk, SafetyWalkFinding, Meeting, AgendaItem, Outcome]
    models += [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    return {m._meta.label: m._default_manager.count() for m in models}


def snapshot():
    fields = ["status", "level", "version", "created", "sla_due", "closed_at", "decision_id", "assigned_department_id"]
    return list(Escalation.objects.order_by("pk").values_list("pk", *fields))


def test_a_second_run_creates_and_changes_nothing(demo_db):
    first, state = counts(), snapshot()
    events = list(EscalationEvent.objects.order_by("pk").values_list("pk", "at"))

    output = seed_demo()

    assert counts() == first
    assert snapshot() == state
    assert list(EscalationEvent.objects.order_by("pk").values_list("pk", "at")) == events
    total = Escalation.objects.count()
    assert f"Eskaleringsdemo: 0 sager oprettet, {total} fandtes allerede" in output
    assert "eskaleringstrappe 0 trin oprettet, 0 opdateret" in output


def test_the_first_run_reports_what_it_created(demo_db):
    total = Escalation.objects.count()
    assert 20 <= total <= 35
    assert f"Eskaleringsdemo: {total} sager oprettet, 0 fandtes allerede" in demo_db


def test_each_initiative_has_the_four_level_ladder(demo_db):
    for name in INITIATIVES:
        ladder = list(LadderLevel.objects.filter(initiative__name=name).select_related("body", "housing_sector_body"))
        assert [(lvl.level, lvl.ack_days, lvl.resolve_days) for lvl in ladder] == [
            (1, 2, 15),
            (2, 2, 20),
            (3, 5, 30),
            (4, 10, 60),
        ]
        label = name.removeprefix("Hotspot ")
        assert [lvl.body.name for lvl in ladder] == [
            f"Koordinationsnetværk {label}",
            f"Styregruppe for {name}",
            "Boligsocialt Forum Nørrebro",
            "Borgmesterforum",
        ]
        assert [lvl.responsible_role for lvl in ladder] == ["chief", "chief", "administrator", "administrator"]
        assert ladder[3].housing_sector_body.name == "Partnerskabsforum"
        assert all(lvl.housing_sector_body_id is None for lvl in ladder[:3])


def test_both_initiatives_have_escalations_raised_by_local_actors(demo_db):
    for name in INITIATIVES:
        assert Escalation.objects.filter(initiative__name=name).count() >= 8
    raisers = set(Escalation.objects.values_list("organisation__name", flat=True))
    assert {"Askovgården", "Sjakket", "Områdeløft Haraldsgadekvarteret", "Helhedsplan Mjølnerparken"} <= raisers
    assert not Escalation.objects.exclude(
        organisation__kind__in=["institution", "master_plan", "area_renewal"]
    ).exists()


def test_every_status_and_every_level_appears(demo_db):
    assert set(Escalation.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Escalation.objects.values_list("level", flat=True)) == {1, 2, 3, 4}
    reopened = Escalation.objects.filter(events__kind=Kind.REOPENED)
    assert reopened.exists() and all(e.status == Status.RESOLVED for e in reopened)
    merged = Escalation.objects.get(status=Status.MERGED, initiative__name=INITIATIVES[1])
    assert merged.merged_into.is_open


def test_open_cases_are_past_their_deadlines_in_demo_time(demo_db):
    today = timezone.localdate()
    open_cases = Escalation.objects.open()
    assert open_cases.filter(sla_due__lt=today).count() >= 5
    for case in Escalation.objects.all():
        assert case.created.year in (2012, 2013), case
        assert case.ack_due.year in (2012, 2013) and case.resolve_due.year in (2012, 2013), case
        if case.status == Status.NEW:
            assert case.sla_due == case.ack_due and case.acknowledged_at is None, case
        elif case.is_open:
            assert case.sla_due == case.resolve_due and case.acknowledged_at is not None, case
        if case.closed_at:
            assert case.created <= case.closed_at and case.closed_at.year in (2012, 2013)
    assert {e.at.year for e in EscalationEvent.objects.all()} <= {2012, 2013}
    assert Escalation.objects.filter(status=Status.NEW, acknowledged_at=None).exists()


def test_timelines_run_forwards_and_start_with_the_raise(demo_db):
    for case in Escalation.objects.prefetch_related("events"):
        events = list(case.events.all())
        raised = [e for e in events if e.kind == Kind.RAISED]
        assert len(raised) == 1 and events[0] == raised[0], case
        assert raised[0].at == case.created


def test_one_case_is_carried_to_partnerskabsforum(demo_db):
    case = Escalation.objects.get(level=4)
    assert case.housing_sector and case.is_open
    assert LadderLevel.objects.get(initiative=case.initiative, level=4).body_for(case).name == "Partnerskabsforum"
    assert list(case.events.filter(kind=Kind.ESCALATED).values_list("to_level", flat=True)) == [2, 3, 4]


def test_one_case_is_resolved_by_a_decision_in_boligsocialt_forum(demo_db):
    case = Escalation.objects.get(decision__isnull=False)
    assert case.status == Status.RESOLVED and case.level == 3
    meeting = case.decision.agenda_item.meeting
    assert meeting.body.name == "Boligsocialt Forum Nørrebro" and meeting.initiative == case.initiative
    assert meeting.minutes_status != Meeting.MinutesStatus.PUBLISHED
    assert case.decision.kind == Outcome.Kind.DECISION and case.decision.decided_by == meeting.body
    assert case.decision.agenda_item.escalation == case
    assert case.events.filter(kind=Kind.ON_AGENDA).exists()
    assert case.closed_at.date() == timezone.localtime(meeting.start).date()


def test_a_case_on_the_agenda_waits_on_an_unpublished_meeting(demo_db):
    case = Escalation.objects.get(status=Status.ON_AGENDA)
    item = case.agenda_items.get()
    assert item.minutes and item.meeting.minutes_status != Meeting.MinutesStatus.PUBLISHED
    assert item.meeting.start > case.events.get(kind=Kind.ON_AGENDA).at


def test_child_support_cases_hold_no_personal_data_and_some_needs_were_met(demo_db):
    cases = Escalation.objects.filter(category=Escalation.Category.CHILD_SUPPORT)
    assert cases.count() >= 3
    closed = cases.filter(status=Status.RESOLVED)
    assert set(closed.values_list("need_met", flat=True)) == {True, False}
    assert cases.filter(status__in=Escalation.OPEN_STATUSES).exists()
    for case in cases:
        assert "står ikke i sagen" in case.description


def test_timelines_have_comments_questions_replies_and_assignments_to_five_departments(demo_db):
    kinds = set(EscalationEvent.objects.values_list("kind", flat=True))
    assert {Kind.COMMENT, Kind.QUESTION, Kind.REPLY, Kind.ESCALATED, Kind.MERGED, Kind.REJECTED} <= kinds
    assigned = EscalationEvent.objects.filter(kind=Kind.ASSIGNED).values_list("department__short_name", flat=True)
    assert {"TMF", "BUF", "SOF", "BIF", "KFF"} <= set(assigned)


def test_the_safety_walk_has_five_findings_sent_to_tmf_some_resolved(demo_db):
    walk = SafetyWalk.objects.get()
    assert walk.initiative.name == "Hotspot Ydre Nørrebro" and walk.area.name == "Haraldsgadekvarteret"
    assert walk.date.year == 2012 and walk.date.month in (9, 10, 11)
    assert walk.raised_for.name == "Områdeløft Haraldsgadekvarteret" and walk.route
    names = set(walk.organisations.values_list("name", flat=True))
    assert {"Områdeløft Haraldsgadekvarteret", "Københavns Politi", "Teknik- og Miljøforvaltningen"} <= names
    assert walk.organisations.filter(kind="housing_org").exists()
    findings = list(walk.findings.select_related("escalation__assigned_department"))
    assert len(findings) == 5
    assert {f.category for f in findings} == {"lighting", "sightlines", "shrubs", "graffiti", "cleaning"}
    assert all(f.escalation.assigned_department.short_name == "TMF" for f in findings)
    assert all(f.escalation.category == Escalation.Category.SAFETY_WALK for f in findings)
    statuses = [f.escalation.status for f in findings]
    assert 1 <= statuses.count(Status.RESOLVED) < 5
    assert walk.follow_up_done is not None


def test_every_description_is_illustrative_and_free_of_cpr_numbers(demo_db):
    for case in Escalation.objects.all():
        assert case.description.endswith(demo_escalations.ILLUSTRATIVE_CASE), case
        assert find_cpr(case.description) is None, case
        assert find_cpr(case.answer) is None, case
    for event in EscalationEvent.objects.exclude(text=""):
        assert find_cpr(event.text) is None, event
