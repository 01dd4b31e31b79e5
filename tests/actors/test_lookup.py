"""Lookup selects: the search endpoint, and a typed name resolved without JavaScript."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actors.lookup import MATCHES
from actors.models import Organisation
from dialogue.escalations import services as esc
from dialogue.models import Escalation, Invitation, LadderLevel
from tests.test_bounded_choices import select_sizes


def lookup(client, kind, q):
    return client.get(reverse("actors:lookup", args=[kind]), {"q": q})


def test_the_search_answers_matching_rows_by_name_at_most_a_page_and_says_there_are_more(world, users, client_for):
    Organisation.objects.bulk_create(
        Organisation(name=f"Boligforening {n:02d}", kind=Organisation.Kind.HOUSING_ORGANISATION)
        for n in range(MATCHES + 5)
    )
    client = client_for("coordinator")
    data = lookup(client, "organisation", "boligfor").json()
    assert len(data["results"]) == MATCHES and data["more"] is True
    assert data["results"][0]["label"] == "Boligforening 00"
    # Every word must match somewhere; a short query answers nothing.
    assert [r["label"] for r in lookup(client, "organisation", "forening 07").json()["results"]] == ["Boligforening 07"]
    assert lookup(client, "organisation", "a").json() == {"results": [], "more": False}
    assert [r["label"] for r in lookup(client, "organisation", "TMF").json()["results"]] == [world["tmf"].name]


def test_users_are_looked_up_by_those_who_run_an_initiative_and_only_active_accounts(world, users, client_for):
    get_user_model().objects.create(username="gammel-chef", first_name="Gammel", is_active=False)
    assert lookup(client_for("coordinator"), "user", "chef").status_code == 403
    assert lookup(client_for("liaison"), "user", "chef").status_code == 403
    labels = [r["label"] for r in lookup(client_for("chief"), "user", "chief").json()["results"]]
    assert labels and not any("gammel" in label for label in labels)
    assert lookup(client_for("administrator"), "nothing", "ab").status_code == 404


def test_a_typed_name_without_javascript_is_taken_when_one_matches(world, users, client_for):
    client = client_for("chief")
    url = reverse("dialogue:attendance", args=[world["meeting"].pk])
    response = client.post(url, {"add_attendee": "1", "add-organisation__q": "teknik- og miljø", "add-walk_in": "on"})
    assert response.status_code == 302
    assert world["meeting"].invitations.get(organisation=world["tmf"]).attendance == Invitation.Attendance.PRESENT


def test_an_ambiguous_or_unknown_name_comes_back_with_the_matches_to_choose_from_and_nothing_saved(
    world, users, client_for
):
    client = client_for("chief")
    url = reverse("dialogue:attendance", args=[world["meeting"].pk])
    before = world["meeting"].invitations.count()
    response = client.post(url, {"add_attendee": "1", "add-organisation__q": "forvaltningen", "add-walk_in": "on"})
    page = response.content.decode()
    assert response.status_code == 200 and "Flere passer til »forvaltningen«" in page
    assert select_sizes(page)["add-organisation"] == 3  # "none chosen" and the two departments
    assert 'value="forvaltningen"' in page  # the typed text is kept in the search box
    response = client.post(url, {"add_attendee": "1", "add-organisation__q": "Ukendt Forening"})
    assert "Ingen passer til »Ukendt Forening«" in response.content.decode()
    assert world["meeting"].invitations.count() == before


def test_the_chosen_value_wins_over_typed_text_and_is_validated_against_the_fields_own_list(world, users, client_for):
    client = client_for("chief")
    url = reverse("dialogue:attendance", args=[world["meeting"].pk])
    response = client.post(url, {"add_attendee": "1", "add-organisation": "999999", "add-organisation__q": "TMF"})
    assert response.status_code == 200 and not world["meeting"].invitations.filter(organisation=world["tmf"]).exists()


@pytest.fixture
def duplicate(world):
    return esc.escalation_raise(
        initiative=world["initiative"],
        organisation=world["askov"],
        by=None,
        data={"title": "Mørk gård igen", "description": "Samme lamper.", "theme": "children_youth"},
    )


def test_a_case_of_another_theme_is_merged_by_its_number(world, users, client_for, duplicate):
    original = world["escalation"]  # physical environment: not in the duplicate's shortlist
    client = client_for("chief")
    page = client.get(duplicate.get_absolute_url()).content.decode()
    assert select_sizes(page)["saml-into"] == 1  # only "choose": no other open case has this theme
    response = client.post(
        reverse("dialogue:escalation_merge", args=[duplicate.pk]),
        {"saml-version": duplicate.version, "saml-number": original.pk},
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == original.pk and duplicate.status == Escalation.Status.MERGED


def test_a_number_that_is_no_open_case_of_the_initiative_is_refused(world, users, client_for, duplicate):
    LadderLevel.objects.create(initiative=world["other_initiative"], level=1, name="Lokalt", ack_days=2, resolve_days=9)
    elsewhere = esc.escalation_raise(
        initiative=world["other_initiative"],
        organisation=world["other_org"],
        by=None,
        data={"title": "Andet sted", "description": "x", "theme": "children_youth"},
    )
    client = client_for("administrator")
    response = client.post(
        reverse("dialogue:escalation_merge", args=[duplicate.pk]),
        {"saml-version": duplicate.version, "saml-number": elsewhere.pk},
        follow=True,
    )
    assert f"Sag nr. {elsewhere.pk} er ikke en anden åben sag" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None
