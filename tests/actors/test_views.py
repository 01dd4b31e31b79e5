"""Creating and editing the organisation through the pages; bad input is refused whole."""

import datetime

import pytest
from django.urls import reverse

from actors.models import Area, Body, Engagement, Initiative, Organisation, Role

CPR = "010190-1234"


def post(client_for, role, name, data, **kwargs):
    return client_for(role).post(reverse(name, kwargs=kwargs or None), data)


def initiative_data(world, **over):
    data = {
        "name": "Hotspot Amager",
        "start": "2012-01-01",
        "end": "2014-12-31",
        "areas": [world["area"].pk],
        "lead_department": world["buf"].pk,
    }
    data.update(over)
    return data


def test_administrator_creates_an_organisation_and_the_change_is_recorded(world, users, client_for):
    response = post(
        client_for,
        "administrator",
        "actors:organisation_create",
        {"name": "Mjølnerparken", "kind": "master_plan", "areas": [world["area"].pk], "budget": "12000000"},
    )
    org = Organisation.objects.get(name="Mjølnerparken")
    assert response.status_code == 302 and response["Location"] == org.get_absolute_url()
    record = org.history.get()
    assert record.history_user == users["administrator"] and record.history_type == "+"
    page = client_for("administrator").get(org.get_absolute_url()).content.decode()
    assert "Oprettet" in page and "Administrator" in page


def test_a_duplicate_name_within_a_kind_is_refused(world, users, client_for):
    response = post(
        client_for, "administrator", "actors:organisation_create", {"name": "Askovgården", "kind": "institution"}
    )
    assert response.status_code == 200
    assert "Der findes allerede en organisation af denne type med dette navn" in response.content.decode()
    assert Organisation.objects.filter(name="Askovgården").count() == 1


def test_the_same_name_in_another_kind_is_allowed(world, users, client_for):
    response = post(
        client_for, "administrator", "actors:organisation_create", {"name": "Askovgården", "kind": "network"}
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Askovgården").count() == 2


def test_a_personal_number_in_a_description_is_refused_with_a_clear_message(world, users, client_for):
    response = post(
        client_for,
        "administrator",
        "actors:organisation_create",
        {"name": "Ny forening", "kind": "other", "description": f"Kontakt drengen {CPR} hurtigst"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Teksten ser ud til at indeholde et CPR-nummer (010190-XXXX)" in body
    assert not Organisation.objects.filter(name="Ny forening").exists()


def test_an_initiative_ending_before_it_starts_is_refused(world, users, client_for):
    response = post(client_for, "administrator", "actors:initiative_create", initiative_data(world, end="2011-01-01"))
    assert response.status_code == 200
    assert "Slutdatoen kan ikke ligge før startdatoen" in response.content.decode()
    assert not Initiative.objects.filter(name="Hotspot Amager").exists()


def test_an_invalid_date_is_refused_and_the_typed_values_are_kept(world, users, client_for):
    response = post(client_for, "administrator", "actors:initiative_create", initiative_data(world, start="2012-02-30"))
    body = response.content.decode()
    assert response.status_code == 200 and 'value="Hotspot Amager"' in body
    assert not Initiative.objects.filter(name="Hotspot Amager").exists()


def test_over_long_text_is_refused(world, users, client_for):
    response = post(client_for, "administrator", "actors:area_create", {"name": "x" * 121, "kind": "quarter"})
    assert response.status_code == 200
    assert not Area.objects.filter(kind="quarter").exists()


def test_a_cycle_in_reports_to_is_refused(world, users, client_for):
    forum, steering = world["forum"], world["body"]  # steering reports to forum
    response = post(
        client_for,
        "administrator",
        "actors:body_edit",
        {"name": forum.name, "kind": "forum", "reports_to": steering.pk},
        pk=forum.pk,
    )
    assert response.status_code == 200
    assert "cirkel" in response.content.decode()
    forum.refresh_from_db()
    assert forum.reports_to is None


def test_a_body_cannot_report_to_itself(world, users, client_for):
    forum = world["forum"]
    response = post(
        client_for,
        "administrator",
        "actors:body_edit",
        {"name": forum.name, "kind": "forum", "reports_to": forum.pk},
        pk=forum.pk,
    )
    assert response.status_code == 200
    forum.refresh_from_db()
    assert forum.reports_to is None


def test_an_engagement_may_start_before_the_initiative_as_tmf_did_in_december_2010(world, users, client_for):
    response = post(
        client_for,
        "chief",
        "actors:engagement_create",
        {"organisation": world["buf"].pk, "start": "2010-12-01", "professional_fields": ["children_youth"]},
        initiative_pk=world["initiative"].pk,
    )
    assert response.status_code == 302
    engagement = Engagement.objects.get(organisation=world["buf"])
    assert engagement.start == datetime.date(2010, 12, 1) and engagement.professional_fields == ["children_youth"]


def test_a_duplicate_engagement_is_a_form_error_not_a_crash(world, users, client_for):
    data = {"organisation": world["tmf"].pk, "start": "2010-12-01"}
    response = post(client_for, "chief", "actors:engagement_create", data, initiative_pk=world["initiative"].pk)
    assert response.status_code == 200
    assert Engagement.objects.filter(organisation=world["tmf"], initiative=world["initiative"]).count() == 1


def test_an_unknown_professional_field_is_refused(world, users, client_for):
    data = {"organisation": world["buf"].pk, "start": "2011-01-01", "professional_fields": ["astrology"]}
    response = post(client_for, "chief", "actors:engagement_create", data, initiative_pk=world["initiative"].pk)
    assert response.status_code == 200
    assert not Engagement.objects.filter(organisation=world["buf"]).exists()


def test_deleting_an_organisation_others_depend_on_explains_instead_of_failing(world, users, client_for):
    client = client_for("administrator")
    response = client.post(reverse("actors:organisation_delete", args=[world["tmf"].pk]), follow=True)
    assert response.status_code == 200
    assert "kan ikke slettes" in response.content.decode()
    assert Organisation.objects.filter(pk=world["tmf"].pk).exists()


def test_deleting_asks_for_confirmation_first(world, users, client_for):
    org = Organisation.objects.create(name="Midlertidig", kind="other")
    client = client_for("administrator")
    page = client.get(reverse("actors:organisation_delete", args=[org.pk]))
    assert "Bekræft sletning" in page.content.decode()
    assert Organisation.objects.filter(pk=org.pk).exists()
    client.post(reverse("actors:organisation_delete", args=[org.pk]))
    assert not Organisation.objects.filter(pk=org.pk).exists()
    assert org.history.filter(history_type="-").exists()


def test_a_chief_cannot_change_the_directory(world, users, client_for):
    response = post(
        client_for, "chief", "actors:organisation_edit", {"name": "Ændret", "kind": "institution"}, pk=world["askov"].pk
    )
    assert response.status_code == 403
    world["askov"].refresh_from_db()
    assert world["askov"].name == "Askovgården"


def test_the_directory_filters_by_kind_area_and_initiative(world, users, client_for):
    client = client_for("observer")
    url = reverse("actors:directory")
    by_kind = client.get(url, {"kind": "department"}).context["page"].object_list
    assert {o.name for o in by_kind} == {"Teknik- og Miljøforvaltningen", "Børne- og Ungdomsforvaltningen"}
    by_area = client.get(url, {"area": world["area"].pk}).context["page"].object_list
    assert [o.name for o in by_area] == ["Askovgården"]
    by_initiative = client.get(url, {"initiative": world["initiative"].pk}).context["page"].object_list
    assert {o.name for o in by_initiative} == {"Askovgården", "Teknik- og Miljøforvaltningen"}
    by_text = client.get(url, {"q": "askov"}).context["page"].object_list
    assert [o.name for o in by_text] == ["Askovgården"]


def test_the_directory_paginates(world, users, client_for):
    Organisation.objects.bulk_create(Organisation(name=f"Forening {i:02}", kind="other") for i in range(40))
    client = client_for("observer")
    first = client.get(reverse("actors:directory")).context["page"]
    second = client.get(reverse("actors:directory"), {"page": 2}).context["page"]
    assert len(first.object_list) == 25 and first.paginator.count == 44
    assert not {o.pk for o in first.object_list} & {o.pk for o in second.object_list}


def test_the_initiative_filter_offers_only_visible_initiatives(world, users, client_for):
    form = client_for("chief").get(reverse("actors:directory")).context["filter"].form
    assert [i.name for i in form.fields["initiative"].queryset] == ["Hotspot Indre Nørrebro"]


def test_404_and_403_pages_use_the_site_layout(world, users, client_for):
    missing = client_for("observer").get("/aktoerer/999999/")
    assert missing.status_code == 404 and "Siden findes ikke" in missing.content.decode()
    assert 'id="indhold"' in missing.content.decode()


@pytest.mark.parametrize("role", ["chief", "administrator"])
def test_a_body_link_ties_a_forum_to_the_initiative(role, world, users, client_for):
    response = post(
        client_for,
        role,
        "actors:bodylink_create",
        {"body": world["forum"].pk, "relation": "binding"},
        initiative_pk=world["initiative"].pk,
    )
    assert response.status_code == 302
    assert world["initiative"].body_links.filter(body=world["forum"], relation="binding").exists()


def test_administrator_creates_a_user_who_gets_a_password_mail(world, users, client_for, mailoutbox):
    response = post(
        client_for,
        "administrator",
        "actors:user_create",
        {"username": "ny", "first_name": "Ny", "email": "ny@kk.example"},
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ny@kk.example"]
    assert "/konto/reset/" in mailoutbox[0].body
    assert mailoutbox[0].subject == "Velkommen til Hotspot – vælg din adgangskode"
    assert "har oprettet en bruger til dig" in mailoutbox[0].body


def test_a_coordinator_role_needs_an_organisation(world, users, client_for):
    response = post(
        client_for, "administrator", "actors:role_create", {"user": users["stranger"].pk, "kind": "coordinator"}
    )
    assert response.status_code == 200
    assert not users["stranger"].hotspot_roles.exists()


def test_an_administrator_cannot_remove_their_own_last_administrator_role(world, users, client_for):
    client = client_for("administrator")
    role = users["administrator"].hotspot_roles.get()
    url = reverse("actors:role_delete", args=[role.pk])
    for response in (client.get(url, follow=True), client.post(url, follow=True)):
        assert response.redirect_chain[-1][0] == reverse("actors:user_list")
        assert "Du kan ikke fjerne din egen sidste administratorrolle" in response.content.decode()
    assert Role.objects.filter(pk=role.pk).exists()


def test_an_administrator_removes_another_users_role_after_confirming(world, users, client_for):
    client = client_for("administrator")
    role = users["chief"].hotspot_roles.get()
    url = reverse("actors:role_delete", args=[role.pk])
    assert "Bekræft sletning" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()


def test_the_governance_chart_nests_bodies_under_what_they_report_to(world, users, client_for):
    Body.objects.create(name="Hotspotteam", kind="project_team", reports_to=world["body"])
    roots = (
        client_for("observer").get(reverse("actors:governance_chart")).context["roots"]()
    )  # built only when the cached chart is missing
    assert [n.body.name for n in roots] == ["Borgmesterforum"]
    assert [c.body.name for c in roots[0].children] == ["Styregruppe Indre"]
    assert [c.body.name for c in roots[0].children[0].children] == ["Hotspotteam"]


def test_the_governance_chart_survives_a_cycle_in_raw_data(world, users, client_for):
    forum, steering = world["forum"], world["body"]
    Body.objects.filter(pk=forum.pk).update(reports_to=steering)  # bypasses validation, as a bad import could
    response = client_for("observer").get(reverse("actors:governance_chart"))
    assert response.status_code == 200
    assert response.content.decode().count(">Borgmesterforum</a>") == 1


def test_password_reset_mails_a_working_link(world, users, client, mailoutbox):
    client.post(reverse("password_reset"), {"email": "chief@kk.example"})
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/konto/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Nyt-kodeord-2011", "new_password2": "Nyt-kodeord-2011"}
    )
    assert done.status_code == 302
    users["chief"].refresh_from_db()
    assert users["chief"].check_password("Nyt-kodeord-2011")


def test_the_500_page_stands_alone_and_promises_nothing_was_half_saved(rf):
    from hotspot.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500 and "Intet af det, du var i gang med, er gemt halvt" in response.content.decode()
