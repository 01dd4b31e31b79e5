"""Derived indicators computed from the platform's own data (evaluation/derived.py).

The fixture is a small world built with the ORM, so every expected value can be
worked out by hand; each test's comment shows the working. The initiative runs
1 January – 30 June 2012; the data sits in January–April, so May and June are
periods without data. Times are local (Europe/Copenhagen).
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Engagement, Initiative, Organisation, Person
from dialogue.models import AgendaItem, Escalation, Invitation, Meeting, Outcome
from evaluation import derived
from evaluation.models import Goal, Indicator

CPH = ZoneInfo("Europe/Copenhagen")
D = datetime.date

JAN = (D(2012, 1, 1), D(2012, 1, 31))
FEB = (D(2012, 2, 1), D(2012, 2, 29))
MAR = (D(2012, 3, 1), D(2012, 3, 31))
APR = (D(2012, 4, 1), D(2012, 4, 30))
MAY = (D(2012, 5, 1), D(2012, 5, 31))
JUN = (D(2012, 6, 1), D(2012, 6, 30))
Q1 = (D(2012, 1, 1), D(2012, 3, 31))
Q2 = (D(2012, 4, 1), D(2012, 6, 30))


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CPH)


P, E, A, U = (
    Invitation.Attendance.PRESENT,
    Invitation.Attendance.EXCUSED,
    Invitation.Attendance.ABSENT,
    Invitation.Attendance.UNKNOWN,
)


@pytest.fixture
def w(db):
    dept = Organisation.Kind.MUNICIPAL_DEPARTMENT
    buf = Organisation.objects.create(name="Børne- og Ungdomsforvaltningen", kind=dept)
    tmf = Organisation.objects.create(name="Teknik- og Miljøforvaltningen", kind=dept)
    sof = Organisation.objects.create(name="Socialforvaltningen", kind=dept)
    askov = Organisation.objects.create(name="Askovgården", kind=Organisation.Kind.SELF_GOVERNING_INSTITUTION)
    police = Organisation.objects.create(name="Københavns Politi", kind=Organisation.Kind.POLICE)
    hanne = Person.objects.create(name="Hanne Hansen")
    kurt = Person.objects.create(name="Kurt Kirkegaard")

    initiative = Initiative.objects.create(name="Hotspot Test", start=D(2012, 1, 1), end=D(2012, 6, 30))
    other = Initiative.objects.create(name="Hotspot Andetsteds", start=D(2012, 1, 1), end=D(2012, 6, 30))

    # Engagements: BUF throughout, TMF in February only, SOF only in the other initiative.
    Engagement.objects.create(initiative=initiative, organisation=buf, start=D(2011, 1, 1))
    Engagement.objects.create(initiative=initiative, organisation=tmf, start=D(2012, 2, 1), end=D(2012, 2, 29))
    Engagement.objects.create(initiative=initiative, organisation=askov, start=D(2012, 1, 1))
    Engagement.objects.create(initiative=other, organisation=sof, start=D(2011, 1, 1))

    def meeting(start, *, initiative=initiative, cancelled=False, invitations=()):
        m = Meeting.objects.create(
            initiative=initiative,
            kind="dialogue_platform",
            title=f"Møde {start:%d.%m}",
            start=start,
            end=start + datetime.timedelta(hours=2),
            cancelled=cancelled,
        )
        for invitee, attendance, *walk_in in invitations:
            who = {"person": invitee} if isinstance(invitee, Person) else {"organisation": invitee}
            Invitation.objects.create(meeting=m, attendance=attendance, walk_in=bool(walk_in), **who)
        return m

    m1 = meeting(
        at(2012, 1, 10),
        invitations=[(buf, P), (tmf, E), (sof, A), (askov, P), (police, U), (hanne, P), (kurt, P, "walk-in")],
    )
    m2 = meeting(at(2012, 2, 14), invitations=[(buf, P), (tmf, P), (askov, A), (police, P)])
    meeting(at(2012, 2, 28), cancelled=True, invitations=[(buf, P), (tmf, P)])
    # 00:30 on 1 March in Copenhagen is still 29 February in UTC: a March meeting.
    meeting(at(2012, 3, 1, 0, 30), invitations=[(sof, P), (police, P), (askov, E)])
    other_meeting = meeting(at(2012, 2, 15), initiative=other, invitations=[(sof, P), (askov, P)])

    item1 = AgendaItem.objects.create(meeting=m1, position=1, title="Belysning")
    item2 = AgendaItem.objects.create(meeting=m2, position=1, title="Fritidsjob")
    other_item = AgendaItem.objects.create(meeting=other_meeting, position=1, title="Andet")

    def action(item, due, status, completed_on=None, kind=Outcome.Kind.ACTION):
        return Outcome.objects.create(
            agenda_item=item,
            kind=kind,
            text=f"Handling {due}",
            owner_organisation=buf,
            due=due,
            status=status,
            completed_on=completed_on,
        )

    S = Outcome.Status
    action(item1, D(2012, 1, 20), S.DONE, D(2012, 1, 18))  # A1 early
    action(item1, D(2012, 1, 31), S.DONE, D(2012, 2, 2))  # A2 late
    action(item1, D(2012, 1, 25), S.OPEN)  # A3 open past due
    action(item1, D(2012, 1, 27), S.DROPPED)  # A4 dropped
    action(item1, D(2012, 1, 26), S.DONE, D(2012, 1, 20), kind=Outcome.Kind.DECISION)  # not an action
    action(item2, D(2012, 2, 10), S.DONE, D(2012, 2, 10))  # A5 on the day
    action(item2, D(2012, 2, 20), S.IN_PROGRESS)  # A6 in progress past due
    action(item2, D(2012, 3, 15), S.DONE, D(2012, 3, 1))  # A7 early
    action(item2, D(2012, 5, 10), S.DROPPED)  # A8 the only May action, dropped
    action(other_item, D(2012, 1, 20), S.DONE, D(2012, 1, 30))  # other initiative

    def escalation(created, *, status, closed=None, due, category="general", need_met=None, initiative=initiative):
        return Escalation.objects.create(
            initiative=initiative,
            organisation=askov,
            title=f"Sag {created:%d.%m}",
            description="-",
            theme="physical_environment",
            category=category,
            status=status,
            created=created,
            closed_at=closed,
            ack_due=created.date(),
            resolve_due=due,
            sla_due=due,
            need_met=need_met,
        )

    R, X, M, N = Escalation.Status.RESOLVED, Escalation.Status.REJECTED, Escalation.Status.MERGED, Escalation.Status.NEW
    C = Escalation.Category.CHILD_SUPPORT
    # General cases. Working days count the days after creation up to and including closing.
    escalation(at(2012, 1, 6), status=R, closed=at(2012, 1, 20, 15), due=D(2012, 1, 20))  # E1 within, 10 wd
    escalation(at(2012, 1, 10), status=R, closed=at(2012, 1, 25), due=D(2012, 1, 24))  # E2 late, 11 wd
    escalation(at(2012, 2, 3, 16), status=R, closed=at(2012, 2, 6, 9), due=D(2012, 2, 17))  # E3 over a weekend, 1 wd
    escalation(at(2012, 4, 4), status=R, closed=at(2012, 4, 10, 11), due=D(2012, 4, 11))  # E4 over Easter, 1 wd
    escalation(at(2012, 1, 11), status=X, closed=at(2012, 1, 12), due=D(2012, 1, 11))  # E5 rejected
    escalation(at(2012, 2, 1), status=M, closed=at(2012, 2, 2), due=D(2012, 2, 1))  # E6 merged
    escalation(at(2012, 2, 7), status=N, due=D(2012, 2, 1))  # E7 still open
    escalation(at(2012, 1, 30), status=R, closed=at(2012, 2, 15), due=D(2012, 2, 13))  # E8 late, 12 wd
    # E9: closed 00:15 on 1 March local (29 February in UTC) with 29 February as the deadline: late, 3 wd.
    escalation(at(2012, 2, 27, 9), status=R, closed=at(2012, 3, 1, 0, 15), due=D(2012, 2, 29))
    escalation(at(2012, 1, 5), status=R, closed=at(2012, 1, 6), due=D(2012, 1, 20), initiative=other)
    # Children and youth needing support.
    escalation(at(2012, 1, 16), status=R, closed=at(2012, 1, 18), due=D(2012, 1, 30), category=C, need_met=True)  # C1
    escalation(at(2012, 2, 1), status=R, closed=at(2012, 2, 8), due=D(2012, 2, 6), category=C, need_met=False)  # C2
    escalation(at(2012, 2, 20), status=N, due=D(2012, 3, 5), category=C)  # C3 open
    escalation(at(2012, 3, 5), status=X, closed=at(2012, 3, 6), due=D(2012, 3, 19), category=C)  # C4 rejected
    escalation(at(2012, 3, 12), status=R, closed=at(2012, 3, 14), due=D(2012, 3, 26), category=C, need_met=True)  # C5
    escalation(at(2012, 1, 17), status=N, due=D(2012, 1, 31), category=C, initiative=other)

    return {
        "initiative": initiative,
        "buf": buf,
        "tmf": tmf,
        "sof": sof,
        "askov": askov,
        "police": police,
    }


def values(key, initiative, *period_list):
    return [derived.compute(key, initiative, start, end) for start, end in period_list]


# Meetings and attendance -----------------------------------------------------------------


def test_meetings_held_counts_meetings_not_cancelled_by_their_local_start_date(w):
    # Jan: m1. Feb: m2 (the 28 Feb meeting is cancelled, the other initiative's does not count).
    # Mar: the meeting at 00:30 on 1 March local time (29 Feb in UTC). Q1: 3.
    # May has no meetings: 0, not None — meetings are recorded here, so none recorded means none held.
    i = w["initiative"]
    assert values("meetings_held", i, JAN, FEB, MAR, Q1, MAY) == [1, 1, 1, 3, 0]
    assert isinstance(derived.compute("meetings_held", i, *MAY), Decimal)


def test_attendance_rate_is_present_over_invitations_with_attendance_recorded(w):
    # Jan (m1): recorded BUF P, TMF E, SOF A, Askov P, Hanne P = 5 (police unknown, Kurt a walk-in) → 3/5 = 60.0
    # Feb (m2): BUF P, TMF P, Askov A, police P → 3/4 = 75.0 (the cancelled meeting does not count)
    # Mar: SOF P, police P, Askov E → 2/3 = 66.7
    # Q1: 8/12 = 66.7. May: no invitations → None (no denominator).
    i = w["initiative"]
    assert values("attendance_rate", i, JAN, FEB, MAR, Q1, MAY) == [
        Decimal("60.0"),
        Decimal("75.0"),
        Decimal("66.7"),
        Decimal("66.7"),
        None,
    ]


def test_attendance_rate_of_departments_counts_invitations_to_departments_only(w):
    # Jan: BUF P, TMF E, SOF A → 1/3 = 33.3. Feb: BUF P, TMF P → 2/2 = 100.0. Mar: SOF P → 1/1 = 100.0.
    # Q1: 4/6 = 66.7. May: None.
    i = w["initiative"]
    assert values("attendance_departments", i, JAN, FEB, MAR, Q1, MAY) == [
        Decimal("33.3"),
        Decimal("100.0"),
        Decimal("100.0"),
        Decimal("66.7"),
        None,
    ]


def test_attendance_rate_of_local_actors_counts_invitations_to_other_organisations(w):
    # Jan: Askov P (police unknown; Hanne is a person, not an organisation) → 1/1 = 100.0.
    # Feb: Askov A, police P → 1/2 = 50.0. Mar: police P, Askov E → 1/2 = 50.0. Q1: 3/5 = 60.0. May: None.
    i = w["initiative"]
    assert values("attendance_local_actors", i, JAN, FEB, MAR, Q1, MAY) == [
        Decimal("100.0"),
        Decimal("50.0"),
        Decimal("50.0"),
        Decimal("60.0"),
        None,
    ]


def test_attendance_by_organisation_gives_each_organisation_its_rate_ordered_by_name(w):
    # Q1 per organisation (cancelled meeting and the other initiative left out):
    # Askov P, A, E → 1/3 = 33.3; BUF P, P → 100.0; police (U), P, P → 2/2 = 100.0;
    # SOF A, P → 50.0; TMF E, P → 50.0. Persons (Hanne, walk-in Kurt) have no organisation row.
    rates = derived.attendance_by_organisation(w["initiative"], *Q1)
    assert list(rates.items()) == [
        (w["askov"], Decimal("33.3")),
        (w["buf"], Decimal("100.0")),
        (w["police"], Decimal("100.0")),
        (w["sof"], Decimal("50.0")),
        (w["tmf"], Decimal("50.0")),
    ]


def test_attendance_by_organisation_leaves_out_organisations_without_recorded_attendance(w):
    # Jan: BUF P → 100.0, TMF E → 0.0, SOF A → 0.0, Askov P → 100.0; the police are "unknown" → left out.
    rates = derived.attendance_by_organisation(w["initiative"], *JAN)
    assert rates == {
        w["buf"]: Decimal("100.0"),
        w["tmf"]: Decimal("0.0"),
        w["sof"]: Decimal("0.0"),
        w["askov"]: Decimal("100.0"),
    }
    assert derived.attendance_by_organisation(w["initiative"], *MAY) == {}


# Engagement of the departments -----------------------------------------------------------


def test_share_of_departments_engaged_counts_engagements_overlapping_the_period(w):
    # Three departments in the database. BUF is engaged throughout; TMF 1–29 Feb; SOF only in another initiative.
    # Jan: BUF → 1/3 = 33.3. Feb: BUF, TMF → 2/3 = 66.7. Mar: BUF (TMF ended 29 Feb) → 33.3.
    # Q1: BUF, TMF → 66.7. May: BUF → 33.3 (an engagement is data even in a quiet month).
    i = w["initiative"]
    assert values("departments_engaged", i, JAN, FEB, MAR, Q1, MAY) == [
        Decimal("33.3"),
        Decimal("66.7"),
        Decimal("33.3"),
        Decimal("66.7"),
        Decimal("33.3"),
    ]


def test_share_of_departments_engaged_is_none_when_the_database_has_no_departments(db):
    # No departments at all → a zero denominator → None.
    initiative = Initiative.objects.create(name="Tom", start=D(2012, 1, 1), end=D(2012, 12, 31))
    assert derived.compute("departments_engaged", initiative, *JAN) is None


# Escalations -----------------------------------------------------------------------------


def test_escalations_resolved_within_sla_are_a_share_of_those_resolved_in_the_period(w):
    # Resolved (rejected E5, C4 and merged E6 left out), by local closing date vs. resolve_due:
    # Jan: E1 on the deadline day ✓, E2 ✗, C1 ✓ → 2/3 = 66.7
    # Feb: E3 ✓, E8 ✗, C2 ✗ → 1/3 = 33.3
    # Mar: E9 closed 1 Mar 00:15 local with deadline 29 Feb ✗, C5 ✓ → 1/2 = 50.0
    # Apr: E4 ✓ → 100.0. Q1: 4/8 = 50.0. May: nothing resolved → None.
    i = w["initiative"]
    assert values("escalations_within_sla", i, JAN, FEB, MAR, APR, Q1, MAY) == [
        Decimal("66.7"),
        Decimal("33.3"),
        Decimal("50.0"),
        Decimal("100.0"),
        Decimal("50.0"),
        None,
    ]


def test_median_working_days_to_resolve_skips_weekends_and_holidays(w):
    # Working days after creation up to and including the closing date:
    # E1 Fri 6 Jan → Fri 20 Jan = 10; E2 Tue 10 → Wed 25 Jan = 11; C1 Mon 16 → Wed 18 Jan = 2
    # E3 Fri 3 Feb → Mon 6 Feb = 1 (weekend); E8 Mon 30 Jan → Wed 15 Feb = 12; C2 Wed 1 → Wed 8 Feb = 5
    # E9 Mon 27 Feb → Thu 1 Mar = 3; C5 Mon 12 → Wed 14 Mar = 2
    # E4 Wed 4 Apr → Tue 10 Apr = 1 (Maundy Thursday, Good Friday, the weekend and Easter Monday are off)
    # Jan median(2, 10, 11) = 10.0; Feb median(1, 5, 12) = 5.0; Mar median(2, 3) = 2.5; Apr 1.0
    # Q1 median(1, 2, 2, 3, 5, 10, 11, 12) = (3 + 5) / 2 = 4.0. May: None.
    i = w["initiative"]
    assert values("escalation_days_to_resolve", i, JAN, FEB, MAR, APR, Q1, MAY) == [
        Decimal("10.0"),
        Decimal("5.0"),
        Decimal("2.5"),
        Decimal("1.0"),
        Decimal("4.0"),
        None,
    ]


def test_child_support_needs_raised_are_counted_by_creation_date(w):
    # Jan: C1. Feb: C2, C3 (open). Mar: C4 (rejected), C5. Q1: 5. Apr: 0 (counts are 0, not None).
    # The other initiative's January case does not count; general cases do not count.
    i = w["initiative"]
    assert values("child_support_raised", i, JAN, FEB, MAR, Q1, APR) == [1, 2, 2, 5, 0]


def test_child_support_needs_met_are_a_share_of_the_cases_resolved_in_the_period(w):
    # Jan: C1 met → 100.0. Feb: C2 not met → 0.0. Mar: C5 met (C4 rejected, not resolved) → 100.0.
    # Q1: 2/3 = 66.7. Apr: no child-support case resolved → None.
    i = w["initiative"]
    assert values("child_support_met", i, JAN, FEB, MAR, Q1, APR) == [
        Decimal("100.0"),
        Decimal("0.0"),
        Decimal("100.0"),
        Decimal("66.7"),
        None,
    ]


# Action items ----------------------------------------------------------------------------


def test_actions_done_on_time_are_a_share_of_actions_due_in_the_period_except_dropped(w):
    # Jan: A1 done early ✓, A2 done late ✗, A3 open ✗, A4 dropped (left out); the decision is no action → 1/3 = 33.3
    # Feb: A5 done on the due date ✓, A6 in progress ✗ → 1/2 = 50.0. Mar: A7 ✓ → 100.0.
    # Q1: 3/6 = 50.0. May: only A8, dropped → no denominator → None. Jun: no actions → None.
    i = w["initiative"]
    assert values("actions_on_time", i, JAN, FEB, MAR, Q1, MAY, JUN) == [
        Decimal("33.3"),
        Decimal("50.0"),
        Decimal("100.0"),
        Decimal("50.0"),
        None,
        None,
    ]


# Periods and series ----------------------------------------------------------------------


def _initiative(start, end, name="Periode"):
    return Initiative(name=name, start=start, end=end)


def test_monthly_periods_are_calendar_months_clipped_to_the_initiative():
    result = list(derived.periods(_initiative(D(2011, 3, 15), D(2012, 5, 10)), "monthly"))
    assert len(result) == 15  # March 2011 – May 2012
    assert result[0] == (D(2011, 3, 15), D(2011, 3, 31))
    assert result[1] == (D(2011, 4, 1), D(2011, 4, 30))
    assert (D(2012, 2, 1), D(2012, 2, 29)) in result  # leap year
    assert result[-1] == (D(2012, 5, 1), D(2012, 5, 10))


def test_quarterly_periods_are_calendar_quarters_clipped_to_the_initiative():
    result = list(derived.periods(_initiative(D(2011, 3, 15), D(2012, 5, 10)), Indicator.Frequency.QUARTERLY))
    assert result == [
        (D(2011, 3, 15), D(2011, 3, 31)),
        (D(2011, 4, 1), D(2011, 6, 30)),
        (D(2011, 7, 1), D(2011, 9, 30)),
        (D(2011, 10, 1), D(2011, 12, 31)),
        (D(2012, 1, 1), D(2012, 3, 31)),
        (D(2012, 4, 1), D(2012, 5, 10)),
    ]


def test_yearly_periods_are_calendar_years_clipped_to_the_initiative():
    result = list(derived.periods(_initiative(D(2011, 3, 15), D(2013, 5, 10)), "yearly"))
    assert result == [
        (D(2011, 3, 15), D(2011, 12, 31)),
        (D(2012, 1, 1), D(2012, 12, 31)),
        (D(2013, 1, 1), D(2013, 5, 10)),
    ]


def test_periods_of_an_initiative_on_calendar_boundaries_or_of_one_day_are_not_clipped_further():
    assert len(list(derived.periods(_initiative(D(2012, 1, 1), D(2012, 12, 31)), "quarterly"))) == 4
    assert list(derived.periods(_initiative(D(2012, 6, 5), D(2012, 6, 5)), "yearly")) == [
        (D(2012, 6, 5), D(2012, 6, 5))
    ]


def test_periods_refuse_an_unknown_frequency():
    with pytest.raises(ValueError):
        list(derived.periods(_initiative(D(2012, 1, 1), D(2012, 12, 31)), "weekly"))


def _indicator(initiative, key, frequency):
    goal = Goal.objects.create(initiative=initiative, level=Goal.Level.VISION, title="Vision")
    return Indicator.objects.create(
        goal=goal,
        name=key,
        dimension=Indicator.Dimension.COLLABORATION,
        unit=derived.DERIVED_UNITS[key],
        direction=Indicator.Direction.UP,
        frequency=frequency,
        method=Indicator.Method.DERIVED,
        derived_key=key,
    )


def test_derived_series_gives_one_value_per_period_of_the_initiative(w):
    # Quarterly over 1 Jan – 30 Jun 2012: Q1 and Q2. Within SLA: Q1 4/8 = 50.0; Q2 only E4 ✓ = 100.0.
    indicator = _indicator(w["initiative"], "escalations_within_sla", "quarterly")
    assert derived.derived_series(indicator) == [
        (D(2012, 1, 1), D(2012, 3, 31), Decimal("50.0")),
        (D(2012, 4, 1), D(2012, 6, 30), Decimal("100.0")),
    ]
    # Monthly meetings held: Jan–Mar one each, Apr–Jun none.
    meetings = _indicator(w["initiative"], "meetings_held", "monthly")
    assert [value for _s, _e, value in derived.derived_series(meetings)] == [1, 1, 1, 0, 0, 0]


@pytest.mark.parametrize("key", [key for key, _label in derived.DERIVED_CHOICES])
def test_derived_series_agrees_with_compute_for_every_period(w, key):
    indicator = _indicator(w["initiative"], key, "monthly")
    series = derived.derived_series(indicator)
    assert len(series) == 6
    assert series == [(s, e, derived.compute(key, w["initiative"], s, e)) for s, e in [JAN, FEB, MAR, APR, MAY, JUN]]


@pytest.mark.parametrize("key", [key for key, _label in derived.DERIVED_CHOICES])
def test_derived_series_runs_as_many_queries_for_twelve_periods_as_for_three(w, key):
    short = Initiative.objects.create(name="Tre måneder", start=D(2012, 1, 1), end=D(2012, 3, 31))
    long = Initiative.objects.create(name="Tolv måneder", start=D(2012, 1, 1), end=D(2012, 12, 31))
    counts = []
    for initiative in (short, long):
        indicator = Indicator.objects.get(pk=_indicator(initiative, key, "monthly").pk)
        with CaptureQueriesContext(connection) as ctx:
            series = derived.derived_series(indicator)
        counts.append(len(ctx.captured_queries))
    assert len(series) == 12
    assert counts[0] == counts[1]
    assert counts[1] <= 4  # goal, initiative and at most two data queries


def test_derived_series_refuses_an_indicator_that_is_typed_in(w):
    indicator = _indicator(w["initiative"], "meetings_held", "monthly")
    indicator.method, indicator.derived_key = Indicator.Method.MANUAL, ""
    with pytest.raises(ValueError):
        derived.derived_series(indicator)


def test_compute_refuses_an_unknown_key(w):
    with pytest.raises(ValueError):
        derived.compute("crime_rate", w["initiative"], *JAN)


def test_every_choice_has_a_danish_label_and_a_unit():
    keys = [key for key, _label in derived.DERIVED_CHOICES]
    assert set(keys) == set(derived.DERIVED_UNITS)
    assert all(len(key) <= Indicator._meta.get_field("derived_key").max_length for key in keys)
    assert set(derived.DERIVED_UNITS.values()) <= {"%", "antal", "arbejdsdage"}
    assert dict(derived.DERIVED_CHOICES)["meetings_held"] == "Afholdte møder"
    assert derived.DERIVED_UNITS["escalation_days_to_resolve"] == "arbejdsdage"
