"""Every kind of message, the group a user switches e-mail on and off by, and the groups' labels."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    mail_by_default: bool = True
    optional: bool = True  # account mail (invitation, roles) cannot be switched off


GROUPS = {
    g.key: g
    for g in [
        Group("escalations", _("Eskaleringer: nye sager, svar, spørgsmål og frister")),
        Group("meetings", _("Møder: invitationer, ændringer, aflysninger, dagsordener og påmindelser")),
        Group("minutes", _("Referater: til kommentering, kommentarer og godkendte referater")),
        Group("actions", _("Handlinger: tildelt dig eller din organisation, ændrede og nære frister")),
        Group("surveys", _("Spørgeskemaer om samarbejdet")),
        Group("evaluation", _("Målinger, der skal indberettes")),
        Group("initiative", _("Indsatsens og helhedsplanernes udløb")),
        Group("account", _("Din konto: invitation og roller"), optional=False),
        Group("digest", _("Ugentligt overblik")),
    ]
}

# kind -> group. The kinds are the events of the issue and the reminders of the scan.
KINDS = {
    # Escalation events
    "escalation.raised": "escalations",
    "escalation.acknowledged": "escalations",
    "escalation.assigned": "escalations",
    "escalation.handler": "escalations",
    "escalation.question": "escalations",
    "escalation.reply": "escalations",
    "escalation.answered": "escalations",
    "escalation.resolved": "escalations",
    "escalation.rejected": "escalations",
    "escalation.merged": "escalations",
    "escalation.escalated": "escalations",
    "escalation.reopened": "escalations",
    "escalation.decided": "escalations",
    # Meeting events
    "meeting.invited": "meetings",
    "meeting.moved": "meetings",
    "meeting.cancelled": "meetings",
    "meeting.agenda_sent": "meetings",
    "minutes.circulated": "minutes",
    "minutes.comment": "minutes",
    "minutes.published": "minutes",
    # Action items
    "action.assigned": "actions",
    "action.due_changed": "actions",
    # Surveys
    "survey.opened": "surveys",
    # Account
    "user.invited": "account",
    "role.given": "account",
    "role.removed": "account",
    # Reminders (the scan)
    "reminder.meeting_upcoming": "meetings",
    "reminder.agenda_not_sent": "minutes",
    "reminder.minutes_not_circulated": "minutes",
    "reminder.action_due": "actions",
    "reminder.action_overdue": "actions",
    "reminder.escalation_sla_near": "escalations",
    "reminder.escalation_sla_breached": "escalations",
    "reminder.survey_closing": "surveys",
    "reminder.measurement_due": "evaluation",
    "reminder.funding_ending": "initiative",
    "reminder.initiative_ending": "initiative",
    "digest.weekly": "digest",
}


def group_of(kind):
    return GROUPS[KINDS[kind]]


def optional_groups():
    return [g for g in GROUPS.values() if g.optional and g.key != "digest"]
