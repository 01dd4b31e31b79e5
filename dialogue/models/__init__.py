"""Models of the dialogue platform: meetings (meetings.py) and escalations (escalations.py)."""

from .escalations import (
    Attachment,
    Escalation,
    EscalationEvent,
    LadderLevel,
    SafetyWalk,
    SafetyWalkFinding,
)
from .meetings import (
    MAX_AGENDA_ITEMS,
    MAX_MINUTES,
    MAX_TEXT,
    AgendaItem,
    CalendarToken,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MinutesComment,
    MinutesVersion,
    Outcome,
    new_calendar_token,
)

__all__ = [
    "MAX_AGENDA_ITEMS",
    "MAX_MINUTES",
    "MAX_TEXT",
    "AgendaItem",
    "Attachment",
    "CalendarToken",
    "Escalation",
    "EscalationEvent",
    "Invitation",
    "LadderLevel",
    "Meeting",
    "MeetingKind",
    "MeetingSeries",
    "MinutesComment",
    "MinutesVersion",
    "Outcome",
    "SafetyWalk",
    "SafetyWalkFinding",
    "new_calendar_token",
]
