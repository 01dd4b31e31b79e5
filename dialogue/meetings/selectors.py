"""Read-only queries other pages need from the dialogue platform."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.access import role_holders
from actors.history import TYPE_LABELS, HistoryEntry
from actors.models import Role
from dialogue.access import visible_actions, visible_meetings
from dialogue.models import AgendaItem, Invitation, Meeting, Outcome

CALENDAR_MAX_MEETINGS = 400


def calendar_meetings(user, start, end, initiative=None):
    """The meetings the user may open that start in [start, end), soonest first, cancelled ones included
    (the calendar marks them), and whether there were more than CALENDAR_MAX_MEETINGS (it then says so)."""
    limit = CALENDAR_MAX_MEETINGS
    meetings = Meeting.objects.filter(start__gte=start, start__lt=end)
    if initiative is not None:
        meetings = meetings.filter(initiative=initiative)
    found = list(visible_meetings(user, meetings).select_related("initiative").order_by("start", "pk")[: limit + 1])
    return found[:limit], len(found) > limit


def organisation_attendance(organisation, user):
    """Per quarter: meetings held that the organisation was invited to (that the user can see) and how often
    it came. The rate is over the invitations with attendance recorded, as the dashboards count it: a
    meeting still to come, or one whose attendance nobody noted, is no absence."""
    meetings = visible_meetings(user, Meeting.objects.filter(cancelled=False, start__lt=timezone.now()))
    rows = (
        Invitation.objects.filter(organisation=organisation, meeting__in=meetings)
        .annotate(quarter=TruncQuarter("meeting__start"))
        .values("quarter")
        .annotate(
            invited=Count("id"),
            recorded=Count("id", filter=~Q(attendance=Invitation.Attendance.UNKNOWN)),
            present=Count("id", filter=Q(attendance=Invitation.Attendance.PRESENT)),
            excused=Count("id", filter=Q(attendance=Invitation.Attendance.EXCUSED)),
        )
        .order_by("quarter")
    )
    result = []
    for row in rows:
        row["rate"] = round(100 * row["present"] / row["recorded"]) if row["recorded"] else None
        result.append(row)
    return result


def organisation_actions(organisation, user, limit=20):
    actions = visible_actions(user).filter(owner_organisation=organisation).select_related("agenda_item__meeting")
    open_actions = actions.open_actions()
    counts = actions.actions().aggregate(  # both counts in one query
        open_count=Count("pk", filter=Q(status__in=Outcome.OPEN_STATUSES)),
        done_count=Count("pk", filter=Q(status=Outcome.Status.DONE)),
    )
    return {"open": list(open_actions.order_by("due", "id")[:limit]), **counts}


def organisation_section(organisation, user):
    attendance = organisation_attendance(organisation, user)
    actions = organisation_actions(organisation, user)
    if not attendance and not actions["open_count"] and not actions["done_count"]:
        return None
    return {"template": "dialogue/meetings/_organisation_section.html", "attendance": attendance, "actions": actions}


def meeting_history(meeting, limit=40):
    """Every recorded change to the meeting, its invitations, agenda items and outcomes, newest first.

    A constant number of queries: the history rows of each kind (bounded), diffed in
    Python against the previous row of the same object.
    """
    item_ids = AgendaItem.history.filter(meeting_id=meeting.pk).values("id")
    sources = [
        (Meeting.history.filter(id=meeting.pk), lambda r: _("Mødet")),
        (
            Invitation.history.filter(meeting_id=meeting.pk).select_related("organisation", "person"),
            lambda r: _("Invitation: %(who)s") % {"who": r.organisation or r.person},
        ),
        (
            AgendaItem.history.filter(meeting_id=meeting.pk),
            lambda r: _("Punkt %(n)s. %(t)s") % {"n": r.position, "t": r.title},
        ),
        (
            Outcome.history.filter(agenda_item_id__in=item_ids),
            lambda r: f"{Outcome.Kind(r.kind).label}: {r.text[:60]}",
        ),
    ]
    entries = []
    for queryset, describe in sources:
        records = list(queryset.select_related("history_user").order_by("-history_date", "-history_id")[: limit * 3])
        previous = {}
        for record in reversed(records):  # oldest first, so each record meets its predecessor
            changed = []
            before = previous.get(record.id)
            if record.history_type == "~" and before is not None:
                changed = [
                    str(record.instance_type._meta.get_field(c.field).verbose_name)
                    for c in record.diff_against(before).changes
                ]
            previous[record.id] = record
            label = f"{describe(record)}"
            entries.append(
                HistoryEntry(
                    record.history_date, record.history_user, f"{TYPE_LABELS[record.history_type]} – {label}", changed
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


# --- who is concerned by a meeting or an action item (the notifications of the top layer ask these) ----

ORGANISATION_CONTACTS = [Role.Kind.COORDINATOR, Role.Kind.LIAISON]


def organisation_users(organisation_ids):
    """The active users who speak for these organisations: their coordinators and liaisons."""
    return role_holders(ORGANISATION_CONTACTS, organisation_ids=organisation_ids)


def invitation_users(invitations):
    """The users behind invitations: an invited person's login, an invited organisation's contacts."""
    invitations = list(invitations)
    people = [i.person_id for i in invitations if i.person_id]
    organisations = [i.organisation_id for i in invitations if i.organisation_id]
    return (
        get_user_model()
        .objects.filter(
            Q(person__in=people)
            | Q(hotspot_roles__kind__in=ORGANISATION_CONTACTS, hotspot_roles__organisation_id__in=organisations),
            is_active=True,
        )
        .distinct()
    )


def meeting_invitees(meeting):
    return invitation_users(meeting.invitations.all())


def meeting_attendees(meeting):
    """Those who were there: invitations marked present (walk-ins included)."""
    return invitation_users(meeting.invitations.filter(attendance=Invitation.Attendance.PRESENT))


def meeting_organisers(meeting):
    return get_user_model().objects.filter(pk=meeting.created_by_id, is_active=True)


def action_owners(action):
    """The owner person's login, or the owning organisation's contacts."""
    if action.owner_person_id:
        return get_user_model().objects.filter(is_active=True, person=action.owner_person_id)
    return organisation_users([action.owner_organisation_id])
