"""The inbox's bulk step: acknowledge or assign several cases in one POST, each through its service."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from actors.models import Role
from dialogue.escalations import services as esc
from dialogue.models import Escalation, EscalationEvent
from tests.conftest import make_user

BULK = reverse("dialogue:escalation_bulk")


def raise_case(world, title, initiative=None):
    case = esc.escalation_raise(
        initiative=world["initiative"],
        organisation=world["askov"],
        by=None,
        data={"title": title, "description": "Mørkt.", "theme": "physical_environment"},
    )
    if initiative is not None:
        Escalation.objects.filter(pk=case.pk).update(initiative=initiative)
    return case


def ticked(*cases):
    return [f"{c.pk}:{Escalation.objects.get(pk=c.pk).version}" for c in cases]


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def cases(world):
    return [world["escalation"], raise_case(world, "Cykler på stien"), raise_case(world, "Knallerter")]


def test_the_chief_acknowledges_several_cases_at_once_each_on_its_timeline(world, users, cases, client_for):
    response = client_for("chief").post(BULK, {"action": "acknowledge", "sag": ticked(*cases)})
    assert response.status_code == 302 and response["Location"] == reverse("dialogue:escalation_inbox")
    for case in cases:
        assert Escalation.objects.get(pk=case.pk).status == "acknowledged"
        assert EscalationEvent.objects.filter(escalation=case, kind="acknowledged", actor=users["chief"]).exists()
    assert any("Kvitteret" in m and "Knallerter" in m for m in said(response))


def test_the_chief_sends_several_cases_to_a_department(world, users, cases, client_for):
    client_for("chief").post(BULK, {"action": "assign", "department": world["tmf"].pk, "sag": ticked(*cases)})
    assert set(
        Escalation.objects.filter(pk__in=[c.pk for c in cases]).values_list("assigned_department", flat=True)
    ) == {world["tmf"].pk}


def test_assigning_needs_a_department_and_changes_nothing_without(world, users, cases, client_for):
    response = client_for("chief").post(BULK, {"action": "assign", "sag": ticked(*cases)})
    assert not Escalation.objects.filter(assigned_department__isnull=False).exists()
    assert any("Vælg den forvaltning" in m for m in said(response))


def test_no_case_ticked_is_a_clear_message(world, users, client_for):
    response = client_for("chief").post(BULK, {"action": "acknowledge"})
    assert any("Vælg mindst én sag" in m for m in said(response))


def test_a_case_the_user_may_not_triage_refuses_the_batch_and_is_named(world, users, cases, client_for):
    other_chief = make_user("ydre_chef")
    Role.objects.create(user=other_chief, kind=Role.Kind.CHIEF, initiative=world["other_initiative"])
    theirs = raise_case(world, "Ydre sag", initiative=world["other_initiative"])
    client = client_for("anonymous")
    client.force_login(other_chief)
    response = client.post(BULK, {"action": "acknowledge", "sag": ticked(theirs, *cases)})
    messages = said(response)
    assert any("Ingen sager er ændret" in m and f"#{cases[0].pk}" in m for m in messages)
    # A case the user may not open is named by number only.
    assert not any(cases[0].title in m for m in messages)
    assert not Escalation.objects.filter(status="acknowledged").exists()


def test_an_observer_cannot_use_the_bulk_step(world, users, cases, client_for):
    response = client_for("observer").post(BULK, {"action": "acknowledge", "sag": ticked(*cases)})
    assert response.status_code == 403
    assert not Escalation.objects.filter(status="acknowledged").exists()


def test_a_case_changed_meanwhile_is_named_and_the_others_are_done(world, users, cases, client_for):
    seen = ticked(*cases)
    first = Escalation.objects.get(pk=cases[0].pk)
    esc.escalation_start(escalation=first, by=None, version=first.version)  # someone else, after the page loaded
    response = client_for("chief").post(BULK, {"action": "acknowledge", "sag": seen})
    messages = said(response)
    assert any("Ikke ændret" in m and f"#{first.pk}" in m for m in messages)
    assert any("Kvitteret" in m and "Knallerter" in m for m in messages)
    assert Escalation.objects.get(pk=first.pk).status == "in_progress"
    assert Escalation.objects.get(pk=cases[2].pk).status == "acknowledged"


def test_the_inbox_offers_a_checkbox_per_case_and_select_all(world, users, cases, client_for):
    html = client_for("chief").get(reverse("dialogue:escalation_inbox")).content.decode()
    for value in ticked(*cases):
        assert f'value="{value}"' in html
    assert 'data-select-all="sag"' in html
    assert (
        'data-select-all="sag"' not in client_for("liaison").get(reverse("dialogue:escalation_queue")).content.decode()
    )


def test_a_case_the_user_reads_but_may_not_triage_is_named_with_its_title(world, users, cases, client_for):
    # A chief elsewhere who is also Askovgården's coordinator: reads Askovgården's cases, triages none of them.
    other_chief = make_user("ydre_chef")
    Role.objects.create(user=other_chief, kind=Role.Kind.CHIEF, initiative=world["other_initiative"])
    Role.objects.create(user=other_chief, kind=Role.Kind.COORDINATOR, organisation=world["askov"])
    client = client_for("anonymous")
    client.force_login(other_chief)
    response = client.post(BULK, {"action": "acknowledge", "sag": ticked(*cases)})
    assert any("Ingen sager er ændret" in m and cases[1].title in m for m in said(response))
    assert not Escalation.objects.filter(status="acknowledged").exists()
