"""The governance chart is rendered once per version of the bodies and organisations."""

from django.urls import reverse

from actors.models import Body
from tests.conftest import count_queries


def test_the_chart_is_built_once_and_rebuilt_after_a_body_changes(world, users, client_for):
    client = client_for("coordinator")
    url = reverse("actors:governance_chart")
    first = count_queries(client, url)
    cached = count_queries(client, url)
    assert cached < first  # the bodies are not read again
    steering = world["body"]
    steering.name = "Styregruppe for Indre Nørrebro"
    steering.save()  # through the model: a history row
    page = client.get(url).content.decode()
    assert "Styregruppe for Indre Nørrebro" in page
    Body.objects.bulk_create([Body(name="Netværk for gårdlaug", kind=Body.Kind.NETWORK)])  # no history row
    assert "Netværk for gårdlaug" in client.get(url).content.decode()
    Body.objects.filter(name="Netværk for gårdlaug").delete()
    assert "Netværk for gårdlaug" not in client.get(url).content.decode()


def test_an_organisation_renamed_shows_in_the_chart(world, users, client_for):
    client = client_for("coordinator")
    url = reverse("actors:governance_chart")
    world["body"].organisation = world["tmf"]
    world["body"].save()
    assert "TMF" in client.get(url).content.decode()
    world["tmf"].short_name = "TMF2"
    world["tmf"].save()
    assert "TMF2" in client.get(url).content.decode()
