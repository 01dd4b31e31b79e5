"""The Nørrebro setting of the demo (actors/demo/setting.toml, loaded by actors/demo/setting.py).

`seed_demo` loads it first; the layers above are tested beside this file.
"""

import copy
import datetime
import io
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from actors.coverage import coverage_matrix
from actors.demo import setting
from actors.demo.setting import SettingSeeder
from actors.models import Area, Body, Engagement, Initiative, Organisation, Person, ProfessionalField, Role, Seat

CONFIRMED_MASTER_PLANS = {
    "Helhedsplan Mjølnerparken",
    "Helhedsplan Lundtoftegade",
    "Helhedsplan Aldersrogade / Den Grønne Trekant",
    "Helhedsplan Hothers Plads",
    "Helhedsplan Blågården",
}


def seed():
    out = io.StringIO()
    call_command("seed_actors", stdout=out)
    return out.getvalue()


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_running_seed_actors_again_leaves_the_same_count_of_every_model(demo_db):
    first = row_counts()
    seed()
    assert row_counts() == first  # history tables included: a rerun saves nothing


def test_a_rerun_restores_a_changed_value(demo_db):
    Organisation.objects.filter(short_name="TMF").update(committee="Noget andet")
    seed()
    assert Organisation.objects.get(short_name="TMF").committee == "Teknik- og Miljøudvalget (TMU)"


def test_the_seven_departments_exist_with_their_committees(demo_db):
    departments = {d.short_name: d for d in Organisation.objects.departments().select_related("mayor")}
    assert set(departments) == {"ØKF", "BUF", "SUF", "SOF", "TMF", "KFF", "BIF"}
    assert departments["ØKF"].committee == "Økonomiudvalget (ØU)"
    assert departments["BIF"].committee == "Beskæftigelses- og Integrationsudvalget"
    assert all(d.committee and d.mayor for d in departments.values())


def test_the_mayors_are_named_by_office_and_flagged_illustrative(demo_db):
    mayors = Person.objects.filter(departments_led__isnull=False)
    assert mayors.count() == 7
    assert all(m.is_illustrative for m in mayors)
    assert mayors.filter(name="Overborgmester (ØU)").exists()


def test_mjolnerparken_has_the_largest_budget_of_the_master_plans(demo_db):
    largest = Organisation.objects.filter(kind=Organisation.Kind.MASTER_PLAN).order_by("-budget").first()
    assert largest.name == "Helhedsplan Mjølnerparken"
    assert largest.housing_organisation.name == "Lejerbo"


def test_there_are_exactly_ten_master_plans_and_the_unconfirmed_ones_are_flagged_illustrative(demo_db):
    # The ten on Nørrebro; Helhedsplan Nordvest belongs to the current, illustrative initiative.
    plans = Organisation.objects.filter(kind=Organisation.Kind.MASTER_PLAN).exclude(areas__name="Nordvestkvarteret")
    assert plans.count() == 10
    assert {p.name for p in plans if not p.is_illustrative} == CONFIRMED_MASTER_PLANS
    assert plans.filter(is_illustrative=True).count() == 5
    assert all(p.funders.startswith("Landsbyggefonden (LBF)") for p in plans)


def test_the_governance_chain_from_a_master_plan_steering_group_reaches_borgmesterforum(demo_db):
    steering_group = Body.objects.get(name="Styregruppe for Helhedsplan Mjølnerparken")
    assert steering_group.residents_have_seats
    assert [b.name for b in steering_group.chain()] == ["Boligsocialt Forum Nørrebro", "Borgmesterforum"]


def test_the_ssp_chain_runs_from_the_local_committee_to_the_citywide_steering_group(demo_db):
    local = Body.objects.get(name="SSP-lokaludvalg Nørrebro")
    assert [b.name for b in local.chain()] == ["SSP-ledergruppe", "SSP København – styregruppe"]


def test_the_tmf_engagement_starts_on_1_december_2010(demo_db):
    engagements = Engagement.objects.filter(organisation__short_name="TMF", initiative__name__startswith="Hotspot")
    assert engagements.count() == 2
    assert {e.start for e in engagements} == {datetime.date(2010, 12, 1)}


def test_indre_norrebro_covers_every_field_but_leaves_okf_out(demo_db):
    coverage = coverage_matrix(Initiative.objects.get(name="Hotspot Indre Nørrebro"))
    assert coverage.gaps == []
    assert [o.short_name for o in coverage.departments_missing] == ["ØKF"]


def test_ydre_norrebro_has_a_gap_in_health(demo_db):
    coverage = coverage_matrix(Initiative.objects.get(name="Hotspot Ydre Nørrebro"))
    assert coverage.gaps == [ProfessionalField.HEALTH.label]


@pytest.mark.parametrize(
    ("username", "kind", "initiative", "organisation"),
    [
        ("admin", Role.Kind.ADMINISTRATOR, None, None),
        ("chef", Role.Kind.CHIEF, "Hotspot Indre Nørrebro", None),
        ("koordinator", Role.Kind.COORDINATOR, "Hotspot Indre Nørrebro", "Askovgården"),
        ("kontakt", Role.Kind.LIAISON, None, "Teknik- og Miljøforvaltningen"),
        ("observatoer", Role.Kind.OBSERVER, None, None),
    ],
)
def test_each_demo_user_has_their_role_and_the_demo_password(demo_db, username, kind, initiative, organisation):
    user = get_user_model().objects.get(username=username)
    # The current, illustrative initiative gives some of them a second role (tests/demo/test_current.py).
    role = Role.objects.exclude(initiative__name__endswith="(illustrativ)").get(user=user)
    assert role.kind == kind
    assert (role.initiative.name if role.initiative else None) == initiative
    assert (role.organisation.name if role.organisation else None) == organisation
    assert user.check_password("hotspot-demo")
    assert user.email == f"{username}@kk.example"


def test_the_chief_user_is_the_hotspot_chief_person(demo_db):
    initiative = Initiative.objects.select_related("chief__user").get(name="Hotspot Indre Nørrebro")
    assert initiative.chief.name == "Hotspotchef Indre Nørrebro"
    assert initiative.chief.user.username == "chef"


def test_the_summary_lists_the_demo_logins(demo_db):
    assert "hotspot-demo" in demo_db
    assert "koordinator" in demo_db


def setting_data():
    return copy.deepcopy(SettingSeeder(None).data)


def test_every_body_and_seat_of_the_data_file_is_in_the_database(demo_db):
    data = setting_data()
    seats = Counter(Seat.objects.values_list("body__name", flat=True))
    assert {spec["name"]: len(spec.get("seats", [])) for spec in data["bodies"]} == {
        body: seats.get(body, 0) for body in Body.objects.values_list("name", flat=True)
    }
    assert set(Person.objects.values_list("name", flat=True)) == {spec["name"] for spec in data["people"]}


def test_a_resident_seat_represents_no_organisation_and_the_others_their_own(demo_db):
    residents = Seat.objects.filter(kind=Seat.Kind.RESIDENT)
    assert residents.exists() and not residents.filter(representing__isnull=False).exists()
    others = Seat.objects.exclude(kind=Seat.Kind.RESIDENT).select_related("person")
    assert all(seat.representing_id == seat.person.organisation_id for seat in others)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["bodies"][0].update(mandat="stavefejl"), "organ Borgmesterforum.*ukendt nøgle „mandat“"),
        (lambda d: d["areas"][1].pop("kind"), "område Politikreds 8 – Blågårdskvarteret.*nøglen „kind“ mangler"),
        (lambda d: d["bodies"][0]["seats"][0].update(rolle="chair"), "plads i Borgmesterforum.*ukendt nøgle „rolle“"),
        (lambda d: d["people"][0].update(organisation="Ukendt forvaltning"), "'Ukendt forvaltning'"),
    ],
)
def test_a_mistake_in_the_data_file_is_refused_with_where_it_is_and_nothing_saved(demo_db, change, message):
    data = setting_data()
    change(data)
    data["areas"].insert(0, {"name": "Nyt kvarter", "kind": Area.Kind.QUARTER})  # saved before the mistake is met
    with pytest.raises(CommandError, match=message):
        setting.seed(stdout=io.StringIO(), data=data)
    assert not Area.objects.filter(name="Nyt kvarter").exists()
