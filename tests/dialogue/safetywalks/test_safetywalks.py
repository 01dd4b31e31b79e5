"""Safety walks: recording a walk, findings as escalations routed to TMF, the six-month follow-up."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from actors.models import Role
from dialogue.models import Escalation, EscalationEvent, LadderLevel, SafetyWalk, SafetyWalkFinding
from dialogue.safetywalks import services as safetywalks
from dialogue.workdays import add_working_days
from tests.conftest import assert_query_budget, make_user
from tests.factories import RoleFactory

CPR = "010190-1234"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def no_walks_yet(world):
    """These tests count walks from zero; the shared world comes with one."""
    world["safetywalk"].delete()


@pytest.fixture
def ladder(world):
    # escalation_raise needs level 1 of the initiative's ladder.
    LadderLevel.objects.get_or_create(
        initiative=world["initiative"],
        level=1,
        defaults={"name": "Lokal dialogplatform", "ack_days": 2, "resolve_days": 20},
    )


@pytest.fixture
def walk(world, users, ladder):
    return record_walk(world, users["coordinator"], datetime.date(2012, 4, 12))


def record_walk(world, by, date):
    return safetywalks.safetywalk_record(
        initiative=world["initiative"],
        data={
            "date": date,
            "area": world["area"],
            "route": "Stengade, Korsgade, Folkets Park",
            "raised_for": world["askov"],
        },
        organisations=[world["askov"], world["tmf"]],
        by=by,
    )


def add_finding(walk, by, category="lighting", place="Gården bag Stengade 30"):
    return safetywalks.finding_add(
        walk=walk, data={"category": category, "place": place, "description": "Mørkt om aftenen."}, by=by
    )


def url(name, walk):
    return reverse(f"dialogue:{name}", args=[walk.pk])


def finding_post(**extra):
    return {"category": "lighting", "place": "Stien ved Folkets Park", "description": "To lamper er gået.", **extra}


# Recording a walk -------------------------------------------------------------------------


def test_recording_a_walk_schedules_the_follow_up_six_months_later(world, users, client_for):
    response = client_for("coordinator").post(
        reverse("dialogue:safetywalk_create"),
        {
            "initiative": world["initiative"].pk,
            "date": "2012-04-12",
            "area": world["area"].pk,
            "route": "Stengade, Korsgade",
            "organisations": [world["askov"].pk, world["tmf"].pk],
            "raised_for": world["askov"].pk,
        },
    )
    walk = SafetyWalk.objects.get()
    assert response.status_code == 302 and response["Location"] == walk.get_absolute_url()
    assert walk.follow_up_date == datetime.date(2012, 10, 12)
    assert walk.created_by == users["coordinator"]
    assert set(walk.organisations.all()) == {world["askov"], world["tmf"]}


@pytest.mark.parametrize(
    "walked, follow_up",
    [
        (datetime.date(2011, 8, 31), datetime.date(2012, 2, 29)),
        (datetime.date(2012, 8, 31), datetime.date(2013, 2, 28)),
        (datetime.date(2012, 12, 31), datetime.date(2013, 6, 30)),
        (datetime.date(2012, 3, 31), datetime.date(2012, 9, 30)),
        (datetime.date(2012, 1, 31), datetime.date(2012, 7, 31)),
    ],
)
def test_a_follow_up_falling_after_the_months_end_is_moved_to_the_last_day(world, users, walked, follow_up):
    assert record_walk(world, users["chief"], walked).follow_up_date == follow_up


def test_a_walk_can_be_recorded_without_a_user_for_imported_walks(world, ladder):
    assert record_walk(world, None, datetime.date(2012, 4, 12)).created_by is None


def test_a_coordinator_cannot_record_a_walk_for_another_organisation(world, users, client_for):
    response = client_for("coordinator").post(
        reverse("dialogue:safetywalk_create"),
        {
            "initiative": world["initiative"].pk,
            "date": "2012-04-12",
            "route": "Stengade",
            "organisations": [world["tmf"].pk],
            "raised_for": world["tmf"].pk,
        },
    )
    assert response.status_code == 200
    assert not SafetyWalk.objects.exists()


def test_a_coordinator_is_offered_only_their_own_organisation_and_its_initiatives(world, users, client_for):
    form = client_for("liaison").get(reverse("dialogue:safetywalk_create")).context["form"]
    assert list(form.fields["raised_for"].queryset) == [world["tmf"]]
    assert list(form.fields["initiative"].queryset) == [world["initiative"]]


def test_outside_the_initiative_they_run_a_chief_records_walks_only_for_their_own_engaged_organisation(world, client):
    chief = RoleFactory(kind=Role.Kind.CHIEF, initiative=world["initiative"]).user
    RoleFactory(user=chief, organisation=world["other_org"], initiative=world["other_initiative"])
    client.force_login(chief)

    def record(raised_for):
        data = {
            "initiative": world["other_initiative"].pk,
            "date": "2012-04-12",
            "route": "Stengade",
            "organisations": [raised_for.pk],
            "raised_for": raised_for.pk,
        }
        return client.post(reverse("dialogue:safetywalk_create"), data)

    refused = record(world["askov"])  # on the form (a chief may pick any), but not theirs
    assert "din egen organisation" in refused.context["form"].errors["raised_for"][0]
    assert not SafetyWalk.objects.exists()
    assert record(world["other_org"]).status_code == 302
    assert SafetyWalk.objects.get().raised_for == world["other_org"]


def test_an_observer_cannot_record_a_walk(world, users, client_for):
    assert client_for("observer").get(reverse("dialogue:safetywalk_create")).status_code == 403


def test_a_cpr_number_in_the_route_is_refused(world, users, client_for):
    response = client_for("chief").post(
        reverse("dialogue:safetywalk_create"),
        {
            "initiative": world["initiative"].pk,
            "date": "2012-04-12",
            "route": f"Hjemme hos {CPR}",
            "organisations": [world["askov"].pk],
            "raised_for": world["askov"].pk,
        },
    )
    assert response.status_code == 200 and "CPR-nummer" in response.content.decode()
    assert not SafetyWalk.objects.exists()


# Findings ----------------------------------------------------------------------------------


def test_each_finding_becomes_an_escalation_assigned_to_tmf(world, users, walk, client_for):
    response = client_for("coordinator").post(url("finding_add", walk), finding_post())
    assert response.status_code == 302
    finding = SafetyWalkFinding.objects.get(walk=walk)
    escalation = finding.escalation
    assert escalation.title == "Belysning: Stien ved Folkets Park"
    assert escalation.category == Escalation.Category.SAFETY_WALK
    assert escalation.theme == "physical_environment"
    assert escalation.organisation == world["askov"] and escalation.raised_by == users["coordinator"]
    assert escalation.street == "Stien ved Folkets Park" and escalation.area == world["area"]
    assert escalation.status == Escalation.Status.ASSIGNED
    assert escalation.assigned_department == world["tmf"]
    assert list(escalation.events.values_list("kind", flat=True)) == [
        EscalationEvent.Kind.RAISED,
        EscalationEvent.Kind.ASSIGNED,
    ]
    assert escalation.events.get(kind=EscalationEvent.Kind.ASSIGNED).department == world["tmf"]


def test_graffiti_and_vandalism_are_filed_under_public_safety(world, users, walk):
    assert add_finding(walk, users["chief"], category="graffiti").escalation.theme == "public_safety"
    assert add_finding(walk, users["chief"], category="vandalism").escalation.theme == "public_safety"


def test_a_finding_can_be_sent_to_another_department(world, users, walk, client_for):
    client_for("chief").post(url("finding_add", walk), finding_post(department=world["buf"].pk))
    assert SafetyWalkFinding.objects.get().escalation.assigned_department == world["buf"]


def test_without_a_tmf_department_the_finding_waits_for_the_chief(world, users, walk):
    world["tmf"].short_name = ""
    world["tmf"].save(update_fields=["short_name"])
    escalation = add_finding(walk, users["chief"]).escalation
    assert escalation.status == Escalation.Status.NEW and escalation.assigned_department is None


def test_a_finding_recorded_at_a_given_time_is_raised_and_assigned_then(world, users, walk):
    recorded = datetime.datetime(2012, 4, 13, 9, 0, tzinfo=datetime.UTC)
    finding = safetywalks.finding_add(
        walk=walk,
        data={"category": "lighting", "place": "Stengade 30", "description": "Mørkt om aftenen."},
        by=users["chief"],
        now=recorded,
    )
    escalation = finding.escalation
    assert escalation.created == escalation.acknowledged_at == recorded
    level = LadderLevel.objects.get(initiative=world["initiative"], level=1)
    assert escalation.sla_due == escalation.resolve_due == add_working_days(recorded.date(), level.resolve_days)
    assert set(escalation.events.values_list("at", flat=True)) == {recorded}


def test_a_photo_is_attached_to_the_findings_escalation(world, users, walk, client_for):
    photo = SimpleUploadedFile("lampe.png", PNG, content_type="image/png")
    client_for("coordinator").post(url("finding_add", walk), finding_post(photo=photo))
    attachment = SafetyWalkFinding.objects.get().escalation.attachments.get()
    assert attachment.original_name == "lampe.png" and attachment.content_type == "image/png"


def test_a_cpr_number_in_a_finding_is_refused_and_nothing_is_saved(world, users, walk, client_for):
    escalations_before = Escalation.objects.count()
    history_before = walk.history.count()
    response = client_for("coordinator").post(url("finding_add", walk), finding_post(description=f"Bor her: {CPR}"))
    assert response.status_code == 200 and "CPR-nummer" in response.content.decode()
    assert not SafetyWalkFinding.objects.exists()
    assert Escalation.objects.count() == escalations_before
    assert walk.history.count() == history_before


def test_a_rule_broken_after_raising_leaves_no_half_finding(world, users, walk):
    # The department is not a department: assigning fails, and the raised escalation is rolled back.
    escalations_before = Escalation.objects.count()
    with pytest.raises(ValidationError):
        safetywalks.finding_add(
            walk=walk,
            data={"category": "shrubs", "place": "Hækken", "description": "For høj."},
            by=users["chief"],
            department=world["askov"],
        )
    assert Escalation.objects.count() == escalations_before and not SafetyWalkFinding.objects.exists()


def test_a_coordinator_of_another_organisation_cannot_add_findings(world, users, walk, client):
    client.force_login(RoleFactory(organisation=world["other_org"], initiative=world["initiative"]).user)
    assert client.get(url("safetywalk_detail", walk)).status_code == 200
    assert client.post(url("finding_add", walk), finding_post()).status_code == 403
    assert not SafetyWalkFinding.objects.exists()


def test_a_stranger_gets_404_on_the_walk(world, users, walk, client_for):
    client = client_for("stranger")
    assert client.get(url("safetywalk_detail", walk)).status_code == 404
    assert client.post(url("finding_add", walk), finding_post()).status_code == 404
    assert client.get(reverse("dialogue:safetywalk_list")).status_code == 404


def test_the_detail_page_links_only_escalations_the_user_may_open(world, users, walk, client_for):
    escalation = add_finding(walk, users["coordinator"]).escalation
    link = f'href="{escalation.get_absolute_url()}"'
    assert link in client_for("coordinator").get(url("safetywalk_detail", walk)).content.decode()
    assert link in client_for("liaison").get(url("safetywalk_detail", walk)).content.decode()  # TMF works on it
    page = client_for("observer").get(url("safetywalk_detail", walk)).content.decode()
    assert link in page  # observers read the cases of the initiatives they observe
    assert url("finding_add", walk) not in page  # no add form for read-only users
    sjakket = make_user("sjakket")
    Role.objects.create(
        user=sjakket, kind=Role.Kind.COORDINATOR, organisation=world["other_org"], initiative=world["initiative"]
    )
    client = client_for("anonymous")
    client.force_login(sjakket)
    page = client.get(url("safetywalk_detail", walk)).content.decode()
    assert link not in page and f"#{escalation.pk}" in page


# Follow-up -----------------------------------------------------------------------------------


def test_the_follow_up_walk_is_recorded(world, users, walk, client_for):
    today = timezone.localdate().isoformat()
    response = client_for("coordinator").post(url("safetywalk_followup", walk), {"on": today})
    assert response.status_code == 302
    walk.refresh_from_db()
    assert walk.follow_up_done == timezone.localdate()
    assert walk.history.first().history_user == users["coordinator"]


def test_a_follow_up_before_the_walk_is_refused(world, users, walk):
    with pytest.raises(ValidationError):
        safetywalks.followup_done(walk=walk, on=walk.date - datetime.timedelta(days=1), by=users["chief"])
    walk.refresh_from_db()
    assert walk.follow_up_done is None


def test_a_follow_up_is_checked_against_the_time_it_is_recorded_at(world, users, walk):
    on = walk.date + datetime.timedelta(days=180)
    with pytest.raises(ValidationError, match="på forhånd"):
        safetywalks.followup_done(walk=walk, on=on, by=None, now=timezone.make_aware(datetime.datetime(2012, 10, 8)))
    safetywalks.followup_done(walk=walk, on=on, by=None, now=timezone.make_aware(datetime.datetime(2012, 10, 9)))
    walk.refresh_from_db()
    assert walk.follow_up_done == on


def test_the_list_marks_walks_whose_follow_up_is_due(world, users, ladder, client_for):
    today = timezone.localdate()
    due = record_walk(world, users["chief"], today - relativedelta(months=6) + datetime.timedelta(days=10))
    not_due = record_walk(world, users["chief"], today)
    done = record_walk(world, users["chief"], today - relativedelta(months=7))
    safetywalks.followup_done(walk=done, on=today, by=users["chief"])
    page = client_for("observer").get(reverse("dialogue:safetywalk_list"))
    walks = {w.pk: w for w in page.context["page"].object_list}
    assert walks[due.pk].follow_up_due
    assert not walks[not_due.pk].follow_up_due and not walks[done.pk].follow_up_due
    assert page.content.decode().count('class="follow-up-due"') == 1
    only_due = client_for("observer").get(reverse("dialogue:safetywalk_list") + "?opfoelgning=1")
    assert [w.pk for w in only_due.context["page"].object_list] == [due.pk]


# Query budget -------------------------------------------------------------------------------


def test_the_detail_page_makes_as_many_queries_for_30_findings_as_for_3(world, users, walk, client_for):
    for i in range(3):
        add_finding(walk, users["coordinator"], place=f"Lygtepæl {i}")

    def grow():
        for i in range(3, 30):
            add_finding(walk, users["coordinator"], category="graffiti", place=f"Mur {i}")

    assert_query_budget(client_for("coordinator"), url("safetywalk_detail", walk), grow, budget=15)
