"""From domain events to messages: who is told what when something happens.

The layers below announce events (actors/events.py); ``on_event`` is registered at
start-up (hotspot/apps.py) and claims one message per concerned user through the
ledger, in the announcing transaction, so a rolled-back change tells nobody. The
one who caused the event is never told about it. Each rule's ``title`` and ``body``
run in the recipient's language.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from actors.models import display_name
from dialogue.escalations import selectors as cases
from dialogue.meetings import ical
from dialogue.meetings import selectors as meetings
from dialogue.models import Outcome

from . import ledger
from .models import Notification


def _who(user):
    if user is None:
        return _("Hotspot")
    return display_name(user)


@dataclass(frozen=True)
class CaseRule:
    kind: str
    recipients: Callable
    title: str  # formatted with the case's title
    verb: str  # "{who} {verb}", e.g. "har besvaret sagen"


# escalation event kind -> rule. Comments, "in progress" and "on the agenda" tell nobody by mail:
# they show on the timeline the concerned read anyway.
CASE_RULES = {
    "raised": CaseRule(
        "escalation.raised",
        cases.escalation_triage_users,
        gettext_noop("Ny sag: %s"),
        gettext_noop("har rejst en ny sag"),
    ),
    "acknowledged": CaseRule(
        "escalation.acknowledged",
        cases.escalation_raisers,
        gettext_noop("Din sag er modtaget: %s"),
        gettext_noop("har kvitteret for sagen"),
    ),
    "assigned": CaseRule(
        "escalation.assigned",
        cases.escalation_workers,
        gettext_noop("Sag sendt til jeres forvaltning: %s"),
        gettext_noop("har sendt sagen til jer"),
    ),
    "handler": CaseRule(
        "escalation.handler",
        cases.escalation_assignees,
        gettext_noop("Du behandler nu sagen: %s"),
        gettext_noop("har givet dig sagen"),
    ),
    "question": CaseRule(
        "escalation.question",
        cases.escalation_raisers,
        gettext_noop("Spørgsmål til din sag: %s"),
        gettext_noop("har et spørgsmål til sagen"),
    ),
    "reply": CaseRule(
        "escalation.reply",
        cases.escalation_holders,
        gettext_noop("Svar på spørgsmål: %s"),
        gettext_noop("har svaret på spørgsmålet"),
    ),
    "answer": CaseRule(
        "escalation.answered",
        cases.escalation_raisers,
        gettext_noop("Din sag er besvaret: %s"),
        gettext_noop("har besvaret sagen"),
    ),
    "resolved": CaseRule(
        "escalation.resolved",
        cases.escalation_raisers,
        gettext_noop("Din sag er løst: %s"),
        gettext_noop("har lukket sagen som løst"),
    ),
    "rejected": CaseRule(
        "escalation.rejected",
        cases.escalation_raisers,
        gettext_noop("Din sag er afvist: %s"),
        gettext_noop("har afvist sagen"),
    ),
    "merged": CaseRule(
        "escalation.merged",
        cases.escalation_raisers,
        gettext_noop("Din sag er lagt sammen med en anden: %s"),
        gettext_noop("har lagt sagen sammen"),
    ),
    "escalated": CaseRule(
        "escalation.escalated",
        lambda case: [*cases.escalation_triage_users(case), *cases.escalation_raisers(case)],
        gettext_noop("Sag løftet et niveau op: %s"),
        gettext_noop("har løftet sagen et niveau op"),
    ),
    "reopened": CaseRule(
        "escalation.reopened",
        cases.escalation_holders,
        gettext_noop("Sag genåbnet: %s"),
        gettext_noop("har genåbnet sagen"),
    ),
}


def escalation_event(event, by):
    escalation = event.escalation
    rule = CASE_RULES.get(event.kind)
    if rule is None or (event.kind == "merged" and escalation.merged_into_id is None):
        return []  # the case another was merged into keeps going: its raiser has nothing new to do
    decision = event.kind == "resolved" and escalation.decision_id is not None
    kind = "escalation.decided" if decision else rule.kind

    def build(recipient):
        title = _(rule.title) % escalation.title
        lines = [f"{_who(by)} {_(rule.verb)} ({escalation.initiative})."]
        if decision:
            title = _("Din sag er afgjort ved en beslutning: %s") % escalation.title
            outcome = escalation.decision
            lines = [
                _("%(body)s har truffet en beslutning, der løser sagen.")
                % {"body": outcome.decided_by or outcome.agenda_item.meeting},
                "",
                _("Beslutningen:"),
                outcome.text,
            ]
        elif event.kind == "escalated":
            lines.append(_("Sagen ligger nu på niveau %(level)s.") % {"level": event.to_level})
        if event.text and not decision:
            lines += ["", event.text]
        return ledger.Message(title=title, body="\n".join(lines), url=escalation.get_absolute_url())

    return ledger.claim_for(
        rule.recipients(escalation), kind=kind, obj=escalation, occurrence=f"event:{event.pk}", build=build, actor=by,
        now=event.at,
    )  # fmt: skip


# --- meetings, minutes and action items -------------------------------------------------------


def meeting_when(meeting):
    """The meeting's time and place in the active language, e.g. "14. marts 2013 kl. 13:00, Nørrebrohallen"."""
    start = formats.date_format(timezone.localtime(meeting.start), "DATE_FORMAT")
    time = formats.time_format(timezone.localtime(meeting.start), "TIME_FORMAT")
    when = _("%(date)s kl. %(time)s") % {"date": start, "time": time}
    return f"{when}, {meeting.place}" if meeting.place else when


def meeting_ics(meeting, method):
    return ical.invitation_ics(meeting, list(meeting.agenda_items.order_by("position")), method)


def _meeting_message(meeting, title, lines, ics_method="", anchor=""):
    return ledger.Message(
        title=f"{title}: {meeting.title}",
        body="\n".join(lines),
        url=meeting.get_absolute_url() + anchor,
        ics=meeting_ics(meeting, ics_method) if ics_method else "",
        ics_method=ics_method,
    )


def answer_line():
    # The link opens the meeting page (after signing in) at the answer form: nobody answers for someone else.
    return _("Meld „deltager“ eller „afbud“ på mødesiden via linket herunder.")


def meeting_invited(meeting, by, invitations):
    def build(recipient):
        lines = [_("%(who)s har inviteret dig til %(meeting)s, %(when)s.")
                 % {"who": _who(by), "meeting": meeting.title, "when": meeting_when(meeting)}]  # fmt: skip
        if meeting.description:
            lines += ["", meeting.description]
        lines += ["", _("Invitationen ligger vedhæftet, så du kan sætte mødet i din kalender.")]
        lines += [answer_line()]
        return _meeting_message(meeting, _("Invitation"), lines, "REQUEST", anchor="#svar")

    return ledger.claim_for(
        meetings.invitation_users(invitations), kind="meeting.invited", obj=meeting,
        occurrence=f"start:{meeting.start.isoformat()}", build=build, actor=by,
    )  # fmt: skip


def meeting_moved(meeting, by, previous_start):
    def build(recipient):
        lines = [
            _("%(who)s har ændret mødet. Det holdes nu %(when)s.") % {"who": _who(by), "when": meeting_when(meeting)}
        ]
        if previous_start != meeting.start:
            was = formats.date_format(timezone.localtime(previous_start), "DATETIME_FORMAT")
            lines.append(_("Før: %(was)s.") % {"was": was})
        return _meeting_message(meeting, _("Mødet er ændret"), lines, "REQUEST")

    return ledger.claim_for(
        meetings.meeting_invitees(meeting), kind="meeting.moved", obj=meeting,
        occurrence=f"start:{meeting.start.isoformat()}|{meeting.place}", build=build, actor=by,
    )  # fmt: skip


def meeting_cancelled(meeting, by):
    def build(recipient):
        lines = [_("%(who)s har aflyst mødet %(when)s.") % {"who": _who(by), "when": meeting_when(meeting)}]
        return _meeting_message(meeting, _("Mødet er aflyst"), lines, "CANCEL")

    return ledger.claim_for(
        meetings.meeting_invitees(meeting), kind="meeting.cancelled", obj=meeting, occurrence="cancelled",
        build=build, actor=by,
    )  # fmt: skip


def agenda_sent(meeting, by):
    def build(recipient):
        items = meeting.agenda_items.order_by("position")
        lines = [
            _("%(who)s har sendt dagsordenen til mødet %(when)s:") % {"who": _who(by), "when": meeting_when(meeting)},
            "",
        ]
        lines += [f"{item.position}. {item.title}" for item in items]
        lines += ["", answer_line()]
        return _meeting_message(meeting, _("Dagsorden"), lines, "REQUEST", anchor="#svar")

    return ledger.claim_for(
        meetings.meeting_invitees(meeting), kind="meeting.agenda_sent", obj=meeting,
        occurrence=f"sent:{meeting.agenda_sent_at.isoformat()}", build=build, actor=by,
    )  # fmt: skip


def minutes_circulated(meeting, by):
    def build(recipient):
        due = formats.date_format(meeting.comments_due, "DATE_FORMAT")
        lines = [
            _("%(who)s har sendt referatet af mødet %(when)s til kommentering.")
            % {"who": _who(by), "when": meeting_when(meeting)},
            _("Kommentarer senest %(due)s.") % {"due": due},
        ]
        return _meeting_message(meeting, _("Referat til kommentering"), lines)

    return ledger.claim_for(
        meetings.meeting_attendees(meeting), kind="minutes.circulated", obj=meeting,
        occurrence=f"v{meeting.minutes_version}", build=build, actor=by,
    )  # fmt: skip


def minutes_comment(comment, by):
    meeting = comment.meeting

    def build(recipient):
        lines = [_("%(who)s har kommenteret referatet:") % {"who": _who(by)}, "", comment.text]
        return _meeting_message(meeting, _("Kommentar til referatet"), lines)

    return ledger.claim_for(
        meetings.meeting_organisers(meeting), kind="minutes.comment", obj=meeting,
        occurrence=f"comment:{comment.pk}", build=build, actor=by,
    )  # fmt: skip


def minutes_published(meeting, by):
    """The invited hear the minutes are approved; each action item's owners hear of it now that they may read it."""

    def build(recipient):
        lines = [_("%(who)s har godkendt referatet af mødet %(when)s. Det kan nu læses i Hotspot.")
                 % {"who": _who(by), "when": meeting_when(meeting)}]  # fmt: skip
        return _meeting_message(meeting, _("Referatet er godkendt"), lines)

    made = ledger.claim_for(
        meetings.meeting_invitees(meeting), kind="minutes.published", obj=meeting,
        occurrence=f"v{meeting.minutes_version}", build=build, actor=by,
    )  # fmt: skip
    for action in Outcome.objects.open_actions().filter(agenda_item__meeting=meeting).select_related("agenda_item"):
        made += actions_published(action, by)
    return made


def _action_message(action, title, first_line):
    meeting = action.agenda_item.meeting
    due = formats.date_format(action.due, "DATE_FORMAT") if action.due else _("ingen frist")
    lines = [first_line, "", action.text, "", _("Frist: %(due)s. Fra mødet %(meeting)s, %(when)s.")
             % {"due": due, "meeting": meeting.title, "when": meeting_when(meeting)}]  # fmt: skip
    return ledger.Message(title=f"{title}: {action.text[:120]}", body="\n".join(lines), url=meeting.get_absolute_url())


def actions_published(action, by):
    """Draft minutes are not the owners' to read, so an action item is told when its minutes are published:
    "assigned" the first time an owner sees it, "due date changed" when a later version moves its due date."""
    owner = f"person:{action.owner_person_id}" if action.owner_person_id else f"org:{action.owner_organisation_id}"
    occurrence = f"{owner}|due:{action.due}"
    told = Notification.objects.filter(
        object_key=ledger.object_key(action), kind__in=["action.assigned", "action.due_changed"],
        occurrence__startswith=f"{owner}|",
    )  # fmt: skip
    made = []
    for user in meetings.action_owners(action):
        if not told.filter(recipient=user).exists():
            kind, title, line = (
                "action.assigned",
                _("Ny handling til dig"),
                _("%(who)s har givet dig (eller din organisation) en handling."),
            )
        elif not told.filter(recipient=user, occurrence=occurrence).exists():
            kind, title, line = (
                "action.due_changed",
                _("Ny frist for handling"),
                _("%(who)s har flyttet fristen for en af dine handlinger."),
            )
        else:
            continue
        made += ledger.claim_for(
            [user], kind=kind, obj=action, occurrence=occurrence, actor=by,
            build=lambda r, title=title, line=line: _action_message(action, title, line % {"who": _who(by)}),
        )  # fmt: skip
    return made


# --- the account ----------------------------------------------------------------------------


def user_invited(user, by):
    def build(recipient):
        return ledger.Message(
            title=_("Velkommen til Hotspot"),
            body=_("%(who)s har oprettet din konto. Dine roller står i menuen under dit navn.") % {"who": _who(by)},
            url=reverse("notifications:preferences"),
            mail=False,  # user_invite has mailed the link to choose a password
        )

    return ledger.claim_for([user], kind="user.invited", obj=user, occurrence="invited", build=build, actor=by)


def _role_message(role, by, title, line):
    return ledger.Message(title=f"{title}: {role}", body=line % {"who": _who(by), "role": role}, url=reverse("home"))


def role_given(role, by):
    return ledger.claim_for(
        [role.user], kind="role.given", obj=role, occurrence="given", actor=by,
        build=lambda r: _role_message(role, by, _("Ny rolle"), _("%(who)s har givet dig rollen %(role)s.")),
    )  # fmt: skip


def role_removed(role, by):
    return ledger.claim_for(
        [role.user], kind="role.removed", obj=role, occurrence="removed", actor=by,
        build=lambda r: _role_message(role, by, _("Rolle fjernet"), _("%(who)s har fjernet din rolle %(role)s.")),
    )  # fmt: skip


HANDLERS = {
    "user.invited": user_invited,
    "role.given": role_given,
    "role.removed": role_removed,
    "escalation.event": escalation_event,
    "meeting.invited": meeting_invited,
    "meeting.moved": meeting_moved,
    "meeting.cancelled": meeting_cancelled,
    "meeting.agenda_sent": agenda_sent,
    "minutes.circulated": minutes_circulated,
    "minutes.comment": minutes_comment,
    "minutes.published": minutes_published,
}


def on_event(kind, obj, *, by=None, **data):
    handler = HANDLERS.get(kind)
    if handler is not None:
        handler(obj, by, **data)
