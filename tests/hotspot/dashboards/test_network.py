"""The collaboration network: edges from joint attendance and joint action items, the isolated, the page."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone

from actors.models import Engagement
from dialogue.meetings import services as meetings
from dialogue.models import Invitation
from hotspot.dashboards.network import collaboration_network
from hotspot.dashboards.period import Period

D = datetime.date
Y2012 = Period(D(2012, 1, 1), D(2012, 12, 31))


def _meeting(world, day, present, absent=()):
    start = timezone.make_aware(datetime.datetime(2012, 9, day, 9))
    meeting = meetings.meeting_create(
        data={"initiative": world["initiative"], "kind": "dialogue_platform", "title": f"Møde {day}",
              "start": start, "end": start + datetime.timedelta(hours=2)},
        by=None,
    )  # fmt: skip
    meetings.invite(meeting=meeting, organisations=[*present, *absent])
    Invitation.objects.filter(meeting=meeting, organisation__in=present).update(attendance="present")
    Invitation.objects.filter(meeting=meeting, organisation__in=absent).update(attendance="absent")
    return meeting


def _network(world):
    """Askovgården and TMF meet twice, BUF is invited once and stays away; TMF owns one action item on an
    item Askovgården presented, and BUF one on its own item (no edge: nobody else is involved)."""
    w = world
    Engagement.objects.create(initiative=w["initiative"], organisation=w["buf"], start=D(2011, 3, 1))
    first = _meeting(w, 3, [w["askov"], w["tmf"]], [w["buf"]])
    _meeting(w, 17, [w["askov"], w["tmf"]])
    item = meetings.agenda_item_add(meeting=first, data={"title": "Lys i gården", "owner_organisation": w["askov"]})
    meetings.outcome_add(
        item=item,
        data={"kind": "action", "text": "Sæt lamper op", "owner_organisation": w["tmf"], "due": D(2012, 10, 1)},
    )
    own = meetings.agenda_item_add(meeting=first, data={"title": "Klubtider", "owner_organisation": w["buf"]})
    meetings.outcome_add(
        item=own, data={"kind": "action", "text": "Udvid tider", "owner_organisation": w["buf"], "due": D(2012, 10, 1)}
    )


def test_edges_weigh_joint_meetings_and_joint_action_items(world):
    _network(world)
    net = collaboration_network(world["initiative"], Y2012)
    assert [(e.a.name, e.b.name, e.meetings, e.actions) for e in net.edges] == [
        ("Teknik- og Miljøforvaltningen", "Askovgården", 2, 1)
    ] or [(e.b.name, e.a.name, e.meetings, e.actions) for e in net.edges] == [
        ("Teknik- og Miljøforvaltningen", "Askovgården", 2, 1)
    ]
    by_name = {n.name: n for n in net.nodes}
    # The May meeting of the world fixture: Askovgården invited, attendance not recorded, so not present.
    assert by_name["Askovgården"].meetings == 2 and by_name["Askovgården"].partners == 1
    assert by_name["Teknik- og Miljøforvaltningen"].weight == 3
    assert [n.name for n in net.isolated] == ["Børne- og Ungdomsforvaltningen"]
    assert "Sjakket" not in by_name  # engaged in the other initiative only
    assert net.nodes[0].weight == 3 and net.nodes[-1].name == "Børne- og Ungdomsforvaltningen"


def test_an_empty_period_shows_everyone_engaged_as_isolated(world):
    _network(world)
    net = collaboration_network(world["initiative"], Period(D(2011, 4, 1), D(2011, 4, 30)))
    assert net.edges == []
    assert {n.name for n in net.isolated} == {
        "Teknik- og Miljøforvaltningen",
        "Askovgården",
        "Børne- og Ungdomsforvaltningen",
    }


def test_layout_keeps_every_drawn_node_inside_the_drawing(world):
    _network(world)
    net = collaboration_network(world["initiative"], Y2012)
    for n in net.drawn:
        assert 0 < n.x < net.width and 0 < n.y < net.height
        assert 0 < n.label_x < net.width and 0 < n.label_y < net.height
    alone = next(n for n in net.drawn if n.isolated)
    assert alone.y > max(n.y for n in net.drawn if not n.isolated)  # the isolated row is at the bottom


def test_network_page_export_and_drill_down(world, client_for):
    from openpyxl import load_workbook

    _network(world)
    world["initiative"].closed_at = timezone.now()  # an ended initiative's network stays readable
    world["initiative"].save()
    client = client_for("observer")
    pk = world["initiative"].pk
    page = client.get(reverse("hotspot:network", args=[pk]) + "?period=all")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Uden samarbejde i perioden" in html and "Børne- og Ungdomsforvaltningen" in html
    xlsx = client.get(reverse("hotspot:network_export", args=[pk, "samarbejde", "xlsx"]) + "?period=all")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][2:] == (2, 1, 3)
    assert client.get(reverse("hotspot:network_export", args=[pk, "nope", "csv"])).status_code == 404
    # The "meetings attended" number leads to the meeting list filtered to the organisation's attendance.
    meetings_url = reverse("dialogue:meeting_list")
    assert f"{meetings_url}?initiative={pk}&present={world['askov'].pk}" in html
    listed = client.get(f"{meetings_url}?initiative={pk}&present={world['buf'].pk}").content.decode()
    assert "Ingen møder at vise" in listed and "hvor Børne- og Ungdomsforvaltningen var til stede" in listed
    listed = client.get(f"{meetings_url}?initiative={pk}&present={world['askov'].pk}").content.decode()
    assert "2 møder" in listed


def test_network_query_count_does_not_grow_with_data(world, client_for):
    from tests.conftest import assert_query_budget

    def grow():
        _network(world)
        for day in range(4, 14):
            _meeting(world, day, [world["askov"], world["tmf"], world["buf"]])

    url = reverse("hotspot:network", args=[world["initiative"].pk]) + "?period=all"
    assert_query_budget(client_for("administrator"), url, grow, 13)


def test_a_period_where_nobody_met_draws_only_the_isolated_row(world):
    net = collaboration_network(world["initiative"], Period(D(2011, 4, 1), D(2011, 4, 30)))
    assert net.drawn and all(n.isolated for n in net.drawn)


def test_the_page_lists_the_strongest_links_and_the_export_has_them_all(world, client_for, monkeypatch):
    from openpyxl import load_workbook

    from hotspot.dashboards import network

    _network(world)
    _meeting(world, 20, [world["buf"], world["tmf"]])  # a second, weaker link
    monkeypatch.setattr(network, "MAX_LISTED_EDGES", 1)
    client = client_for("administrator")
    pk = world["initiative"].pk
    html = client.get(reverse("hotspot:network", args=[pk]) + "?period=all").content.decode()
    assert "De 1 stærkeste af 2 forbindelser" in html
    xlsx = client.get(reverse("hotspot:network_export", args=[pk, "samarbejde", "xlsx"]) + "?period=all")
    assert len(list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))) == 3  # header + 2
