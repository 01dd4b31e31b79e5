"""Escalations: raising, triage, working, escalating, resolving — and who sees what."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from actors.models import Body, Role
from dialogue.escalations import services as esc
from dialogue.meetings import services
from dialogue.models import Escalation, EscalationEvent
from dialogue.workdays import add_working_days
from tests.conftest import PNG_BYTES, make_user

CPR = "010190-1234"


STEPS = {
    "kvitter": "escalation_acknowledge",
    "tildel": "escalation_assign",
    "afvis": "escalation_reject",
    "saml": "escalation_merge",
    "eskaler": "escalation_escalate",
    "dagsorden": "escalation_put_on_agenda",
    "behandles": "escalation_start",
    "svar": "escalation_answer",
    "genaabn": "escalation_reopen",
}


def action(client, escalation, name, prefix_data):
    """POST a step's form (fields prefixed with the step's name, as on the case page) to the step's URL."""
    data = {f"{name}-{k}": v for k, v in prefix_data.items()}
    return client.post(reverse(f"dialogue:{STEPS[name]}", args=[escalation.pk]), data)


def raise_form(world, **over):
    data = {
        "initiative": world["initiative"].pk,
        "title": "Lampen i gården er gået",
        "category": "general",
        "description": "Der er mørkt i gården ved opgang 12 om aftenen.",
        "theme": "physical_environment",
        "urgency": "normal",
        "street": "Stengade 12, gården",
    }
    data.update(over)
    return data


def test_a_coordinator_raises_an_escalation_with_a_photo(world, users, client_for):
    photo = SimpleUploadedFile("C:\\Users\\kn\\Billeder\\lampe.png", PNG_BYTES, content_type="image/png")
    response = client_for("coordinator").post(
        reverse("dialogue:escalation_create"), {**raise_form(world), "attachment": photo}
    )
    escalation = Escalation.objects.get(title="Lampen i gården er gået")
    assert response.status_code == 302 and response["Location"] == escalation.get_absolute_url()
    assert escalation.organisation == world["askov"] and escalation.level == 1 and escalation.status == "new"
    assert escalation.ack_due == add_working_days(timezone.localdate(), 2)
    attachment = escalation.attachments.get()
    assert attachment.original_name == "lampe.png" and attachment.content_type == "image/png"
    assert "lampe" not in attachment.file.name  # stored under a random name
    assert list(escalation.events.values_list("kind", flat=True)) == ["raised"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.exe", b"MZ\x90\x00" + b"\x00" * 40, "billede (JPEG eller PNG) eller en PDF"),
        ("billede.png", b"%PDF-1.4 fake", "passer ikke til indholdet"),
        ("stor.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024 + 1), "for stor"),
    ],
)
def test_a_bad_upload_is_refused_and_the_typed_text_kept(name, content, message, world, users, client_for):
    upload = SimpleUploadedFile(name, content)
    response = client_for("coordinator").post(
        reverse("dialogue:escalation_create"), {**raise_form(world), "attachment": upload}
    )
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert "Der er mørkt i gården ved opgang 12" in body
    assert not Escalation.objects.filter(title="Lampen i gården er gået").exists()


def test_a_personal_number_in_an_escalation_is_refused(world, users, client_for):
    response = client_for("coordinator").post(
        reverse("dialogue:escalation_create"),
        raise_form(world, category="child_support", description=f"Drengen med cpr {CPR} har brug for hjælp"),
    )
    assert response.status_code == 200 and "CPR-nummer" in response.content.decode()
    assert not Escalation.objects.filter(category="child_support").exists()


def test_the_child_support_form_tells_the_raiser_not_to_write_personal_data(world, users, client_for):
    page = client_for("coordinator").get(reverse("dialogue:escalation_create")).content.decode()
    assert "Skriv ALDRIG navn, CPR-nummer, adresse" in page


def test_the_chief_acknowledges_and_assigns_to_tmf_and_the_liaison_sees_it_in_the_queue(world, users, client_for):
    escalation = world["escalation"]
    chief = client_for("chief")
    action(chief, escalation, "kvitter", {"version": escalation.version})
    escalation.refresh_from_db()
    action(chief, escalation, "tildel", {"version": escalation.version, "department": world["tmf"].pk})
    escalation.refresh_from_db()
    assert escalation.status == "assigned" and escalation.assigned_department == world["tmf"]
    assert escalation.sla_due == escalation.resolve_due
    queue = client_for("liaison").get(reverse("dialogue:escalation_queue"))
    assert [e.pk for e in queue.context["page"].object_list] == [escalation.pk]
    assert client_for("liaison").get(escalation.get_absolute_url()).status_code == 200


def test_the_liaison_answers_and_the_raiser_reads_the_answer(world, users, client_for):
    escalation = world["escalation"]
    esc.escalation_assign(escalation=escalation, department=world["tmf"], by=users["chief"], version=escalation.version)
    action(
        client_for("liaison"),
        escalation,
        "svar",
        {"version": escalation.version, "answer": "Lamperne skiftes i uge 12.", "close": "yes"},
    )
    escalation.refresh_from_db()
    assert escalation.status == "resolved" and escalation.closed_at is not None
    page = client_for("coordinator").get(escalation.get_absolute_url()).content.decode()
    assert "Lamperne skiftes i uge 12." in page
    kinds = list(escalation.events.values_list("kind", flat=True))
    assert kinds == ["raised", "assigned", "resolved"]


def test_an_answer_is_partial_unless_the_final_answer_is_chosen(world, users, client_for):
    import re

    escalation = world["escalation"]
    esc.escalation_assign(escalation=escalation, department=world["tmf"], by=users["chief"], version=escalation.version)
    client = client_for("liaison")
    page = client.get(escalation.get_absolute_url()).content.decode()
    assert re.search(r'<input[^>]*name="svar-close"[^>]*value="no"[^>]*checked', page)  # the partial answer
    assert not re.search(r'<input[^>]*name="svar-close"[^>]*value="yes"[^>]*checked', page)
    action(client, escalation, "svar", {"version": escalation.version, "answer": "Første svar.", "close": "no"})
    escalation.refresh_from_db()
    assert escalation.status != "resolved" and escalation.closed_at is None
    assert "Første svar." in client.get(escalation.get_absolute_url()).content.decode()


def test_concurrent_triage_one_wins_and_the_other_is_told(world, users, client_for):
    escalation = world["escalation"]
    seen_version = escalation.version
    other_chief = make_user("chef2")
    Role.objects.create(user=other_chief, kind=Role.Kind.CHIEF, initiative=world["initiative"])
    first = client_for("chief")
    action(first, escalation, "tildel", {"version": seen_version, "department": world["tmf"].pk})
    first.logout()
    first.force_login(other_chief)
    response = action(first, escalation, "tildel", {"version": seen_version, "department": world["buf"].pk})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.assigned_department == world["tmf"]
    page = first.get(escalation.get_absolute_url()).content.decode()
    assert "lige blevet ændret af en anden" in page
    assert escalation.events.filter(kind="assigned").count() == 1


def test_escalating_moves_one_level_up_with_new_clocks_and_a_required_justification(world, users):
    escalation = world["escalation"]
    with pytest.raises(ValidationError):
        esc.escalation_escalate(
            escalation=escalation, by=None, justification=" ", version=escalation.version, to_level=2
        )
    esc.escalation_escalate(
        escalation=escalation,
        by=None,
        justification="Kræver tværgående beslutning",
        version=escalation.version,
        to_level=2,
    )
    escalation.refresh_from_db()
    assert escalation.level == 2 and escalation.status == "new"
    assert escalation.resolve_due == add_working_days(timezone.localdate(), 20)
    event = escalation.events.get(kind="escalated")
    assert (event.from_level, event.to_level) == (1, 2)


def test_skipping_a_level_is_refused(world, users):
    escalation = world["escalation"]
    with pytest.raises(ValidationError, match="ét niveau ad gangen"):
        esc.escalation_escalate(
            escalation=escalation, by=None, justification="Hurtigt op", version=escalation.version, to_level=3
        )
    escalation.refresh_from_db()
    assert escalation.level == 1


def test_a_closed_case_cannot_be_escalated(world, users, client_for):
    escalation = world["escalation"]
    esc.escalation_reject(escalation=escalation, by=None, reason="Dublet af sag 4", version=escalation.version)
    response = action(
        client_for("chief"),
        escalation,
        "eskaler",
        {"version": escalation.version, "to_level": 2, "justification": "x"},  # the current version
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.level == 1 and escalation.status == "rejected"


def test_the_top_of_the_ladder_cannot_be_passed(world, users):
    escalation = world["escalation"]
    for level in (2, 3):
        esc.escalation_escalate(
            escalation=escalation, by=None, justification="op", version=escalation.version, to_level=level
        )
        escalation.refresh_from_db()
    with pytest.raises(ValidationError, match="intet eskaleringstrin 4"):
        esc.escalation_escalate(
            escalation=escalation, by=None, justification="op", version=escalation.version, to_level=4
        )


def test_a_decision_at_the_forum_meeting_resolves_the_escalation_and_links_both_ways(world, users):
    escalation = world["escalation"]
    item = services.agenda_item_add_for_escalation(
        meeting=world["meeting"], escalation=escalation, by=None, version=escalation.version
    )
    escalation.refresh_from_db()
    assert escalation.status == "on_agenda" and item.escalation == escalation and item.origin == "escalation"
    decision = services.outcome_add(
        item=item, data={"kind": "decision", "text": "TMF udskifter belysningen i 2013"}, by=None
    )
    escalation.refresh_from_db()
    assert escalation.status == "resolved" and escalation.decision == decision
    assert escalation.answer == "TMF udskifter belysningen i 2013"
    assert list(decision.resolved_escalations.all()) == [escalation]


def test_a_duplicate_is_merged_into_the_original(world, users):
    original = world["escalation"]
    duplicate = esc.escalation_raise(
        initiative=world["initiative"],
        organisation=world["askov"],
        by=None,
        data={"title": "Mørkt i gården", "description": "Samme lamper", "theme": "physical_environment"},
    )
    esc.escalation_merge(escalation=duplicate, into=original, by=None, version=duplicate.version)
    duplicate.refresh_from_db()
    assert duplicate.status == "merged" and duplicate.merged_into == original
    assert original.events.filter(kind="merged", other=duplicate).exists()


def test_rejecting_needs_a_reason(world, users, client_for):
    escalation = world["escalation"]
    action(client_for("chief"), escalation, "afvis", {"version": escalation.version, "reason": ""})
    escalation.refresh_from_db()
    assert escalation.status == "new"


def test_the_raiser_can_reopen_within_30_days_but_not_after(world, users, client_for):
    escalation = world["escalation"]
    esc.escalation_resolve(escalation=escalation, by=None, answer="Ordnet", version=escalation.version)
    escalation.refresh_from_db()
    action(
        client_for("coordinator"),
        escalation,
        "genaabn",
        {"version": escalation.version, "reason": "Lampen er stadig i stykker"},
    )
    escalation.refresh_from_db()
    assert escalation.status == "acknowledged" and escalation.closed_at is None
    esc.escalation_resolve(escalation=escalation, by=None, answer="Nu er den skiftet", version=escalation.version)
    Escalation.objects.filter(pk=escalation.pk).update(closed_at=timezone.now() - datetime.timedelta(days=31))
    escalation.refresh_from_db()
    with pytest.raises(ValidationError, match="30 dage"):
        esc.escalation_reopen(escalation=escalation, by=None, reason="igen", version=escalation.version)


def test_a_child_support_need_records_whether_it_was_met(world, users):
    case = esc.escalation_raise(
        initiative=world["initiative"],
        organisation=world["askov"],
        by=None,
        data={
            "title": "Ung alene om natten",
            "description": "En dreng på ca. 14 år",
            "theme": "children_youth",
            "category": "child_support",
        },
    )
    with pytest.raises(ValidationError):
        esc.escalation_resolve(escalation=case, by=None, answer="Sagen er overdraget", version=case.version)
    esc.escalation_resolve(
        escalation=case, by=None, answer="Socialrådgiver har taget kontakt", need_met=True, version=case.version
    )
    case.refresh_from_db()
    assert case.need_met is True


def test_the_timeline_is_append_only(world):
    event = world["escalation"].events.get()
    event.text = "omskrevet"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


def test_another_organisations_coordinator_sees_only_title_and_status(world, users, client_for):
    sjakket_user = make_user("sjakket")
    Role.objects.create(
        user=sjakket_user, kind=Role.Kind.COORDINATOR, organisation=world["other_org"], initiative=world["initiative"]
    )
    client = client_for("anonymous")
    client.force_login(sjakket_user)
    escalation = world["escalation"]
    assert client.get(escalation.get_absolute_url()).status_code == 404
    listing = client.get(reverse("dialogue:escalation_list") + "?alle=1").content.decode()
    assert escalation.title in listing and "Lamperne i gården er gået" not in listing
    assert f'href="{escalation.get_absolute_url()}"' not in listing


def test_guessing_an_attachment_id_gives_404(world, users, client_for):
    assert (
        client_for("liaison").get(reverse("dialogue:attachment_download", args=[world["attachment"].pk])).status_code
        == 404
    )
    response = client_for("coordinator").get(reverse("dialogue:attachment_download", args=[world["attachment"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert "attachment" in response["Content-Disposition"]


def test_the_inbox_is_ordered_by_deadline_with_breaches_marked(world, users, client_for):
    late = esc.escalation_raise(
        initiative=world["initiative"],
        organisation=world["askov"],
        by=None,
        data={"title": "Gammel sag", "description": "x", "theme": "policing"},
    )
    Escalation.objects.filter(pk=late.pk).update(sla_due=datetime.date(2012, 1, 2))
    page = client_for("chief").get(reverse("dialogue:escalation_inbox"))
    assert [e.title for e in page.context["page"].object_list][:2] == ["Gammel sag", "Mørk gård ved Stengade"]
    assert "overskredet" in page.content.decode()


def test_only_administrators_edit_the_ladder_and_gaps_are_refused(world, users, client_for):
    initiative = world["initiative"]
    client = client_for("administrator")
    url = reverse("dialogue:ladder_edit", args=[initiative.pk])
    levels = list(initiative.ladder.order_by("level"))
    data = {
        "ladder-TOTAL_FORMS": "4",
        "ladder-INITIAL_FORMS": "3",
        "ladder-MIN_NUM_FORMS": "0",
        "ladder-MAX_NUM_FORMS": "8",
    }
    for i, level in enumerate(levels):
        data.update(
            {
                f"ladder-{i}-id": level.pk,
                f"ladder-{i}-level": level.level,
                f"ladder-{i}-name": level.name,
                f"ladder-{i}-responsible_role": "chief",
                f"ladder-{i}-ack_days": 2,
                f"ladder-{i}-resolve_days": 20,
            }
        )
    forum = Body.objects.create(name="Borgmesterforum test", kind="forum")
    data.update(
        {
            "ladder-3-level": 5,
            "ladder-3-name": "Borgmesterforum",
            "ladder-3-body": forum.pk,
            "ladder-3-responsible_role": "administrator",
            "ladder-3-ack_days": 5,
            "ladder-3-resolve_days": 40,
        }
    )
    response = client.post(url, data)
    assert "uden huller" in response.content.decode() and initiative.ladder.count() == 3
    data["ladder-3-level"] = 4
    assert client.post(url, data).status_code == 302
    assert initiative.ladder.get(level=4).body == forum


def test_departments_only_receive_cases(world, users):
    escalation = world["escalation"]
    with pytest.raises(ValidationError):
        esc.escalation_assign(escalation=escalation, department=world["askov"], by=None, version=escalation.version)


def test_raising_needs_a_ladder(world, users):
    bare = world["other_initiative"]
    with pytest.raises(ValidationError, match="intet eskaleringstrin 1"):
        esc.escalation_raise(
            initiative=bare,
            organisation=world["other_org"],
            by=None,
            data={"title": "x", "description": "y", "theme": "health"},
        )
    assert not Escalation.objects.filter(initiative=bare).exists()


def test_escalation_event_kinds_cover_the_issue(world):
    assert {k.value for k in EscalationEvent.Kind} >= {
        "raised",
        "acknowledged",
        "assigned",
        "comment",
        "question",
        "answer",
        "escalated",
        "on_agenda",
        "resolved",
        "rejected",
        "reopened",
        "merged",
    }


def test_a_question_to_the_raiser_and_the_reply_enter_the_timeline(world, users, client_for):
    escalation = world["escalation"]
    esc.escalation_assign(escalation=escalation, department=world["tmf"], by=None, version=escalation.version)
    url = reverse("dialogue:escalation_comment", args=[escalation.pk])
    client_for("liaison").post(url, {"kind": "question", "text": "Hvilken opgang?"})
    client_for("coordinator").post(url, {"kind": "reply", "text": "Nr. 12"})
    kinds = list(escalation.events.order_by("id").values_list("kind", "text"))
    assert kinds[-2:] == [("question", "Hvilken opgang?"), ("reply", "Nr. 12")]


def test_a_partial_answer_keeps_the_case_open(world, users, client_for):
    escalation = world["escalation"]
    esc.escalation_assign(escalation=escalation, department=world["tmf"], by=None, version=escalation.version)
    action(
        client_for("liaison"),
        escalation,
        "svar",
        {"version": escalation.version, "answer": "Muren er ordnet; gavlen er boligselskabets"},
    )
    escalation.refresh_from_db()
    assert escalation.is_open
    assert escalation.events.filter(kind="answer", text__startswith="Muren er ordnet").exists()


def test_the_escalations_menu_lands_each_role_on_its_working_list(world, users, client_for):
    url = reverse("dialogue:escalation_list")
    assert client_for("chief").get(url)["Location"] == reverse("dialogue:escalation_inbox")
    assert client_for("liaison").get(url)["Location"] == reverse("dialogue:escalation_queue")
    assert client_for("coordinator").get(url).status_code == 200
    assert client_for("chief").get(url, {"alle": "1"}).status_code == 200


def test_the_comment_kinds_offered_depend_on_the_role(world, users, client_for):
    escalation = world["escalation"]
    raiser = client_for("coordinator").get(escalation.get_absolute_url()).context["comment_form"]
    chief = client_for("chief").get(escalation.get_absolute_url()).context["comment_form"]
    assert [k for k, _ in raiser.fields["kind"].choices] == ["comment", "reply"]
    assert [k for k, _ in chief.fields["kind"].choices] == ["comment", "question"]


def test_the_case_shows_the_department_it_was_routed_to(world, users, client_for):
    escalation = world["escalation"]
    page = client_for("coordinator").get(escalation.get_absolute_url()).content.decode()
    assert "ved ikke – hotspotchefen visiterer sagen" in page
    esc.escalation_assign(escalation=escalation, department=world["tmf"], by=users["chief"], version=escalation.version)
    page = client_for("coordinator").get(escalation.get_absolute_url()).content.decode()
    assert "ved ikke" not in page and "Teknik- og Miljøforvaltningen" in page


def test_a_housing_sector_case_names_the_body_it_goes_to_at_the_top(world, users, client_for):
    from actors.models import Body
    from dialogue.models import Escalation, LadderLevel

    partnership = Body.objects.create(name="Partnerskabsforum", kind=Body.Kind.FORUM)
    LadderLevel.objects.filter(initiative=world["initiative"], level=3).update(
        name="Borgmesterforum", body=world["forum"], housing_sector_body=partnership
    )
    escalation = world["escalation"]
    Escalation.objects.filter(pk=escalation.pk).update(level=3, housing_sector=True)
    page = client_for("chief").get(escalation.get_absolute_url()).content.decode()
    assert "3: Partnerskabsforum (almene sager)" in page
    Escalation.objects.filter(pk=escalation.pk).update(housing_sector=False)
    assert "3: Borgmesterforum" in client_for("chief").get(escalation.get_absolute_url()).content.decode()


def test_the_raiser_reads_the_decision_that_resolved_the_case_without_the_rest_of_the_meeting(world, users, client_for):
    import datetime

    from dialogue.meetings import services as meetings

    start = timezone.now() - datetime.timedelta(days=2)
    forum = meetings.meeting_create(
        data={"initiative": world["initiative"], "kind": "steering_group", "title": "Styregruppemøde",
              "start": start, "end": start + datetime.timedelta(hours=1)},
        by=None,
    )  # fmt: skip
    escalation = world["escalation"]
    item = meetings.agenda_item_add_for_escalation(
        meeting=forum, escalation=escalation, by=users["chief"], version=escalation.version
    )
    meetings.agenda_item_add(meeting=forum, data={"title": "Fortroligt personalepunkt"})
    meetings.outcome_add(item=item, data={"kind": "decision", "text": "Gården får lys i foråret."}, by=users["chief"])
    escalation.refresh_from_db()
    assert escalation.status == "resolved" and escalation.decision is not None
    raiser = client_for("coordinator")  # Askovgården raised it and was not invited to the meeting
    assert raiser.get(forum.get_absolute_url()).status_code == 404
    case_page = raiser.get(escalation.get_absolute_url()).content.decode()
    url = reverse("dialogue:escalation_decision", args=[escalation.pk])
    assert url in case_page
    page = raiser.get(url).content.decode()
    assert "Gården får lys i foråret." in page and "Styregruppemøde" in page
    assert "Fortroligt personalepunkt" not in page and f'href="{forum.get_absolute_url()}"' not in page
    assert client_for("stranger").get(url).status_code == 404
    undecided = esc.escalation_raise(
        initiative=world["initiative"], organisation=world["askov"], by=None,
        data={"title": "Cykler på stien", "description": "Der holder cykler.", "theme": "physical_environment"},
    )  # fmt: skip
    assert client_for("chief").get(reverse("dialogue:escalation_decision", args=[undecided.pk])).status_code == 404


def test_inbox_and_queue_name_each_cases_initiative(world, users, client_for):
    escalation = world["escalation"]
    esc.escalation_assign(escalation=escalation, department=world["tmf"], by=None, version=escalation.version)
    for role, url in (("chief", "dialogue:escalation_inbox"), ("liaison", "dialogue:escalation_queue")):
        page = client_for(role).get(reverse(url)).content.decode()
        row = page[page.index(escalation.title) :]
        assert '<th scope="col">Indsats</th>' in page and world["initiative"].name in row[:400]


def test_the_chief_reaches_every_case_of_the_initiative_closed_ones_too(world, users, client_for):
    escalation = world["escalation"]
    esc.escalation_resolve(escalation=escalation, by=None, answer="Lampen er skiftet.", version=escalation.version)
    url = reverse("dialogue:escalation_list") + "?alle=1"
    page = client_for("chief").get(url).content.decode()
    assert "Alle sager i dine indsatser" in page and "Din organisation har ikke rejst" not in page
    assert f'href="{escalation.get_absolute_url()}"' in page  # the closed case, linked
    assert escalation.title in client_for("chief").get(url + "&tilstand=lukkede").content.decode()
    assert escalation.title not in client_for("chief").get(url + "&tilstand=aabne").content.decode()
    # A coordinator of another organisation sees the title, not a link to a case it may not open.
    other = make_user("koordinator2")
    Role.objects.create(
        user=other, kind=Role.Kind.COORDINATOR, organisation=world["tmf"], initiative=world["initiative"]
    )
    client = client_for("chief")
    client.force_login(other)
    page = client.get(url).content.decode()
    assert escalation.title in page and f'href="{escalation.get_absolute_url()}"' not in page
