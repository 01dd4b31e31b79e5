"""Query budgets for the dialogue pages: the same count at a few and at hundreds of rows."""

import datetime

import pytest
from django.urls import reverse

from actors.models import Organisation, Person
from dialogue.meetings import services
from dialogue.models import AgendaItem, Invitation, Meeting, MeetingPaper, Outcome
from tests.conftest import assert_query_budget


def add_meetings(world, n, start=0):
    base = world["meeting"].start
    meetings = Meeting.objects.bulk_create(
        Meeting(
            initiative=world["initiative"],
            body=world["body"],
            kind="dialogue_platform",
            title=f"Belysning møde {i}",
            start=base + datetime.timedelta(days=i + 1),
            end=base + datetime.timedelta(days=i + 1, hours=2),
            minutes_status="published",
        )
        for i in range(start, start + n)
    )
    Invitation.objects.bulk_create(Invitation(meeting=m, organisation=world["askov"]) for m in meetings)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=m, position=1, title="Belysning", minutes="Belysning i gården", owner_organisation=world["askov"]
        )
        for m in meetings
    )
    Outcome.objects.bulk_create(
        Outcome(
            agenda_item=i,
            kind="action",
            text="Belysning undersøges",
            owner_organisation=world["askov"],
            due=datetime.date(2013, 1, 1),
        )
        for i in items
    )
    for m in meetings[:5]:  # a few with real search vectors through the service path
        for item in m.agenda_items.all():
            services.refresh_search_vectors(item=item)


def grow_meeting(world, n, start=0):
    meeting = world["meeting"]
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Org {i}", kind="other") for i in range(start, start + n)
    )
    people = Person.objects.bulk_create(Person(name=f"Deltager {i}") for i in range(start, start + n))
    Invitation.objects.bulk_create(Invitation(meeting=meeting, organisation=o) for o in orgs)
    Invitation.objects.bulk_create(Invitation(meeting=meeting, person=p) for p in people)
    first = meeting.agenda_items.count() + 1
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=first + i,
            title=f"Punkt {i}",
            owner_person=people[i % len(people)],
            themes=["health"],
        )
        for i in range(min(n, 60))
    )
    Outcome.objects.bulk_create(
        Outcome(
            agenda_item=i,
            kind=k,
            text=f"{k} {i.pk}",
            owner_organisation=orgs[0],
            due=datetime.date(2013, 1, 1),
            decided_by=world["body"],
        )
        for i in items
        for k in ("decision", "action")
    )
    MeetingPaper.objects.bulk_create(  # papers for the meeting and for items
        MeetingPaper(
            meeting=meeting,
            agenda_item=item,
            file="meetings/x",
            original_name="Bilag.pdf",
            content_type="application/pdf",
            size=1000,
        )  # fmt: skip
        for item in [None, *items[:20]]
    )


PAGES = {
    "meeting list": (lambda w: reverse("dialogue:meeting_list"), add_meetings, 11),
    "meeting list filtered": (
        lambda w: reverse("dialogue:meeting_list") + f"?initiative={w['initiative'].pk}&when=past&q=m",
        add_meetings,
        12,
    ),
    # +3 for papers: the papers with their uploaders, the user's own invitations, the upload form's item list.
    "meeting page": (lambda w: w["meeting"].get_absolute_url(), grow_meeting, 24),
    "meeting print": (lambda w: reverse("dialogue:meeting_print", args=[w["meeting"].pk]), grow_meeting, 16),
    "action list": (lambda w: reverse("dialogue:action_list") + "?scope=all", add_meetings, 12),
    # Search: 15 for meetings and minutes, 1 for the case and walk sources finding nothing here.
    "search": (lambda w: reverse("dialogue:search") + "?q=belysning", add_meetings, 16),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", ["chief", "coordinator"])
def test_dialogue_page_query_count_does_not_grow_with_data(page, role, world, users, client_for):
    url_for, grow, budget = PAGES[page]
    client = client_for(role)
    grow(world, 10)
    assert_query_budget(client, url_for(world), lambda: grow(world, 290, start=10), budget)
