"""An initiative's lifecycle, and what a closed initiative refuses."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.lifecycle import InitiativeClosed
from actors.models import Initiative
from actors.reminders import running_initiatives
from dialogue.escalations import services as escalations
from dialogue.meetings import services as meetings
from dialogue.models import Meeting
from dialogue.safetywalks import services as safetywalks
from evaluation.goals import services as goals
from evaluation.goals.measurement_import import import_rows, parse_upload
from evaluation.surveys import services as surveys

D = datetime.date


def _initiative(**kw):
    return Initiative(name="X", start=D(2025, 1, 1), end=D(2027, 12, 31), **kw)


@pytest.mark.parametrize(
    "today, phase",
    [
        (D(2024, 12, 31), "planned"),
        (D(2025, 1, 1), "running"),
        (D(2027, 6, 29), "running"),
        (D(2027, 6, 30), "ending"),  # six months before 31 December
        (D(2028, 3, 1), "ending"),  # past its end but not closed: the hand-over is still owed
    ],
)
def test_phase_follows_the_dates(today, phase):
    assert _initiative().phase_on(today) == phase


def test_a_closed_initiative_is_ended_whatever_the_date():
    assert _initiative(closed_at=timezone.now()).phase_on(D(2026, 1, 1)) == "ended"
    assert _initiative().handover_opens == D(2027, 6, 30)


def _close(initiative):
    initiative.closed_at = timezone.now()
    initiative.save(update_fields=["closed_at"])


@pytest.fixture
def closed(world):
    _close(world["initiative"])
    return world


def test_closed_initiative_refuses_a_meeting(closed):
    start = timezone.now()
    data = {
        "initiative": closed["initiative"],
        "kind": "dialogue_platform",
        "title": "Nyt",
        "start": start,
        "end": start,
    }
    with pytest.raises(InitiativeClosed, match="afsluttet"):
        meetings.meeting_create(data=data, by=None)
    with pytest.raises(InitiativeClosed):
        meetings.series_next_meeting(series=closed["series"], by=None)
    assert not Meeting.objects.filter(title="Nyt").exists()


def test_closed_initiative_refuses_a_case_a_walk_and_a_survey_round(closed):
    w = closed
    data = {"title": "Ny sag", "description": "x", "theme": "physical_environment"}
    with pytest.raises(InitiativeClosed, match="sager"):
        escalations.escalation_raise(initiative=w["initiative"], organisation=w["askov"], by=None, data=data)
    with pytest.raises(InitiativeClosed, match="tryghedsvandringer"):
        safetywalks.safetywalk_record(
            initiative=w["initiative"], data={"date": D(2014, 1, 1), "route": "x"}, organisations=[w["askov"]], by=None
        )
    with pytest.raises(InitiativeClosed, match="spørgeskemarunder"):
        surveys.round_create(
            initiative=w["initiative"],
            data={"title": "R", "period_start": D(2014, 1, 1), "period_end": D(2014, 6, 30),
                  "opens": D(2014, 7, 1), "closes": D(2014, 7, 14)},
        )  # fmt: skip


def test_closed_initiative_refuses_measurements_typed_or_imported(closed):
    w = closed
    data = {"period_start": D(2013, 1, 1), "period_end": D(2013, 12, 31), "value": Decimal("9")}
    with pytest.raises(InitiativeClosed, match="målinger"):
        goals.measurement_create(indicator=w["indicator"], data=data, by=None)
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = f"indikator;fra;til;værdi\n{w['indicator'].pk};2013-01-01;2013-12-31;9\n"
    upload = SimpleUploadedFile("m.csv", csv.encode(), content_type="text/csv")
    preview = parse_upload(upload, initiative=w["initiative"])
    assert preview.valid_rows
    with pytest.raises(InitiativeClosed):
        import_rows(preview.valid_rows, by=None)
    assert w["indicator"].measurements.count() == 1


def test_closed_initiative_stays_readable(closed, client_for):
    client = client_for("chief")
    for url in (
        closed["initiative"].get_absolute_url(),
        closed["meeting"].get_absolute_url(),
        closed["escalation"].get_absolute_url(),
        reverse("evaluation:report", args=[closed["initiative"].pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_new_meeting_page_offers_only_open_initiatives(world, users, client_for):
    from actors.models import Role

    Role.objects.create(user=users["chief"], kind=Role.Kind.CHIEF, initiative=world["other_initiative"])
    _close(world["initiative"])
    page = client_for("chief").get(reverse("dialogue:meeting_create"))
    choices = [c[1] for c in page.context["form"].fields["initiative"].choices]
    assert "Hotspot Ydre Nørrebro" in choices and "Hotspot Indre Nørrebro" not in choices


def test_new_pages_explain_when_every_initiative_is_closed(closed, client_for):
    client = client_for("chief")
    for name, back in [
        ("dialogue:meeting_create", "dialogue:meeting_list"),
        ("dialogue:series_create", "dialogue:series_list"),
        ("dialogue:safetywalk_create", "dialogue:safetywalk_list"),
    ]:
        response = client.get(reverse(name), follow=True)
        assert response.redirect_chain[-1][0] == reverse(back), name
        assert "afsluttet" in response.content.decode()
    response = client_for("coordinator").get(reverse("dialogue:escalation_create"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dialogue:escalation_list")
    assert "afsluttet og tager ikke imod nye sager" in response.content.decode()


def test_a_post_for_a_closed_initiative_is_refused_with_a_message(world, client_for):
    """A form opened before the initiative closed and sent after: refused, nothing saved."""
    client = client_for("chief")
    client.get(reverse("dialogue:meeting_create"))
    _close(world["initiative"])
    data = {"initiative": world["initiative"].pk, "kind": "dialogue_platform", "title": "Sent",
            "start": "2014-11-01T10:00", "end": "2014-11-01T12:00"}  # fmt: skip
    response = client.post(reverse("dialogue:meeting_create"), data, follow=True)
    assert not Meeting.objects.filter(title="Sent").exists()
    assert "afsluttet" in response.content.decode()


def test_closed_initiatives_remind_nobody(world):
    today = D(2013, 6, 1)
    assert world["initiative"] in running_initiatives(today)
    _close(world["initiative"])
    assert world["initiative"] not in running_initiatives(today)
