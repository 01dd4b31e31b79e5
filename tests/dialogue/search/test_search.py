"""Find things again: full-text search over meetings, agenda items, minutes and outcomes."""

import datetime

import pytest
from django.urls import reverse

from dialogue.models import AgendaItem, Invitation, Meeting, Outcome
from dialogue.search import services as search_module
from dialogue.search.services import _plain_snippet, refresh_search_vectors, search
from tests.conftest import assert_query_budget

START = datetime.datetime(2012, 5, 10, 15, 0, tzinfo=datetime.UTC)
PUBLISHED = Meeting.MinutesStatus.PUBLISHED


def make_meeting(initiative, *, title="Dialogplatform", start=START, status="draft", invite=None, **extra):
    meeting = Meeting.objects.create(
        initiative=initiative,
        kind="dialogue_platform",
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=2),
        minutes_status=status,
        **extra,
    )
    if invite is not None:
        Invitation.objects.create(meeting=meeting, organisation=invite)
    refresh_search_vectors(meeting=meeting)
    return meeting


def make_item(meeting, title="Punkt", minutes="", position=None, **extra):
    position = position or meeting.agenda_items.count() + 1
    item = AgendaItem.objects.create(meeting=meeting, position=position, title=title, minutes=minutes, **extra)
    refresh_search_vectors(item=item)
    return item


def make_outcome(item, text, kind="decision", **extra):
    outcome = Outcome.objects.create(agenda_item=item, kind=kind, text=text, **extra)
    refresh_search_vectors(outcome=outcome)
    return outcome


def titles(results):
    return [r.title for r in results]


@pytest.fixture
def meeting(world):
    return make_meeting(world["initiative"], invite=world["askov"])


def test_belysningen_finds_agenda_item_whose_minutes_say_belysning(users, meeting):
    item = make_item(meeting, "Stien ved skolen", minutes="Der mangler belysning på stien.")

    results = search(users["chief"], "belysningen")

    found = [r for r in results if r.title == str(item)]
    assert [(r.kind, r.url) for r in found] == [("agenda_item", item.get_absolute_url())]


def test_results_are_ranked_with_title_matches_before_minutes_matches(users, meeting):
    make_item(meeting, "Referat fra sidst", minutes="Kort om graffiti ved banen.")
    make_item(meeting, "Graffiti i parken", minutes="Drøftet.")

    results = search(users["chief"], "graffiti")

    assert titles(results) == ["2. Graffiti i parken", "1. Referat fra sidst"]
    assert results[0].rank > results[1].rank


def test_matched_words_are_wrapped_in_mark(users, meeting):
    make_item(meeting, minutes="Politiet oplyser, at graffitien i gården er repareret.")

    [result] = search(users["chief"], "graffiti")

    assert "<mark>graffitien</mark>" in result.snippet


def test_html_in_minutes_is_escaped_in_the_snippet(users, meeting):
    make_item(meeting, minutes='Graffiti <script>alert("x")</script> & mere')

    [result] = search(users["chief"], "graffiti")

    assert "<script>" not in result.snippet
    assert "&lt;script&gt;" in result.snippet
    assert "&amp; mere" in result.snippet
    assert result.snippet.startswith("<mark>Graffiti</mark>")


def test_invited_coordinator_does_not_find_draft_minutes(users, meeting):
    make_item(meeting, minutes="Graffiti drøftet.")

    assert search(users["coordinator"], "graffiti") == []


def test_chief_finds_draft_minutes(users, meeting):
    make_item(meeting, minutes="Graffiti drøftet.")
    make_outcome(meeting.agenda_items.get(), "Graffitien fjernes.")

    assert {r.kind for r in search(users["chief"], "graffiti")} == {"agenda_item", "decision"}


def test_invited_coordinator_finds_published_minutes_and_outcomes(users, world):
    published = make_meeting(world["initiative"], status=PUBLISHED, invite=world["askov"])
    item = make_item(published, minutes="Graffiti drøftet.")
    make_outcome(
        item, "TMF fjerner graffiti.", kind="action", owner_organisation=world["tmf"], due=datetime.date(2012, 6, 1)
    )

    assert {r.kind for r in search(users["coordinator"], "graffiti")} == {"agenda_item", "action"}


def test_invited_coordinator_finds_the_meeting_itself_while_its_minutes_are_draft(users, world):
    make_meeting(world["initiative"], title="Tryghedsvandring", invite=world["askov"])

    assert [r.kind for r in search(users["coordinator"], "tryghedsvandring")] == ["meeting"]


def test_observer_does_not_find_draft_minutes_but_finds_published(users, world):
    make_item(make_meeting(world["initiative"]), minutes="Graffiti i kladde.")
    make_item(make_meeting(world["initiative"], status=PUBLISHED), minutes="Graffiti offentliggjort.")

    [result] = search(users["observer"], "graffiti")

    assert "offentliggjort" in result.snippet


def test_chief_does_not_find_a_meeting_of_another_initiative(users, world):
    other = make_meeting(world["other_initiative"], title="Graffiti i Ydre", status=PUBLISHED)
    make_item(other, "Graffiti", minutes="Graffiti.")

    assert search(users["chief"], "graffiti") == []
    assert len(search(users["administrator"], "graffiti")) == 2


def test_filter_by_initiative(users, world):
    make_item(make_meeting(world["initiative"]), "Graffiti Indre")
    make_item(make_meeting(world["other_initiative"]), "Graffiti Ydre")

    results = search(users["administrator"], "graffiti", initiative=world["initiative"])

    assert titles(results) == ["1. Graffiti Indre"]


def test_filter_by_theme_matches_items_and_outcomes_with_the_theme(users, meeting):
    lit = make_item(meeting, "Graffiti", themes=["physical_environment"])
    make_item(meeting, "Graffiti til fodboldbanen", themes=["culture_leisure"])
    make_outcome(lit, "Maling mod graffiti bestilt.")  # inherits the item's theme
    make_outcome(make_item(meeting, "Diverse"), "Graffiti i hallen.", themes=["physical_environment"])

    results = search(users["chief"], "graffiti", theme="physical_environment")

    assert sorted((r.kind, r.title) for r in results) == [
        ("agenda_item", "1. Graffiti"),
        ("decision", "1. Graffiti"),
        ("decision", "3. Diverse"),
    ]


def test_filter_by_period_uses_the_meeting_start(users, world):
    make_item(make_meeting(world["initiative"], start=START), "Graffiti maj 2012")
    make_item(make_meeting(world["initiative"], start=START.replace(year=2013)), "Graffiti maj 2013")

    results = search(
        users["chief"], "graffiti", date_from=datetime.date(2013, 1, 1), date_to=datetime.date(2013, 12, 31)
    )

    assert titles(results) == ["1. Graffiti maj 2013"]


def test_without_full_text_search_falls_back_to_substrings_with_the_same_rules(monkeypatch, users, world):
    # The laptop default (SQLite) has no tsvector; the fallback must keep access, theme and escaping.
    monkeypatch.setattr(search_module, "full_text_available", lambda: False)
    meeting = make_meeting(world["initiative"], status=PUBLISHED, invite=world["askov"])
    make_item(meeting, "Stien", minutes="Ny <b>graffiti</b> på stien.", themes=["physical_environment"])
    make_item(make_meeting(world["initiative"], invite=world["askov"]), "Graffiti i kladde")

    [result] = search(users["coordinator"], "graffiti", theme="physical_environment")

    assert result.snippet == "Ny &lt;b&gt;<mark>graffiti</mark>&lt;/b&gt; på stien."
    assert len(search(users["chief"], "GRAFFITI")) == 2


def test_plain_snippet_cuts_long_text_around_the_first_match():
    import re

    text = "a" * 300 + " Graffiti " + "b" * 300

    snippet = _plain_snippet(text, re.compile("graffiti", re.IGNORECASE))

    assert snippet.startswith("… a") and snippet.endswith("b …")
    assert "<mark>Graffiti</mark>" in snippet


# The page ---------------------------------------------------------------------


def test_search_page_shows_escaped_snippets_with_marks(client_for, meeting):
    make_item(meeting, "Stien", minutes="Graffiti <img src=x onerror=alert(1)> mangler.")

    response = client_for("chief").get(reverse("dialogue:search"), {"q": "graffitien"})

    assert response.status_code == 200
    assert b"<mark>Graffiti</mark>" in response.content
    assert b"<img src=x" not in response.content
    assert b"&lt;img src=x" in response.content


def test_search_page_without_a_query_shows_help_instead_of_results(client_for, meeting):
    response = client_for("coordinator").get(reverse("dialogue:search"))

    assert response.status_code == 200
    assert "bøjede former" in response.content.decode()


def test_search_page_answers_a_bad_date_with_a_form_error(client_for, meeting):
    response = client_for("chief").get(reverse("dialogue:search"), {"q": "graffiti", "from": "31.02.2012"})

    assert response.status_code == 200
    assert "from" in response.context["form"].errors


def test_search_page_refuses_a_period_that_ends_before_it_starts(client_for, meeting):
    response = client_for("chief").get(reverse("dialogue:search"), {"q": "x", "from": "2013-01-01", "to": "2012-01-01"})

    assert "to" in response.context["form"].errors


def test_search_page_offers_only_visible_initiatives(client_for, world):
    response = client_for("chief").get(reverse("dialogue:search"))

    assert list(response.context["form"].fields["initiative"].queryset) == [world["initiative"]]


def test_stranger_gets_404_from_search(client_for, world):
    assert client_for("stranger").get(reverse("dialogue:search"), {"q": "graffiti"}).status_code == 404


def test_search_page_query_count_is_the_same_for_5_and_100_matching_rows(client_for, world):
    meetings = [
        make_meeting(world["initiative"], title=f"Graffiti {n}", start=START.replace(day=n + 1)) for n in range(5)
    ]
    for m in meetings:
        make_outcome(make_item(m, "Graffiti", minutes="Graffiti."), "Graffiti.")

    def grow():
        for n in range(95):
            m = make_meeting(world["initiative"], title=f"Graffiti {n}", start=START + datetime.timedelta(days=30 + n))
            make_outcome(make_item(m, "Graffiti", minutes="Graffiti."), "Graffiti.")

    url = reverse("dialogue:search") + "?q=graffiti&page=2"
    # 15 for meetings and minutes, 3 for the escalation and safety-walk groups finding nothing here.
    assert_query_budget(client_for("chief"), url, grow, budget=18)
