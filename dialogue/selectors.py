"""Read-only queries other pages need from the dialogue platform."""

from django.db.models import Count, Q
from django.db.models.functions import TruncQuarter

from .access import visible_actions, visible_meetings
from .models import Invitation, Meeting, Outcome


def organisation_attendance(organisation, user):
    """Per quarter: meetings the organisation was invited to (that the user can see) and how often it came."""
    meetings = visible_meetings(user, Meeting.objects.filter(cancelled=False))
    rows = (
        Invitation.objects.filter(organisation=organisation, meeting__in=meetings)
        .annotate(quarter=TruncQuarter("meeting__start"))
        .values("quarter")
        .annotate(
            invited=Count("id"),
            present=Count("id", filter=Q(attendance=Invitation.Attendance.PRESENT)),
            excused=Count("id", filter=Q(attendance=Invitation.Attendance.EXCUSED)),
        )
        .order_by("quarter")
    )
    result = []
    for row in rows:
        row["rate"] = round(100 * row["present"] / row["invited"]) if row["invited"] else None
        result.append(row)
    return result


def organisation_actions(organisation, user, limit=20):
    actions = visible_actions(user).filter(owner_organisation=organisation).select_related("agenda_item__meeting")
    open_actions = actions.filter(status__in=[Outcome.Status.OPEN, Outcome.Status.IN_PROGRESS])
    return {
        "open": list(open_actions.order_by("due", "id")[:limit]),
        "open_count": open_actions.count(),
        "done_count": actions.filter(status=Outcome.Status.DONE).count(),
    }


def organisation_section(organisation, user):
    attendance = organisation_attendance(organisation, user)
    actions = organisation_actions(organisation, user)
    if not attendance and not actions["open_count"] and not actions["done_count"]:
        return None
    return {"template": "dialogue/_organisation_section.html", "attendance": attendance, "actions": actions}
