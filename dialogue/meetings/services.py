"""Workflows of meetings: agenda, invitations, attendance, minutes, outcomes, series.

Views call these; rules live here, not in views. Meetings call into the case
lifecycle (dialogue.escalations.services) — a case put on an agenda, a decision
that resolves it — never the other way.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actors.events import announce
from actors.lifecycle import ensure_open
from actors.models import Person, Seat
from dialogue.escalations import services as escalations
from dialogue.models import (
    MAX_AGENDA_ITEMS,
    AgendaItem,
    Invitation,
    Meeting,
    MeetingPaper,
    MeetingSeries,
    MinutesComment,
    MinutesVersion,
    Outcome,
)
from dialogue.search.services import refresh_search_vectors
from dialogue.workdays import add_working_days

COMMENT_DAYS = 5  # working days the invited have to comment on circulated minutes


class MinutesLocked(ValidationError):
    pass


def _require_unlocked(meeting):
    if meeting.minutes_locked:
        raise MinutesLocked(_("Referatet er godkendt og låst. Opret en ny version af referatet for at ændre det."))


def _update(obj, data):
    """Set the changed fields, validate the whole object, save only those fields."""
    for name, value in data.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save(update_fields=list(data))


# Meetings -------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, data, by, series=None):
    ensure_open(data.get("initiative"), _("møder"))
    meeting = Meeting(created_by=by, series=series, **data)
    meeting.full_clean()
    meeting.save()
    if series is not None:
        invite(
            meeting=meeting, organisations=series.invited_organisations.all(), people=series.invited_people.all(), by=by
        )
        for line in filter(None, (x.strip() for x in series.template_agenda.splitlines())):
            agenda_item_add(meeting=meeting, data={"title": line[:200]})
    refresh_search_vectors(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting):
    if not meeting.deletable():
        raise ValidationError(_("Et møde med et godkendt referat kan ikke slettes. Markér det i stedet som aflyst."))
    meeting.delete()


@transaction.atomic
def meeting_update(*, meeting, data, by=None):
    """Change a meeting; the invited are told when it is moved (time or place) or cancelled."""
    before = {name: getattr(meeting, name) for name in ("start", "end", "place", "cancelled")}
    _update(meeting, data)
    refresh_search_vectors(meeting=meeting)
    if meeting.cancelled and not before["cancelled"]:
        announce("meeting.cancelled", meeting, by=by)
    elif not meeting.cancelled and any(getattr(meeting, name) != before[name] for name in ("start", "end", "place")):
        announce("meeting.moved", meeting, by=by, previous_start=before["start"])
    return meeting


# Invitations and attendance ---------------------------------------------------


@transaction.atomic
def invite(*, meeting, organisations=(), people=(), by=None):
    """Invite organisations and people; those already invited are left as they are. The new ones are told."""
    _require_unlocked(meeting)
    have_orgs = set(meeting.invitations.filter(organisation__isnull=False).values_list("organisation_id", flat=True))
    have_people = set(meeting.invitations.filter(person__isnull=False).values_list("person_id", flat=True))
    new = [Invitation(meeting=meeting, organisation=o) for o in organisations if o.pk not in have_orgs]
    new += [Invitation(meeting=meeting, person=p) for p in people if p.pk not in have_people]
    for invitation in new:
        invitation.save()  # one by one so the history records each
    if new:
        announce("meeting.invited", meeting, by=by, invitations=new)
    return new


@transaction.atomic
def invitation_remove(*, invitation):
    _require_unlocked(invitation.meeting)
    invitation.delete()


@transaction.atomic
def _require_started(meeting, what, now=None):
    """Attendance and minutes follow the meeting: refused while it is still to come."""
    if meeting.start > (now or timezone.now()):
        raise ValidationError(
            _("Mødet er ikke begyndt endnu (%(start)s), så %(what)s kan først registreres bagefter.")
            % {"start": date_format(timezone.localtime(meeting.start), "j. F Y H:i"), "what": what}
        )


def attendance_record(*, meeting, statuses, now=None):
    """statuses: {invitation id: Attendance value} for this meeting's invitations."""
    _require_unlocked(meeting)
    _require_started(meeting, _("fremmødet"), now)
    invitations = {i.pk: i for i in meeting.invitations.all()}
    unknown = set(statuses) - set(invitations)
    if unknown:
        raise ValidationError(_("Fremmøde kan kun registreres for inviterede. Tilføj andre som „kom uden invitation“."))
    for pk, status in statuses.items():
        invitation = invitations[pk]
        if invitation.attendance != status:
            invitation.attendance = status
            invitation.save(update_fields=["attendance"])


@transaction.atomic
def attendee_add(*, meeting, person=None, organisation=None, walk_in=False):
    """Mark someone present. Someone not invited must be marked as a walk-in."""
    _require_unlocked(meeting)
    if (person is None) == (organisation is None):
        raise ValidationError(_("Vælg enten en person eller en organisation."))
    lookup = {"person": person} if person else {"organisation": organisation}
    invitation = meeting.invitations.filter(**lookup).first()
    if invitation is None:
        if not walk_in:
            raise ValidationError(
                _("%(who)s er ikke inviteret. Markér „kom uden invitation“ for at registrere fremmødet.")
                % {"who": person or organisation}
            )
        invitation = Invitation(meeting=meeting, walk_in=True, **lookup)
    invitation.attendance = Invitation.Attendance.PRESENT
    invitation.save()
    return invitation


# Agenda --------------------------------------------------------------------------


@transaction.atomic
def agenda_send(*, meeting, by, now=None):
    """Send the agenda to everyone invited (again, after a change: each sending is told once)."""
    current = _locked_meeting(meeting)
    if current.cancelled:
        raise ValidationError(_("Mødet er aflyst; dagsordenen sendes ikke."))
    if not current.agenda_items.exists():
        raise ValidationError(_("Dagsordenen er tom. Tilføj punkter, før den sendes."))
    if not current.invitations.exists():
        raise ValidationError(_("Ingen er inviteret endnu. Invitér, før dagsordenen sendes."))
    current.agenda_sent_at = now or timezone.now()
    current.save(update_fields=["agenda_sent_at"])
    announce("meeting.agenda_sent", current, by=by)
    return current


@transaction.atomic
def agenda_item_add(*, meeting, data):
    _require_unlocked(meeting)
    # Lock the meeting row so two people adding items at once get distinct positions.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    count = meeting.agenda_items.count()
    if count >= MAX_AGENDA_ITEMS:
        raise ValidationError(
            _("En dagsorden kan højst have %(n)s punkter. Del mødet op, eller saml punkter.") % {"n": MAX_AGENDA_ITEMS}
        )
    position = (meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem(meeting=meeting, position=position, **data)
    item.full_clean()
    item.save()
    refresh_search_vectors(item=item)
    return item


@transaction.atomic
def agenda_item_add_for_escalation(*, meeting, escalation, by, version, now=None):
    """Put a case on a meeting's agenda: the item carries the case, and the case is marked as on the agenda."""
    escalations.require_open(escalation)
    if meeting.initiative_id != escalation.initiative_id:
        raise ValidationError(_("Mødet hører til en anden indsats."))
    item = agenda_item_add(
        meeting=meeting,
        data={
            "title": escalation.title[:200],
            "description": escalation.description,
            "origin": AgendaItem.Origin.ESCALATION,
            "escalation": escalation,
            "themes": [escalation.theme],
            "owner_organisation": escalation.organisation,
        },
    )
    escalations.escalation_mark_on_agenda(escalation=escalation, agenda_item=item, by=by, version=version, now=now)
    return item


@transaction.atomic
def agenda_item_update(*, item, data):
    _require_unlocked(item.meeting)
    _update(item, data)
    refresh_search_vectors(item=item)
    return item


@transaction.atomic
def minutes_save(*, meeting, data):
    """Save the minutes of several items at once: {item id: {"minutes": …, "reached": …}}, all or nothing.

    The meeting page posts every item's minutes together, so a chief who types into two items and
    saves (or goes on to add a decision) keeps both texts."""
    current = _locked_meeting(meeting)
    _require_unlocked(current)
    items = {i.pk: i for i in current.agenda_items.filter(pk__in=data)}
    if set(data) - set(items):
        raise ValidationError(_("Et af punkterne hører ikke til mødet. Genindlæs siden."))
    changed = []
    for pk, values in data.items():
        item = items[pk]
        if item.minutes != values["minutes"] or item.reached != values["reached"]:
            _update(item, values)
            refresh_search_vectors(item=item)
            changed.append(item)
    return changed


@transaction.atomic
def minutes_record(*, meeting, attendance=None, minutes=None, outcomes=(), by=None, now=None):
    """Everything the minutes editor sends, saved together or not at all: attendance
    ({invitation id: status}), each item's minutes ({item id: {"minutes", "reached"}}) and new
    outcomes ([(item id, data)]). Returns the outcomes created."""
    if attendance:
        attendance_record(meeting=meeting, statuses=attendance, now=now)
    if minutes:
        minutes_save(meeting=meeting, data=minutes)
    items = {i.pk: i for i in meeting.agenda_items.filter(pk__in=[pk for pk, _data in outcomes])}
    if {pk for pk, _data in outcomes} - set(items):
        raise ValidationError(_("Et af punkterne hører ikke til mødet. Genindlæs siden."))
    return [outcome_add(item=items[pk], data=data, by=by, now=now) for pk, data in outcomes]


@transaction.atomic
def agenda_reorder(*, meeting, order):
    """Put the agenda in the given order (every item's id once), e.g. after dragging an item."""
    _require_unlocked(meeting)
    items = {i.pk: i for i in meeting.agenda_items.select_for_update()}
    if sorted(order) != sorted(items):
        raise ValidationError(_("Dagsordenen er ændret i mellemtiden. Genindlæs siden, og prøv igen."))
    _renumber([items[pk] for pk in order])


@transaction.atomic
def agenda_item_move(*, item, direction):
    """Swap the item with its neighbour above (direction -1) or below (+1)."""
    _require_unlocked(item.meeting)
    items = list(item.meeting.agenda_items.select_for_update().order_by("position"))
    index = next(i for i, x in enumerate(items) if x.pk == item.pk)
    other_index = index + direction
    if not 0 <= other_index < len(items):
        return item
    items[index], items[other_index] = items[other_index], items[index]
    _renumber(items)
    return item


@transaction.atomic
def agenda_item_delete(*, item):
    _require_unlocked(item.meeting)
    meeting = item.meeting
    item.delete()
    _renumber(list(meeting.agenda_items.select_for_update().order_by("position")))


def _renumber(items):
    # Two passes avoid tripping the (meeting, position) unique constraint mid-way.
    offset = len(items) + 1000
    for i, x in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=x.pk).update(position=i + offset)
    for i, x in enumerate(items, start=1):
        x.position = i
        x.save(update_fields=["position"])


# Outcomes --------------------------------------------------------------------------


@transaction.atomic
def outcome_add(*, item, data, by=None, now=None):
    _require_unlocked(item.meeting)
    outcome = Outcome(agenda_item=item, **data)
    if outcome.kind == Outcome.Kind.DECISION and item.meeting.start > (now or timezone.now()):
        # A decision is made at the meeting: none can be recorded (nor resolve a case) before it starts.
        raise ValidationError(
            _("En beslutning kan først noteres, når mødet er begyndt (%(start)s).")
            % {"start": date_format(timezone.localtime(item.meeting.start), "j. F Y H:i")}
        )
    outcome.full_clean()
    outcome.save()
    refresh_search_vectors(outcome=outcome)
    if outcome.kind == Outcome.Kind.DECISION and item.escalation_id:
        escalations.resolve_by_decision(outcome=outcome, by=by, now=now)
    return outcome


@transaction.atomic
def outcome_update(*, outcome, data, by=None):
    """Change an outcome (its owner hears of an action item when the minutes are published)."""
    _require_unlocked(outcome.agenda_item.meeting)
    _update(outcome, data)
    refresh_search_vectors(outcome=outcome)
    return outcome


@transaction.atomic
def outcome_delete(*, outcome):
    _require_unlocked(outcome.agenda_item.meeting)
    outcome.delete()


@transaction.atomic
def action_set_status(*, action, status):
    """Status of an action item is follow-up, not minutes content: it may change after publication."""
    if status not in Outcome.Status.values:
        raise ValidationError(_("Ukendt status."))
    action.status = status
    action.completed_on = timezone.localdate() if status == Outcome.Status.DONE else None
    action.save(update_fields=["status", "completed_on"])
    return action


# Minutes lifecycle -------------------------------------------------------------


def _locked_meeting(meeting):
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def minutes_circulate(*, meeting, by=None, comments_due=None):
    """Send the draft to those who attended for comments, by `comments_due` (default: in five working days)."""
    current = _locked_meeting(meeting)
    if current.minutes_status != Meeting.MinutesStatus.DRAFT:
        raise ValidationError(_("Kun et referat i kladde kan sendes til kommentering."))
    _require_started(current, _("referatet"))
    current.minutes_status = Meeting.MinutesStatus.CIRCULATED
    current.comments_due = comments_due or add_working_days(timezone.localdate(), COMMENT_DAYS)
    current.save(update_fields=["minutes_status", "comments_due"])
    announce("minutes.circulated", current, by=by)
    return current


@transaction.atomic
def minutes_publish(*, meeting, by, held=False, now=None):
    """Approve and publish: freeze the minutes as a numbered version and lock them.

    Before the meeting's planned end only with `held`: the chief's word that it was held (it may
    end early); before its start never."""
    current = _locked_meeting(meeting)
    if current.minutes_status == Meeting.MinutesStatus.PUBLISHED:
        raise ValidationError(_("Referatet er allerede godkendt."))
    _require_started(current, _("referatet"), now)
    if current.end > (now or timezone.now()) and not held:
        raise ValidationError(
            _("Mødet slutter først %(end)s. Bekræft, at mødet er holdt, før referatet offentliggøres.")
            % {"end": date_format(timezone.localtime(current.end), "j. F Y H:i")}
        )
    MinutesVersion.objects.create(
        meeting=current, number=current.minutes_version, snapshot=minutes_snapshot(current), published_by=by
    )
    current.minutes_status = Meeting.MinutesStatus.PUBLISHED
    current.save(update_fields=["minutes_status"])
    announce("minutes.published", current, by=by)
    return current


@transaction.atomic
def minutes_new_version(*, meeting, note):
    """Unlock published minutes for changes as the next version; the published one stays readable."""
    current = _locked_meeting(meeting)
    if current.minutes_status != Meeting.MinutesStatus.PUBLISHED:
        raise ValidationError(_("Kun godkendte referater får nye versioner; kladden kan rettes direkte."))
    if not note.strip():
        raise ValidationError(_("Skriv kort, hvad der skal ændres."))
    current.minutes_version += 1
    current.minutes_status = Meeting.MinutesStatus.DRAFT
    current.save(update_fields=["minutes_version", "minutes_status"])
    MinutesVersion.objects.filter(meeting=current, number=current.minutes_version - 1).update(change_note=note[:500])
    return current


@transaction.atomic
def minutes_comment(*, meeting, author, text, agenda_item=None, today=None):
    """A comment on the circulated minutes, on one item or on the whole, until the comment deadline."""
    if meeting.minutes_status != Meeting.MinutesStatus.CIRCULATED:
        raise ValidationError(_("Der kan kun kommenteres, mens referatet er sendt til kommentering."))
    if meeting.comments_due and meeting.comments_due < (today or timezone.localdate()):
        raise ValidationError(
            _("Fristen for kommentarer var %(due)s. Skriv til mødets ansvarlige, hvis noget skal rettes.")
            % {"due": date_format(meeting.comments_due, "j. F Y")}
        )
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("Et af punkterne hører ikke til mødet. Genindlæs siden."))
    comment = MinutesComment(
        meeting=meeting, agenda_item=agenda_item, version=meeting.minutes_version, author=author, text=text
    )
    comment.full_clean()
    comment.save()
    announce("minutes.comment", comment, by=author)
    return comment


def minutes_snapshot(meeting):
    """The minutes as plain data, frozen into a MinutesVersion."""
    items = meeting.agenda_items.prefetch_related(
        "outcomes__owner_person", "outcomes__owner_organisation", "outcomes__decided_by"
    )
    invitations = meeting.invitations.select_related("organisation", "person")
    return {
        "title": meeting.title,
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat(),
        "place": meeting.place,
        "attendance": [{"name": str(i.invitee), "attendance": i.attendance, "walk_in": i.walk_in} for i in invitations],
        "items": [
            {
                "position": item.position,
                "title": item.title,
                "minutes": item.minutes,
                "reached": item.reached,
                "outcomes": [
                    {
                        "kind": o.kind,
                        "text": o.text,
                        "owner": str(o.owner) if o.owner else "",
                        "due": o.due.isoformat() if o.due else None,
                        "decided_by": str(o.decided_by) if o.decided_by else "",
                        "needs_political_approval": o.needs_political_approval,
                    }
                    for o in item.outcomes.all()
                ],
            }
            for item in items
        ],
    }


# Series and carrying over ------------------------------------------------------


def next_occurrence(series, after):
    step = {
        MeetingSeries.Recurrence.WEEKLY: lambda d: d + datetime.timedelta(weeks=1),
        MeetingSeries.Recurrence.BIWEEKLY: lambda d: d + datetime.timedelta(weeks=2),
        MeetingSeries.Recurrence.MONTHLY: lambda d: d + relativedelta(months=1),
        MeetingSeries.Recurrence.QUARTERLY: lambda d: d + relativedelta(months=3),
    }[series.recurrence]
    local = timezone.localtime(after)
    return timezone.make_aware(step(local.replace(tzinfo=None)))


@transaction.atomic
def series_next_meeting(*, series, by, first_start=None):
    """Create the series' next meeting from its template, one recurrence after the latest."""
    latest = series.meetings.order_by("-start").first()
    if latest is None and first_start is None:
        raise ValidationError(_("Angiv tidspunktet for seriens første møde."))
    start = next_occurrence(series, latest.start) if latest else first_start
    data = {
        "initiative": series.initiative,
        "body": series.body,
        "kind": series.kind,
        "title": series.title,
        "place": series.place,
        "start": start,
        "end": start + datetime.timedelta(minutes=series.duration_minutes),
    }
    return meeting_create(data=data, by=by, series=series)


@transaction.atomic
def carry_over(*, meeting):
    """Carry unreached agenda items and open action items to the series' next meeting.

    Safe to repeat: what was already carried to that meeting is not carried again.
    Returns (next meeting, number of items carried).
    """
    if meeting.series_id is None:
        raise ValidationError(_("Mødet er ikke en del af en serie."))
    target = meeting.series.meetings.filter(start__gt=meeting.start).order_by("start").first()
    if target is None:
        raise ValidationError(_("Seriens næste møde findes ikke endnu. Opret det først."))
    _require_unlocked(target)
    carried = 0
    already_items = set(target.agenda_items.exclude(carried_from=None).values_list("carried_from_id", flat=True))
    for item in meeting.agenda_items.filter(reached=False).exclude(pk__in=already_items):
        agenda_item_add(
            meeting=target,
            data={
                "title": item.title,
                "description": item.description,
                "owner_person": item.owner_person,
                "owner_organisation": item.owner_organisation,
                "planned_minutes": item.planned_minutes,
                "themes": item.themes,
                "origin": item.origin,
                "origin_body": item.origin_body,
                "origin_organisation": item.origin_organisation,
                "carried_from": item,
            },
        )
        carried += 1
    already_actions = set(target.agenda_items.exclude(follows_up=None).values_list("follows_up_id", flat=True))
    actions = Outcome.objects.open_actions().filter(agenda_item__meeting=meeting).exclude(pk__in=already_actions)
    for action in actions.select_related("owner_person", "owner_organisation"):
        agenda_item_add(
            meeting=target,
            data={
                "title": (_("Opfølgning: %(text)s") % {"text": action.text})[:200],
                "owner_person": action.owner_person,
                "owner_organisation": action.owner_organisation,
                "themes": action.themes,
                "follows_up": action,
                "planned_minutes": 5,
            },
        )
        carried += 1
    return target, carried


# Invitations by picker, answers, papers ------------------------------------------------


def body_members(bodies, on=None):
    """The people holding a current seat in any of `bodies` (on `on`, default today), each once."""
    return Person.objects.filter(seats__in=Seat.objects.current(on).filter(body__in=bodies)).distinct().order_by("name")


@transaction.atomic
def invitation_add(*, meeting, organisations=(), people=(), bodies=(), by=None, on=None):
    """Invite organisations, people and every current member of `bodies` in one step (see `invite`)."""
    bodies = list(bodies)
    members = list(body_members(bodies, on)) if bodies else []
    if bodies and not members:
        raise ValidationError(_("Det valgte organ har ingen nuværende medlemmer."))
    chosen = {p.pk: p for p in [*people, *members]}
    return invite(meeting=meeting, organisations=organisations, people=list(chosen.values()), by=by)


@transaction.atomic
def invitation_answer(*, invitation, response, note="", by, now=None):
    """The invitee's answer: attending or apologies, with a short note. Taken until the meeting begins."""
    meeting = _locked_meeting(invitation.meeting)
    if meeting.cancelled:
        raise ValidationError(_("Mødet er aflyst, så der skal ikke svares."))
    if meeting.start <= (now or timezone.now()):
        raise ValidationError(_("Mødet er begyndt; svar kan ikke længere ændres. Kontakt mødelederen."))
    if response not in (Invitation.Response.ATTENDING, Invitation.Response.APOLOGIES):
        raise ValidationError(_("Vælg „deltager“ eller „afbud“."))
    invitation.response, invitation.response_note = response, note.strip()[:200]
    invitation.responded_at, invitation.responded_by = now or timezone.now(), by
    invitation.save(update_fields=["response", "response_note", "responded_at", "responded_by"])
    return invitation


MAX_PAPERS = 50  # per meeting: an agenda's papers, not an archive


@transaction.atomic
def paper_add(*, meeting, upload, agenda_item=None, by, now=None):
    """Attach a paper to the meeting or one of its items. `upload` has passed uploads.AttachmentField
    (type sniffed from its bytes, size checked, name stripped of paths), as escalations' files do."""
    current = _locked_meeting(meeting)
    _require_unlocked(current)
    if agenda_item is not None and agenda_item.meeting_id != current.pk:
        raise ValidationError(_("Punktet hører ikke til mødet."))
    if current.papers.count() >= MAX_PAPERS:
        raise ValidationError(_("Et møde kan højst have %(n)s bilag.") % {"n": MAX_PAPERS})
    return MeetingPaper.objects.create(
        meeting=current,
        agenda_item=agenda_item,
        file=upload,
        original_name=upload.safe_name,
        content_type=upload.sniffed_type,
        size=upload.size,
        uploaded_by=by,
        uploaded_at=now or timezone.now(),
    )


@transaction.atomic
def paper_delete(*, paper):
    """Remove a paper (its history keeps who uploaded it when); not once the minutes are approved."""
    _require_unlocked(paper.meeting)
    stored = paper.file.name
    storage = paper.file.storage
    paper.delete()
    transaction.on_commit(lambda: storage.delete(stored))
