"""The access table for writes: every URL that handles a POST, the answer each role gets, and what it changed.

Each role POSTs valid data to every such URL, so an allowed POST really does its
work (a delete deletes, a create creates). Every POST runs in a transaction that
is rolled back afterwards, so one row cannot disturb the next. A checksum of the
tables of the project's apps and auth, taken just before and after the POST,
must be unchanged when the role is refused, and changed when it is allowed.

Which URLs handle POST is read from the views (`handles_post`), not declared: a
new form or button without rows here fails the suite, as a page missing from
the GET table does.
"""

import ast
import datetime
import functools
import inspect
import re
import textwrap
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from actors.models import Body, Organisation
from dialogue.escalations import services as escalations
from dialogue.escalations.forms import LadderFormSet
from dialogue.meetings import services as meetings
from dialogue.models import Escalation
from evaluation.goals import services as goals
from evaluation.goals.views import IMPORT_SESSION_KEY
from evaluation.models import SurveyDimension
from tests.conftest import PASSWORD, ROLES, db_checksum
from tests.test_access_table import (
    ACCESS,
    ADMIN_ONLY,
    ANON,
    DIRECTORY_WRITE,
    ESCALATION_READ,
    INITIATIVE_WRITE,
    MEASURE,
    MEETING_WRITE,
    SERIES_WRITE,
    STAFF_CREATE,
    answers,
    handover_thing,
    meeting_paper,
    named_views,
)

# POST handlers without rows, each for a reason (none today).
PENDING = set()


def posted(get_answers):
    """A form page's GET answers as POST answers: a valid form redirects (302) where the GET showed it (200)."""
    return {role: 302 if code == 200 else code for role, code in get_answers.items()}


@dataclass(frozen=True)
class Post:
    """One URL's POST row.

    `data` is the POST data, or `data(world=, users=, role=, client=)` returning it; a builder may
    first set up what the POST needs (a second agenda item to move past), inside the rolled-back
    transaction.
    `url` builds the URL kwargs when the GET table's object will not do (e.g. one nothing
    depends on, so a delete can succeed). `changes=False`: the POST must leave the database
    as it was for every role (it only sets a cookie or sends a mail).
    """

    data: object
    expected: dict
    url: object = None
    changes: bool = True


# Deletes and lifecycle steps carry no fields: the confirmation button is all they post.
BUTTON = {}


def today(days=0):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def fresh(make):
    """URL kwargs for an object made for the POST by `make(world)`: one nothing depends on, so a delete succeeds."""
    return lambda world, users: {"pk": make(world).pk}


def own_org(world, role):
    """The organisation a role acts for: the liaison's department, else Askovgården (the coordinator's)."""
    return world["tmf" if role == "liaison" else "askov"]


def second_agenda_item(world, **_):
    meetings.agenda_item_add(meeting=world["meeting"], data={"title": "Grønne områder"})
    return {"direction": "down"}


def reversed_agenda(world, **_):
    second = meetings.agenda_item_add(meeting=world["meeting"], data={"title": "Grønne områder"})
    return {"order": f"{second.pk},{world['item'].pk}"}


def second_vision(world, **_):
    goals.goal_create(initiative=world["initiative"], data={"level": "vision", "title": "Trivsel i gårdene"})
    return {"direction": "down"}


def circulated(data):
    """Comments are taken while the draft minutes are out for comments."""

    def build(world, **_):
        meetings.minutes_circulate(meeting=world["meeting"])
        return data

    return build


def published(data):
    """Action items are followed up by their owners once the minutes are published."""

    def build(world, **_):
        meetings.minutes_publish(meeting=world["meeting"], by=None)
        return data

    return build


def answering(data):
    """Answers are taken until the meeting begins: the world's meeting is moved into the future first."""

    def build(world, **_):
        start = timezone.now() + datetime.timedelta(days=7)
        type(world["meeting"]).objects.filter(pk=world["meeting"].pk).update(
            start=start, end=start + datetime.timedelta(hours=2)
        )
        return data(world)

    return build


def a_paper(world, **_):
    return {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")}


def next_meeting_in_series(world, **_):
    """Open items are carried over to the series' next meeting, so there must be one."""
    meetings.series_next_meeting(series=world["series"], by=None)
    return {}


def ladder(world, **_):
    """The ladder formset as the page renders it, with the first level renamed."""
    formset = LadderFormSet(instance=world["initiative"])
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    for form in formset.forms:
        data.update({form.add_prefix(name): form[name].value() for name in form.fields})
    data = {k: "" if v is None else v for k, v in data.items()}
    data[formset.forms[0].add_prefix("name")] = "Lokal dialogplatform og styregruppe"
    return data


def import_preview(world, client, **_):
    """Upload a file (the preview, kept in the session); the row POSTs the confirmation that imports it."""
    url = reverse("evaluation:measurement_import", args=[world["initiative"].pk])
    text = f"indikator;fra;til;værdi\n{world['indicator'].pk};2012-01-01;2012-12-31;9,5\n"
    client.post(url, {"file": SimpleUploadedFile("maalinger.csv", text.encode(), content_type="text/csv")})
    token = client.session.get(IMPORT_SESSION_KEY, {}).get("token", "none")
    return {"token": token, "choice": "all"}


def survey_ratings(world, **_):
    # Each respondent rates the other organisation in the round; fields for one's own are ignored.
    return {f"o{world[o].pk}_{d}": "4" for o in ("askov", "tmf") for d in SurveyDimension.values}


def step(prefix, **fields):
    """An escalation step's form as the case page posts it: fields prefixed by the step, the version seen now.

    A field given as a callable is called with the world (e.g. to raise a second case to merge into).
    """

    def data(world, **_):
        version = Escalation.objects.get(pk=world["escalation"].pk).version
        values = {"version": version, **{k: v(world) if callable(v) else v for k, v in fields.items()}}
        return {f"{prefix}-{k}": v for k, v in values.items()}

    return data


def resolved_then(prefix, **fields):
    """The step on the world's case after the department resolved it (reopening needs a resolved case)."""

    def data(world, **kwargs):
        case = Escalation.objects.get(pk=world["escalation"].pk)
        escalations.escalation_resolve(escalation=case, by=None, answer="Lampen er skiftet.", version=case.version)
        return step(prefix, **fields)(world)

    return data


def another_open_case(world):
    return escalations.escalation_raise(
        initiative=world["initiative"],
        organisation=world["askov"],
        by=None,
        data={"title": "Samme lampe", "description": "Dublet.", "theme": "physical_environment"},
    ).pk


def upcoming_meeting(world):
    """A meeting of the initiative that has not started: the only kind a case is put on."""
    start = timezone.now() + datetime.timedelta(days=7)
    return meetings.meeting_create(
        data={"initiative": world["initiative"], "body": world["body"], "kind": "steering_group",
              "title": "Styregruppe næste uge", "start": start, "end": start + datetime.timedelta(hours=1)},
        by=None,
    ).pk  # fmt: skip


def handler_for_tmf_case(world, users, **_):
    """The world's case sent to TMF, then given to TMF's liaison by name."""
    case = Escalation.objects.get(pk=world["escalation"].pk)
    escalations.escalation_assign(escalation=case, department=world["tmf"], by=None, version=case.version)
    return step("sagsbehandler", assignee=users["liaison"].pk)(world)


# The world's case: raised by Askovgården (the coordinator's) in the chief's initiative, not yet assigned.
# Staff triage (manage); the assigned department works it, and staff may too; only the raiser reopens.
# Observers read the case (so they are refused with 403, not 404) and change nothing.
ESCALATION_MANAGE = answers(404, anonymous=302, chief=302, administrator=302, coordinator=403, observer=403)
# Once the case is sent to TMF, TMF's liaison opens and works it too.
ESCALATION_WORK_TMF = answers(
    404, anonymous=302, chief=302, administrator=302, coordinator=403, liaison=302, observer=403
)
ESCALATION_REOPEN = answers(404, anonymous=302, chief=403, administrator=403, coordinator=302, observer=403)

NEW_PASSWORD = "lamper-i-gaarden-2012"


def every_thing_decided(world, users, **_):
    """An initiative closes once everything on its hand-over list has a decision."""
    from hotspot.handover import services as handover
    from hotspot.handover.selectors import handover_list

    for thing in handover_list(world["initiative"]).undecided:
        handover.handover_decide(
            initiative=world["initiative"], kind=thing.kind, object_id=thing.object_id, decision="ended", by=None
        )
    return {"confirm": "on"}


def unread_notification_for_the_role(users, role, **_):
    """Something for "mark all read" to mark: an unread notification to the posting role's user."""
    from hotspot.notifications import ledger

    if role != ANON:
        ledger.claim(
            kind="meeting.moved", obj="dialogue.meeting:0", occurrence="post-table", recipient=users[role],
            build=lambda r: ledger.Message(title="Mødet er flyttet"),
        )  # fmt: skip
    return {}


# url name -> Post(data or its builder, expected answer per role[, url=kwargs builder][, changes=False])
POSTS = {
    # Django's own views. Login and the language switch are open to all; a reset mail is sent to anyone
    # asking (and changes nothing until the link is used); the GET table's reset link is invalid, so its
    # form is refused for everyone (the valid-link flow is Django's, tested there).
    "login": Post(lambda users, **_: {"username": users["observer"].username, "password": PASSWORD}, answers(302)),
    "logout": Post(BUTTON, answers(302), changes=False),  # ends the session only
    "password_change": Post(
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        answers(302),
    ),
    "password_reset": Post(lambda users, **_: {"email": users["observer"].email}, answers(302), changes=False),
    "password_reset_confirm": Post(
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, answers(200), changes=False
    ),
    "set_language": Post({"language": "en", "next": "/"}, answers(302), changes=False),  # a cookie
    # Actors
    "actors:organisation_create": Post({"name": "Nyt Værested", "kind": "institution"}, posted(DIRECTORY_WRITE)),
    "actors:organisation_edit": Post({"name": "Askovgården Fritid", "kind": "institution"}, posted(DIRECTORY_WRITE)),
    # The world's organisations are engaged or lead an initiative (protected): delete one nothing depends on.
    "actors:organisation_delete": Post(
        BUTTON,
        posted(DIRECTORY_WRITE),
        url=fresh(lambda w: Organisation.objects.create(name="Nedlagt forening", kind="other")),
    ),
    "actors:area_create": Post({"name": "Nørrebroparken", "kind": "quarter"}, posted(DIRECTORY_WRITE)),
    "actors:area_edit": Post({"name": "Politikreds 8 Nord", "kind": "district"}, posted(DIRECTORY_WRITE)),
    "actors:area_delete": Post(BUTTON, posted(DIRECTORY_WRITE)),
    "actors:body_create": Post({"name": "Netværk Nørrebro", "kind": "network"}, posted(DIRECTORY_WRITE)),
    "actors:body_edit": Post(
        lambda world, **_: {"name": "Styregruppe Indre N", "kind": "steering_group", "reports_to": world["forum"].pk},
        posted(DIRECTORY_WRITE),
    ),
    # The world's bodies hold meetings or have bodies reporting to them: delete a fresh one.
    "actors:body_delete": Post(
        BUTTON,
        posted(DIRECTORY_WRITE),
        url=fresh(lambda w: Body.objects.create(name="Nedlagt netværk", kind="network")),
    ),
    "actors:seat_create": Post(
        lambda world, **_: {"person": world["person"].pk, "kind": "resident", "role": "member", "start": "2013-01-01"},
        posted(DIRECTORY_WRITE),
    ),
    "actors:seat_edit": Post(
        lambda world, **_: {"person": world["person"].pk, "kind": "political", "role": "chair", "start": "2011-03-01"},
        posted(DIRECTORY_WRITE),
    ),
    "actors:seat_delete": Post(BUTTON, posted(DIRECTORY_WRITE)),
    "actors:person_create": Post({"name": "Ali Hassan"}, posted(DIRECTORY_WRITE)),
    "actors:person_edit": Post({"name": "Hanne Hansen-Berg"}, posted(DIRECTORY_WRITE)),
    "actors:person_delete": Post(BUTTON, posted(DIRECTORY_WRITE)),
    "actors:initiative_create": Post(
        {"name": "Hotspot Tingbjerg", "start": "2015-01-01", "end": "2018-12-31"}, posted(DIRECTORY_WRITE)
    ),
    "actors:initiative_edit": Post(
        {"name": "Hotspot Indre Nørrebro II", "start": "2011-03-01", "end": "2015-12-31"},
        posted(INITIATIVE_WRITE),
    ),
    "actors:engagement_create": Post(
        lambda world, **_: {"organisation": world["buf"].pk, "start": "2012-01-01"}, posted(INITIATIVE_WRITE)
    ),
    "actors:engagement_edit": Post(
        lambda world, **_: {"organisation": world["tmf"].pk, "start": "2010-12-01", "role": "Belysning"},
        posted(INITIATIVE_WRITE),
    ),
    "actors:engagement_delete": Post(BUTTON, posted(INITIATIVE_WRITE)),
    "actors:bodylink_create": Post(
        lambda world, **_: {"body": world["forum"].pk, "relation": "binding"}, posted(INITIATIVE_WRITE)
    ),
    "actors:bodylink_delete": Post(BUTTON, posted(INITIATIVE_WRITE)),
    "actors:user_create": Post({"username": "nyansat", "email": "nyansat@kk.example"}, posted(ADMIN_ONLY)),
    "actors:role_create": Post(
        lambda users, **_: {"user": users["stranger"].pk, "kind": "observer"}, posted(ADMIN_ONLY)
    ),
    "actors:role_delete": Post(BUTTON, posted(ADMIN_ONLY)),  # the observer's role
    # Meetings
    "dialogue:meeting_create": Post(
        lambda world, **_: {
            "initiative": world["initiative"].pk,
            "kind": "dialogue_platform",
            "title": "Dialogplatform juni",
            "start": "2012-06-07T09:00",
            "end": "2012-06-07T11:00",
        },
        posted(STAFF_CREATE),
    ),
    "dialogue:meeting_edit": Post(
        {
            "kind": "dialogue_platform",
            "title": "Dialogplatform maj (flyttet)",
            "start": "2012-05-10T09:00",
            "end": "2012-05-10T11:00",
        },
        posted(MEETING_WRITE),
    ),
    "dialogue:meeting_delete": Post(BUTTON, posted(MEETING_WRITE)),
    "dialogue:invitation_add": Post(lambda world, **_: {"organisations": [world["tmf"].pk]}, posted(MEETING_WRITE)),
    "dialogue:invitation_remove": Post(BUTTON, posted(MEETING_WRITE)),
    # Only the invitee answers: Askovgården's coordinator; the staff and observers see the meeting but may not.
    "dialogue:invitation_answer": Post(
        answering(lambda world: {f"svar-{world['invitation'].pk}-response": "apologies"}),
        answers(403, anonymous=302, stranger=404, liaison=404, coordinator=302),
    ),
    "dialogue:paper_add": Post(a_paper, posted(MEETING_WRITE)),
    "dialogue:paper_delete": Post(BUTTON, posted(MEETING_WRITE), url=meeting_paper),
    "dialogue:attendance": Post(lambda world, **_: {f"i{world['invitation'].pk}": "present"}, posted(MEETING_WRITE)),
    "dialogue:agenda_item_add": Post(
        {"new-title": "Grønne områder", "new-planned_minutes": "15", "new-origin": "chief"},
        posted(MEETING_WRITE),
    ),
    "dialogue:agenda_item_edit": Post(
        {"title": "Belysning i gården og på stien", "planned_minutes": "25", "origin": "chief"},
        posted(MEETING_WRITE),
    ),
    "dialogue:agenda_item_move": Post(second_agenda_item, posted(MEETING_WRITE)),
    "dialogue:agenda_item_delete": Post(BUTTON, posted(MEETING_WRITE)),
    "dialogue:outcome_add": Post(
        lambda world, **_: {"kind": "decision", "text": "Belysningen prioriteres", "decided_by": world["body"].pk},
        posted(MEETING_WRITE),
    ),
    "dialogue:outcome_edit": Post(
        lambda world, **_: {
            "kind": "action",
            "text": "Kortlæg mørke stier og gårde",
            "owner_organisation": world["askov"].pk,
            "due": "2012-06-15",
        },
        posted(MEETING_WRITE),
    ),
    "dialogue:outcome_delete": Post(BUTTON, posted(MEETING_WRITE)),
    "dialogue:agenda_send": Post(BUTTON, posted(MEETING_WRITE)),
    "dialogue:minutes_save": Post(
        lambda world, **_: {f"minutes-{world['item'].pk}": "Gården er ryddet.", "then": f"item:{world['item'].pk}"},
        posted(MEETING_WRITE),
    ),
    # The editor's autosave answers a status line (200), not a redirect.
    "dialogue:minutes_autosave": Post(
        lambda world, **_: {f"minutes-{world['item'].pk}": "Gården er ryddet."},
        MEETING_WRITE,
    ),
    "dialogue:agenda_reorder": Post(reversed_agenda, posted(MEETING_WRITE)),
    "dialogue:minutes_circulate": Post(BUTTON, posted(MEETING_WRITE)),
    "dialogue:minutes_publish": Post(BUTTON, posted(MEETING_WRITE)),
    "dialogue:minutes_new_version": Post({"note": "Fremmødet rettes"}, posted(MEETING_WRITE)),
    # Staff and the invited (Askovgården) comment; the observer reads but does not comment.
    "dialogue:minutes_comment": Post(
        circulated({"text": "TMF mangler på fremmødelisten."}),
        answers(404, anonymous=302, chief=302, coordinator=302, administrator=302),
    ),
    "dialogue:carry_over": Post(next_meeting_in_series, posted(MEETING_WRITE)),
    "dialogue:series_create": Post(
        lambda world, **_: {
            "initiative": world["initiative"].pk,
            "kind": "steering_group",
            "title": "Styregruppemøder",
            "recurrence": "monthly",
            "duration_minutes": "90",
        },
        posted(STAFF_CREATE),
    ),
    "dialogue:series_edit": Post(
        lambda world, **_: {
            "initiative": world["initiative"].pk,
            "kind": "dialogue_platform",
            "title": "Dialogplatform Indre Nørrebro (ny)",
            "recurrence": "quarterly",
            "duration_minutes": "120",
        },
        posted(SERIES_WRITE),
    ),
    "dialogue:series_next": Post({"first_start": ""}, posted(SERIES_WRITE)),
    # The action item is Askovgården's: its coordinator follows it up; the observer reads it only.
    "dialogue:action_status": Post(
        published({"status": "done"}),
        answers(404, anonymous=302, chief=302, coordinator=302, administrator=302, observer=403),
    ),
    "dialogue:calendar_renew": Post(BUTTON, answers(302, stranger=404)),
    # Escalations
    "dialogue:escalation_create": Post(
        lambda world, **_: {
            "initiative": world["initiative"].pk,
            "title": "Knallertkørsel på stien",
            "category": "general",
            "description": "Unge kører stærkt på stien om aftenen.",
            "theme": "public_safety",
            "urgency": "normal",
        },
        answers(403, anonymous=302, stranger=404, coordinator=302, liaison=302),
    ),
    # Observers read the case but do not write in it.
    "dialogue:escalation_comment": Post(
        {"kind": "comment", "text": "Lamperne er stadig slukket."}, {**posted(ESCALATION_READ), "observer": 403}
    ),
    # The inbox's bulk step: for those with an inbox (staff); each case checked for the triage right.
    "dialogue:escalation_bulk": Post(
        lambda world, **_: {
            "action": "acknowledge",
            "sag": f"{world['escalation'].pk}:{Escalation.objects.get(pk=world['escalation'].pk).version}",
        },
        answers(403, anonymous=302, stranger=404, chief=302, administrator=302),
    ),
    "dialogue:escalation_acknowledge": Post(step("kvitter"), ESCALATION_MANAGE),
    "dialogue:escalation_assign": Post(step("tildel", department=lambda w: w["tmf"].pk), ESCALATION_MANAGE),
    "dialogue:escalation_reject": Post(step("afvis", reason="Dublet af en anden sag."), ESCALATION_MANAGE),
    "dialogue:escalation_merge": Post(step("saml", into=another_open_case), ESCALATION_MANAGE),
    "dialogue:escalation_escalate": Post(
        step("eskaler", to_level=2, justification="TMF svarer ikke."), ESCALATION_MANAGE
    ),
    "dialogue:escalation_put_on_agenda": Post(step("dagsorden", meeting=upcoming_meeting), ESCALATION_MANAGE),
    "dialogue:escalation_assign_handler": Post(handler_for_tmf_case, ESCALATION_WORK_TMF),
    # Internal notes: the staff and the handling department; the raiser (the coordinator) is refused.
    "dialogue:escalation_note": Post({"note-text": "Ring til driften før mødet."}, ESCALATION_MANAGE),
    "dialogue:escalation_start": Post(step("behandles"), ESCALATION_MANAGE),
    "dialogue:escalation_answer": Post(step("svar", answer="Lampen er skiftet.", close="yes"), ESCALATION_MANAGE),
    "dialogue:escalation_reopen": Post(resolved_then("genaabn", reason="Lampen er gået igen."), ESCALATION_REOPEN),
    "dialogue:ladder_edit": Post(ladder, answers(403, anonymous=302, stranger=404, administrator=302)),
    # Safety walks
    "dialogue:safetywalk_create": Post(
        lambda world, role, **_: {
            "initiative": world["initiative"].pk,
            "date": "2012-09-20",
            "route": "Stengade, Blågårds Plads",
            "raised_for": own_org(world, role).pk,
            "organisations": [own_org(world, role).pk],
        },
        answers(302, anonymous=302, stranger=404, observer=403),
    ),
    "dialogue:finding_add": Post(
        {"category": "lighting", "place": "Stengade 12", "description": "Lampen ved porten er slukket."},
        answers(403, anonymous=302, stranger=404, chief=302, coordinator=302, administrator=302),
    ),
    "dialogue:safetywalk_followup": Post(
        {"on": "2012-05-10"},
        answers(403, anonymous=302, stranger=404, chief=302, coordinator=302, administrator=302),
    ),
    # Goals, indicators, measurements
    "evaluation:goal_create": Post(
        lambda world, **_: {"level": "long_term", "parent": world["goal"].pk, "title": "Færre utrygge steder"},
        posted(INITIATIVE_WRITE),
    ),
    "evaluation:goal_edit": Post({"level": "vision", "title": "Tryghed og trivsel"}, posted(INITIATIVE_WRITE)),
    # The world's goal has an indicator, so it cannot be deleted: delete one without.
    "evaluation:goal_delete": Post(
        BUTTON,
        posted(INITIATIVE_WRITE),
        url=fresh(
            lambda w: goals.goal_create(
                initiative=w["initiative"], data={"level": "vision", "title": "Uden indikatorer"}
            )
        ),
    ),
    "evaluation:goal_move": Post(second_vision, posted(INITIATIVE_WRITE)),
    "evaluation:goallink_add": Post(lambda world, **_: {"outcome": world["action"].pk}, posted(INITIATIVE_WRITE)),
    "evaluation:goallink_delete": Post(BUTTON, posted(INITIATIVE_WRITE)),
    "evaluation:indicator_create": Post(
        {
            "name": "Anmeldelser af indbrud",
            "dimension": "effect",
            "unit": "antal",
            "direction": "down",
            "frequency": "yearly",
            "method": "manual",
            "tolerance": "15",
        },
        posted(INITIATIVE_WRITE),
    ),
    "evaluation:indicator_edit": Post(
        lambda world, **_: {
            "name": "Andel utrygge beboere",
            "dimension": "effect",
            "unit": "%",
            "direction": "down",
            "frequency": "yearly",
            "method": "manual",
            "tolerance": "15",
            "responsible": world["askov"].pk,
        },
        posted(INITIATIVE_WRITE),
    ),
    "evaluation:indicator_delete": Post(BUTTON, posted(INITIATIVE_WRITE)),
    "evaluation:target_add": Post({"date": "2013-12-31", "value": "8"}, posted(INITIATIVE_WRITE)),
    "evaluation:target_delete": Post(BUTTON, posted(INITIATIVE_WRITE)),
    "evaluation:measurement_add": Post(
        {"period_start": "2012-01-01", "period_end": "2012-12-31", "value": "9"}, posted(MEASURE)
    ),
    "evaluation:measurement_edit": Post(
        {"period_start": "2011-01-01", "period_end": "2011-12-31", "value": "11"}, posted(MEASURE)
    ),
    "evaluation:measurement_delete": Post(BUTTON, posted(MEASURE)),
    "evaluation:measurement_import": Post(import_preview, posted(MEASURE)),
    # Surveys and experiences
    "evaluation:survey_create": Post(
        lambda **_: {
            "title": "Samarbejdsmåling 2013",
            "period_start": "2013-01-01",
            "period_end": "2013-12-31",
            "opens": today(),
            "closes": today(14),
        },
        posted(INITIATIVE_WRITE),
    ),
    "evaluation:survey_answer": Post(
        survey_ratings, answers(403, anonymous=302, stranger=404, coordinator=302, liaison=302)
    ),
    "evaluation:experience_create": Post(
        lambda world, role, **_: {
            "organisation": own_org(world, role).pk,
            "date": "2012-09-01",
            "title": "Lys på stien",
            "text": "Ny belysning gav færre henvendelser.",
        },
        answers(302, anonymous=302, stranger=404, observer=403),
    ),
    "evaluation:experience_edit": Post(
        lambda world, **_: {
            "organisation": world["askov"].pk,
            "date": "2012-06-01",
            "title": "Fælles gårdvandring i maj",
            "text": "Belysningen blev bedre, og flere brugte gården.",
        },
        posted(INITIATIVE_WRITE),
    ),
    # Notifications. The GET table's notification is the chief's, its mail failed.
    # The hand-over (the world's initiative ended in 2014, so its hand-over list is open)
    "hotspot:handover_decide": Post(
        lambda world, **_: {f"series-{world['series'].pk}-decision": "ended"},
        answers(403, anonymous=302, stranger=404, chief=302, administrator=302),
        url=handover_thing,
    ),
    "hotspot:initiative_close": Post(every_thing_decided, posted(INITIATIVE_WRITE)),
    "notifications:open": Post(BUTTON, answers(404, anonymous=302, chief=302)),  # marks it read
    "notifications:mark_all_read": Post(unread_notification_for_the_role, answers(302)),
    "notifications:preferences": Post(
        {"mail_on": ["escalations"], "digest": "on", "digest_weekday": 1, "meeting_days_before": 2, "language": "da"},
        answers(302),
    ),
    "notifications:delivery_retry": Post(BUTTON, answers(404, anonymous=302, administrator=302)),
    # The signed token (the coordinator's, for meeting mail) is the proof, whoever posts it: a mail client does.
    "notifications:unsubscribe": Post({"List-Unsubscribe": "One-Click"}, answers(200)),
}

# Anonymous users are sent to login, except where the view is open to all.
OPEN_POSTS = {"login", "password_reset", "set_language"}


# Which views handle POST ----------------------------------------------------------

PROJECT_PACKAGES = ("actors", "dialogue", "evaluation", "hotspot")
# Reading the body, comparing the method with "POST" (==, !=, in), or a decorator that admits POST.
POST_MARKERS = re.compile(
    r"request\.(POST|FILES|body)\b|request\.method\b.*[\"']POST[\"']|@require_(POST|http_methods\(.*POST)"
)


def _helpers_given_the_request(func):
    """Project functions that `func` calls with `request` as an argument (form_page, confirm_delete …)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and any(isinstance(a, ast.Name) and a.id == "request" for a in node.args)):
            continue
        target = None
        if isinstance(node.func, ast.Name):
            target = func.__globals__.get(node.func.id)
        elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            target = getattr(func.__globals__.get(node.func.value.id), node.func.attr, None)
        if inspect.isfunction(target) and target.__module__.split(".")[0] in PROJECT_PACKAGES:
            yield target


def handles_post(view, depth=2):
    """Whether a view does something with a POST: a class view's `post`, or a function reading request.POST,
    checking for a POST, or decorated with require_POST (itself or in a helper it hands the request to)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    func = inspect.unwrap(view)
    if POST_MARKERS.search(inspect.getsource(func)):
        return True
    return depth > 0 and any(handles_post(helper, depth - 1) for helper in _helpers_given_the_request(func))


@functools.cache
def post_handlers():
    return frozenset(name for name, view in named_views() if handles_post(view))


def test_every_post_handler_is_in_the_post_table():
    missing = sorted(post_handlers() - set(POSTS) - PENDING)
    assert not missing, f"Add POST rows for these URLs to POSTS: {missing}"


def test_the_post_table_names_only_post_handlers():
    stale = sorted((set(POSTS) | PENDING) - post_handlers())
    assert not stale, f"Remove these from POSTS / PENDING (no POST handler found): {stale}"
    assert not PENDING & set(POSTS), "A pending URL has rows: take it out of PENDING"


def test_the_detector_finds_post_handlers_and_leaves_pages_alone():
    found = post_handlers()
    assert {
        "dialogue:meeting_edit",  # request.POST in the view
        "actors:organisation_delete",  # request.method == "POST" in confirm_delete, which it calls
        "dialogue:minutes_circulate",  # @require_POST
        "evaluation:measurement_import",  # request.FILES
        "password_change",  # a class view with post()
        "set_language",  # Django's function view
    } <= found
    pages = {"dialogue:meeting_detail", "dialogue:escalation_detail", "evaluation:report_export", "home", "health"}
    assert not pages & found
    assert "password_reset_done" not in found  # a class view without post()
    assert len(found) > 50


# POSTing as each role -----------------------------------------------------------------


def _post(client, name, row, world, users, role):
    """POST the row's data in a transaction that is rolled back; return (response, changed tables)."""
    with transaction.atomic():
        kwargs = (row.url or ACCESS[name][0] or (lambda world, users: None))(world, users)
        data = row.data(world=world, users=users, role=role, client=client) if callable(row.data) else row.data
        before = db_checksum()
        response = client.post(reverse(name, kwargs=kwargs), data)
        after = db_checksum()
        transaction.set_rollback(True)
    return response, sorted(t for t in after if after[t] != before[t])


def _judge(name, row, role, response, changed):
    expected, got = row.expected[role], response.status_code
    location = response.get("Location", "")
    if got != expected:
        return f"{name}: expected {expected}, got {got} {location} changed {changed or 'nothing'}"
    to_login = got == 302 and location.startswith(reverse("login"))
    if role == ANON and got == 302 and name not in OPEN_POSTS and not to_login:
        return f"{name}: anonymous must be sent to login, was sent to {location}"
    refused = got in (403, 404, 405) or to_login
    if (refused or not row.changes) and changed:
        return f"{name}: {'refused' if refused else 'answered'} {got} but changed {changed}"
    if row.changes and not refused and not changed:
        return f"{name}: answered {got} but changed nothing"
    return None


@pytest.mark.parametrize("role", [*ROLES, ANON])
def test_each_role_gets_the_declared_answer_to_every_post_and_only_allowed_ones_change_data(
    role, world, users, client_for
):
    client = client_for(role)  # signed in before the first checksum: last_login is set by then
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    wrong = []
    for name, row in POSTS.items():
        try:
            response, changed = _post(client, name, row, world, users, role)
        except Exception as error:  # a 500: report it with the others
            wrong.append(f"{name}: raised {error!r}")
        else:
            wrong.append(_judge(name, row, role, response, changed))
        # A POST may end or rotate the session (logout, password change) or set cookies: start each afresh.
        client.cookies = SimpleCookie(cookies.output(header="", sep="\n"))
    wrong = [w for w in wrong if w]
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)
