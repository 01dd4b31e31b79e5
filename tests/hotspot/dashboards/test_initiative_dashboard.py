"""The initiative dashboard: its aggregates against hand-computed values, its page and exports."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone

from dialogue.escalations import services as escalations
from dialogue.models import Escalation
from hotspot.dashboards import selectors
from hotspot.dashboards.period import Period, preset_period

D = datetime.date
Y2012 = Period(D(2012, 1, 1), D(2012, 12, 31))


def test_presets_are_clamped_into_the_initiative():
    assert preset_period("quarter", D(2013, 5, 20)) == Period(D(2013, 4, 1), D(2013, 6, 30))
    assert preset_period("all", D(2013, 5, 20), D(2011, 3, 1), D(2014, 12, 31)) == Period(
        D(2011, 3, 1), D(2014, 12, 31)
    )
    assert preset_period("year", D(2011, 5, 1), D(2011, 3, 1), D(2014, 12, 31)) == Period(
        D(2011, 3, 1), D(2011, 12, 31)
    )


def test_escalations_by_level_and_sla_state(world):
    w = world
    case = Escalation.objects.get(pk=w["escalation"].pk)
    today = case.sla_due + datetime.timedelta(days=30)  # long past its deadline
    everything = Period(D(2011, 3, 1), timezone.localdate(case.created))
    block = selectors.escalations(w["initiative"], everything, today)
    level1 = next(r for r in block.rows if r.level == 1)
    assert (level1.on_time, level1.close, level1.breached) == (0, 0, 1)
    assert [r.level for r in block.rows] == [1, 2, 3]  # every rung of the ladder, empty ones too
    block = selectors.escalations(w["initiative"], everything, case.sla_due - datetime.timedelta(days=20))
    assert next(r for r in block.rows if r.level == 1).on_time == 1
    block = selectors.escalations(w["initiative"], everything, case.sla_due)  # due today: close, not breached
    assert next(r for r in block.rows if r.level == 1).close == 1
    # Raised after the period's end: not counted.
    assert selectors.escalations(w["initiative"], Period(D(2011, 3, 1), D(2011, 3, 2)), today).totals.total == 0


def test_median_working_days_to_resolve(world):
    w = world
    case = Escalation.objects.get(pk=w["escalation"].pk)
    resolved_at = case.created + datetime.timedelta(days=7)
    escalations.escalation_resolve(
        escalation=case, by=None, answer="Lampen er skiftet.", version=case.version, now=resolved_at
    )
    local = timezone.localdate(resolved_at)
    block = selectors.escalations(w["initiative"], Period(local.replace(day=1), local), local)
    assert block.resolved == 1 and block.median_days == 5  # a week is five working days
    empty = selectors.escalations(w["initiative"], Period(D(2011, 3, 1), D(2011, 3, 31)), local)
    assert empty.median_days is None and empty.resolved == 0


def test_overdue_actions_by_owner(world):
    rows = selectors.overdue_actions(world["initiative"], D(2012, 6, 2))
    assert [(r.name, r.overdue) for r in rows] == [("Askovgården", 1)]
    assert selectors.overdue_actions(world["initiative"], D(2012, 6, 1)) == []  # due that day: not yet overdue


def test_attendance_and_meetings_in_the_period(world):
    from dialogue.models import Invitation

    Invitation.objects.filter(pk=world["invitation"].pk).update(attendance="present")
    block = selectors.attendance(world["initiative"], Period(D(2012, 5, 1), D(2012, 5, 31)))
    assert block.meetings == 1
    assert [(o.name, r) for o, r in block.rates] == [("Askovgården", 100)]
    months, rows, peak = selectors.engagement_heatmap(world["initiative"], Period(D(2012, 4, 1), D(2012, 6, 30)))
    assert [c.start for c in months] == [D(2012, 4, 1), D(2012, 5, 1), D(2012, 6, 1)]
    # May: present at the meeting + the action item it owns from it.
    assert [(r.name, r.cells) for r in rows] == [("Askovgården", [0, 2, 0])] and peak == 2


def test_heatmap_groups_a_long_period_by_quarter(world):
    from dialogue.models import Invitation

    Invitation.objects.filter(pk=world["invitation"].pk).update(attendance="present")
    columns, rows, _peak = selectors.engagement_heatmap(world["initiative"], Period(D(2011, 3, 1), D(2014, 12, 31)))
    assert len(columns) == 16 and columns[0].start == D(2011, 1, 1) and columns[0].label == "K1 2011"
    may_2012 = next(i for i, c in enumerate(columns) if c.start == D(2012, 4, 1))  # Q2 2012
    assert rows[0].cells[may_2012] == 2 and rows[0].total == 2
    short, _rows, _peak = selectors.engagement_heatmap(world["initiative"], Period(D(2012, 1, 1), D(2013, 6, 30)))
    assert len(short) == 18 and not short[0].quarter  # 18 months: still by month


def test_flow_counts_raised_and_resolved_per_month(world):
    w = world
    created = timezone.localdate(Escalation.objects.get(pk=w["escalation"].pk).created)
    flow = selectors.escalation_flow(w["initiative"], Period(created.replace(day=1), created))
    assert [(m.raised_total, m.resolved) for m in flow] == [(1, 0)]


def test_bottom_up_share(world):
    w = world
    w["body"].residents_have_seats = True
    w["body"].save()
    from dialogue.models import AgendaItem

    AgendaItem.objects.filter(pk=w["item"].pk).update(origin="local_body", origin_body=w["body"])
    block = selectors.bottom_up(w["initiative"], Period(D(2012, 1, 1), D(2012, 12, 31)))
    assert (block.agenda_from_residents, block.agenda_items) == (1, 1) and block.agenda_share == 100


def test_dashboard_page_and_exports(world, client_for):
    from openpyxl import load_workbook

    client = client_for("administrator")
    url = reverse("hotspot:initiative_dashboard", args=[world["initiative"].pk])
    page = client.get(url + "?period=all")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Åbne eskaleringer efter niveau og frist" in html and "<svg" in html
    assert (
        client.get(url + "?start=2014-01-01&end=2013-01-01").status_code == 200
    )  # a bad period: a message, the default
    csv = client.get(
        reverse("hotspot:initiative_dashboard_export", args=[world["initiative"].pk, "handlinger", "csv"])
        + "?period=all"
    )
    assert csv.content.decode().startswith("\ufeff")
    xlsx = client.get(
        reverse("hotspot:initiative_dashboard_export", args=[world["initiative"].pk, "eskaleringer", "xlsx"])
        + "?period=all"
    )
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == 1 and isinstance(rows[1][5], int)
    assert (
        client.get(
            reverse("hotspot:initiative_dashboard_export", args=[world["initiative"].pk, "nope", "csv"])
        ).status_code
        == 404
    )


def test_a_users_own_change_shows_at_once(world, client_for):
    """The blocks are cached; the next view after a change must not show the old number."""
    from dialogue.models import Outcome

    client = client_for("chief")
    url = reverse("hotspot:initiative_dashboard", args=[world["initiative"].pk]) + "?period=all"
    assert "Ingen handlinger har overskredet fristen." not in client.get(url).content.decode()
    action = Outcome.objects.get(pk=world["action"].pk)
    from dialogue.meetings import services

    services.action_set_status(action=action, status=Outcome.Status.DONE)
    assert "Ingen handlinger har overskredet fristen." in client.get(url).content.decode()


def test_dashboard_query_count_does_not_grow_with_data(world, client_for):
    """Every block is a grouped query: more cases, meetings and action items, the same number of queries."""
    from dialogue.meetings import services as meetings
    from tests.conftest import assert_query_budget

    def grow():
        for i in range(12):
            start = timezone.make_aware(datetime.datetime(2012, 1 + i % 12, 10, 9))
            meeting = meetings.meeting_create(
                data={"initiative": world["initiative"], "kind": "dialogue_platform", "title": f"Møde {i}",
                      "start": start, "end": start + datetime.timedelta(hours=2)},
                by=None,
            )  # fmt: skip
            meetings.invite(meeting=meeting, organisations=[world["askov"], world["tmf"]])
            item = meetings.agenda_item_add(meeting=meeting, data={"title": "Punkt"})
            meetings.outcome_add(
                item=item, data={"kind": "action", "text": "Gør noget", "owner_organisation": world["tmf"],
                                 "due": datetime.date(2012, 2, 1)},
            )  # fmt: skip
            escalations.escalation_raise(
                initiative=world["initiative"], organisation=world["askov"], by=None,
                data={"title": f"Sag {i}", "description": "x", "theme": "physical_environment"},
            )  # fmt: skip

    url = reverse("hotspot:initiative_dashboard", args=[world["initiative"].pk]) + "?period=all"
    # Uncached (every request after a change computes afresh): the same count at both sizes.
    assert_query_budget(client_for("administrator"), url, grow, 37)


def _answers(survey_round, org, scores):
    """One response per score, all rating `org` on "frequent" (and the first also on "respect")."""
    from evaluation.models import SurveyRating, SurveyResponse

    for i, score in enumerate(scores):
        response = SurveyResponse.objects.create(round=survey_round, respondent_organisation=org)
        SurveyRating.objects.create(response=response, rated_organisation=org, dimension="frequent", score=score)
        if i == 0:
            SurveyRating.objects.create(response=response, rated_organisation=org, dimension="respect", score=1)


def test_survey_summary_counts_only_closed_rounds_and_groups_of_three(world):
    from evaluation.models import SurveyRound

    w = world
    survey_round = SurveyRound.objects.get(pk=w["survey_round"].pk)
    SurveyRound.objects.filter(pk=survey_round.pk).update(opens=D(2012, 11, 1), closes=D(2012, 11, 30))
    _answers(survey_round, w["askov"], [4, 5, 3])
    today = D(2013, 1, 15)
    summary = selectors.survey_summary(w["initiative"], Y2012, today)
    means = dict(summary.means)
    assert summary.responses == 3
    assert means["Vi taler sammen tilstrækkeligt ofte"] == 4.0
    assert means["De respekterer vores arbejde"] is None  # one answer: too few to show
    # A round that closes today still takes answers: not the "last closed" one yet.
    assert selectors.survey_summary(w["initiative"], Y2012, D(2012, 11, 30)) is None
    # An earlier period: no round had closed by its end.
    assert selectors.survey_summary(w["initiative"], Period(D(2012, 1, 1), D(2012, 6, 30)), today) is None


def test_indicators_block_judges_the_values_in_the_period(world):
    """The world's indicator: 10.9 % in 2011 against a target of 7.1 % by the end of 2014."""
    dims = {d.label: d for d in selectors.indicators(world["initiative"], Period(D(2011, 1, 1), D(2011, 12, 31)))}
    assert len(dims) == 3
    (line,) = [line for d in dims.values() for line in d.lines]
    assert line.name == "Andel utrygge beboere (tryghedsindeks)" and float(line.latest) == 10.9
    assert line.url == world["indicator"].get_absolute_url()
    (later,) = [line for d in selectors.indicators(world["initiative"], Y2012) for line in d.lines]
    assert later.latest is None and later.label == "Ingen målinger"  # nothing measured in 2012
