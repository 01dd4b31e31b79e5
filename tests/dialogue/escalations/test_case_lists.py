"""The case list's views (mine, my organisation's, all of my initiatives) and the filters of every list."""

import datetime

import pytest
from django.urls import reverse

from actors.models import Role
from dialogue.escalations import services as esc
from dialogue.models import Escalation
from tests.conftest import make_user

LIST = reverse("dialogue:escalation_list")


def raise_case(world, by=None, organisation=None, title="Cykler på stien", theme="physical_environment"):
    return esc.escalation_raise(
        initiative=world["initiative"],
        organisation=organisation or world["askov"],
        by=by,
        data={"title": title, "description": "Der holder cykler.", "theme": theme},
    )


def titles(response):
    return {e.title for e in response.context["page"].object_list}


@pytest.fixture
def sjakket(world):
    """A coordinator of another organisation (Sjakket) in the same initiative."""
    user = make_user("sjakket")
    Role.objects.create(
        user=user, kind=Role.Kind.COORDINATOR, organisation=world["other_org"], initiative=world["initiative"]
    )
    return user


def test_mine_lists_the_cases_i_raised_and_not_my_colleagues(world, users, client_for):
    mine = raise_case(world, by=users["coordinator"], title="Min sag")
    colleague = make_user("kollega")
    raise_case(world, by=colleague, title="Kollegaens sag")
    response = client_for("coordinator").get(LIST, {"vis": "mine"})
    assert titles(response) == {mine.title}


def test_my_organisations_cases_are_the_default_view_of_a_raiser(world, users, sjakket, client_for):
    raise_case(world, organisation=world["other_org"], title="Sjakkets sag")
    response = client_for("coordinator").get(LIST)
    assert response.context["scope"] == "organisation"
    assert titles(response) == {world["escalation"].title}


def test_all_lists_other_organisations_cases_by_title_and_links_only_the_readable(world, users, sjakket, client_for):
    theirs = raise_case(world, organisation=world["other_org"], title="Sjakkets sag")
    page = client_for("coordinator").get(LIST, {"alle": "1"})
    assert {world["escalation"].title, theirs.title} <= titles(page)
    html = page.content.decode()
    assert f'href="{world["escalation"].get_absolute_url()}"' in html
    assert f'href="{theirs.get_absolute_url()}"' not in html


def test_the_observer_reaches_every_case_of_the_initiatives_closed_ones_too(world, users, sjakket, client_for):
    theirs = raise_case(world, organisation=world["other_org"], title="Sjakkets sag")
    esc.escalation_reject(escalation=theirs, by=None, reason="Dublet.", version=theirs.version)
    html = client_for("observer").get(LIST, {"alle": "1", "tilstand": "lukkede"}).content.decode()
    assert f'href="{theirs.get_absolute_url()}"' in html
    assert world["escalation"].title not in html  # still open


def test_a_liaison_reaches_the_cases_sent_to_their_department(world, users, client_for):
    case = world["escalation"]
    esc.escalation_assign(escalation=case, department=world["tmf"], by=None, version=case.version)
    html = client_for("liaison").get(LIST, {"alle": "1"}).content.decode()
    assert f'href="{case.get_absolute_url()}"' in html


def test_the_old_view_urls_still_work(world, users, client_for):
    client = client_for("chief")
    case = world["escalation"]
    assert case.title in client.get(LIST, {"alle": "1", "tilstand": "aabne"}).content.decode()
    assert case.title not in client.get(LIST, {"alle": "1", "tilstand": "lukkede"}).content.decode()
    assert client.get(LIST, {"alle": "1", "andre": "1"}).status_code == 200


def test_every_list_names_each_cases_initiative(world, users, client_for):
    raise_case(world, by=users["coordinator"], title="Min sag")
    for scope in ("mine", "organisation", "alle"):
        html = client_for("coordinator").get(LIST, {"vis": scope}).content.decode()
        assert '<th scope="col">Indsats</th>' in html


@pytest.mark.parametrize(
    "params, found",
    [
        ({"theme": "health"}, {"Sundhed"}),
        ({"level": "2"}, {"Niveau to"}),
        ({"status": "rejected"}, {"Afvist"}),
        ({"assigned": "tmf"}, {"Hos TMF"}),
        ({"raised_from": "2012-06-01", "raised_to": "2012-06-30"}, {"I juni"}),
        ({"initiative": "other"}, set()),
    ],
)
def test_the_list_filters_narrow_the_cases(params, found, world, users, client_for):
    raise_case(world, title="Sundhed", theme="health")
    Escalation.objects.filter(pk=raise_case(world, title="Niveau to").pk).update(level=2)
    rejected = raise_case(world, title="Afvist")
    esc.escalation_reject(escalation=rejected, by=None, reason="Dublet.", version=rejected.version)
    assigned = raise_case(world, title="Hos TMF")
    esc.escalation_assign(escalation=assigned, department=world["tmf"], by=None, version=assigned.version)
    june = datetime.datetime(2012, 6, 10, 12, tzinfo=datetime.UTC)
    Escalation.objects.filter(pk=raise_case(world, title="I juni").pk).update(created=june)
    values = {"tmf": world["tmf"].pk, "other": world["other_initiative"].pk}
    params = {k: values.get(v, v) for k, v in params.items()}
    response = client_for("administrator").get(LIST, {"alle": "1", **params})  # sees the other initiative
    assert titles(response) == found


def test_filtering_by_department_or_theme_does_not_reveal_title_only_cases(world, users, sjakket, client_for):
    case = world["escalation"]
    esc.escalation_assign(escalation=case, department=world["tmf"], by=None, version=case.version)
    client = client_for("anonymous")
    client.force_login(sjakket)
    assert case.title in titles(client.get(LIST, {"alle": "1"}))
    assert not titles(client.get(LIST, {"alle": "1", "assigned": world["tmf"].pk}))
    assert not titles(client.get(LIST, {"alle": "1", "theme": case.theme}))


def test_paging_keeps_the_view_and_the_filters(world, users, client_for):
    for i in range(30):
        raise_case(world, title=f"Sag {i}", theme="health")
    html = client_for("chief").get(LIST, {"alle": "1", "theme": "health"}).content.decode()
    assert "alle=1&amp;theme=health&amp;page=2" in html


def test_the_inbox_and_the_queue_filter_by_theme_and_period(world, users, client_for):
    case = world["escalation"]
    health = raise_case(world, title="Sundhed", theme="health")
    for c in (case, health):
        c.refresh_from_db()
        esc.escalation_assign(escalation=c, department=world["tmf"], by=None, version=c.version)
    for role, url in (("chief", "dialogue:escalation_inbox"), ("liaison", "dialogue:escalation_queue")):
        response = client_for(role).get(reverse(url), {"theme": "health"})
        assert titles(response) == {"Sundhed"}
        response = client_for(role).get(reverse(url), {"raised_from": "2099-01-01"})
        assert titles(response) == set()
