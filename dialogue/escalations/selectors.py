"""Reads the escalation pages share, and who is concerned by a case."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
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


def escalation_body(escalation):
    """The body the case is with at its level (Partnerskabsforum for a housing-sector case where the rung says so)."""
    rung = (
        LadderLevel.objects.filter(initiative_id=escalation.initiative_id, level=escalation.level)
        .select_related("body", "housing_sector_body")
        .first()
    )
    return rung.body_for(escalation) if rung else None


def open_meetings_for(escalation, now=None, body=None):
    """The meetings a case can be put on: upcoming ones of the body at its current level, soonest first.

    Not started, not cancelled, minutes not published, of the case's initiative; when
    the level names a body, only that body's meetings (a case with Borgmesterforum
    goes on Borgmesterforum's agenda, not the steering group's). A level without a
    body leaves the choice of the initiative's meetings to the chief. `body` saves
    the look-up when the caller has it.
    """
    body = escalation_body(escalation) if body is None else body
    meetings = (
        Meeting.objects.filter(initiative=escalation.initiative_id, cancelled=False, start__gt=now or timezone.now())
        .exclude(minutes_status=Meeting.MinutesStatus.PUBLISHED)
        .select_related("body")
        .order_by("start", "id")
    )
    return meetings.filter(body=body) if body else meetings


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


def escalation_assignees(escalation):
    """The named person handling the case, if any (active users only)."""
    return get_user_model().objects.filter(pk=escalation.assignee_id, is_active=True)


def escalation_raisers(escalation):
    """The person who raised the case (active users only)."""
    return get_user_model().objects.filter(pk=escalation.raised_by_id, is_active=True)
