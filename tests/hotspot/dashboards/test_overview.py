"""The cross-initiative overview and the department view: their measures against hand-computed values,
sorting, filters, drill-down, export and a query count that does not grow with the data."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone

from actors.models import Engagement, Initiative, Organisation, ProfessionalField
from dialogue.escalations import services as escalations
from dialogue.models import Escalation, Invitation, LadderLevel
from hotspot.dashboards import selectors
from hotspot.dashboards.department import department_rows
from hotspot.dashboards.overview import overview_rows, sort_rows
from hotspot.dashboards.period import Period

D = datetime.date
Y2012 = Period(D(2012, 1, 1), D(2012, 12, 31))
TODAY = D(2026, 12, 4)


def _case_in_2012(world, resolved_on=None):
    """The world's case, raised 1 June 2012 with its deadlines two weeks later; resolved on a day if given."""
    case = Escalation.objects.get(pk=world["escalation"].pk)
    raised = timezone.make_aware(datetime.datetime(2012, 6, 1, 10))
    Escalation.objects.filter(pk=case.pk).update(
        created=raised, sla_due=D(2012, 6, 15), resolve_due=D(2012, 6, 15), assigned_department=world["tmf"]
    )
    case.refresh_from_db()
    if resolved_on:
        at = timezone.make_aware(datetime.datetime.combine(resolved_on, datetime.time(12)))
        escalations.escalation_resolve(escalation=case, by=None, answer="Løst.", version=case.version, now=at)
    return case


def _rows(world, period=Y2012, today=TODAY):
    rows = overview_rows(Initiative.objects.filter(pk__in=[world["initiative"].pk, world["other_initiative"].pk]),
                         period, today)  # fmt: skip
    return {r.initiative.pk: r for r in rows}


def test_overview_measures_per_initiative(world):
    w = world
    Invitation.objects.filter(pk=w["invitation"].pk).update(attendance="present")
    _case_in_2012(w)
    rows = _rows(w)
    inner, outer = rows[w["initiative"].pk], rows[w["other_initiative"].pk]
    # Two meetings in 2012 (April, May); of the invitations only May's has attendance recorded: present.
    assert (inner.meetings, inner.attendance) == (2, 100)
    assert (outer.meetings, outer.attendance) == (0, None)
    # TMF and Askovgården engaged; TMF is a department. Three fields covered, the rest are gaps.
    assert (inner.engaged, inner.departments) == (2, 1)
    assert inner.gap_count == len(ProfessionalField.choices) - 3
    assert outer.gap_count == len(ProfessionalField.choices)  # Sjakket is engaged with no fields
    # The case is open and past its deadline; the action item due 1 June 2012 is overdue.
    assert (inner.open_cases, inner.breached, inner.resolved, inner.within_sla) == (1, 1, 0, None)
    assert inner.overdue_actions == 1 and outer.overdue_actions == 0
    # A period before the case was raised: not counted as open then.
    early = _rows(w, Period(D(2011, 3, 1), D(2011, 12, 31)))[w["initiative"].pk]
    assert (early.open_cases, early.meetings, early.attendance) == (0, 0, None)


def test_overview_share_resolved_within_the_deadline(world):
    _case_in_2012(world, resolved_on=D(2012, 6, 14))
    inner = _rows(world)[world["initiative"].pk]
    assert (inner.open_cases, inner.resolved, inner.within_sla) == (0, 1, 100)


def test_overview_late_resolution_is_not_within(world):
    _case_in_2012(world, resolved_on=D(2012, 7, 2))
    assert _rows(world)[world["initiative"].pk].within_sla == 0


def test_sorting_puts_missing_values_last_both_ways(world):
    Invitation.objects.filter(pk=world["invitation"].pk).update(attendance="present")
    rows = list(_rows(world).values())
    for sort in ("attendance", "-attendance"):
        assert sort_rows(rows, sort)[-1].initiative == world["other_initiative"]
    assert [r.initiative.name for r in sort_rows(rows, "-gaps")][0] == "Hotspot Ydre Nørrebro"
    assert [r.initiative.name for r in sort_rows(rows, "nonsense")] == [
        "Hotspot Indre Nørrebro",
        "Hotspot Ydre Nørrebro",
    ]


def test_overview_page_filters_drill_down_and_export(world, client_for):
    from openpyxl import load_workbook

    _case_in_2012(world)
    client = client_for("administrator")
    url = reverse("hotspot:overview")
    html = client.get(url + "?period=all").content.decode()
    assert "Hotspot Indre Nørrebro" in html and "Hotspot Ydre Nørrebro" in html
    inbox = reverse("dialogue:escalation_inbox")
    assert f'{inbox}?initiative={world["initiative"].pk}&sla=breached&raised_to=2014-12-31">1<' in html
    # The number leads to the list behind it: the one breached case.
    listed = client.get(f"{inbox}?initiative={world['initiative'].pk}&sla=breached&raised_to=2014-12-31")
    assert "Mørk gård ved Stengade" in listed.content.decode()
    by_area = client.get(url + f"?period=all&area={world['area'].pk}").content.decode()
    assert "Hotspot Indre Nørrebro" in by_area and "Hotspot Ydre Nørrebro" not in by_area
    none = client.get(url + "?period=all&phase=planned").content.decode()
    assert "Ingen indsatser matcher filtrene" in none
    sorted_page = client.get(url + "?period=all&o=-breached").content.decode()
    assert sorted_page.index("Hotspot Indre Nørrebro") < sorted_page.index("Hotspot Ydre Nørrebro")
    assert 'aria-sort="descending"' in sorted_page
    xlsx = client.get(reverse("hotspot:overview_export", args=["xlsx"]) + "?period=all&o=-breached")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Hotspot Indre Nørrebro" and rows[1][10] == 1 and isinstance(rows[1][2], datetime.datetime)
    assert client.get(reverse("hotspot:overview_export", args=["pdf"])).status_code == 404


def test_a_chief_sees_only_their_own_initiative(world, client_for):
    html = client_for("chief").get(reverse("hotspot:overview") + "?period=all").content.decode()
    assert "Hotspot Indre Nørrebro" in html and "Hotspot Ydre Nørrebro" not in html


def test_overview_query_count_does_not_grow_with_initiatives(world, client_for):
    from tests.conftest import assert_query_budget

    def grow():
        for i in range(8):
            initiative = Initiative.objects.create(name=f"Indsats {i}", start=D(2012, 1, 1), end=D(2015, 12, 31))
            Engagement.objects.create(initiative=initiative, organisation=world["tmf"], start=D(2012, 1, 1),
                                      professional_fields=["public_safety"])  # fmt: skip
            LadderLevel.objects.create(initiative=initiative, level=1, name="Lokalt", ack_days=2, resolve_days=10)
            escalations.escalation_raise(
                initiative=initiative, organisation=world["askov"], by=None,
                data={"title": f"Sag {i}", "description": "x", "theme": "physical_environment"},
            )  # fmt: skip

    assert_query_budget(client_for("administrator"), reverse("hotspot:overview") + "?period=all", grow, 18)


# The department view ----------------------------------------------------------------------------------


def test_department_rows_across_initiatives(world):
    w = world
    _case_in_2012(w)
    Engagement.objects.create(initiative=w["other_initiative"], organisation=w["tmf"], start=D(2012, 3, 1))
    centre = Organisation.objects.create(name="Center for Byudvikling", kind="other", parent=w["tmf"])
    from dialogue.meetings import services as meetings

    meetings.invite(meeting=w["meeting"], organisations=[centre])
    Invitation.objects.filter(meeting=w["meeting"], organisation=centre).update(attendance="absent")
    rows = {r.name: r for r in department_rows(w["tmf"], Y2012, TODAY)}
    inner = rows["Hotspot Indre Nørrebro"]
    assert (inner.on_time, inner.close, inner.breached) == (0, 0, 1)
    assert inner.since == D(2010, 12, 1) and "Fysisk miljø" in inner.fields
    assert (inner.recorded, inner.present, inner.attendance) == (1, 0, 0)  # its centre stayed away
    assert rows["Hotspot Ydre Nørrebro"].queue == 0 and rows["Hotspot Ydre Nørrebro"].since == D(2012, 3, 1)


def test_department_page_access_and_drill_down(world, client_for):
    _case_in_2012(world)
    url = reverse("hotspot:department", args=[world["tmf"].pk]) + "?start=2012-01-01&end=2012-12-31"
    html = client_for("liaison").get(url).content.decode()
    queue = reverse("dialogue:escalation_queue")
    assert f'{queue}?initiative={world["initiative"].pk}&sla=breached">1<' in html
    assert (
        "Mørk gård ved Stengade"
        in client_for("liaison").get(f"{queue}?initiative={world['initiative'].pk}&sla=breached").content.decode()
    )
    admin = client_for("administrator").get(url).content.decode()  # an administrator has no queue: the inbox
    assert f'?initiative={world["initiative"].pk}&sla=breached&assigned={world["tmf"].pk}">1<' in admin
    assert client_for("liaison").get(reverse("hotspot:department", args=[world["buf"].pk])).status_code == 403
    assert client_for("administrator").get(reverse("hotspot:department", args=[world["askov"].pk])).status_code == 404
    org_page = client_for("liaison").get(world["tmf"].get_absolute_url()).content.decode()
    assert reverse("hotspot:department", args=[world["tmf"].pk]) in org_page


# Sortable directory, coverage on a date ------------------------------------------------------------------


def test_directory_sorts_master_plans_by_budget_largest_first(world, client_for):
    for name, budget in [("Helhedsplan A", 9_000_000), ("Helhedsplan B", None), ("Helhedsplan C", 32_000_000)]:
        Organisation.objects.create(name=name, kind=Organisation.Kind.MASTER_PLAN, budget=budget)
    client = client_for("coordinator")
    html = client.get(reverse("actors:directory") + "?kind=master_plan&o=-budget").content.decode()
    assert html.index("Helhedsplan C") < html.index("Helhedsplan A") < html.index("Helhedsplan B")
    html = client.get(reverse("actors:directory") + "?kind=master_plan&o=budget").content.decode()
    assert html.index("Helhedsplan A") < html.index("Helhedsplan C") < html.index("Helhedsplan B")  # no budget last
    assert client.get(reverse("actors:directory") + "?o=nonsense").status_code == 200


def test_people_areas_and_initiatives_sort_by_their_columns(world, client_for):
    from actors.models import Person

    Person.objects.create(name="Bodil Berg", title="Chef", organisation=world["tmf"])
    client = client_for("coordinator")
    people = client.get(reverse("actors:person_list") + "?o=-name").content.decode()
    assert people.index("Hanne Hansen") < people.index("Bodil Berg")
    people = client.get(reverse("actors:person_list") + "?o=name").content.decode()
    assert people.index("Bodil Berg") < people.index("Hanne Hansen")
    initiatives = (
        client_for("administrator").get(reverse("actors:initiative_list") + "?o=-engagements").content.decode()
    )
    assert initiatives.index("Hotspot Indre Nørrebro") < initiatives.index("Hotspot Ydre Nørrebro")  # 2 against 1
    initiatives = client_for("administrator").get(reverse("actors:initiative_list") + "?o=engagements").content.decode()
    assert initiatives.index("Hotspot Ydre Nørrebro") < initiatives.index("Hotspot Indre Nørrebro")
    assert 'aria-sort="ascending"' in client.get(reverse("actors:area_list") + "?o=name").content.decode()


def test_initiative_page_shows_coverage_on_a_date_with_engagement_starts(world, client_for):
    client = client_for("coordinator")
    url = world["initiative"].get_absolute_url()
    html = client.get(url + "?on=2012-06-01").content.decode()
    assert "pr. 1. juni 2012" in html and "fra 1. dec 2010" in html
    assert client.get(url + "?on=2014-02-30").status_code == 200  # a date that does not exist: today's


def test_observers_see_the_case_numbers_without_links_to_the_inbox_they_may_not_open(world, client_for):
    _case_in_2012(world)
    inbox = reverse("dialogue:escalation_inbox")
    for url in (reverse("hotspot:overview"), reverse("hotspot:initiative_dashboard", args=[world["initiative"].pk])):
        assert inbox not in client_for("observer").get(url + "?period=all").content.decode()
        assert inbox in client_for("administrator").get(url + "?period=all").content.decode()


def test_a_closed_initiative_counts_deadlines_on_its_closing_day(world, client_for):
    """What it handed over does not go on ageing: past the deadline and overdue as of the closing day."""
    _case_in_2012(world)  # deadline 15 June 2012; the action item is due 1 June 2012
    initiative = world["initiative"]
    for closed, breached, overdue in [(D(2012, 5, 20), 0, 0), (D(2012, 6, 10), 0, 1), (D(2013, 1, 2), 1, 1)]:
        initiative.closed_at = timezone.make_aware(datetime.datetime.combine(closed, datetime.time(12)))
        initiative.save()
        row = _rows(world)[initiative.pk]
        assert (row.phase, row.breached, row.overdue_actions) == ("ended", breached, overdue), closed
        # The initiative's dashboard counts on the same day (Initiative.as_of).
        on = initiative.as_of(TODAY)
        assert on == closed
        assert sum(r.overdue for r in selectors.overdue_actions(initiative, on)) == overdue
    html = (
        client_for("administrator").get(reverse("hotspot:initiative_dashboard", args=[initiative.pk])).content.decode()
    )
    assert "Indsatsen blev afsluttet den 2. januar 2013" in html
    # The default period of an initiative that is over: the whole of it.
    assert "1. mar 2011 – 31. dec 2014" in html


def test_overview_survey_mean_of_the_last_closed_round_from_three_responses(world):
    from evaluation.models import SurveyRound
    from tests.hotspot.dashboards.test_initiative_dashboard import _answers

    survey_round = SurveyRound.objects.get(pk=world["survey_round"].pk)
    SurveyRound.objects.filter(pk=survey_round.pk).update(opens=D(2012, 11, 1), closes=D(2012, 11, 30))
    _answers(survey_round, world["askov"], [4, 5])
    assert _rows(world)[world["initiative"].pk].survey is None  # two responses: too few
    _answers(survey_round, world["askov"], [3])
    # Every rating of the round: 4, 5, 3 on one dimension and two ratings of 1 → (4+5+3+1+1)/5
    row = _rows(world)[world["initiative"].pk]
    assert row.survey == 2.8 and row.survey_round_id == survey_round.pk  # the number links to the round


def test_department_query_count_does_not_grow_with_initiatives(world, client_for):
    from dialogue.meetings import services as meetings
    from tests.conftest import assert_query_budget

    def grow():
        for i in range(6):
            initiative = Initiative.objects.create(name=f"Indsats {i}", start=D(2012, 1, 1), end=D(2015, 12, 31))
            Engagement.objects.create(initiative=initiative, organisation=world["tmf"], start=D(2012, 1, 1))
            start = timezone.make_aware(datetime.datetime(2012, 5, 1 + i, 9))
            meeting = meetings.meeting_create(
                data={"initiative": initiative, "kind": "dialogue_platform", "title": f"Møde {i}",
                      "start": start, "end": start + datetime.timedelta(hours=1)},
                by=None,
            )  # fmt: skip
            meetings.invite(meeting=meeting, organisations=[world["tmf"]])
            item = meetings.agenda_item_add(meeting=meeting, data={"title": "Punkt"})
            meetings.outcome_add(
                item=item, data={"kind": "action", "text": "Gør det", "owner_organisation": world["tmf"],
                                 "due": D(2012, 6, 1)},
            )  # fmt: skip

    url = reverse("hotspot:department", args=[world["tmf"].pk]) + "?start=2012-01-01&end=2012-12-31"
    assert_query_budget(client_for("liaison"), url, grow, 13)


def test_action_counts_follow_what_the_viewer_may_read_in_the_action_list(world, client_for):
    """The world's overdue action item is in draft minutes: the staff count it, an observer does not, and
    the lists the numbers link to say the same."""
    managed = _rows(world)  # the default: counted for the initiative's staff
    assert managed[world["initiative"].pk].overdue_actions == 1
    observed = {r.initiative.pk: r for r in overview_rows(Initiative.objects.all(), Y2012, TODAY, managed=set())}
    assert observed[world["initiative"].pk].overdue_actions == 0
    actions = reverse("dialogue:action_list") + f"?scope=all&initiative={world['initiative'].pk}&overdue=on"
    assert "Kortlæg mørke stier" not in client_for("observer").get(actions).content.decode()
    assert "Kortlæg mørke stier" in client_for("administrator").get(actions).content.decode()
    rows = {r.name: r for r in department_rows(world["askov"], Y2012, TODAY, all_minutes=False)}
    assert rows["Hotspot Indre Nørrebro"].actions_overdue == 0  # askov is engaged: the row is there


def test_the_overview_shows_only_initiatives_that_overlap_the_period(world, client_for):
    Initiative.objects.create(name="Områdeindsats Nordvest", start=D(2016, 1, 1), end=D(2018, 12, 31))
    client = client_for("administrator")
    html = client.get(reverse("hotspot:overview") + "?start=2015-01-01&end=2015-12-31").content.decode()
    assert "Ingen indsatser matcher filtrene" in html
    html = client.get(reverse("hotspot:overview") + "?start=2014-06-01&end=2016-06-30").content.decode()
    assert "Områdeindsats Nordvest" in html and "Hotspot Indre Nørrebro" in html


def test_a_network_without_links_says_so_instead_of_drawing(world, client_for):
    url = reverse("hotspot:network", args=[world["initiative"].pk]) + "?start=2011-04-01&end=2011-04-30"
    html = client_for("administrator").get(url).content.decode()
    assert "intet netværk at tegne" in html and "<svg" not in html
