"""The access table: every named URL, and the answer each role gets.

The test walks the URLconf; a named URL missing from ACCESS fails the suite,
so every new page must declare who may see it. Anonymous users are sent to the
login page everywhere except the few pages open to all. What a POST to each URL
answers, and that only the allowed POSTs change the database, is the POST table's
job (tests/test_access_table_post.py).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROLES

ANON = "anonymous"


def answers(default, **per_role):
    table = {role: default for role in [*ROLES, ANON]}
    table.update(per_role)
    return table


OPEN = answers(200)
SIGNED_IN = answers(200, anonymous=302)
READ = answers(200, anonymous=302, stranger=404)
DIRECTORY_WRITE = answers(403, anonymous=302, stranger=404, administrator=200)
INITIATIVE_WRITE = answers(403, anonymous=302, stranger=404, administrator=200, chief=200)
ADMIN_ONLY = answers(404, anonymous=302, administrator=200)
POST_ONLY = answers(405, anonymous=302)
STAFF_CREATE = answers(403, anonymous=302, stranger=404, chief=200, administrator=200)
# The world's meetings are in the chief's initiative; Askovgården (the coordinator's) is invited, TMF is not.
MEETING_READ = answers(200, anonymous=302, stranger=404, liaison=404)
MEETING_WRITE = answers(403, anonymous=302, stranger=404, liaison=404, chief=200, administrator=200)
# Escalations: full view for staff, the raising organisation, the assigned department and the initiative's
# observers (the world's observer is a global one); 404 otherwise.
ESCALATION_READ = answers(404, anonymous=302, chief=200, coordinator=200, administrator=200, observer=200)
MEASURE = answers(403, anonymous=302, stranger=404, chief=200, coordinator=200, administrator=200)
SERIES_READ = answers(404, anonymous=302, chief=200, administrator=200, observer=200)
# Dashboards and the hand-over: the initiative's staff and observers; its coordinators and liaisons may not.
DASHBOARD_READ = answers(403, anonymous=302, stranger=404, chief=200, administrator=200, observer=200)
OVERVIEW_READ = DASHBOARD_READ  # the overview shows the initiatives whose dashboards the user reads
# A department's overview: its liaisons (TMF's) and the global roles.
DEPARTMENT_READ = answers(403, anonymous=302, stranger=404, liaison=200, administrator=200, observer=200)
SERIES_WRITE = answers(404, anonymous=302, chief=200, administrator=200, observer=403)


def w(key, name="pk"):
    return lambda world, users: {name: world[key].pk}


def handover_thing(world, users):
    return {"pk": world["initiative"].pk, "kind": "series", "object_id": world["series"].pk}


def decided_case(world, users):
    """A case of Askovgården's resolved by a decision at a (past) meeting Askovgården was not invited to."""
    import datetime

    from django.utils import timezone

    from dialogue.escalations import services as escalations
    from dialogue.meetings import services as meetings

    case = escalations.escalation_raise(
        initiative=world["initiative"], organisation=world["askov"], by=None,
        data={"title": "Cykler på stien", "description": "Der holder cykler.", "theme": "physical_environment"},
    )  # fmt: skip
    start = timezone.now() - datetime.timedelta(days=1)
    meeting = meetings.meeting_create(
        data={"initiative": world["initiative"], "kind": "steering_group", "title": "Styregruppe",
              "start": start, "end": start + datetime.timedelta(hours=1)},
        by=None,
    )  # fmt: skip
    item = meetings.agenda_item_add_for_escalation(meeting=meeting, escalation=case, by=None, version=case.version)
    meetings.outcome_add(item=item, data={"kind": "decision", "text": "Der sættes cykelstativer op."})
    return {"pk": case.pk}


def meeting_paper(world, users):
    """A paper on the world's (draft) meeting, on its first agenda item."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dialogue.meetings import services as meetings

    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    upload.safe_name, upload.sniffed_type = "plan.pdf", "application/pdf"
    item = world["meeting"].agenda_items.first()
    return {"pk": meetings.paper_add(meeting=world["meeting"], upload=upload, agenda_item=item, by=None).pk}


def observer_role(world, users):
    return {"pk": users["observer"].hotspot_roles.get().pk}


def calendar_token(world, users):
    from dialogue.models import CalendarToken

    return {"token": CalendarToken.objects.get_or_create(user=users["coordinator"])[0].token}


def chiefs_notification(world, users):
    """A notification to the chief (its failed mail gives the delivery log something to retry)."""
    from hotspot.notifications import ledger
    from hotspot.notifications.models import Notification

    notification = ledger.claim(
        kind="escalation.raised", obj=world["escalation"], occurrence="access-table", recipient=users["chief"],
        build=lambda r: ledger.Message(title="Ny sag", url=world["escalation"].get_absolute_url()),
    ) or Notification.objects.get(occurrence="access-table")  # fmt: skip
    Notification.objects.filter(pk=notification.pk).update(mail_status=Notification.Mail.FAILED)
    return {"pk": notification.pk}


def unsubscribe_token(world, users):
    from hotspot.notifications.mail import unsubscribe_token as token

    return {"token": token(users["coordinator"], "meetings")}


# url name -> (kwargs builder or None, expected answer per role)
ACCESS = {
    "home": (None, SIGNED_IN),
    "accessibility": (None, OPEN),
    "health": (None, OPEN),
    "set_language": (None, answers(302)),  # GET only redirects back; POST sets the language
    "login": (None, OPEN),
    "logout": (None, answers(405, anonymous=302)),  # POST only
    "password_change": (None, SIGNED_IN),
    "password_change_done": (None, SIGNED_IN),
    "password_reset": (None, OPEN),
    "password_reset_done": (None, OPEN),
    "password_reset_confirm": (lambda world, users: {"uidb64": "MQ", "token": "x-y"}, OPEN),
    "password_reset_complete": (None, OPEN),
    "actors:directory": (None, READ),
    "actors:lookup": (lambda world, users: {"kind": "organisation"}, READ),  # the lookup selects' search
    "actors:organisation_create": (None, DIRECTORY_WRITE),
    "actors:organisation_detail": (w("askov"), READ),
    "actors:organisation_edit": (w("askov"), DIRECTORY_WRITE),
    "actors:organisation_delete": (w("askov"), DIRECTORY_WRITE),
    "actors:area_list": (None, READ),
    "actors:area_create": (None, DIRECTORY_WRITE),
    "actors:area_detail": (w("area"), READ),
    "actors:area_edit": (w("area"), DIRECTORY_WRITE),
    "actors:area_delete": (w("area"), DIRECTORY_WRITE),
    "actors:governance_chart": (None, READ),
    "actors:body_create": (None, DIRECTORY_WRITE),
    "actors:body_detail": (w("body"), READ),
    "actors:body_edit": (w("body"), DIRECTORY_WRITE),
    "actors:body_delete": (w("body"), DIRECTORY_WRITE),
    "actors:seat_create": (w("body", "body_pk"), DIRECTORY_WRITE),
    "actors:seat_edit": (w("seat"), DIRECTORY_WRITE),
    "actors:seat_delete": (w("seat"), DIRECTORY_WRITE),
    "actors:person_list": (None, READ),
    "actors:person_create": (None, DIRECTORY_WRITE),
    "actors:person_detail": (w("person"), READ),
    "actors:person_edit": (w("person"), DIRECTORY_WRITE),
    "actors:person_delete": (w("person"), DIRECTORY_WRITE),
    "actors:initiative_list": (None, READ),
    "actors:initiative_create": (None, DIRECTORY_WRITE),
    "actors:initiative_detail": (w("initiative"), READ),
    "actors:initiative_edit": (w("initiative"), INITIATIVE_WRITE),
    "actors:engagement_create": (w("initiative", "initiative_pk"), INITIATIVE_WRITE),
    "actors:engagement_edit": (w("engagement"), INITIATIVE_WRITE),
    "actors:engagement_delete": (w("engagement"), INITIATIVE_WRITE),
    "actors:bodylink_create": (w("initiative", "initiative_pk"), INITIATIVE_WRITE),
    "actors:bodylink_delete": (w("bodylink"), INITIATIVE_WRITE),
    "actors:user_list": (None, ADMIN_ONLY),
    "actors:user_create": (None, ADMIN_ONLY),
    "actors:role_create": (None, ADMIN_ONLY),
    "actors:role_delete": (observer_role, ADMIN_ONLY),
    "dialogue:meeting_list": (None, READ),
    "dialogue:meeting_create": (None, STAFF_CREATE),
    "dialogue:meeting_detail": (w("meeting"), MEETING_READ),
    "dialogue:meeting_edit": (w("meeting"), MEETING_WRITE),
    "dialogue:meeting_delete": (w("meeting"), MEETING_WRITE),
    "dialogue:meeting_print": (w("meeting"), MEETING_READ),
    "dialogue:meeting_history": (w("meeting"), MEETING_WRITE),  # the audit trail: for those who manage it
    "dialogue:meeting_ics": (w("meeting"), MEETING_READ),
    "dialogue:invitation_add": (w("meeting"), MEETING_WRITE),
    "dialogue:invitation_remove": (w("invitation"), MEETING_WRITE),
    "dialogue:invitation_search": (w("meeting"), MEETING_WRITE),  # the picker's JSON: the meeting's staff
    "dialogue:invitation_answer": (w("invitation"), POST_ONLY),
    "dialogue:paper_add": (w("meeting"), MEETING_WRITE),
    # Papers are read with the agenda: whoever opens the meeting (Askovgården is invited, TMF is not).
    "dialogue:paper_download": (meeting_paper, MEETING_READ),
    "dialogue:paper_delete": (meeting_paper, MEETING_WRITE),
    "dialogue:attendance": (w("meeting"), MEETING_WRITE),
    "dialogue:agenda_item_add": (w("meeting"), MEETING_WRITE),
    "dialogue:agenda_item_edit": (w("item"), MEETING_WRITE),
    "dialogue:agenda_item_move": (w("item"), POST_ONLY),
    "dialogue:agenda_item_delete": (w("item"), MEETING_WRITE),
    "dialogue:outcome_add": (w("item"), MEETING_WRITE),
    "dialogue:outcome_edit": (w("action"), MEETING_WRITE),
    "dialogue:outcome_delete": (w("action"), MEETING_WRITE),
    "dialogue:agenda_send": (w("meeting"), POST_ONLY),
    "dialogue:minutes_save": (w("meeting"), POST_ONLY),
    "dialogue:minutes_autosave": (w("meeting"), POST_ONLY),
    "dialogue:agenda_reorder": (w("meeting"), POST_ONLY),
    "dialogue:minutes_circulate": (w("meeting"), POST_ONLY),
    "dialogue:minutes_publish": (w("meeting"), MEETING_WRITE),  # GET asks for confirmation
    "dialogue:minutes_new_version": (w("published_meeting"), POST_ONLY),
    "dialogue:minutes_comment": (w("meeting"), POST_ONLY),
    "dialogue:minutes_version": (lambda world, users: {"pk": world["published_meeting"].pk, "number": 1}, MEETING_READ),
    "dialogue:carry_over": (w("meeting"), POST_ONLY),
    "dialogue:series_list": (None, READ),
    "dialogue:series_create": (None, STAFF_CREATE),
    "dialogue:series_detail": (w("series"), SERIES_READ),
    "dialogue:series_edit": (w("series"), SERIES_WRITE),
    "dialogue:series_next": (w("series"), POST_ONLY),
    "dialogue:action_list": (None, READ),
    "dialogue:action_status": (w("action"), POST_ONLY),
    "dialogue:calendar": (None, READ),
    "dialogue:calendar_month_current": (None, READ),
    "dialogue:calendar_month": (lambda world, users: {"year": 2026, "month": 12}, READ),
    "dialogue:calendar_week_current": (None, READ),
    "dialogue:calendar_week": (lambda world, users: {"year": 2026, "week": 49}, READ),
    "dialogue:calendar_renew": (None, POST_ONLY),
    "dialogue:calendar_feed": (calendar_token, OPEN),
    "dialogue:search": (None, READ),
    # The world's escalation was raised by Askovgården (the coordinator's) in the chief's initiative.
    # Chief, administrator and liaison land on their inbox / queue (redirect); raisers and observers stay.
    "dialogue:escalation_list": (
        None,
        answers(200, anonymous=302, stranger=404, chief=302, liaison=302, administrator=302),
    ),
    "dialogue:escalation_create": (None, answers(403, anonymous=302, stranger=404, coordinator=200, liaison=200)),
    "dialogue:escalation_inbox": (None, STAFF_CREATE),
    "dialogue:escalation_bulk": (None, POST_ONLY),
    "dialogue:escalation_queue": (None, answers(403, anonymous=302, stranger=404, coordinator=200, liaison=200)),
    "dialogue:escalation_detail": (w("escalation"), ESCALATION_READ),
    "dialogue:escalation_decision": (decided_case, ESCALATION_READ),
    "dialogue:escalation_comment": (w("escalation"), POST_ONLY),
    "dialogue:escalation_acknowledge": (w("escalation"), POST_ONLY),
    "dialogue:escalation_assign": (w("escalation"), POST_ONLY),
    "dialogue:escalation_reject": (w("escalation"), POST_ONLY),
    "dialogue:escalation_merge": (w("escalation"), POST_ONLY),
    "dialogue:escalation_escalate": (w("escalation"), POST_ONLY),
    "dialogue:escalation_put_on_agenda": (w("escalation"), POST_ONLY),
    "dialogue:escalation_start": (w("escalation"), POST_ONLY),
    "dialogue:escalation_assign_handler": (w("escalation"), POST_ONLY),
    "dialogue:escalation_note": (w("escalation"), POST_ONLY),
    "dialogue:escalation_answer": (w("escalation"), POST_ONLY),
    "dialogue:escalation_reopen": (w("escalation"), POST_ONLY),
    "dialogue:attachment_download": (w("attachment"), ESCALATION_READ),
    "dialogue:safetywalk_list": (None, READ),
    "dialogue:safetywalk_create": (None, answers(200, anonymous=302, stranger=404, observer=403)),
    "dialogue:safetywalk_detail": (w("safetywalk"), READ),
    "dialogue:finding_add": (
        w("safetywalk"),
        answers(403, anonymous=302, stranger=404, chief=200, coordinator=200, administrator=200),
    ),
    "dialogue:safetywalk_followup": (w("safetywalk"), POST_ONLY),
    "evaluation:goal_tree": (w("initiative"), READ),
    "evaluation:goal_create": (w("initiative"), INITIATIVE_WRITE),
    "evaluation:goal_detail": (w("goal"), READ),
    "evaluation:goal_edit": (w("goal"), INITIATIVE_WRITE),
    "evaluation:goal_delete": (w("goal"), INITIATIVE_WRITE),  # staff get the "cannot delete" explanation page
    "evaluation:goal_move": (w("goal"), POST_ONLY),
    "evaluation:goallink_add": (w("goal"), POST_ONLY),
    "evaluation:goallink_delete": (w("goallink"), POST_ONLY),
    "evaluation:indicator_create": (w("goal"), INITIATIVE_WRITE),
    "evaluation:indicator_detail": (w("indicator"), READ),
    "evaluation:indicator_edit": (w("indicator"), INITIATIVE_WRITE),
    "evaluation:indicator_delete": (w("indicator"), INITIATIVE_WRITE),
    "evaluation:target_add": (w("indicator"), POST_ONLY),
    "evaluation:target_delete": (w("target"), POST_ONLY),
    # Askovgården (the coordinator's) is responsible for the world's indicator.
    "evaluation:measurement_add": (w("indicator"), MEASURE),
    "evaluation:measurement_edit": (w("measurement"), MEASURE),
    "evaluation:measurement_delete": (w("measurement"), MEASURE),
    "evaluation:measurement_import": (w("initiative"), MEASURE),
    "evaluation:survey_list": (w("initiative"), READ),
    "evaluation:survey_create": (w("initiative"), INITIATIVE_WRITE),
    "evaluation:survey_detail": (w("survey_round"), READ),
    "evaluation:survey_answer": (
        w("survey_round"),
        answers(403, anonymous=302, stranger=404, coordinator=200, liaison=200),
    ),
    # The world's experience is Askovgården's with no author: only staff edit it.
    "evaluation:experience_list": (w("initiative"), READ),
    "evaluation:experience_create": (w("initiative"), answers(200, anonymous=302, stranger=404, observer=403)),
    "evaluation:experience_detail": (w("experience"), READ),
    "evaluation:experience_edit": (w("experience"), INITIATIVE_WRITE),
    "evaluation:report": (w("initiative"), READ),
    "evaluation:report_export": (lambda world, users: {"pk": world["initiative"].pk, "fmt": "csv"}, READ),
    # Notifications: everyone signed in has an inbox and preferences; the delivery log is the administrators'.
    "hotspot:initiative_dashboard": (w("initiative"), DASHBOARD_READ),
    "hotspot:initiative_dashboard_export": (
        lambda world, users: {"pk": world["initiative"].pk, "table": "eskaleringer", "fmt": "csv"},
        DASHBOARD_READ,
    ),
    "hotspot:network": (w("initiative"), DASHBOARD_READ),
    "hotspot:overview": (None, OVERVIEW_READ),
    "hotspot:overview_export": (lambda world, users: {"fmt": "csv"}, OVERVIEW_READ),
    "hotspot:department": (w("tmf"), DEPARTMENT_READ),
    "hotspot:department_export": (lambda world, users: {"pk": world["tmf"].pk, "fmt": "xlsx"}, DEPARTMENT_READ),
    "hotspot:network_export": (
        lambda world, users: {"pk": world["initiative"].pk, "table": "samarbejde", "fmt": "xlsx"},
        DASHBOARD_READ,
    ),
    "hotspot:handover": (w("initiative"), DASHBOARD_READ),
    "hotspot:handover_decide": (handover_thing, POST_ONLY),
    "hotspot:handover_report": (w("initiative"), DASHBOARD_READ),
    "hotspot:handover_export": (lambda world, users: {"pk": world["initiative"].pk, "fmt": "xlsx"}, DASHBOARD_READ),
    "hotspot:initiative_close": (w("initiative"), INITIATIVE_WRITE),
    "notifications:inbox": (None, SIGNED_IN),
    "notifications:open": (chiefs_notification, POST_ONLY),
    "notifications:mark_all_read": (None, POST_ONLY),
    "notifications:preferences": (None, SIGNED_IN),
    "notifications:delivery_log": (None, ADMIN_ONLY),
    "notifications:delivery_retry": (chiefs_notification, POST_ONLY),
    "notifications:unsubscribe": (unsubscribe_token, OPEN),  # the signed token is the proof, from a mail client
    "dialogue:ladder_edit": (w("initiative"), answers(403, anonymous=302, stranger=404, administrator=200)),
}

# Django's admin is its own world (staff only, own login); it is checked separately below.
EXCLUDED_NAMESPACES = {"admin"}


def named_views(patterns=None, namespace=None):
    """(name, view) for every named URL outside the excluded namespaces."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}:{p.namespace}" if namespace and p.namespace else ns
            yield from named_views(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), p.callback


def named_urls():
    return (name for name, _ in named_views())


def build_url(name, world, users):
    kwargs_builder, _ = ACCESS[name]
    return reverse(name, kwargs=kwargs_builder(world, users) if kwargs_builder else None)


def test_every_named_url_is_in_the_access_table():
    missing = sorted(set(named_urls()) - set(ACCESS))
    assert not missing, f"Add these URLs to ACCESS: {missing}"


def test_the_access_table_names_only_existing_urls():
    stale = sorted(set(ACCESS) - set(named_urls()))
    assert not stale, f"Remove these from ACCESS: {stale}"


@pytest.mark.parametrize("role", [*ROLES, ANON])
def test_each_role_gets_the_declared_answer_on_every_url(role, world, users, client_for):
    client = client_for(role)
    wrong = []
    for name, (_, expected) in ACCESS.items():
        url = build_url(name, world, users)
        response = client.get(url)
        if response.status_code != expected[role]:
            wrong.append(f"{name} {url}: expected {expected[role]}, got {response.status_code}")
        elif role == ANON and expected[role] == 302 and name != "set_language":
            assert response["Location"].startswith(reverse("login")), f"{name} must redirect to login"
    assert not wrong, "\n".join(wrong)


def test_django_admin_is_for_superusers_only(client_for):
    response = client_for("administrator").get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_initiative_is_hidden_from_roles_scoped_elsewhere(world, users, client_for):
    url = reverse("actors:initiative_detail", args=[world["other_initiative"].pk])
    assert client_for("chief").get(url).status_code == 404
    assert client_for("coordinator").get(url).status_code == 404
    assert client_for("liaison").get(url).status_code == 404
    assert client_for("observer").get(url).status_code == 200


def test_a_chief_cannot_edit_another_initiative_by_guessing_its_id(world, users, client_for):
    url = reverse("actors:initiative_edit", args=[world["other_initiative"].pk])
    assert client_for("chief").post(url, {"name": "Overtaget"}).status_code == 404
    world["other_initiative"].refresh_from_db()
    assert world["other_initiative"].name == "Hotspot Ydre Nørrebro"
