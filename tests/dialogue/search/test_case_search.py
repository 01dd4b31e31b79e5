"""Find things again: escalations and safety walks, with the access rules of their detail pages."""

import datetime

import pytest
from django.urls import reverse

from actors.models import Role
from dialogue.escalations import services as esc
from dialogue.models import Escalation
from dialogue.safetywalks import services as walks
from dialogue.search import services as search_module
from dialogue.search.cases import search_cases
from tests.conftest import assert_query_budget, make_user

SEARCH = reverse("dialogue:search")


def raise_case(world, title="Cykler på stien", description="Der holder cykler.", organisation=None):
    return esc.escalation_raise(
        initiative=world["initiative"],
        organisation=organisation or world["askov"],
        by=None,
        data={"title": title, "description": description, "theme": "physical_environment"},
    )


def found(user, q, kind="escalation", **filters):
    return [hit.obj.pk for hit in search_cases(user, q, **filters)[kind]]


@pytest.fixture
def sjakket(world):
    user = make_user("sjakket")
    Role.objects.create(
        user=user, kind=Role.Kind.COORDINATOR, organisation=world["other_org"], initiative=world["initiative"]
    )
    return user


@pytest.fixture(params=["postgresql", "substring"])
def engine(request, monkeypatch):
    if request.param == "substring":
        monkeypatch.setattr(search_module, "full_text_available", lambda: False)
    return request.param


def test_a_case_is_found_by_title_description_answer_and_timeline(world, users, engine):
    case = raise_case(world, title="Knallerter", description="Unge kører stærkt om aftenen.")
    esc.escalation_comment(escalation=case, by=users["chief"], text="Politiet patruljerer nu.")
    esc.escalation_resolve(escalation=case, by=None, answer="Der er sat bump op.", version=case.version)
    for q in ("knallerter", "aftenen", "bump", "patruljerer"):
        assert found(users["chief"], q) == [case.pk], q


def test_a_case_matching_in_several_places_is_found_once(world, users, engine):
    case = raise_case(world, title="Graffiti", description="Graffiti på muren.")
    esc.escalation_comment(escalation=case, by=users["chief"], text="Graffiti igen.")
    assert found(users["chief"], "graffiti") == [case.pk]


def test_case_search_follows_the_case_pages_access(world, users, sjakket, engine):
    case = raise_case(world, title="Graffiti ved skolen")
    assert case.pk in found(users["coordinator"], "graffiti")  # the raiser
    assert case.pk in found(users["observer"], "graffiti")  # observers read the cases
    assert case.pk not in found(users["liaison"], "graffiti")  # not sent to TMF
    assert case.pk not in found(sjakket, "graffiti")  # another organisation: title only on the list, not here
    esc.escalation_assign(escalation=case, department=world["tmf"], by=None, version=case.version)
    assert case.pk in found(users["liaison"], "graffiti")


def test_walks_are_found_by_route_notes_and_findings_by_whoever_sees_the_initiative(world, users, engine):
    walk = world["safetywalk"]
    walk.notes = "Mørke hjørner ved legepladsen."
    walk.save(update_fields=["notes"])
    walks.finding_add(
        walk=walk, by=None, data={"category": "lighting", "description": "Lampen blinker.", "place": "Baggården"}
    )
    for q in ("legepladsen", "blinker", "baggården"):
        assert found(users["coordinator"], q, "safetywalk") == [walk.pk], q
    assert found(users["observer"], "legepladsen", "safetywalk") == [walk.pk]
    stranger_initiative = make_user("ydre")
    Role.objects.create(user=stranger_initiative, kind=Role.Kind.CHIEF, initiative=world["other_initiative"])
    assert found(stranger_initiative, "legepladsen", "safetywalk") == []


def test_the_filters_apply_to_cases(world, users):
    case = raise_case(world, title="Graffiti")
    assert found(users["chief"], "graffiti", theme="health") == []
    assert found(users["chief"], "graffiti", initiative=world["other_initiative"]) == []
    assert found(users["chief"], "graffiti", date_to=datetime.date(2000, 1, 1)) == []
    assert found(users["chief"], "graffiti", date_from=datetime.date(2000, 1, 1)) == [case.pk]


# The page ---------------------------------------------------------------------


def test_the_page_groups_cases_and_walks_and_links_to_all_of_a_group(world, users, client_for):
    for i in range(7):
        raise_case(world, title=f"Graffiti {i}")
    response = client_for("chief").get(SEARCH, {"q": "graffiti"})
    html = response.content.decode()
    [cases] = [g for g in response.context["groups"] if g["key"] == "sager"]
    assert len(cases["hits"]) == 5 and cases["count"] == 7
    assert "Se alle 7" in html and "kind=sager" in html
    response = client_for("chief").get(SEARCH, {"q": "graffiti", "kind": "sager"})
    assert len(response.context["page"].object_list) == 7


def test_the_page_escapes_case_snippets(world, users, client_for):
    raise_case(world, title="Graffiti", description="Graffiti <img src=x onerror=alert(1)> på muren.")
    html = client_for("chief").get(SEARCH, {"q": "graffiti"}).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_a_body_filter_leaves_cases_out(world, users, client_for):
    raise_case(world, title="Graffiti")
    response = client_for("chief").get(SEARCH, {"q": "graffiti", "body": world["body"].pk})
    assert not any(g["hits"] for g in response.context["groups"])


def test_search_page_query_count_does_not_grow_with_matching_cases_and_walks(world, users, client_for):
    def add(n):
        for i in range(n):
            case = raise_case(world, title=f"Graffiti {i}")
            esc.escalation_comment(escalation=case, by=None, text="Mere graffiti.")
            walks.finding_add(
                walk=world["safetywalk"],
                by=None,
                data={"category": "graffiti", "description": "Graffiti på muren.", "place": f"Gård {i}"},
            )

    add(3)
    assert Escalation.objects.count() > 3
    # 15 for meetings and minutes (test_search.py) plus 2 for each of the four case and walk sources.
    assert_query_budget(client_for("chief"), SEARCH + "?q=graffiti", lambda: add(30), budget=23)
