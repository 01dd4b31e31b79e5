"""The demo escalations and safety walk (dialogue/demo/escalations.toml), seeded by ``python manage.py seed_demo``.

Counts that are facts of the data are read from the data file, not written here.
"""

import copy
import datetime
import io

import pytest
from django.apps import apps
from django.core.management.base import CommandError
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
from dialogue.workdays import add_working_days
from tests.demo.conftest import seed_demo

Status, Kind = Escalation.Status, EscalationEvent.Kind
DATA = demo_escalations.EscalationsSeeder(stdout=None).data
CASES, WALK = DATA["cases"], DATA["walk"]
INITIATIVES = [initiative["name"] for initiative in DATA["initiatives"]]
KIND_OF_OP = {
    "raise": Kind.RAISED,
    "ack": Kind.ACKNOWLEDGED,
    "assign": Kind.ASSIGNED,
    "start": Kind.IN_PROGRESS,
    "comment": Kind.COMMENT,
    "question": Kind.QUESTION,
    "reply": Kind.REPLY,
    "escalate": Kind.ESCALATED,
    "resolve": Kind.RESOLVED,
    "reject": Kind.REJECTED,
    "reopen": Kind.REOPENED,
    "merge": Kind.MERGED,
    "agenda": Kind.ON_AGENDA,
    "decide": Kind.RESOLVED,
}


def hotspot_cases():
    """The Hotspots' cases (the current, illustrative initiative has cases of its own: tests/demo/test_current.py)."""
    return Escalation.objects.filter(initiative__name__in=INITIATIVES)


def counts():
    models = [Escalation, EscalationEvent, LadderLevel, SafetyWalk, SafetyWalkFinding, Meeting, AgendaItem, Outcome]
    models += [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    return {m._meta.label: m._default_manager.count() for m in models}


def snapshot():
    fields = ["status", "level", "version", "created", "sla_due", "closed_at", "decision_id", "assigned_department_id"]
    return list(Escalation.objects.order_by("pk").values_list("pk", *fields))


def own_events(case, order="at"):
    """The case's timeline without the note a merged duplicate leaves on the case it went into."""
    events = case.events.order_by(order, "pk")
    return [e for e in events if not (e.kind == Kind.MERGED and e.other.merged_into == case)]


def test_a_second_run_creates_and_changes_nothing(demo_db):
    first, state = counts(), snapshot()
    events = list(EscalationEvent.objects.order_by("pk").values_list("pk", "at"))

    output = seed_demo()

    assert counts() == first
    assert snapshot() == state
    assert list(EscalationEvent.objects.order_by("pk").values_list("pk", "at")) == events
    total = len(CASES) + len(WALK["findings"])
    assert f"Eskaleringsdemo: 0 sager oprettet, {total} fandtes allerede" in output
    assert "eskaleringstrappe 0 trin oprettet, 0 opdateret" in output


def test_the_first_run_creates_every_case_and_finding_of_the_data_file(demo_db):
    total = len(CASES) + len(WALK["findings"])
    assert hotspot_cases().count() == total
    ladder = len(DATA["ladder"]) * len(INITIATIVES)
    assert f"Eskaleringsdemo: {total} sager oprettet, 0 fandtes allerede; eskaleringstrappe {ladder} trin" in demo_db
    for case in CASES:
        assert hotspot_cases().filter(initiative__name=case["initiative"], title=case["title"]).exists(), case


def test_each_initiative_has_the_ladder_of_the_data_file(demo_db):
    for initiative in DATA["initiatives"]:
        ladder = LadderLevel.objects.filter(initiative__name=initiative["name"]).select_related(
            "body", "housing_sector_body"
        )
        got = [
            (lvl.level, lvl.name, lvl.body.name, getattr(lvl.housing_sector_body, "name", None), lvl.responsible_role)
            + (lvl.ack_days, lvl.resolve_days)
            for lvl in ladder.order_by("level")
        ]
        wanted = [
            (lvl["level"], lvl["name"], lvl["body"].format(**initiative), lvl.get("housing_sector_body"))
            + (lvl["responsible_role"], lvl["ack_days"], lvl["resolve_days"])
            for lvl in DATA["ladder"]
        ]
        assert got == wanted
    assert LadderLevel.objects.get(initiative__name=INITIATIVES[0], level=1).body.name.startswith("Koordinationsnetv")


def test_both_initiatives_have_escalations_raised_by_local_actors(demo_db):
    for name in INITIATIVES:
        in_data = sum(case["initiative"] == name for case in CASES)
        in_data += len(WALK["findings"]) if WALK["initiative"] == name else 0
        assert in_data and hotspot_cases().filter(initiative__name=name).count() == in_data
    assert set(hotspot_cases().values_list("organisation__name", flat=True)) == {
        case["organisation"] for case in CASES
    } | {WALK["raised_for"]}
    assert not hotspot_cases().exclude(organisation__kind__in=["institution", "master_plan", "area_renewal"]).exists()


def test_every_status_and_every_ladder_level_appears(demo_db):
    assert set(Escalation.objects.values_list("status", flat=True)) == set(Status.values)
    # Every Hotspot case was at least acknowledged before the Hotspots ended.
    assert set(hotspot_cases().values_list("status", flat=True)) == set(Status.values) - {Status.NEW}
    assert set(hotspot_cases().values_list("level", flat=True)) == {lvl["level"] for lvl in DATA["ladder"]}
    reopened = hotspot_cases().filter(events__kind=Kind.REOPENED)
    assert reopened.exists() and all(e.status == Status.RESOLVED for e in reopened)
    merged = hotspot_cases().get(status=Status.MERGED, initiative__name=INITIATIVES[1])
    assert merged.merged_into.is_open


def test_every_case_has_the_timeline_of_its_steps_in_the_data_file(demo_db):
    for case in CASES:
        escalation = hotspot_cases().get(initiative__name=case["initiative"], title=case["title"])
        assert [e.kind for e in own_events(escalation)] == [KIND_OF_OP[s["op"]] for s in case["steps"]], case["title"]
    for finding in WALK["findings"]:
        escalation = SafetyWalkFinding.objects.get(place=finding["place"]).escalation
        wanted = [Kind.RAISED, Kind.ASSIGNED] + [KIND_OF_OP[s["op"]] for s in finding["steps"]]
        assert [e.kind for e in own_events(escalation)] == wanted, finding["place"]


def test_a_case_decided_in_the_forum_has_the_times_of_its_steps_in_the_data_file(demo_db):
    """Steps given only a date follow each other from 9:00, 40 minutes apart; the others keep their time."""
    (case,) = [c for c in CASES if any(s["op"] == "decide" for s in c["steps"])]
    wanted, per_day = [], {}
    for step in case["steps"]:
        at = step["at"]
        if not isinstance(at, datetime.datetime):
            n = per_day[at] = per_day.get(at, -1) + 1
            at = datetime.datetime.combine(at, datetime.time(9, 0)) + n * datetime.timedelta(minutes=40)
        wanted.append(at)
    escalation = hotspot_cases().get(title=case["title"])
    assert [timezone.localtime(e.at).replace(tzinfo=None) for e in own_events(escalation)] == wanted
    assert timezone.localtime(escalation.closed_at).replace(tzinfo=None) == wanted[-1]


def test_every_event_lies_between_the_raise_and_the_close_of_its_case(demo_db):
    for case in hotspot_cases().prefetch_related("events"):
        for event in case.events.all():
            assert case.created <= event.at, (case, event)
            assert case.closed_at is None or event.at <= case.closed_at, (case, event)
        assert case.created.year in (2012, 2013) and (case.closed_at is None or case.closed_at.year in (2012, 2013))


def test_the_deadlines_are_the_ladders_working_days_from_the_last_raise_escalation_or_reopening(demo_db):
    levels = {(lvl.initiative_id, lvl.level): lvl for lvl in LadderLevel.objects.all()}
    for case in hotspot_cases().prefetch_related("events"):
        level = levels[(case.initiative_id, case.level)]
        events = list(case.events.all())
        clocks = [e for e in events if e.kind in (Kind.RAISED, Kind.ESCALATED)]
        resolve_from = [e for e in events if e.kind in (Kind.RAISED, Kind.ESCALATED, Kind.REOPENED)]
        assert case.ack_due == add_working_days(timezone.localdate(clocks[-1].at), level.ack_days), case
        assert case.resolve_due == add_working_days(timezone.localdate(resolve_from[-1].at), level.resolve_days), case
        assert case.sla_due == (case.ack_due if case.status == Status.NEW else case.resolve_due), case


def test_the_hotspots_open_cases_are_past_their_deadlines_in_demo_time(demo_db):
    today = timezone.localdate()
    open_cases = hotspot_cases().open()
    assert open_cases.exists() and not open_cases.filter(sla_due__gte=today).exists()
    for case in open_cases:
        assert (case.acknowledged_at is None) == (case.status == Status.NEW), case


def test_timelines_run_forwards_and_start_with_the_raise(demo_db):
    """In the order they were written (the timeline's own ordering is by time).

    A merged duplicate's note on the case it went into is written when the duplicate is seeded, after that case.
    """
    for case in hotspot_cases().all():
        events = own_events(case, order="pk")
        raised = [e for e in events if e.kind == Kind.RAISED]
        assert len(raised) == 1 and events[0] == raised[0], case
        assert raised[0].at == case.created
        assert [e.at for e in events] == sorted(e.at for e in events), case


def test_one_case_is_carried_to_partnerskabsforum(demo_db):
    case = hotspot_cases().get(level=4)
    assert case.housing_sector and case.is_open
    assert LadderLevel.objects.get(initiative=case.initiative, level=4).body_for(case).name == "Partnerskabsforum"
    assert list(case.events.filter(kind=Kind.ESCALATED).values_list("to_level", flat=True)) == [2, 3, 4]


def test_one_case_is_resolved_by_a_decision_in_boligsocialt_forum(demo_db):
    case = hotspot_cases().get(decision__isnull=False)
    assert case.status == Status.RESOLVED and case.level == 3
    meeting = case.decision.agenda_item.meeting
    assert meeting.body.name == "Boligsocialt Forum Nørrebro" and meeting.initiative == case.initiative
    assert meeting.minutes_status != Meeting.MinutesStatus.PUBLISHED
    assert case.decision.kind == Outcome.Kind.DECISION and case.decision.decided_by == meeting.body
    assert case.decision.agenda_item.escalation == case
    assert case.events.filter(kind=Kind.ON_AGENDA).exists()
    assert case.closed_at.date() == timezone.localtime(meeting.start).date()


def test_a_case_on_the_agenda_waits_on_an_unpublished_meeting(demo_db):
    case = hotspot_cases().get(status=Status.ON_AGENDA)
    item = case.agenda_items.get()
    assert item.minutes and item.meeting.minutes_status != Meeting.MinutesStatus.PUBLISHED
    assert item.meeting.start > case.events.get(kind=Kind.ON_AGENDA).at


def test_child_support_cases_hold_no_personal_data_and_some_needs_were_met(demo_db):
    cases = hotspot_cases().filter(category=Escalation.Category.CHILD_SUPPORT)
    assert cases.count() == sum(case.get("category") == "child_support" for case in CASES) > 0
    closed = cases.filter(status=Status.RESOLVED)
    assert set(closed.values_list("need_met", flat=True)) == {True, False}
    assert closed.count() == cases.count()  # all answered before the Hotspots ended
    for case in cases:
        assert "står ikke i sagen" in case.description


def test_timelines_have_comments_questions_replies_and_assignments_to_the_departments_of_the_data(demo_db):
    kinds = set(EscalationEvent.objects.values_list("kind", flat=True))
    assert {Kind.COMMENT, Kind.QUESTION, Kind.REPLY, Kind.ESCALATED, Kind.MERGED, Kind.REJECTED} <= kinds
    assigned = EscalationEvent.objects.filter(kind=Kind.ASSIGNED).values_list("department__short_name", flat=True)
    wanted = {s["department"] for case in CASES for s in case["steps"] if s["op"] == "assign"} | {WALK["department"]}
    assert len(wanted) >= 5 and set(assigned) == wanted


def test_the_safety_walk_has_the_findings_of_the_data_file_sent_to_tmf_some_resolved(demo_db):
    walk = SafetyWalk.objects.get()
    assert walk.initiative.name == WALK["initiative"] and walk.area.name == WALK["area"]
    assert walk.date == WALK["date"] and walk.follow_up_done == WALK["follow_up_done"]
    assert walk.raised_for.name == WALK["raised_for"] and walk.route == WALK["route"]
    names = set(walk.organisations.values_list("name", flat=True))
    assert {"Områdeløft Haraldsgadekvarteret", "Københavns Politi", "Teknik- og Miljøforvaltningen"} <= names
    assert walk.organisations.filter(kind="housing_org").exists()
    findings = list(walk.findings.select_related("escalation__assigned_department"))
    assert len(findings) == len(WALK["findings"]) == 5
    assert [(f.category, f.place) for f in findings] == [(f["category"], f["place"]) for f in WALK["findings"]]
    assert all(f.escalation.assigned_department.short_name == "TMF" for f in findings)
    assert all(f.escalation.category == Escalation.Category.SAFETY_WALK for f in findings)
    statuses = [f.escalation.status for f in findings]
    assert statuses.count(Status.RESOLVED) == 5  # all fixed by the follow-up walk in spring 2013


def test_every_description_is_illustrative_and_free_of_cpr_numbers(demo_db):
    for case in hotspot_cases().all():
        assert case.description.endswith(demo_escalations.ILLUSTRATIVE_CASE), case
        assert find_cpr(case.description) is None, case
        assert find_cpr(case.answer) is None, case
    for event in EscalationEvent.objects.exclude(text=""):
        assert find_cpr(event.text) is None, event


# --- the data file is checked as it is read ---------------------------------------------------------

TITLE = CASES[0]["title"]


def broken(change):
    data = copy.deepcopy(DATA)
    change(data["cases"][0])
    return data


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda case: case.update(colour="red"), "ukendt nøgle „colour“"),
        (lambda case: case.pop("theme"), "nøglen „theme“ mangler"),
        (lambda case: case.update(theme="weather"), "theme = 'weather'"),
        (lambda case: case["steps"][1].update(op="shrug"), "ukendt eller malplaceret op 'shrug'"),
        (lambda case: case["steps"][1].update(colour="red"), "trin 2: ukendt nøgle „colour“"),
        (lambda case: case["steps"][2].pop("department"), "trin 3: nøglen „department“ mangler"),
        (lambda case: case["steps"][1].update(by="nobody"), "by = 'nobody'"),
        (lambda case: case["steps"][1].update(at=datetime.date(2012, 1, 1)), "ligger før det foregående trin"),
    ],
)
def test_a_broken_data_file_is_refused_naming_the_case_and_the_key(demo_db, change, message):
    with pytest.raises(CommandError, match=TITLE) as refused:
        demo_escalations.EscalationsSeeder(io.StringIO(), data=broken(change)).run()
    assert message in str(refused.value)
