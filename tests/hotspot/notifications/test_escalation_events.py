"""Each step of a case tells the people it concerns (hotspot/notifications/events.py)."""

import pytest
from django.db import transaction

from dialogue.escalations import services as escalations
from dialogue.meetings import services as meetings
from dialogue.models import Outcome
from hotspot.notifications.models import Notification, Preferences


def told(kind=None):
    qs = Notification.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    return {n.recipient.username for n in qs.select_related("recipient")}


def test_a_raised_case_tells_the_chief_and_not_the_raiser(raised):
    assert told("escalation.raised") == {"chief"}
    notification = Notification.objects.get(kind="escalation.raised")
    assert notification.title == "Ny sag: Knallerter på stien"
    assert notification.url == raised.get_absolute_url()
    assert "Coordinator har rejst en ny sag (Hotspot Indre Nørrebro)" in notification.body
    assert "Unge kører på stien om aftenen." in notification.body


def test_the_ladder_rungs_responsible_role_is_told_too(world, users, raised):
    from actors.models import Role
    from dialogue.models import LadderLevel

    LadderLevel.objects.filter(initiative=world["initiative"], level=2).update(responsible_role=Role.Kind.ADMINISTRATOR)
    Role.objects.create(user=users["observer"], kind=Role.Kind.ADMINISTRATOR, initiative=world["initiative"])
    escalations.escalation_escalate(
        escalation=raised, by=users["chief"], justification="Kræver flere forvaltninger.", version=raised.version,
        to_level=2,
    )  # fmt: skip
    assert told("escalation.escalated") == {"observer", "coordinator"}


def test_sending_the_case_to_a_department_tells_its_liaison(world, users, raised):
    escalations.escalation_assign(escalation=raised, department=world["tmf"], by=users["chief"], version=raised.version)
    assert told("escalation.assigned") == {"liaison"}


def test_a_question_goes_to_the_raiser_and_the_reply_to_whoever_holds_the_case(world, users, raised):
    escalations.escalation_assign(escalation=raised, department=world["tmf"], by=users["chief"], version=raised.version)
    escalations.escalation_comment(escalation=raised, by=users["liaison"], text="Hvilken sti?", kind="question")
    escalations.escalation_comment(escalation=raised, by=users["coordinator"], text="Den ved skolen.", kind="reply")
    assert told("escalation.question") == {"coordinator"}
    assert told("escalation.reply") == {"liaison"}
    assert "Den ved skolen." in Notification.objects.get(kind="escalation.reply").body


def test_an_answer_reaches_the_raiser_in_english_when_they_chose_english(users, raised):
    Preferences.objects.create(user=users["coordinator"], language="en")
    escalations.escalation_acknowledge(escalation=raised, by=users["chief"], version=raised.version)
    raised.refresh_from_db()
    escalations.escalation_resolve(escalation=raised, by=users["chief"], answer="Lys sat op.", version=raised.version)
    resolved = Notification.objects.get(kind="escalation.resolved")
    assert resolved.recipient == users["coordinator"]
    assert resolved.title.startswith("Your case has been resolved")
    assert "Lys sat op." in resolved.body


@pytest.mark.parametrize(
    ("step", "kind"),
    [
        (lambda c, u: escalations.escalation_reject(escalation=c, by=u["chief"], reason="Hører under politiet.",
                                                    version=c.version), "escalation.rejected"),
        (lambda c, u: escalations.escalation_acknowledge(escalation=c, by=u["chief"], version=c.version),
         "escalation.acknowledged"),
    ],
)  # fmt: skip
def test_the_raiser_hears_of_each_step_taken_on_their_case(users, raised, step, kind):
    step(raised, users)
    assert told(kind) == {"coordinator"}


def test_merging_tells_the_raiser_of_the_merged_case_only(world, users, raised):
    other = escalations.escalation_raise(
        initiative=world["initiative"], organisation=world["askov"], by=users["chief"],
        data={"title": "Knallerter igen", "description": "Samme sti.", "theme": "public_safety"},
    )  # fmt: skip
    escalations.escalation_merge(escalation=raised, into=other, by=users["chief"], version=raised.version)
    assert told("escalation.merged") == {"coordinator"}


def test_a_decision_that_resolves_the_case_tells_the_raiser_with_the_decision_text(world, users, raised):
    item = meetings.agenda_item_add_for_escalation(
        meeting=world["meeting"], escalation=raised, by=users["chief"], version=raised.version
    )
    meetings.outcome_add(
        item=item, data={"kind": Outcome.Kind.DECISION, "text": "TMF sætter lys op inden 1. marts."}, by=users["chief"]
    )
    decided = Notification.objects.get(kind="escalation.decided")
    assert decided.recipient == users["coordinator"]
    assert "TMF sætter lys op inden 1. marts." in decided.body
    assert decided.url == raised.get_absolute_url()
    assert not Notification.objects.filter(kind="escalation.resolved").exists()


def test_a_step_that_fails_tells_nobody(users, raised):
    Notification.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        escalations.escalation_acknowledge(escalation=raised, by=users["chief"], version=raised.version)
        raise RuntimeError
    assert not Notification.objects.exists()


def test_comments_tell_nobody(users, raised):
    before = Notification.objects.count()
    escalations.escalation_comment(escalation=raised, by=users["chief"], text="Noteret.", kind="comment")
    assert Notification.objects.count() == before


def test_a_role_given_and_taken_away_is_told_to_its_holder_by_mail_even_with_mail_switched_off(world, users):
    from actors import services
    from actors.models import Role

    Preferences.objects.create(user=users["observer"], mail_off=["escalations", "meetings"])
    role = services.role_give(
        role=Role(user=users["observer"], kind=Role.Kind.OBSERVER, initiative=world["initiative"]),
        by=users["administrator"],
    )
    services.role_remove(role=role, by=users["administrator"])
    given, removed = (Notification.objects.get(kind=k) for k in ("role.given", "role.removed"))
    assert given.recipient == removed.recipient == users["observer"]
    assert given.mail_status == removed.mail_status == Notification.Mail.PENDING
    assert "Administrator har givet dig rollen" in given.body


def test_an_invited_user_finds_a_welcome_in_the_inbox_but_no_second_mail(users, mailoutbox):
    from actors import services

    user = services.user_create(username="ny", email="ny@kk.example", by=users["administrator"])
    welcome = Notification.objects.get(kind="user.invited")
    assert welcome.recipient == user and welcome.mail_status == Notification.Mail.NONE
    assert len(mailoutbox) == 1  # the mail with the link to choose a password
