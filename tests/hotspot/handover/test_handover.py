"""The hand-over list, its decisions, closing the initiative, the report and the receiving organisation's page."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actors.models import Initiative
from dialogue.models import Escalation, Outcome
from hotspot.handover import services
from hotspot.handover.models import HandoverItem
from hotspot.handover.selectors import handover_list

Kind, Decision = HandoverItem.Kind, HandoverItem.Decision


def _keys(listing):
    return {(t.kind, t.object_id) for t in listing.things}


def test_list_holds_what_is_still_open(world):
    w = world
    keys = _keys(handover_list(w["initiative"]))
    assert keys == {
        (Kind.ACTION, w["action"].pk),
        (Kind.ESCALATION, w["escalation"].pk),
        (Kind.SERIES, w["series"].pk),
        (Kind.INDICATOR, w["indicator"].pk),
        (Kind.BODY_LINK, w["bodylink"].pk),
    }
    Outcome.objects.filter(pk=w["action"].pk).update(status=Outcome.Status.DONE)
    Escalation.objects.filter(pk=w["escalation"].pk).update(status=Escalation.Status.RESOLVED)
    keys = _keys(handover_list(w["initiative"]))
    assert (Kind.ACTION, w["action"].pk) not in keys and (Kind.ESCALATION, w["escalation"].pk) not in keys
    assert (Kind.SERIES, w["series"].pk) in keys


def _decide_all(initiative, by, recipient):
    for thing in handover_list(initiative).undecided:
        services.handover_decide(
            initiative=initiative, kind=thing.kind, object_id=thing.object_id,
            decision=Decision.TRANSFERRED, to_organisation=recipient, by=by,
        )  # fmt: skip


def test_close_is_refused_until_every_thing_has_a_decision(world, users):
    w = world
    _decide_all(w["initiative"], users["chief"], w["askov"])
    HandoverItem.objects.filter(kind=Kind.SERIES).delete()
    with pytest.raises(ValidationError, match="1 punkt"):
        services.initiative_close(initiative=w["initiative"], by=users["chief"])
    assert not Initiative.objects.get(pk=w["initiative"].pk).is_closed
    _decide_all(w["initiative"], users["chief"], w["askov"])
    services.initiative_close(initiative=w["initiative"], by=users["chief"], note="Tak for samarbejdet")
    closed = Initiative.objects.get(pk=w["initiative"].pk)
    assert closed.is_closed and closed.closed_by == users["chief"] and closed.phase == "ended"
    with pytest.raises(ValidationError, match="afsluttet"):
        services.initiative_close(initiative=closed, by=users["chief"])


def test_decisions_about_things_closed_meanwhile_drop_out_at_closing(world, users):
    w = world
    _decide_all(w["initiative"], users["chief"], w["askov"])
    Outcome.objects.filter(pk=w["action"].pk).update(status=Outcome.Status.DONE)
    services.initiative_close(initiative=w["initiative"], by=users["chief"])
    kinds = set(HandoverItem.objects.filter(initiative=w["initiative"]).values_list("kind", flat=True))
    assert Kind.ACTION not in kinds and Kind.SERIES in kinds


def test_decision_rules(world, users):
    w = world
    kw = {"initiative": w["initiative"], "by": users["chief"]}
    with pytest.raises(ValidationError, match="overtager"):
        services.handover_decide(**kw, kind=Kind.SERIES, object_id=w["series"].pk, decision=Decision.TRANSFERRED)
    with pytest.raises(ValidationError, match="forvaltning"):
        services.handover_decide(
            **kw, kind=Kind.SERIES, object_id=w["series"].pk, decision=Decision.ANCHORED, to_organisation=w["askov"]
        )
    with pytest.raises(ValidationError, match="ikke længere"):
        services.handover_decide(**kw, kind=Kind.ESCALATION, object_id=999999, decision=Decision.ENDED)
    with pytest.raises(ValidationError, match="forvaltning"):  # anchored in a department, not a body
        services.handover_decide(
            **kw, kind=Kind.SERIES, object_id=w["series"].pk, decision=Decision.ANCHORED,
            to_organisation=w["tmf"], to_body=w["body"],
        )  # fmt: skip
    item = services.handover_decide(
        **kw, kind=Kind.SERIES, object_id=w["series"].pk, decision=Decision.ANCHORED, to_organisation=w["tmf"]
    )
    assert item.to_organisation == w["tmf"] and item.label == "Dialogplatform Indre Nørrebro"
    services.handover_decide(**kw, kind=Kind.SERIES, object_id=w["series"].pk, decision=Decision.ENDED, note="Slut")
    assert HandoverItem.objects.get(kind=Kind.SERIES).decision == Decision.ENDED  # changed, not duplicated


def test_hand_over_opens_six_months_before_the_end(world, users):
    initiative = world["initiative"]
    initiative.end = timezone.localdate() + datetime.timedelta(days=400)
    initiative.save()
    with pytest.raises(ValidationError, match="seks måneder"):
        services.handover_decide(
            initiative=initiative, kind=Kind.SERIES, object_id=world["series"].pk, decision=Decision.ENDED,
            by=users["chief"],
        )  # fmt: skip
    with pytest.raises(ValidationError, match="seks måneder"):
        services.initiative_close(initiative=initiative, by=users["chief"])


# Pages -------------------------------------------------------------------------------------------------


def test_chief_decides_on_the_page_and_is_refused_closing_then_closes(world, client_for):
    w = world
    client = client_for("chief")
    page = client.get(reverse("hotspot:handover", args=[w["initiative"].pk]))
    assert page.status_code == 200
    assert "Kortlæg mørke stier" in page.content.decode()
    prefix = f"series-{w['series'].pk}"
    response = client.post(
        reverse("hotspot:handover_decide", args=[w["initiative"].pk, "series", w["series"].pk]),
        {f"{prefix}-decision": "transferred", f"{prefix}-recipient": f"org-{w['askov'].pk}", f"{prefix}-note": "SSP"},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#{prefix}")
    assert HandoverItem.objects.get(kind=Kind.SERIES).to_organisation == w["askov"]
    close_url = reverse("hotspot:initiative_close", args=[w["initiative"].pk])
    response = client.post(close_url, {"confirm": "on"})
    assert response.status_code == 200 and "mangler en beslutning" in response.content.decode()
    assert not Initiative.objects.get(pk=w["initiative"].pk).is_closed
    for thing in handover_list(w["initiative"]).undecided:
        p = thing.key
        client.post(
            reverse("hotspot:handover_decide", args=[w["initiative"].pk, thing.kind, thing.object_id]),
            {f"{p}-decision": "ended", f"{p}-recipient": "", f"{p}-note": ""},
        )
    assert client.post(close_url, {}).status_code == 200  # the confirmation box is required
    response = client.post(close_url, {"confirm": "on", "note": "Overdraget"})
    assert response.status_code == 302
    assert Initiative.objects.get(pk=w["initiative"].pk).is_closed


def test_a_bad_decision_post_saves_nothing_and_says_why(world, client_for):
    w = world
    client = client_for("chief")
    prefix = f"series-{w['series'].pk}"
    url = reverse("hotspot:handover_decide", args=[w["initiative"].pk, "series", w["series"].pk])
    for data in (
        {f"{prefix}-decision": "transferred", f"{prefix}-recipient": ""},
        {f"{prefix}-decision": "sold", f"{prefix}-recipient": ""},
        {f"{prefix}-decision": "ended", f"{prefix}-recipient": "org-999999"},
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert list(response.context["messages"]), data
    assert (
        client.post(reverse("hotspot:handover_decide", args=[w["initiative"].pk, "nonsense", 1]), {}).status_code == 302
    )
    assert not HandoverItem.objects.exists()


def test_who_sees_the_hand_over(world, client_for):
    url = reverse("hotspot:handover", args=[world["initiative"].pk])
    assert client_for("observer").get(url).status_code == 200
    assert "<form" not in client_for("observer").get(url).content.decode().split("<main", 1)[1].split("</main>")[0]
    assert client_for("coordinator").get(url).status_code == 403
    assert client_for("stranger").get(url).status_code == 404
    decide = reverse("hotspot:handover_decide", args=[world["initiative"].pk, "series", world["series"].pk])
    assert client_for("observer").post(decide, {}).status_code == 403


def _closed_with_transfer(world, users):
    w = world
    _decide_all(w["initiative"], users["chief"], w["askov"])
    services.handover_decide(
        initiative=w["initiative"], kind=Kind.BODY_LINK, object_id=w["bodylink"].pk,
        decision=Decision.TRANSFERRED, to_body=w["body"], by=users["chief"], note="=HYPERLINK(\"x\")",
    )  # fmt: skip
    services.initiative_close(initiative=w["initiative"], by=users["chief"])


def test_report_prints_and_exports(world, users, client_for):
    from openpyxl import load_workbook

    _closed_with_transfer(world, users)
    client = client_for("observer")
    page = client.get(reverse("hotspot:handover_report", args=[world["initiative"].pk]))
    assert page.status_code == 200 and "Askovgården" in page.content.decode()
    csv = client.get(reverse("hotspot:handover_export", args=[world["initiative"].pk, "csv"]))
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeff") and ";Overdraget;Askovgården;" in text
    assert "'=HYPERLINK" in text  # a formula in a note is neutralised
    xlsx = client.get(reverse("hotspot:handover_export", args=[world["initiative"].pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 5
    assert all(isinstance(r[5], datetime.datetime) for r in rows[1:])  # decided-at is a date, not text
    assert client.get(reverse("hotspot:handover_export", args=[world["initiative"].pk, "pdf"])).status_code == 404


def test_transferred_things_appear_on_the_receiving_organisation_page(world, users, client_for):
    _closed_with_transfer(world, users)
    page = client_for("coordinator").get(world["askov"].get_absolute_url()).content.decode()
    assert "Overtaget fra afsluttede indsatser" in page and "Kortlæg mørke stier" in page
    # The body's owner sees what went to the body; an organisation that received nothing shows no section.
    assert (
        "Overtaget fra afsluttede indsatser"
        not in client_for("chief").get(world["tmf"].get_absolute_url()).content.decode()
    )


def test_initiative_page_links_to_the_hand_over_when_ending_and_to_the_report_once_closed(world, users, client_for):
    client = client_for("chief")
    url = world["initiative"].get_absolute_url()
    assert reverse("hotspot:handover", args=[world["initiative"].pk]) in client.get(url).content.decode()
    _closed_with_transfer(world, users)
    assert reverse("hotspot:handover_report", args=[world["initiative"].pk]) in client.get(url).content.decode()
