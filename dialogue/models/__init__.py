"""Models of the dialogue platform: meetings.py, escalations.py, safetywalks.py."""

from dialogue.models.escalations import (
    Attachment,
    Escalation,
    EscalationEvent,
    EscalationNote,
    LadderLevel,
    PendingUpload,
)
from dialogue.models.meetings import (
    MAX_AGENDA_ITEMS,
    MAX_MINUTES,
    MAX_TEXT,
    AgendaItem,
    CalendarToken,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingPaper,
    MeetingSeries,
    MinutesComment,
    MinutesVersion,
    Outcome,
    new_calendar_token,
)
from dialogue.models.safetywalks import SafetyWalk, SafetyWalkFinding

__all__ = [
    "MAX_AGENDA_ITEMS",
    "MAX_MINUTES",
    "MAX_TEXT",
    "AgendaItem",
    "Attachment",
    "CalendarToken",
    "Escalation",
    "EscalationEvent",
    "EscalationNote",
    "Invitation",
    "LadderLevel",
    "Meeting",
    "MeetingKind",
    "MeetingPaper",
    "MeetingSeries",
    "MinutesComment",
    "MinutesVersion",
    "Outcome",
    "PendingUpload",
    "SafetyWalk",
    "SafetyWalkFinding",
    "new_calendar_token",
]
