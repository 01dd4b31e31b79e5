"""Query budgets: each page costs the same number of queries at 10 and at 500 rows."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actors.models import Area, Body, Engagement, Organisation, Person, Role, Seat
from tests.conftest import assert_query_budget


def add_rows(world, n, start=0):
    """n more of everything a page lists, attached to the world's objects."""
    rng = range(start, start + n)
    areas = Area.objects.bulk_create(
        Area(name=f"Kvarter {i}", kind=Area.Kind.QUARTER, parent=world["area"]) for i in rng
    )
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Forening {i}", kind=Organisation.Kind.OTHER, parent=world["askov"]) for i in rng
    )
    Organisation.areas.through.objects.bulk_create(
        Organisation.areas.through(organisation=o, area=a) for o, a in zip(orgs, areas, strict=True)
    )
    Organisation.areas.through.objects.bulk_create(
        Organisation.areas.through(organisation=o, area=world["area"]) for o in orgs
    )
    people = Person.objects.bulk_create(Person(name=f"Person {i}", organisation=world["askov"]) for i in rng)
    Seat.objects.bulk_create(
        Seat(person=p, body=world["body"], kind=Seat.Kind.RESIDENT, representing=world["askov"]) for p in people
    )
    Seat.objects.bulk_create(
        Seat(
            person=world["person"],
            body=world["body"],
            kind=Seat.Kind.OTHER,
            start=datetime.date(2000, 1, 1) + datetime.timedelta(days=i),
        )
        for i in rng
    )
    Body.objects.bulk_create(
        Body(name=f"Netværk {i}", kind=Body.Kind.NETWORK, reports_to=world["body"], organisation=world["askov"])
        for i in rng
    )
    Engagement.objects.bulk_create(
        Engagement(
            initiative=world["initiative"],
            organisation=o,
            start=datetime.date(2011, 3, 1),
            professional_fields=["health"],
        )
        for o in orgs
    )
    users = get_user_model().objects.bulk_create(get_user_model()(username=f"bruger{i}") for i in rng)
    Role.objects.bulk_create(Role(user=u, kind=Role.Kind.OBSERVER, organisation=world["askov"]) for u in users)


PAGES = {
    "home": (lambda w: reverse("home"), 11),  # includes the attention counts (hotspot/attention.py)
    "directory": (lambda w: reverse("actors:directory"), 11),
    "directory filtered": (
        lambda w: reverse("actors:directory") + f"?q=Forening&area={w['area'].pk}&initiative={w['initiative'].pk}",
        13,
    ),
    "organisation": (lambda w: w["askov"].get_absolute_url(), 21),  # incl. what it took over from closed initiatives
    "area list": (lambda w: reverse("actors:area_list"), 8),
    "area": (lambda w: w["area"].get_absolute_url(), 11),
    "governance chart": (lambda w: reverse("actors:governance_chart"), 7),
    "body": (lambda w: w["body"].get_absolute_url(), 11),
    "person list": (lambda w: reverse("actors:person_list"), 8),
    "person": (lambda w: w["person"].get_absolute_url(), 9),
    "initiative list": (lambda w: reverse("actors:initiative_list"), 9),
    "initiative": (lambda w: w["initiative"].get_absolute_url(), 14),
    "user list": (lambda w: reverse("actors:user_list"), 9),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_query_count_does_not_grow_with_data(page, world, users, client_for):
    url_for, budget = PAGES[page]
    client = client_for("administrator")
    add_rows(world, 10)
    assert_query_budget(client, url_for(world), lambda: add_rows(world, 490, start=10), budget)
