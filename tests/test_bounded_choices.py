"""No page offers an unbounded choice list: with a crowded directory, every <select> stays short.

A municipality running a hundred initiatives has thousands of organisations, people, bodies, cases
and meetings. The test crowds each of those tables with more rows than any select may list, then
opens every page of the access table as the roles that see the most forms (administrator, chief) and
counts the options of every select. Long lists belong in a search (actors.lookup) or a short list
of what makes sense (the same initiative and theme, the next meetings of the right body).
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from actors.lookup import CHOICES_LIMIT
from actors.models import Area, Body, Organisation, Person, Seat
from dialogue.models import Escalation, Meeting
from tests.test_access_table import ACCESS, build_url

CROWD = CHOICES_LIMIT + 25


class _Selects(HTMLParser):
    def __init__(self):
        super().__init__()
        self.counts, self._current = {}, None

    def handle_starttag(self, tag, attrs):
        if tag == "select":
            self._current = dict(attrs).get("name") or dict(attrs).get("id") or "?"
            self.counts[self._current] = 0
        elif tag == "option" and self._current is not None:
            self.counts[self._current] += 1

    def handle_endtag(self, tag):
        if tag == "select":
            self._current = None


def select_sizes(html):
    parser = _Selects()
    parser.feed(html)
    return parser.counts


@pytest.fixture
def crowd(world):
    """CROWD more organisations, people, bodies (with a current member), areas, users, open cases of the
    world's case's initiative and theme, and upcoming meetings of the steering group."""
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Forening {n:03d}", kind=Organisation.Kind.SELF_GOVERNING_INSTITUTION) for n in range(CROWD)
    )
    people = Person.objects.bulk_create(Person(name=f"Person {n:03d}", organisation=orgs[n]) for n in range(CROWD))
    bodies = Body.objects.bulk_create(
        Body(name=f"Lokalråd {n:03d}", kind=Body.Kind.STEERING_GROUP) for n in range(CROWD)
    )
    Seat.objects.bulk_create(
        Seat(person=people[n], body=bodies[n], kind=Seat.Kind.ADMINISTRATIVE, start=datetime.date(2011, 1, 1))
        for n in range(CROWD)
    )
    Area.objects.bulk_create(Area(name=f"Boligområde {n:03d}", kind=Area.Kind.QUARTER) for n in range(CROWD))
    get_user_model().objects.bulk_create(get_user_model()(username=f"bruger{n:03d}") for n in range(CROWD))
    case = world["escalation"]
    for n in range(CROWD):
        case.pk, case.id, case.title = None, None, f"Dublet {n:03d}"
        case.save()
    meeting = Meeting.objects.get(pk=world["meeting"].pk)
    start = timezone.now() + datetime.timedelta(days=1)
    for n in range(CROWD):
        meeting.pk, meeting.id = None, None
        meeting.start, meeting.end = start + datetime.timedelta(days=n), start + datetime.timedelta(days=n, hours=2)
        meeting.title = f"Dialogplatform {n:03d}"
        meeting.save()
    assert Escalation.objects.open().filter(initiative=world["initiative"], theme=case.theme).count() > CROWD


@pytest.mark.parametrize("role", ["administrator", "chief"])
def test_no_page_offers_more_than_the_limit_of_choices_in_one_select(role, crowd, world, users, client_for):
    client = client_for(role)
    too_long = []
    for name in ACCESS:
        response = client.get(build_url(name, world, users))
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        for select, n in select_sizes(response.content.decode()).items():
            if n > CHOICES_LIMIT:
                too_long.append(f"{name}: <select name={select}> has {n} options")
    assert not too_long, "\n".join(too_long)
