"""Every kind of message, end to end: triggered through the services and the scan, delivered through a
real SMTP server, parsed, and its link opened by its recipient."""

import datetime
import re
import zoneinfo
from urllib.parse import urlsplit

from django.test import Client

from actors import services as accounts
from actors.models import Engagement, Organisation, Role
from dialogue.escalations import services as escalations
from dialogue.meetings import services as meetings
from dialogue.models import Invitation, Meeting
from evaluation.surveys import services as surveys
from hotspot.notifications import ledger, scan
from hotspot.notifications.kinds import KINDS
from hotspot.notifications.models import Notification

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=CPH)


def case(world, users, title, when=None):
    return escalations.escalation_raise(
        initiative=world["initiative"], organisation=world["askov"], by=users["coordinator"],
        data={"title": title, "description": "Beskrivelse.", "theme": "public_safety"}, now=when,
    )  # fmt: skip


def fresh(obj):
    obj.refresh_from_db()
    return obj


def reminders(world, users):
    """The scan, on the days things fall due around the world's meeting of 3 May 2012."""
    meeting = world["meeting"]
    meeting.created_by = users["chief"]
    meeting.save(update_fields=["created_by"])
    late = case(world, users, "Frist overskredet", at(datetime.date(2012, 4, 2)))
    surveys.round_create(
        initiative=world["initiative"],
        data={"title": "Forår 2012", "period_start": datetime.date(2012, 1, 1), "period_end": datetime.date(2012, 4, 30),
              "opens": datetime.date(2012, 5, 1), "closes": datetime.date(2012, 5, 15)},
        organisations=[world["askov"], world["tmf"]],
    )  # fmt: skip
    plan = Organisation.objects.create(
        name="Helhedsplan Blågården", kind=Organisation.Kind.MASTER_PLAN, period_end=datetime.date(2012, 10, 31)
    )
    Engagement.objects.create(initiative=world["initiative"], organisation=plan, start=datetime.date(2011, 3, 1))
    near = case(world, users, "Frist nær", at(datetime.date(2012, 4, 30)))
    assert near.sla_due == datetime.date(2012, 5, 2) and late.sla_due < datetime.date(2012, 5, 1)
    for day in [(2012, 4, 30), (2012, 5, 1), (2012, 5, 7), (2012, 5, 11), (2012, 5, 30), (2012, 6, 4), (2013, 2, 1),
                (2014, 7, 1)]:  # fmt: skip
        scan.run(now=at(datetime.date(*day)))


def events(world, users):
    """Every step that tells someone, through the services."""
    chief, coordinator, liaison, admin = (users[r] for r in ("chief", "coordinator", "liaison", "administrator"))
    # Cases: raised, acknowledged, assigned, given to a handler, question, reply, answered, resolved, reopened.
    c = case(world, users, "Knallerter på stien")
    escalations.escalation_acknowledge(escalation=c, by=chief, version=c.version)
    escalations.escalation_assign(escalation=fresh(c), department=world["tmf"], by=chief, version=c.version)
    escalations.escalation_assign_handler(escalation=fresh(c), assignee=liaison, by=chief, version=c.version)
    escalations.escalation_comment(escalation=c, by=liaison, text="Hvilken sti?", kind="question")
    escalations.escalation_comment(escalation=c, by=coordinator, text="Ved skolen.", kind="reply")
    escalations.escalation_answer(escalation=fresh(c), by=liaison, answer="Vi kigger.", close=False, version=c.version)
    escalations.escalation_resolve(escalation=fresh(c), by=liaison, answer="Lys sat op.", version=c.version)
    escalations.escalation_reopen(escalation=fresh(c), by=coordinator, reason="Lyset er gået igen.", version=c.version)
    # Rejected, merged, escalated, decided.
    r = case(world, users, "Støj fra værksted")
    escalations.escalation_reject(escalation=r, by=chief, reason="Hører under politiet.", version=r.version)
    m = case(world, users, "Knallerter igen")
    escalations.escalation_merge(escalation=m, into=fresh(c), by=chief, version=m.version)
    e = case(world, users, "Manglende fritidstilbud")
    escalations.escalation_escalate(escalation=e, by=chief, justification="Kræver styregruppen.", version=e.version,
                                    to_level=2)  # fmt: skip
    d = case(world, users, "Mørk gård")
    published = world["published_meeting"]
    item = meetings.agenda_item_add_for_escalation(meeting=world["meeting"], escalation=d, by=chief, version=d.version)
    meetings.outcome_add(item=item, data={"kind": "decision", "text": "TMF sætter lys op."}, by=chief)
    # Meetings: invited, moved, agenda sent, minutes circulated, a comment, published (with its action item).
    meeting = Meeting.objects.get(pk=world["meeting"].pk)
    meetings.invite(meeting=meeting, organisations=[world["tmf"]], by=chief)
    new_start = meeting.start + datetime.timedelta(days=7)
    meeting = meetings.meeting_update(
        meeting=meeting, data={"start": new_start, "end": new_start + datetime.timedelta(hours=2)}, by=chief
    )
    meetings.agenda_send(meeting=meeting, by=chief)
    Invitation.objects.filter(meeting=meeting).update(attendance=Invitation.Attendance.PRESENT)
    meeting = meetings.minutes_circulate(meeting=meeting, by=chief)
    meetings.minutes_comment(meeting=meeting, author=coordinator, text="Ret punkt 1.")
    action = meeting.agenda_items.first().outcomes.get(kind="action")
    meeting = meetings.minutes_publish(meeting=meeting, by=chief)
    meeting = meetings.minutes_new_version(meeting=meeting, note="Ny frist")
    meetings.outcome_update(outcome=action, data={"due": datetime.date(2012, 6, 29)}, by=chief)
    meetings.minutes_publish(meeting=meeting, by=chief)
    # A cancelled meeting.
    other = meetings.meeting_create(
        data={"initiative": world["initiative"], "kind": "steering_group", "title": "Ekstra møde",
              "start": published.start + datetime.timedelta(days=90),
              "end": published.start + datetime.timedelta(days=90, hours=1)},
        by=chief,
    )  # fmt: skip
    meetings.invite(meeting=other, organisations=[world["askov"]], by=chief)
    meetings.meeting_update(meeting=other, data={"cancelled": True}, by=chief)
    # The account: a new user, a role given and taken away.
    accounts.user_create(username="ny", email="ny@kk.example", by=admin)
    role = accounts.role_give(role=Role(user=users["observer"], kind=Role.Kind.OBSERVER,
                                        initiative=world["initiative"]), by=admin)  # fmt: skip
    accounts.role_remove(role=role, by=admin)
    # The weekly digest (a Monday; unread messages from the week).
    Notification.objects.update(created_at=at(datetime.date(2026, 11, 30)))
    scan.claim_digests(at(datetime.date(2026, 11, 30), 10))


def test_every_kind_is_mailed_to_its_recipient_and_its_link_opens_for_them(world, users, smtp, settings):
    settings.SITE_URL = "https://hotspot.kk.example"
    reminders(world, users)
    events(world, users)

    made = set(Notification.objects.values_list("kind", flat=True))
    assert made == set(KINDS), f"never made: {sorted(set(KINDS) - made)}"

    for pk in Notification.objects.exclude(mail_status="none").values_list("pk", flat=True):
        assert ledger.deliver(pk) == Notification.Mail.SENT
    by_mail = {u.email: u for u in users.values()}
    by_mail["ny@kk.example"] = Notification.objects.get(kind="user.invited").recipient
    mailed = set()
    for message in smtp.messages:
        ours = re.search(r"notification-(\d+)@", message["Message-ID"])
        if ours is None:  # the new user's mail with the link to choose a password, sent by user_invite itself
            assert message["To"] == "ny@kk.example"
            continue
        notification = Notification.objects.get(pk=int(ours[1]))
        kind = notification.kind
        mailed.add(kind)
        recipient = by_mail[message["To"]]
        # RFC 2047: a long subject is folded into encoded words; decoded, æøå are intact.
        assert " ".join(str(message["Subject"]).split()) == " ".join(f"Hotspot: {notification.title}".split())
        link = re.search(r"Åbn i Hotspot: (\S+)", message.get_body(("plain",)).get_content())[1]
        assert link.startswith("https://hotspot.kk.example/")
        client = Client()
        client.force_login(recipient)
        answer = client.get(urlsplit(link).path)
        assert answer.status_code == 200, f"{kind}: {link} answers {answer.status_code} for {recipient}"
    # Everything is mailed but the welcome (the invitation mail carries the link to choose a password).
    assert mailed == set(KINDS) - {"user.invited"}
