"""Who may see and change meetings, minutes and action items.

- The initiative's staff (its chief and administrators; global administrators)
  plan meetings, record attendance and write minutes.
- Invited organisations (their coordinators and liaisons) and invited people see
  the meeting and its agenda; they read minutes once circulated to them for
  comments and after publication, and update the status of action items they own.
- Observers (for the initiative, or global) see meetings and published minutes.
- Everybody else gets 404, also when guessing ids.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from actors.access import access_for, visible_initiatives
from actors.models import Engagement, Organisation
from dialogue.models import (
    AgendaItem,
    Attachment,
    Escalation,
    EscalationEvent,
    Invitation,
    Meeting,
    MeetingPaper,
    MeetingSeries,
    MinutesVersion,
    Outcome,
    SafetyWalk,
)


def invitation_filter(acc):
    """Invitations that concern the user: their organisations', or their own as a person."""
    q = Q(organisation_id__in=acc.organisation_ids())
    if acc.person_id:
        q |= Q(person_id=acc.person_id)
    return q


def visible_meetings(user, queryset=None):
    """Meetings the user may open (not necessarily read the minutes of)."""
    acc = access_for(user)
    qs = Meeting.objects.all() if queryset is None else queryset
    if acc.observes_all:
        return qs
    invited = Invitation.objects.filter(invitation_filter(acc)).values("meeting_id")
    return qs.filter(Q(initiative_id__in=acc.followed_initiative_ids()) | Q(pk__in=invited))


def published_or_managed(user, queryset):
    """Restrict meetings to those whose minutes the user may read as published (or edit as staff)."""
    acc = access_for(user)
    if acc.is_global_admin:
        return queryset
    return queryset.filter(
        Q(minutes_status=Meeting.MinutesStatus.PUBLISHED) | Q(initiative_id__in=acc.managed_initiative_ids())
    )


@dataclass
class MeetingRights:
    manage: bool
    invited: bool
    read_minutes: bool
    comment: bool


def meeting_rights(user, meeting):
    acc = access_for(user)
    manage = acc.manages_initiative(meeting.initiative_id)
    invited = meeting.invitations.filter(invitation_filter(acc)).exists()
    observer = acc.observes_all or meeting.initiative_id in acc.observed_initiative_ids()
    status = meeting.minutes_status
    published = status == Meeting.MinutesStatus.PUBLISHED
    circulated = status == Meeting.MinutesStatus.CIRCULATED
    return MeetingRights(
        manage=manage,
        invited=invited,
        read_minutes=manage or published and (invited or observer) or circulated and invited,
        comment=circulated and (invited or manage),
    )


def get_meeting_for_user(user, pk, write=False):
    """The meeting, with `.rights` attached. 404 for strangers, 403 for read-only users writing."""
    meeting = get_object_or_404(
        visible_meetings(user, Meeting.objects.select_related("initiative", "body", "series")), pk=pk
    )
    meeting.rights = meeting_rights(user, meeting)
    if write and not meeting.rights.manage:
        raise PermissionDenied
    return meeting


def get_agenda_item_for_user(user, pk, write=False):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    item.meeting = get_meeting_for_user(user, item.meeting_id, write=write)
    return item


def get_outcome_for_user(user, pk, write=False):
    outcome = get_object_or_404(Outcome.objects.select_related("agenda_item"), pk=pk)
    outcome.agenda_item.meeting = get_meeting_for_user(user, outcome.agenda_item.meeting_id, write=write)
    if not outcome.agenda_item.meeting.rights.read_minutes:
        raise Http404
    return outcome


def may_change_action(user, action):
    """Whether the user may change an action item's status: the initiative's staff, or its owner.

    The owner is the action's person or one of the user's organisations. No queries:
    it reads action.agenda_item.meeting, so fetch that along (the action list does).
    """
    acc = access_for(user)
    return (
        acc.manages_initiative(action.agenda_item.meeting.initiative_id)
        or action.owner_organisation_id in acc.organisation_ids()
        or (acc.person_id is not None and action.owner_person_id == acc.person_id)
    )


def get_action_for_status_change(user, pk):
    """An action item whose status the user may change (see may_change_action)."""
    action = get_outcome_for_user(user, pk)
    if action.kind != Outcome.Kind.ACTION:
        raise Http404
    if not may_change_action(user, action):
        raise PermissionDenied
    return action


def get_invitation_for_user(user, pk, write=False):
    invitation = get_object_or_404(Invitation, pk=pk)
    invitation.meeting = get_meeting_for_user(user, invitation.meeting_id, write=write)
    return invitation


def answerable_invitations(user, meeting):
    """The meeting's invitations the user answers: their own as a person, or their organisations'.

    The same rule that lets an invitee open the meeting (invitation_filter); nobody else — not
    even the meeting's staff — answers for an invitee."""
    return meeting.invitations.filter(invitation_filter(access_for(user)))


def get_invitation_for_answer(user, pk):
    """An invitation the user may answer: 404 to strangers, 403 to others who can see the meeting."""
    invitation = get_invitation_for_user(user, pk)
    if not answerable_invitations(user, invitation.meeting).filter(pk=invitation.pk).exists():
        raise PermissionDenied
    return invitation


def get_paper_for_user(user, pk, write=False):
    """A meeting's paper: for whoever may open the meeting (its agenda); deleting is the staff's."""
    paper = get_object_or_404(MeetingPaper.objects.select_related("agenda_item"), pk=pk)
    paper.meeting = get_meeting_for_user(user, paper.meeting_id, write=write)
    return paper


def visible_series(user, queryset=None):
    """Meeting series of the initiatives the user runs or observes (invitees see the meetings, not the series)."""
    acc = access_for(user)
    qs = MeetingSeries.objects.all() if queryset is None else queryset
    if acc.observes_all:
        return qs
    return qs.filter(initiative_id__in=acc.followed_initiative_ids())


def get_series_for_user(user, pk, write=False):
    series = get_object_or_404(visible_series(user, MeetingSeries.objects.select_related("initiative", "body")), pk=pk)
    if write and not access_for(user).manages_initiative(series.initiative_id):
        raise PermissionDenied
    return series


def meeting_initiatives(user):
    """The initiatives the user may plan meetings and series in: those they run."""
    acc = access_for(user)
    qs = visible_initiatives(user)
    return qs if acc.is_global_admin else qs.filter(pk__in=acc.managed_initiative_ids())


def get_minutes_version_for_user(user, meeting_pk, number):
    """A published version of a meeting's minutes: for the staff, the invited and the initiative's observers.

    Today that is everyone visible_meetings lets open the meeting; the check stays so
    that opening meetings to more users does not open their minutes' history too.
    """
    meeting = get_meeting_for_user(user, meeting_pk)
    version = MinutesVersion.objects.filter(meeting=meeting, number=number).select_related("published_by").first()
    acc = access_for(user)
    if version is None or not (
        meeting.rights.manage
        or meeting.rights.invited
        or acc.observes_all
        or meeting.initiative_id in acc.observed_initiative_ids()
    ):
        raise Http404
    version.meeting = meeting
    return version


def visible_actions(user):
    """Action items in minutes the user may read: published ones, or any in initiatives they run."""
    acc = access_for(user)
    meetings = published_or_managed(user, visible_meetings(user))
    qs = Outcome.objects.actions()
    if acc.is_global_admin:
        return qs
    return qs.filter(agenda_item__meeting__in=meetings)


# Escalations ---------------------------------------------------------------------
#
# Full access: the initiative's staff, the organisation that raised the case, and
# the department it is assigned to (its liaison). The initiative's observers (and
# global observers) read cases in full but change nothing: no step, no comment.
# Others with a role in the same initiative see title and status only
# (listed_escalations); strangers nothing.
#
# Two sets, on purpose: `full_escalations` is who *works with* a case (the reminder
# digest, the attention bar and the inbox count on it), `readable_escalations` is who
# may *open* it (the case page, lists' links, search). Observers are in the second only.


@dataclass
class EscalationRights:
    manage: bool  # triage: acknowledge, assign, reject, merge, escalate, put on agenda
    work: bool  # the assigned department: comment, ask, mark in progress, answer
    raiser: bool  # the raising organisation: reply, reopen
    observer: bool = False  # reads the case only (observers of the initiative)

    @property
    def read_only(self):
        return not (self.manage or self.work or self.raiser)

    @property
    def comment(self):
        """Observers read the case but never write in its timeline (unless they also take part in it).

        Everybody else who may open a case takes part in it; the service, which also replays demo
        data and imports, keeps letting a department write on a case raised to it before it is sent.
        """
        return not (self.observer and self.read_only)

    @property
    def notes(self):
        """Internal notes: the initiative's staff and the department handling the case; never the raiser alone."""
        return self.manage or self.work

    def allows(self, right):
        """Staff may do what the department does (e.g. answer directly); reopening is the raiser's alone."""
        if right == "work":
            return self.work or self.manage
        return getattr(self, right)


def escalation_rights(user, escalation):
    acc = access_for(user)
    orgs = acc.organisation_ids()
    return EscalationRights(
        manage=acc.manages_initiative(escalation.initiative_id),
        work=escalation.assigned_department_id in orgs,
        raiser=escalation.organisation_id in orgs,
        observer=acc.observes_all or escalation.initiative_id in acc.observed_initiative_ids(),
    )


def comment_kinds(rights):
    """The timeline entries a user may add: none for observers; questions and answers from those working the
    case, replies from the raiser, comments from anyone else."""
    if not rights.comment:
        return []
    kinds = [EscalationEvent.Kind.COMMENT]
    if rights.allows("work"):
        kinds += [EscalationEvent.Kind.QUESTION, EscalationEvent.Kind.ANSWER]
    if rights.raiser:
        kinds.append(EscalationEvent.Kind.REPLY)
    return kinds


def full_escalations(user, queryset=None):
    """Escalations the user works with: staff, raiser, assigned department (not the observers who read them)."""
    acc = access_for(user)
    qs = Escalation.objects.all() if queryset is None else queryset
    if acc.is_global_admin:
        return qs
    orgs = acc.organisation_ids()
    return qs.filter(
        Q(initiative_id__in=acc.managed_initiative_ids())
        | Q(organisation_id__in=orgs)
        | Q(assigned_department_id__in=orgs)
    )


def readable_escalations(user, queryset=None):
    """Escalations the user may open in full: those they work with, and those of the initiatives they observe."""
    acc = access_for(user)
    qs = Escalation.objects.all() if queryset is None else queryset
    if acc.observes_all:
        return qs
    return full_escalations(user, qs) | qs.filter(initiative_id__in=acc.observed_initiative_ids())


def listed_escalations(user):
    """The case list's "all in my initiatives": what readable_escalations(user) gives in full, and the other
    cases of the user's initiatives by title and status — as one condition on plain ids that PostgreSQL
    reads newest first off the (initiative, created) index: the cases of the initiatives the user sees
    (every case they may open in full lies in one of them, or was raised by or sent to their
    organisation), and those of their organisations."""
    acc = access_for(user)
    if acc.observes_all:
        return Escalation.objects.all()
    ids = list(visible_initiatives(user).values_list("pk", flat=True))
    orgs = acc.organisation_ids()
    return Escalation.objects.filter(
        Q(initiative_id__in=ids) | Q(organisation_id__in=orgs) | Q(assigned_department_id__in=orgs)
    )


CASE_RELATED = ("initiative", "organisation", "department", "assigned_department", "area", "assignee")


def get_escalation_for_user(user, pk, right=None):
    """The case with `.rights` attached: 404 to strangers; PermissionDenied if `right` is not the user's.

    `right="comment"` is writing in the timeline: everyone who takes part, not the observers.
    """
    escalation = get_object_or_404(readable_escalations(user, Escalation.objects.select_related(*CASE_RELATED)), pk=pk)
    escalation.rights = escalation_rights(user, escalation)
    if right is not None and not escalation.rights.allows(right):
        raise PermissionDenied
    return escalation


def get_escalations_for_user(user, pks, right):
    """Several cases for one step at once: (the cases, in `pks` order, with `.rights`; the refused ones' labels).

    A case is refused when the user may not open it (named by number only: we do not confirm what it is) or
    lacks `right` on it (named by number and title).
    """
    found = {
        e.pk: e for e in readable_escalations(user, Escalation.objects.filter(pk__in=pks).select_related(*CASE_RELATED))
    }
    cases, refused = [], []
    for pk in pks:
        escalation = found.get(pk)
        if escalation is None:
            refused.append(f"#{pk}")
            continue
        escalation.rights = escalation_rights(user, escalation)
        if escalation.rights.allows(right):
            cases.append(escalation)
        else:
            refused.append(f"#{pk} {escalation.title}")
    return cases, refused


def raising_organisations(user):
    """The organisations a user raises cases for: those of their coordinator and liaison roles."""
    return Organisation.objects.filter(pk__in=access_for(user).organisation_ids()).order_by("name")


def raising_initiatives(user):
    """Initiatives a user may raise cases in: where one of their organisations is engaged, or a role is scoped."""
    acc = access_for(user)
    engaged = Engagement.objects.filter(organisation_id__in=acc.organisation_ids()).values("initiative_id")
    scoped = [r.initiative_id for r in acc.roles if r.organisation_id and r.initiative_id]
    return visible_initiatives(user).filter(Q(pk__in=engaged) | Q(pk__in=scoped)).distinct()


def raising_organisation(user, initiative):
    """The organisation a case in `initiative` is raised for: the user's organisation that takes part in it.

    A role scoped to the initiative wins; otherwise the user's organisation engaged in it. None if none is.
    """
    acc = access_for(user)
    roles = [r for r in acc.roles if r.organisation_id]
    for role in roles:
        if role.initiative_id == initiative.pk:
            return role.organisation
    engaged = set(
        Engagement.objects.filter(
            initiative=initiative, organisation_id__in=[r.organisation_id for r in roles]
        ).values_list("organisation_id", flat=True)
    )
    return next((r.organisation for r in roles if r.organisation_id in engaged), None)


def get_attachment_for_user(user, pk):
    attachment = get_object_or_404(Attachment, pk=pk)
    get_escalation_for_user(user, attachment.escalation_id)
    return attachment


# Safety walks --------------------------------------------------------------------
#
# Everyone who sees an initiative sees its walks. A walk is recorded by the
# initiative's staff, or by coordinators and liaisons for their own organisation
# in an initiative it is engaged in; findings are added by the staff and by the
# organisation the walk was raised for.


def visible_safetywalks(user):
    return SafetyWalk.objects.filter(initiative__in=visible_initiatives(user))


def safetywalk_initiatives(user):
    """Initiatives the user may record a walk in: those they run, or where their organisation is engaged."""
    acc = access_for(user)
    qs = visible_initiatives(user)
    if acc.is_global_admin:
        return qs
    engaged = Engagement.objects.filter(organisation_id__in=acc.organisation_ids()).values("initiative_id")
    return qs.filter(Q(pk__in=acc.managed_initiative_ids()) | Q(pk__in=engaged))


def safetywalk_raisers(user):
    """The organisations offered as "raised for" on the walk form (check_safetywalk_raiser has the last word)."""
    acc = access_for(user)
    if acc.is_global_admin or acc.managed_initiative_ids():
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=acc.organisation_ids())


def check_safetywalk_raiser(user, initiative, organisation):
    """Outside the initiatives they run, users record walks only for their own, engaged organisation."""
    acc = access_for(user)
    if acc.manages_initiative(initiative.pk):
        return
    engaged = Engagement.objects.filter(organisation=organisation, initiative=initiative).exists()
    if organisation.pk not in acc.organisation_ids() or not engaged:
        raise ValidationError(
            {"raised_for": _("Du kan kun registrere vandringer for din egen organisation i indsatser, den deltager i.")}
        )


def get_safetywalk_for_user(user, pk, write=False):
    walk = get_object_or_404(visible_safetywalks(user).select_related("initiative", "area"), pk=pk)
    acc = access_for(user)
    walk.can_edit = acc.manages_initiative(walk.initiative_id) or walk.raised_for_id in acc.organisation_ids()
    if write and not walk.can_edit:
        raise PermissionDenied
    return walk
