"""Reads the escalation pages share."""

from dialogue.models import Meeting


def open_meetings_for(escalation):
    """Meetings of the initiative an escalation can be put on: not yet published, newest first."""
    return (
        Meeting.objects.filter(initiative=escalation.initiative, cancelled=False)
        .exclude(minutes_status=Meeting.MinutesStatus.PUBLISHED)
        .select_related("body")
        .order_by("-start")
    )
