"""The goal tree (forandringsteori), indicators, measurements by hand, and what was done for a goal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dialogue.models import AgendaItem, Outcome
from evaluation.goals import services as goal_services
from evaluation.models import Goal, GoalLink, Indicator, Measurement, Target
from tests.conftest import assert_query_budget

CPR = "010190-1234"


def make_goal(world, level, title, parent=None):
    return goal_services.goal_create(
        initiative=world["initiative"], data={"level": level, "title": title, "parent": parent}
    )


@pytest.fixture
def tree(world):
    vision = make_goal(world, "vision", "Et trygt Indre Nørrebro")
    safety = make_goal(world, "long_term", "Færre borgerrettede lovovertrædelser", vision)
    together = make_goal(world, "long_term", "Forvaltningerne arbejder sammen", vision)
    lighting = make_goal(world, "sub_goal", "Belyste stier og gårde", safety)
    indicator = goal_services.indicator_create(
        goal=safety,
        data={
            "name": "Anmeldelser af borgerrettet kriminalitet",
            "dimension": "effect",
            "unit": "antal",
            "direction": "down",
            "baseline_value": Decimal(200),
            "baseline_date": datetime.date(2010, 12, 31),
            "responsible": world["askov"],
        },
    )
    goal_services.target_add(indicator=indicator, date=datetime.date(2014, 12, 31), value=Decimal(150))
    return {"vision": vision, "safety": safety, "together": together, "lighting": lighting, "indicator": indicator}


def page(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


# The tree: levels and order ------------------------------------------------------------------


def test_a_sub_goal_must_sit_under_a_long_term_goal(world, tree):
    with pytest.raises(ValidationError, match="hører under et mål på niveauet „Langsigtet mål“"):
        make_goal(world, "sub_goal", "Under visionen", tree["vision"])
    with pytest.raises(ValidationError, match="Vælg det mål"):
        make_goal(world, "long_term", "Uden overordnet mål")


def test_the_form_refuses_a_sub_goal_under_the_vision(world, tree, client_for):
    url = reverse("evaluation:goal_create", args=[world["initiative"].pk])
    response = client_for("chief").post(url, {"level": "sub_goal", "parent": tree["vision"].pk, "title": "Forkert"})
    assert response.status_code == 200 and "hører under et mål på niveauet" in response.content.decode()
    assert not Goal.objects.filter(title="Forkert").exists()


def test_a_new_goal_under_a_parent_gets_the_next_level_and_goes_last(world, tree, client_for):
    client = client_for("chief")
    url = reverse("evaluation:goal_create", args=[world["initiative"].pk])
    form = client.get(url, {"parent": tree["vision"].pk}).context["form"]
    assert form.initial["level"] == "long_term" and form.initial["parent"] == tree["vision"]
    response = client.post(url, {"level": "long_term", "parent": tree["vision"].pk, "title": "Flere unge i job"})
    goal = Goal.objects.get(title="Flere unge i job")
    assert response.status_code == 302 and goal.order > tree["together"].order


def test_a_goal_of_another_initiative_cannot_be_the_parent(world, tree, client_for):
    foreign = goal_services.goal_create(initiative=world["other_initiative"], data={"level": "vision", "title": "Ude"})
    url = reverse("evaluation:goal_create", args=[world["initiative"].pk])
    assert client_for("chief").get(url, {"parent": foreign.pk}).status_code == 404


def test_the_tree_shows_levels_in_order_and_moving_a_goal_swaps_it_with_its_neighbour(world, tree, client_for):
    client = client_for("chief")
    titles = ["Et trygt Indre Nørrebro", "Færre borgerrettede", "Belyste stier", "Forvaltningerne arbejder"]
    html = page(client, "evaluation:goal_tree", world["initiative"].pk)
    assert [html.index(t) for t in titles] == sorted(html.index(t) for t in titles)
    assert 'class="h4 my-1"' in html and 'class="h6 my-1"' in html  # vision h2, sub-goal h4
    response = client.post(reverse("evaluation:goal_move", args=[tree["together"].pk]), {"direction": "up"})
    assert response.status_code == 302
    html = page(client, "evaluation:goal_tree", world["initiative"].pk)
    assert html.index("Forvaltningerne arbejder") < html.index("Færre borgerrettede")


VISION = (
    "Et trygt Indre Nørrebro, hvor børn og unge vælger uddannelse og fællesskab frem for kriminalitet, "
    "og hvor kommunen optræder som én kommune – også lokalt."
)


@pytest.mark.parametrize("role", ["chief", "observer"])  # with and without the editing buttons
def test_the_tree_shows_a_vision_typed_into_both_title_and_description_once(world, client_for, role):
    world["goal"].delete()
    vision = goal_services.goal_create(
        initiative=world["initiative"], data={"level": "vision", "title": VISION, "description": " " + VISION + "\n"}
    )
    make_goal(world, "long_term", "Færre unge sigtes", vision)

    for name, arg in (("evaluation:goal_tree", world["initiative"].pk), ("evaluation:goal_detail", vision.pk)):
        html = page(client_for(role), name, arg)
        main = html[html.index("<main") :]
        assert main.count("kommunen optræder som én kommune") == 1, name


def test_the_tree_shows_a_description_that_adds_to_the_title(world, tree, client_for):
    goal_services.goal_update(goal=tree["safety"], data={"description": "Målt i politiets anmeldelser."})

    html = page(client_for("chief"), "evaluation:goal_tree", world["initiative"].pk)

    assert "Målt i politiets anmeldelser." in html


def test_a_description_counts_only_where_it_says_more_than_the_title():
    from evaluation.models import Goal

    goal = Goal(level="vision", title=VISION, description="")
    assert goal.description_beyond_title == ""
    assert Goal(level="vision", title=VISION, description=VISION.upper()).description_beyond_title == ""
    assert Goal(level="vision", title="Et trygt Nørrebro", description=VISION).description_beyond_title == VISION


def test_the_tree_is_printable(world, tree, client_for):
    html = page(client_for("observer"), "evaluation:goal_tree", world["initiative"].pk)
    assert "window.print()" in html and "Udskriv" in html
    assert "Ny vision" not in html  # read-only users see no editing buttons


def test_a_goal_with_sub_goals_cannot_change_level(world, tree):
    with pytest.raises(ValidationError, match="kan ikke skifte niveau"):
        goal_services.goal_update(goal=tree["safety"], data={"level": "sub_goal", "parent": tree["together"]})


def test_deleting_a_goal_with_children_or_indicators_is_refused_with_an_explanation(world, tree, client_for):
    client = client_for("chief")
    for goal, reason in [(tree["vision"], "Målet har undermål"), (tree["safety"], "Målet har undermål")]:
        html = page(client, "evaluation:goal_delete", goal.pk)
        assert reason in html and "Ja, slet" not in html
        client.post(reverse("evaluation:goal_delete", args=[goal.pk]))
        assert Goal.objects.filter(pk=goal.pk).exists()
    goal_services.goal_delete(goal=tree["lighting"])
    assert "Målet har indikatorer" in page(client, "evaluation:goal_delete", tree["safety"].pk)
    response = client.post(reverse("evaluation:goal_delete", args=[tree["together"].pk]))
    assert response.status_code == 302 and not Goal.objects.filter(pk=tree["together"].pk).exists()


def test_a_personal_number_in_a_goal_description_is_refused(world, tree, client_for):
    url = reverse("evaluation:goal_edit", args=[tree["vision"].pk])
    response = client_for("chief").post(
        url, {"level": "vision", "title": "Et trygt Indre Nørrebro", "description": f"Drengen {CPR}"}
    )
    assert "CPR-nummer" in response.content.decode()
    tree["vision"].refresh_from_db()
    assert tree["vision"].description == ""


# Indicators and measurements ------------------------------------------------------------------


def test_the_staff_create_an_indicator_with_all_its_parts(world, tree, client_for):
    data = {
        "name": "Samarbejdet mellem forvaltningerne",
        "dimension": "collaboration",
        "unit": "point (1-5)",
        "direction": "up",
        "baseline_value": "3,1",
        "baseline_date": "01.03.2011",
        "frequency": "yearly",
        "source": "Egen spørgeskemaundersøgelse",
        "verification": "Svarprocent og spørgsmål i bilag",
        "responsible": world["buf"].pk,
        "method": "manual",
        "tolerance": "10",
    }
    response = client_for("chief").post(reverse("evaluation:indicator_create", args=[tree["together"].pk]), data)
    indicator = Indicator.objects.get(name="Samarbejdet mellem forvaltningerne")
    assert response.status_code == 302
    assert (indicator.baseline_value, indicator.tolerance, indicator.responsible) == (
        Decimal("3.1"),
        Decimal("10"),
        world["buf"],
    )


def test_the_responsible_organisation_enters_a_measurement_and_sees_the_status(world, tree, client_for):
    client = client_for("coordinator")  # Askovgården is responsible for the indicator
    indicator = tree["indicator"]
    url = reverse("evaluation:measurement_add", args=[indicator.pk])
    data = {"period_start": "2012-01-01", "period_end": "2012-12-31", "value": "205", "source": "Politiet"}
    assert client.post(url, data).status_code == 302
    # The path runs 200 → 150 from end-2010 to end-2014; at end-2012 it expects 174.98 (731 of 1461 days),
    # and 205 is 30.02 above it: 17.2 %, more than the 15 % tolerance but within twice that.
    html = page(client, "evaluation:indicator_detail", indicator.pk)
    assert "I risiko" in html and "205 antal" in html and "174,98" in html and "17,2 % efter målkurven" in html
    again = client.post(url, data)  # the same period by hand is refused, not silently doubled
    assert "Der findes allerede en måling for den periode og det område." in again.content.decode()
    assert Measurement.objects.filter(indicator=indicator).count() == 1


def test_a_personal_number_in_a_measurement_note_is_refused(world, tree, client_for):
    url = reverse("evaluation:measurement_add", args=[tree["indicator"].pk])
    data = {"period_start": "2012-01-01", "period_end": "2012-12-31", "value": "5", "note": f"Sag {CPR}"}
    response = client_for("chief").post(url, data)
    assert "CPR-nummer" in response.content.decode()
    assert not Measurement.objects.filter(indicator=tree["indicator"]).exists()


def test_the_staff_add_and_remove_targets_on_the_indicator_page(world, tree, client_for):
    client = client_for("chief")
    indicator = tree["indicator"]
    client.post(reverse("evaluation:target_add", args=[indicator.pk]), {"date": "2012-12-31", "value": "180"})
    target = Target.objects.get(indicator=indicator, date=datetime.date(2012, 12, 31))
    client.post(reverse("evaluation:target_add", args=[indicator.pk]), {"date": "2012-12-31", "value": "170"})
    assert Target.objects.filter(indicator=indicator).count() == 2  # the duplicate date is refused
    client.post(reverse("evaluation:target_delete", args=[target.pk]))
    assert not Target.objects.filter(pk=target.pk).exists()


def test_a_derived_indicator_shows_computed_values_and_takes_no_measurements(world, tree, client_for):
    indicator = goal_services.indicator_create(
        goal=tree["together"],
        data={
            "name": "Afholdte møder",
            "dimension": "effort",
            "unit": "antal",
            "direction": "up",
            "method": "derived",
            "derived_key": "meetings_held",
        },
    )
    client = client_for("chief")
    html = page(client, "evaluation:indicator_detail", indicator.pk)
    assert "Beregnede værdier" in html and "Afholdte møder" in html
    assert client.get(reverse("evaluation:measurement_add", args=[indicator.pk])).status_code == 404


# What was done for the goal --------------------------------------------------------------------


def link(client, goal, **data):
    return client.post(reverse("evaluation:goallink_add", args=[goal.pk]), data)


def test_an_action_item_and_an_escalation_linked_to_a_goal_show_on_its_page(world, tree, client_for):
    client = client_for("chief")
    goal = tree["lighting"]
    assert link(client, goal, outcome=world["action"].pk).status_code == 302
    assert link(client, goal, escalation=world["escalation"].pk).status_code == 302
    html = page(client, "evaluation:goal_detail", goal.pk)
    assert "Hvad har vi gjort for målet?" in html
    assert "Kortlæg mørke stier" in html and "Mørk gård ved Stengade" in html
    assert GoalLink.objects.filter(goal=goal).count() == 2
    assert link(client, goal, escalation=world["escalation"].pk).status_code == 302
    assert GoalLink.objects.filter(goal=goal).count() == 2  # not twice


def test_readers_see_only_the_links_they_may_read(world, users, tree, client_for):
    goal = tree["lighting"]
    goal_services.goallink_add(goal=goal, outcome=world["action"], by=None)  # minutes still a draft
    goal_services.goallink_add(goal=goal, escalation=world["escalation"], by=None)
    coordinator = page(client_for("coordinator"), "evaluation:goal_detail", goal.pk)
    assert "Kortlæg mørke stier" not in coordinator and "1 punkt fra et referat" in coordinator
    assert world["escalation"].get_absolute_url() in coordinator  # raised by Askovgården: opens in full
    liaison = page(client_for("liaison"), "evaluation:goal_detail", goal.pk)
    assert "Mørk gård ved Stengade" in liaison and world["escalation"].get_absolute_url() not in liaison


def test_only_decisions_and_actions_of_the_same_initiative_can_be_linked(world, tree, client_for):
    other = Outcome.objects.create(
        agenda_item=AgendaItem.objects.create(meeting=world["meeting"], position=9, title="Orientering"),
        kind="information",
        text="Til orientering",
    )
    response = link(client_for("chief"), tree["lighting"], outcome=other.pk)
    assert response.status_code == 302 and not GoalLink.objects.filter(goal=tree["lighting"]).exists()


def test_a_link_made_on_a_given_day_keeps_that_day(world, tree):
    when = datetime.datetime(2013, 3, 5, 10, 0, tzinfo=datetime.UTC)
    goal_link = goal_services.goallink_add(goal=tree["lighting"], escalation=world["escalation"], by=None, now=when)
    goal_link.refresh_from_db()
    assert goal_link.created == when


def test_the_staff_remove_a_link(world, tree, client_for):
    goal_link = goal_services.goallink_add(goal=tree["lighting"], escalation=world["escalation"], by=None)
    client_for("chief").post(reverse("evaluation:goallink_delete", args=[goal_link.pk]))
    assert not GoalLink.objects.filter(pk=goal_link.pk).exists()


# Access ---------------------------------------------------------------------------------------


def test_strangers_get_404_on_every_goal_page(world, tree, client_for):
    client = client_for("stranger")
    for name, pk in [
        ("evaluation:goal_tree", world["initiative"].pk),
        ("evaluation:goal_detail", tree["safety"].pk),
        ("evaluation:indicator_detail", tree["indicator"].pk),
        ("evaluation:goal_edit", tree["safety"].pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name


def test_observers_read_but_get_403_on_writes(world, tree, client_for):
    client = client_for("observer")
    assert client.get(reverse("evaluation:goal_detail", args=[tree["safety"].pk])).status_code == 200
    for name, pk in [
        ("evaluation:goal_create", world["initiative"].pk),
        ("evaluation:goal_edit", tree["safety"].pk),
        ("evaluation:goal_delete", tree["lighting"].pk),
        ("evaluation:indicator_create", tree["safety"].pk),
        ("evaluation:indicator_edit", tree["indicator"].pk),
        ("evaluation:measurement_add", tree["indicator"].pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 403, name
    for name, pk in [
        ("evaluation:goal_move", tree["lighting"].pk),
        ("evaluation:goallink_add", tree["lighting"].pk),
        ("evaluation:target_add", tree["indicator"].pk),
    ]:
        assert client.post(reverse(name, args=[pk]), {"direction": "up"}).status_code == 403, name


def test_observers_get_403_on_removing_a_link_or_a_target_and_nothing_is_removed(world, tree, client_for):
    link = goal_services.goallink_add(goal=tree["lighting"], escalation=world["escalation"], by=None)
    target = tree["indicator"].targets.get()
    client = client_for("observer")
    assert client.post(reverse("evaluation:goallink_delete", args=[link.pk])).status_code == 403
    assert client.post(reverse("evaluation:target_delete", args=[target.pk])).status_code == 403
    assert GoalLink.objects.filter(pk=link.pk).exists() and Target.objects.filter(pk=target.pk).exists()


def test_a_liaison_whose_organisation_is_not_responsible_may_not_enter_measurements(world, tree, client_for):
    url = reverse("evaluation:measurement_add", args=[tree["indicator"].pk])
    assert client_for("liaison").get(url).status_code == 403
    assert client_for("coordinator").get(url).status_code == 200


# Query budgets ---------------------------------------------------------------------------------


def grow_tree(world, tree, n):
    goals = Goal.objects.bulk_create(
        Goal(initiative=world["initiative"], parent=tree["vision"], level="long_term", title=f"Mål {i}", order=10 + i)
        for i in range(n)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            goal=g,
            name=f"Indikator {g.title}",
            dimension="effort",
            unit="antal",
            direction="up",
            baseline_value=Decimal(10),
            baseline_date=datetime.date(2011, 1, 1),
            responsible=world["tmf"],
        )
        for g in goals
    )
    Target.objects.bulk_create(Target(indicator=i, date=datetime.date(2014, 12, 31), value=20) for i in indicators)
    grow_measurements(indicators, years=range(2011, 2015))


def grow_measurements(indicators, years):
    Measurement.objects.bulk_create(
        Measurement(
            indicator=i,
            period_start=datetime.date(y, 1, 1),
            period_end=datetime.date(y, 12, 31),
            value=Decimal(y - 2000),
            area=area,
            source="Egen opgørelse",
        )
        for i in indicators
        for y in years
        for area in [None]
    )


def test_the_goal_tree_runs_the_same_queries_for_a_few_and_many_goals(world, tree, client_for):
    grow_tree(world, tree, 2)
    url = reverse("evaluation:goal_tree", args=[world["initiative"].pk])
    assert_query_budget(client_for("chief"), url, lambda: grow_tree(world, tree, 40), budget=11)


def test_the_indicator_page_runs_the_same_queries_for_a_few_and_many_measurements(world, tree, client_for):
    indicator = tree["indicator"]
    grow_measurements([indicator], years=[2011])
    url = reverse("evaluation:indicator_detail", args=[indicator.pk])

    def grow():
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                period_start=datetime.date(2012, 1, 1) + datetime.timedelta(days=d),
                period_end=datetime.date(2012, 1, 1) + datetime.timedelta(days=d),
                value=d,
                area=world["area"] if d % 2 else None,
            )
            for d in range(300)
        )
        Target.objects.bulk_create(
            Target(indicator=indicator, date=datetime.date(2012, 1, 1) + datetime.timedelta(days=d), value=d)
            for d in range(50)
        )

    assert_query_budget(client_for("coordinator"), url, grow, budget=12)  # 12: the measurements are paged (a count)


def test_the_goal_page_runs_the_same_queries_for_a_few_and_many_links(world, tree, client_for):
    goal = tree["safety"]
    goal_services.goallink_add(goal=goal, escalation=world["escalation"], by=None)
    goal_services.goallink_add(goal=goal, outcome=world["action"], by=None)
    url = reverse("evaluation:goal_detail", args=[goal.pk])

    def grow():
        items = AgendaItem.objects.bulk_create(
            AgendaItem(meeting=world["meeting"], position=10 + i, title=f"Punkt {i}") for i in range(30)
        )
        outcomes = Outcome.objects.bulk_create(
            Outcome(
                agenda_item=item,
                kind="action",
                text="Tjek lys",
                owner_organisation=world["askov"],
                due=datetime.date(2013, 1, 1),
            )
            for item in items
        )
        GoalLink.objects.bulk_create(GoalLink(goal=goal, outcome=o) for o in outcomes)
        grow_measurements([tree["indicator"]], years=range(2011, 2015))

    assert_query_budget(client_for("chief"), url, grow, budget=17)
