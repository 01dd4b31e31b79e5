"""Query budgets for the escalation pages at two data sizes."""

import datetime

import pytest
from django.urls import reverse

from dialogue.escalations import services as esc
from dialogue.models import Attachment, Escalation, EscalationEvent
from tests.conftest import assert_query_budget


def add_escalations(world, n, start=0):
    today = datetime.date(2012, 6, 1)
    cases = Escalation.objects.bulk_create(
        Escalation(
            initiative=world["initiative"],
            organisation=world["askov"],
            title=f"Sag {i}",
            description="Mørkt",
            theme="physical_environment",
            status="assigned",
            assigned_department=world["tmf"],
            ack_due=today,
            resolve_due=today + datetime.timedelta(days=i),
            sla_due=today + datetime.timedelta(days=i),
        )
        for i in range(start, start + n)
    )
    EscalationEvent.objects.bulk_create(
        EscalationEvent(escalation=c, kind="assigned", department=world["tmf"]) for c in cases
    )


def grow_case(world, n, start=0):
    case = world["escalation"]
    EscalationEvent.objects.bulk_create(
        EscalationEvent(escalation=case, kind=kind, text=f"Tekst {i}", department=world["tmf"], other=case)
        for i in range(start, start + n)
        for kind in ("comment", "question")
    )
    Attachment.objects.bulk_create(
        Attachment(escalation=case, file="escalations/x", original_name=f"{i}.png", content_type="image/png", size=10)
        for i in range(start, start + n)
    )
    for i in range(start, start + min(n, 5)):  # more open cases in the initiative for the merge list
        esc.escalation_raise(
            initiative=world["initiative"],
            organisation=world["askov"],
            by=None,
            data={"title": f"Anden sag {i}", "description": "x", "theme": "health"},
        )


# The inbox and the queue: 9, plus 2 for the initiative filter's choices (the dashboards' drill-down);
# the inbox 2 more for the assigned-department filter's choices.
PAGES = {
    "inbox": ("chief", lambda w: reverse("dialogue:escalation_inbox"), add_escalations, 13),
    "inbox breached": (
        "chief",
        lambda w: reverse("dialogue:escalation_inbox") + "?breached=on&level=1",
        add_escalations,
        13,
    ),
    "department queue": ("liaison", lambda w: reverse("dialogue:escalation_queue"), add_escalations, 11),
    # The case list, in each of its views: the filter form costs 2 (initiative and department choices).
    "my escalations": ("coordinator", lambda w: reverse("dialogue:escalation_list"), add_escalations, 12),
    "all cases, filtered": (
        "coordinator",
        lambda w: reverse("dialogue:escalation_list") + "?alle=1&tilstand=aabne&theme=physical_environment&level=1",
        add_escalations,
        12,
    ),
    "all cases, observer": ("observer", lambda w: reverse("dialogue:escalation_list") + "?alle=1", add_escalations, 12),
    "case page": ("chief", lambda w: w["escalation"].get_absolute_url(), grow_case, 20),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_escalation_page_query_count_does_not_grow_with_data(page, world, users, client_for):
    role, url_for, grow, budget = PAGES[page]
    client = client_for(role)
    grow(world, 10)
    assert_query_budget(client, url_for(world), lambda: grow(world, 290, start=10), budget)
