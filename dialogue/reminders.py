"""What falls due on the dialogue platform: meetings, agendas, minutes, action items and case deadlines.

``due(today)`` is asked by the top layer's scan (hotspot/notifications/scan.py) every
five minutes; it returns what has fallen due and who should hear of it. Each item's
``occurrence`` says which falling-due it is (a deadline, a week), so the scan claims
one message per occurrence and recipient however often it runs. Only the work of
running initiatives reminds anyone: an ended initiative's old meetings stay quiet.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone

from actors.access import access_for
from actors.models import Role
from actors.reminders import Due, running_initiatives, staff
from dialogue.access import full_escalations, visible_actions, visible_meetings
from dialogue.escalations import selectors as cases
from dialogue.meetings import selectors as people
from dialogue.models import Escalation, Invitation, Meeting, Outcome
from dialogue.workdays import add_working_days, working_days_between

MEETING_HORIZON = 10  # working days: the most a user may ask to be reminded before a meeting
AGENDA_DAYS = 3  # agenda not sent this many working days before the meeting
MINUTES_DAYS = 5  # minutes not circulated this many working days after it
MINUTES_WINDOW = datetime.timedelta(days=60)  # older drafts are the record's business, not a reminder's
ACTION_DAYS = 2  # an action item due within this many working days
SLA_NEAR_DAYS = 1  # a case deadline within this many working days


def _running(queryset, today, path="initiative"):
    return queryset.filter(**{f"{path}__in": running_initiatives(today)})


def meetings_coming_up(today):
    """Meetings within the horizon; the scan applies each invitee's "days before" preference (`working_days`)."""
    until = add_working_days(today, MEETING_HORIZON)
    meetings = _running(Meeting.objects.filter(cancelled=False, start__date__gt=today, start__date__lte=until), today)
    meetings = list(meetings.select_related("initiative"))
    # people.meeting_invitees for every meeting at once: three queries, not two per meeting.
    invitations = list(
        Invitation.objects.filter(meeting__in=meetings).values_list("meeting_id", "person_id", "organisation_id")
    )
    by_person, by_organisation = _logins_and_contacts(
        {p for _m, p, _o in invitations if p}, {o for _m, _p, o in invitations if o}
    )
    invitees = {}
    for meeting_id, person_id, organisation_id in invitations:
        found = invitees.setdefault(meeting_id, {})
        for user in by_person.get(person_id, []) if person_id else []:
            found[user.pk] = user
        for user in by_organisation.get(organisation_id, []) if organisation_id else []:
            found[user.pk] = user
    for meeting in meetings:
        day = timezone.localdate(meeting.start)
        yield Due(
            "reminder.meeting_upcoming", meeting, f"start:{meeting.start.isoformat()}",
            list(invitees.get(meeting.pk, {}).values()), {"working_days": working_days_between(today, day)},
        )  # fmt: skip


def agendas_not_sent(today):
    until = add_working_days(today, AGENDA_DAYS)
    meetings = Meeting.objects.filter(
        cancelled=False, agenda_sent_at__isnull=True, start__date__gt=today, start__date__lte=until
    )
    meetings = list(_running(meetings, today))
    organisers = _organisers(meetings)
    for meeting in meetings:
        yield Due("reminder.agenda_not_sent", meeting, "agenda", organisers[meeting.pk])


def minutes_not_circulated(now):
    today = timezone.localdate(now)
    meetings = Meeting.objects.filter(
        cancelled=False, minutes_status=Meeting.MinutesStatus.DRAFT, end__lt=now, end__gte=now - MINUTES_WINDOW
    )
    meetings = [
        m for m in _running(meetings, today) if add_working_days(timezone.localdate(m.end), MINUTES_DAYS) <= today
    ]
    organisers = _organisers(meetings)
    for meeting in meetings:
        yield Due("reminder.minutes_not_circulated", meeting, "minutes", organisers[meeting.pk])


def _logins_and_contacts(persons, organisations):
    """({person id: their logins}, {organisation id: its contacts}) in two queries: the users behind many
    invitations or action items at once (people.invitation_users and people.action_owners, batched)."""
    by_person, by_organisation = {}, {}
    for user in get_user_model().objects.filter(is_active=True, person__in=persons).annotate(person_pk=F("person")):
        by_person.setdefault(user.person_pk, []).append(user)
    roles = Role.objects.filter(
        kind__in=people.ORGANISATION_CONTACTS, organisation_id__in=organisations, user__is_active=True
    ).select_related("user")
    for role in roles.order_by("user_id"):
        found = by_organisation.setdefault(role.organisation_id, [])
        if role.user not in found:
            found.append(role.user)
    return by_person, by_organisation


def _organisers(meetings):
    """{meeting pk: [its organiser]} in one query (people.meeting_organisers, batched)."""
    users = get_user_model().objects.in_bulk({m.created_by_id for m in meetings if m.created_by_id})
    return {m.pk: [users[m.created_by_id]] if m.created_by_id in users and users[m.created_by_id].is_active else []
            for m in meetings}  # fmt: skip


def _owners(actions):
    """{action pk: its owners} for many action items in two queries (people.action_owners, batched): at
    national scale a scan meets tens of thousands of overdue items, one query each was minutes."""
    persons = {a.owner_person_id for a in actions if a.owner_person_id}
    organisations = {a.owner_organisation_id for a in actions if not a.owner_person_id and a.owner_organisation_id}
    by_person, by_organisation = _logins_and_contacts(persons, organisations)
    return {
        a.pk: by_person.get(a.owner_person_id, [])
        if a.owner_person_id
        else by_organisation.get(a.owner_organisation_id, [])
        for a in actions
    }


def actions_due(today):
    soon = add_working_days(today, ACTION_DAYS)
    actions = (
        Outcome.objects.open_actions().filter(due__gte=today, due__lte=soon).select_related("agenda_item__meeting")
    )
    actions = list(_running(actions, today, "agenda_item__meeting__initiative"))
    owners = _owners(actions)
    for action in actions:
        yield Due("reminder.action_due", action, f"due:{action.due}", owners[action.pk])


def actions_overdue(today):
    """Overdue action items, once a week (the ISO week is the occurrence), not every day."""
    year, week, _ = today.isocalendar()
    actions = Outcome.objects.overdue(today).select_related("agenda_item__meeting")
    actions = list(_running(actions, today, "agenda_item__meeting__initiative"))
    owners = _owners(actions)
    for action in actions:
        yield Due("reminder.action_overdue", action, f"week:{year}-{week}", owners[action.pk])


def case_deadlines(today):
    """Open cases whose deadline is near (whoever holds them) or passed (them, and the chief in copy).

    Who holds a case depends only on its department (once sent) or on its initiative and level: looked up
    once per scan for each, not once per case."""
    soon = add_working_days(today, SLA_NEAR_DAYS)
    open_cases = _running(Escalation.objects.open(), today).filter(sla_due__lte=soon).select_related("initiative")
    holders_of, staff_of = {}, {}
    for case in open_cases:
        # cases.escalation_holders(case), remembered: the department's liaisons once it is sent there,
        # else (or when the department has none) the triage of its initiative and level.
        holders = []
        if case.assigned_department_id:
            key = ("department", case.assigned_department_id)
            if key not in holders_of:
                holders_of[key] = list(cases.escalation_workers(case))
            holders = holders_of[key]
        if not holders:
            key = ("triage", case.initiative_id, case.level)
            if key not in holders_of:
                holders_of[key] = list(cases.escalation_triage_users(case))
            holders = holders_of[key]
        if case.sla_due < today:
            if case.initiative_id not in staff_of:
                staff_of[case.initiative_id] = staff([case.initiative_id])
            copy = [u for u in staff_of[case.initiative_id] if u not in holders]
            yield Due("reminder.escalation_sla_breached", case, f"breached:{case.sla_due}", holders + copy)
        else:
            yield Due("reminder.escalation_sla_near", case, f"near:{case.sla_due}", holders)


def due(now):
    today = timezone.localdate(now)
    yield from meetings_coming_up(today)
    yield from agendas_not_sent(today)
    yield from minutes_not_circulated(now)
    yield from actions_due(today)
    yield from actions_overdue(today)
    yield from case_deadlines(today)


# --- the weekly digest's view of one user ------------------------------------------------------

DIGEST_MEETING_DAYS = datetime.timedelta(days=14)
DIGEST_ROWS = 5


def digest_for(user, now):
    """What a user has open on the platform: their action items, the cases they hold or raised, their next meetings.

    Each list holds at most DIGEST_ROWS, soonest first; the counts say how many there are in all.
    """
    acc = access_for(user)
    mine = Q(owner_person__user=user) | Q(owner_organisation_id__in=acc.organisation_ids())
    actions = visible_actions(user).filter(mine, status__in=Outcome.OPEN_STATUSES).order_by("due")
    open_cases = full_escalations(user, Escalation.objects.open()).order_by("sla_due")
    upcoming = visible_meetings(user, Meeting.objects.filter(cancelled=False, start__gt=now))
    upcoming = upcoming.filter(start__lte=now + DIGEST_MEETING_DAYS).order_by("start")
    return {
        "actions": (actions.count(), list(actions[:DIGEST_ROWS])),
        "cases": (open_cases.count(), list(open_cases[:DIGEST_ROWS])),
        "meetings": (upcoming.count(), list(upcoming[:DIGEST_ROWS])),
    }
