"""Observers read the cases of the initiatives they observe, and change nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from actors.models import Role
from dialogue.access import full_escalations, readable_escalations
from dialogue.escalations import services as esc
from dialogue.models import Escalation
from tests.conftest import make_user


@pytest.fixture
def initiative_observer(world, users):
    """An observer of the world's initiative only (the cast's observer is a global one)."""
    user = make_user("observatoer_indre")
    Role.objects.create(user=user, kind=Role.Kind.OBSERVER, initiative=world["initiative"])
    return user


def other_initiatives_case(world):
    case = esc.escalation_raise(
        initiative=world["initiative"], organisation=world["other_org"], by=None,
        data={"title": "Graffiti ved banen", "description": "Tags på muren.", "theme": "physical_environment"},
    )  # fmt: skip
    Escalation.objects.filter(pk=case.pk).update(initiative=world["other_initiative"])  # it has no ladder of its own
    return case


def test_an_observer_reads_a_closed_case_of_the_initiative_they_observe(world, initiative_observer, client):
    case = world["escalation"]
    esc.escalation_resolve(escalation=case, by=None, answer="Lampen er skiftet.", version=case.version)
    client.force_login(initiative_observer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Lampen er skiftet." in page


def test_an_observer_does_not_read_cases_of_initiatives_they_do_not_observe(world, initiative_observer, client):
    case = other_initiatives_case(world)
    client.force_login(initiative_observer)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_observing_does_not_make_a_case_the_observers_work(world, users, initiative_observer):
    """The reminder digest and the attention bar count on full_escalations: observers must stay out of it."""
    for user in (initiative_observer, users["observer"]):
        assert not full_escalations(user).exists()
        assert readable_escalations(user).filter(pk=world["escalation"].pk).exists()


def test_an_observer_sees_neither_the_comment_form_nor_any_step(world, users, client_for):
    response = client_for("observer").get(world["escalation"].get_absolute_url())
    page = response.content.decode()
    assert reverse("dialogue:escalation_comment", args=[world["escalation"].pk]) not in page
    assert reverse("dialogue:escalation_acknowledge", args=[world["escalation"].pk]) not in page
    assert "som observatør" in page


def test_an_observer_cannot_comment_through_the_service(world, users):
    case = world["escalation"]
    with pytest.raises(PermissionDenied):
        esc.escalation_comment(escalation=case, by=users["observer"], text="Hej")
    assert case.events.count() == 1


def test_an_observers_comment_post_is_refused(world, users, client_for):
    case = world["escalation"]
    response = client_for("observer").post(
        reverse("dialogue:escalation_comment", args=[case.pk]), {"kind": "comment", "text": "Hej"}
    )
    assert response.status_code == 403
    assert case.events.count() == 1


@pytest.mark.parametrize("step", ["escalation_acknowledge", "escalation_start", "escalation_reopen"])
def test_an_observer_cannot_take_a_step(step, world, users, client_for):
    case = world["escalation"]
    response = client_for("observer").post(reverse(f"dialogue:{step}", args=[case.pk]), {})
    assert response.status_code == 403
    assert Escalation.objects.get(pk=case.pk).version == case.version
