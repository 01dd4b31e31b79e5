"""The front page lists what needs the user's attention, with links."""

import datetime

from django.urls import reverse

from dialogue.models import Escalation
from tests.conftest import assert_query_budget


def test_the_chief_sees_open_and_overdue_cases(world, users, client_for):
    Escalation.objects.filter(pk=world["escalation"].pk).update(sla_due=datetime.date(2012, 1, 2))
    page = client_for("chief").get(reverse("home")).content.decode()
    assert "Åbne sager i indbakken</a>: <strong>1</strong>" in page
    assert 'Sager med overskredet frist</a>: <strong class="count-urgent">1</strong>' in page


def test_the_coordinator_sees_the_open_survey_round_to_answer(world, users, client_for):
    page = client_for("coordinator").get(reverse("home")).content.decode()
    assert "Spørgeskemaer om samarbejdet, du kan besvare" in page
    assert reverse("evaluation:survey_answer", args=[world["survey_round"].pk]) in page


def test_a_stranger_sees_no_attention_items(world, users, client_for):
    page = client_for("stranger").get(reverse("home")).content.decode()
    assert "Det kræver din opmærksomhed" not in page


def test_the_front_page_query_count_does_not_grow(world, users, client_for):
    from dialogue.escalations import services as escalations

    def grow(n):
        for i in range(n):
            escalations.escalation_raise(
                initiative=world["initiative"],
                organisation=world["askov"],
                by=None,
                data={"title": f"Sag {i}", "description": "x", "theme": "health"},
            )

    grow(2)
    assert_query_budget(client_for("coordinator"), reverse("home"), lambda: grow(20), 16)
