"""From domain events to messages: who is told what when something happens.

The layers below announce events (actors/events.py); ``on_event`` is registered at
start-up (hotspot/apps.py) and claims one message per concerned user through the
ledger, in the announcing transaction, so a rolled-back change tells nobody. The
one who caused the event is never told about it. Each rule's ``title`` and ``body``
run in the recipient's language.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dialogue.escalations import selectors as cases

from . import ledger


def _who(user):
    if user is None:
        return _("Hotspot")
    return user.get_full_name() or user.get_username()


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


HANDLERS = {"escalation.event": escalation_event}


def on_event(kind, obj, *, by=None, **data):
    handler = HANDLERS.get(kind)
    if handler is not None:
        handler(obj, by, **data)
