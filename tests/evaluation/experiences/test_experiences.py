"""The experience log (erfaringer): record, search, filter; who may read, record and edit."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from evaluation.models import Experience, Goal
from tests.conftest import assert_query_budget
from tests.factories import RoleFactory

CPR = "010190-1234"


@pytest.fixture(autouse=True)
def empty_evaluation(world):
    """These tests start from an initiative without experiences or goals; the shared world has one of each."""
    world["experience"].delete()
    world["goal"].delete()


@pytest.fixture
def goals(world):
    initiative = world["initiative"]
    vision = Goal.objects.create(initiative=initiative, level="vision", title="Et trygt Indre Nørrebro")
    safety = Goal.objects.create(
        initiative=initiative, parent=vision, level="long_term", title="Færre unge begår kriminalitet", order=1
    )
    lighting = Goal.objects.create(
        initiative=initiative, parent=safety, level="sub_goal", title="Trygge gårde og stier", order=1
    )
    together = Goal.objects.create(
        initiative=initiative, parent=vision, level="long_term", title="Et tættere samarbejde", order=2
    )
    elsewhere = Goal.objects.create(
        initiative=world["other_initiative"], level="vision", title="Et trygt Ydre Nørrebro"
    )
    return {"vision": vision, "safety": safety, "lighting": lighting, "together": together, "elsewhere": elsewhere}


def record(world, organisation, title, text, *, goals=(), themes=(), author=None, date=datetime.date(2012, 6, 1)):
    experience = Experience.objects.create(
        initiative=world["initiative"],
        organisation=organisation,
        author=author,
        date=date,
        title=title,
        text=text,
        themes=list(themes),
    )
    experience.goals.set(goals)
    return experience


def list_url(world, **params):
    url = reverse("evaluation:experience_list", args=[world["initiative"].pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def titles(response):
    return [e.title for e in response.context["page"].object_list]


def post_data(world, tree, **overrides):
    data = {
        "organisation": world["askov"].pk,
        "date": "2012-06-01",
        "title": "Fælles gårdvandring med beboerne",
        "text": "Da beboerne selv viste os de mørke steder, blev belysningen udskiftet på få uger.",
        "goals": [tree["lighting"].pk],
        "themes": ["physical_environment", "public_safety"],
    }
    data.update(overrides)
    return data


def test_an_engaged_coordinator_records_an_experience_tied_to_a_goal_and_a_theme(world, users, goals, client_for):
    client = client_for("coordinator")
    url = reverse("evaluation:experience_create", args=[world["initiative"].pk])
    form = client.get(url).context["form"]
    assert list(form.fields["organisation"].queryset) == [world["askov"]]
    assert form.fields["organisation"].initial == world["askov"]

    response = client.post(url, post_data(world, goals))

    experience = Experience.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluation:experience_detail", args=[experience.pk]
    )
    assert experience.initiative == world["initiative"]
    assert experience.organisation == world["askov"]
    assert experience.author == users["coordinator"]
    assert list(experience.goals.all()) == [goals["lighting"]]
    assert experience.themes == ["physical_environment", "public_safety"]
    assert experience.history.exists()

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Trygge gårde og stier" in page.content.decode()
    assert "Fysisk miljø" in page.content.decode()


def test_goals_are_limited_to_the_initiatives_goals_and_shown_as_a_tree(world, users, goals, client_for):
    client = client_for("coordinator")
    url = reverse("evaluation:experience_create", args=[world["initiative"].pk])
    form = client.get(url).context["form"]
    assert list(form.fields["goals"].queryset) == [goals[k] for k in ("vision", "safety", "lighting", "together")]

    response = client.post(url, post_data(world, goals, goals=[goals["elsewhere"].pk]))

    assert response.status_code == 200
    assert "goals" in response.context["form"].errors
    assert not Experience.objects.exists()


def test_a_user_records_only_for_their_own_engaged_organisation(world, users, goals, client_for):
    client = client_for("coordinator")
    url = reverse("evaluation:experience_create", args=[world["initiative"].pk])

    response = client.post(url, post_data(world, goals, organisation=world["tmf"].pk))

    assert "organisation" in response.context["form"].errors
    assert not Experience.objects.exists()


def test_staff_may_record_for_any_engaged_organisation(world, users, goals, client_for):
    form = (
        client_for("chief").get(reverse("evaluation:experience_create", args=[world["initiative"].pk])).context["form"]
    )
    assert set(form.fields["organisation"].queryset) == {world["tmf"], world["askov"]}


def test_a_cpr_number_is_refused(world, users, goals, client_for):
    client = client_for("coordinator")
    url = reverse("evaluation:experience_create", args=[world["initiative"].pk])

    response = client.post(url, post_data(world, goals, text=f"Drengen med CPR {CPR} kom i fritidsjob."))

    assert response.status_code == 200
    assert "CPR-nummer" in response.context["form"].errors["text"][0]
    assert "1234" not in response.context["form"].errors["text"][0]
    assert not Experience.objects.exists()


def test_a_future_date_is_refused(world, users, goals, client_for):
    client = client_for("coordinator")
    url = reverse("evaluation:experience_create", args=[world["initiative"].pk])
    response = client.post(url, post_data(world, goals, date="2999-01-01"))
    assert "date" in response.context["form"].errors


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Danish stemming needs PostgreSQL")
def test_the_search_stems_danish_words(world, users, goals, client_for):
    record(world, world["tmf"], "Lys på stierne", "Ny belysning langs stien gjorde en forskel for beboerne.")
    record(world, world["askov"], "Lektiecafé", "Flere unge kommer i lektiecaféen om eftermiddagen.")
    client = client_for("observer")

    assert titles(client.get(list_url(world, q="belysningen"))) == ["Lys på stierne"]
    assert titles(client.get(list_url(world, q="lektiecaféer"))) == ["Lektiecafé"]


def test_the_search_matches_words_in_title_and_text(world, users, goals, client_for):
    record(world, world["tmf"], "Belysning på stierne", "Nye lamper langs stien.")
    record(world, world["askov"], "Lektiecafé", "Flere unge kommer om eftermiddagen; belysning er ikke et emne.")
    record(world, world["askov"], "Forældrenetværk", "Forældrene går aftenture.")
    client = client_for("observer")

    found = titles(client.get(list_url(world, q="belysning")))

    assert set(found) == {"Belysning på stierne", "Lektiecafé"}
    if connection.vendor == "postgresql":
        assert found[0] == "Belysning på stierne"  # a hit in the title ranks first
    assert titles(client.get(list_url(world, q="noget+helt+andet"))) == []


def test_filters_theme_goal_and_organisation(world, users, goals, client_for):
    record(world, world["tmf"], "Lys", "Lamper.", goals=[goals["lighting"]], themes=["physical_environment"])
    record(world, world["askov"], "Netværk", "Forældre.", goals=[goals["together"]], themes=["children_youth"])
    record(world, world["askov"], "Gadeplan", "Aftenvagter.", goals=[goals["safety"]], themes=["public_safety"])
    client = client_for("coordinator")

    assert titles(client.get(list_url(world, theme="children_youth"))) == ["Netværk"]
    assert titles(client.get(list_url(world, organisation=world["tmf"].pk))) == ["Lys"]
    # A long-term goal finds the experiences about its sub-goals too; the vision finds all.
    assert set(titles(client.get(list_url(world, goal=goals["safety"].pk)))) == {"Lys", "Gadeplan"}
    assert len(titles(client.get(list_url(world, goal=goals["vision"].pk)))) == 3
    assert titles(client.get(list_url(world, goal=goals["together"].pk, organisation=world["tmf"].pk))) == []


def test_the_empty_states(world, users, goals, client_for):
    client = client_for("coordinator")
    empty = client.get(list_url(world)).content.decode()
    assert "Der er ikke registreret nogen erfaringer" in empty
    assert "Del en erfaring" in empty

    record(world, world["tmf"], "Lys", "Lamper.")
    no_match = client.get(list_url(world, theme="health")).content.decode()
    assert "Ingen erfaringer matcher" in no_match


def test_a_stranger_gets_404_everywhere(world, users, goals, client_for):
    experience = record(world, world["askov"], "Lys", "Lamper.")
    client = client_for("stranger")
    for url in [
        list_url(world),
        reverse("evaluation:experience_create", args=[world["initiative"].pk]),
        reverse("evaluation:experience_detail", args=[experience.pk]),
        reverse("evaluation:experience_edit", args=[experience.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_an_experience_of_another_initiative_is_hidden(world, users, goals, client_for):
    experience = Experience.objects.create(
        initiative=world["other_initiative"], organisation=world["other_org"], title="Sjakket", text="Tekst."
    )
    client = client_for("coordinator")
    assert client.get(reverse("evaluation:experience_detail", args=[experience.pk])).status_code == 404
    assert client_for("observer").get(reverse("evaluation:experience_detail", args=[experience.pk])).status_code == 200


def test_a_user_whose_organisation_is_not_engaged_gets_403_on_create(world, users, goals, client):
    # Scoped to the initiative, so they see it, but Sjakket is not engaged in it.
    client.force_login(RoleFactory(organisation=world["other_org"], initiative=world["initiative"]).user)
    url = reverse("evaluation:experience_create", args=[world["initiative"].pk])

    assert client.get(list_url(world)).status_code == 200
    assert "Del en erfaring" not in client.get(list_url(world)).content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, post_data(world, goals, organisation=world["other_org"].pk)).status_code == 403
    assert not Experience.objects.exists()


def test_the_author_and_the_staff_edit_others_may_not(world, users, goals, client_for):
    experience = record(world, world["askov"], "Lys", "Lamper.", author=users["coordinator"])
    url = reverse("evaluation:experience_edit", args=[experience.pk])
    versions = experience.history.count()

    assert client_for("liaison").get(url).status_code == 403
    assert client_for("observer").get(url).status_code == 403
    assert client_for("chief").get(url).status_code == 200

    response = client_for("coordinator").post(url, post_data(world, goals, title="Lys i gården"))

    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.title == "Lys i gården"
    assert experience.author == users["coordinator"]
    assert experience.history.count() > versions
    assert experience.history.first().title == "Lys i gården"


def test_the_list_costs_the_same_queries_at_two_sizes(world, users, goals, client_for):
    def add(n):
        for i in range(n):
            organisation = world["askov"] if i % 2 else world["tmf"]
            record(
                world,
                organisation,
                f"Erfaring {i}",
                "Belysning og tryghed.",
                goals=[goals["lighting"], goals["together"]],
                themes=["public_safety", "physical_environment"],
            )

    add(3)
    client = client_for("coordinator")
    assert_query_budget(client, list_url(world), lambda: add(40), budget=14)
    assert_query_budget(client, list_url(world, q="belysning", theme="public_safety"), lambda: add(5), budget=14)
