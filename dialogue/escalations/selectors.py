"""Reads the escalation pages share, and who is concerned by a case."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from actors.access import role_holders
from actors.models import Role
from dialogue.models import LadderLevel, Meeting
from dialogue.workdays import add_working_days

# A deadline within this many working days is "close" (the dashboards' amber).
SLA_CLOSE_DAYS = 2
SLA_STATES = [("on_time", _("Inden for fristen")), ("close", _("Tæt på fristen")), ("breached", _("Overskredet"))]


def sla_close_until(today):
    return add_working_days(today, SLA_CLOSE_DAYS)


def sla_counts(today):
    """Count annotations of open cases per SLA state today, by the rule of EscalationQuerySet.sla_state."""
    close_until = sla_close_until(today)
    return {
        "on_time": Count("id", filter=Q(sla_due__gt=close_until)),
        "close": Count("id", filter=Q(sla_due__gte=today, sla_due__lte=close_until)),
        "breached": Count("id", filter=Q(sla_due__lt=today)),
    }


def open_meetings_for(escalation):
    """Meetings of the initiative an escalation can be put on: not yet published, newest first."""
    return (
        Meeting.objects.filter(initiative=escalation.initiative, cancelled=False)
        .exclude(minutes_status=Meeting.MinutesStatus.PUBLISHED)
        .select_related("body")
        .order_by("-start")
    )


# --- who is concerned by a case (the notifications of the top layer ask these) ----------


def escalation_triage_users(escalation, level=None):
    """Who triages the case at its level: the initiative's chiefs and the ladder rung's responsible role."""
    rung = LadderLevel.objects.filter(initiative_id=escalation.initiative_id, level=level or escalation.level).first()
    kinds = {Role.Kind.CHIEF} | ({rung.responsible_role} if rung else set())
    return role_holders(kinds, initiative_ids=[escalation.initiative_id])


def escalation_workers(escalation):
    """The liaisons of the department the case was sent to (none before it is sent)."""
    if escalation.assigned_department_id is None:
        return get_user_model().objects.none()
    return role_holders([Role.Kind.LIAISON], organisation_ids=[escalation.assigned_department_id])


def escalation_holders(escalation):
    """Whoever holds the case now: the department's liaisons once it is sent there, else its triage."""
    workers = escalation_workers(escalation)
    return workers if workers.exists() else escalation_triage_users(escalation)


def escalation_raisers(escalation):
    """The person who raised the case (active users only)."""
    return get_user_model().objects.filter(pk=escalation.raised_by_id, is_active=True)
