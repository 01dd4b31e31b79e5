"""Escalation workflow: raise, triage, work, escalate, resolve — each step one service.

State changes use an optimistic lock: the caller passes the `version` it saw,
and the update only happens if nobody changed the case in between (two chiefs
triaging the same case: one wins, the other is told). Every step appends an
EscalationEvent; events are never changed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Organisation
from dialogue.meetings import services as meeting_services
from dialogue.models import AgendaItem, Attachment, Escalation, EscalationEvent, LadderLevel, Meeting
from dialogue.workdays import add_working_days

REOPEN_DAYS = 30
Status = Escalation.Status
Kind = EscalationEvent.Kind


class ConcurrentChange(ValidationError):
    pass


def ladder(initiative):
    return list(
        LadderLevel.objects.filter(initiative=initiative)
        .select_related("body", "housing_sector_body")
        .order_by("level")
    )


def _level(initiative, number):
    level = LadderLevel.objects.filter(initiative=initiative, level=number).select_related("body").first()
    if level is None:
        raise ValidationError(
            _("Indsatsen har intet eskaleringstrin %(n)s. En administrator kan tilføje det.") % {"n": number}
        )
    return level


def _clocks(level, today):
    return add_working_days(today, level.ack_days), add_working_days(today, level.resolve_days)


def _event(escalation, kind, by, **fields):
    return EscalationEvent.objects.create(escalation=escalation, kind=kind, actor=by, **fields)


def _change(escalation, version, **changes):
    """Apply changes only if the case is still at `version`; bump the version."""
    updated = Escalation.objects.filter(pk=escalation.pk, version=version).update(version=F("version") + 1, **changes)
    if not updated:
        raise ConcurrentChange(
            _(
                "Sagen er lige blevet ændret af en anden. Siden viser nu den nye status – prøv igen, hvis det stadig er relevant."
            )
        )
    escalation.refresh_from_db()
    return escalation


def _require_open(escalation):
    if not escalation.is_open:
        raise ValidationError(
            _("Sagen er afsluttet (%(s)s) og kan ikke ændres.") % {"s": escalation.get_status_display()}
        )


@transaction.atomic
def escalation_raise(*, initiative, organisation, by, data, upload=None):
    level = _level(initiative, 1)
    ack_due, resolve_due = _clocks(level, timezone.localdate())
    escalation = Escalation(
        initiative=initiative,
        organisation=organisation,
        raised_by=by,
        level=1,
        ack_due=ack_due,
        resolve_due=resolve_due,
        sla_due=ack_due,
        **data,
    )
    escalation.full_clean()
    escalation.save()
    _event(escalation, Kind.RAISED, by, to_level=1, text=escalation.description)
    if upload is not None:
        attachment_add(escalation=escalation, upload=upload, by=by)
    return escalation


def attachment_add(*, escalation, upload, by):
    """`upload` has passed forms.AttachmentField: type sniffed, size checked, name stripped of paths."""
    return Attachment.objects.create(
        escalation=escalation,
        file=upload,
        original_name=upload.safe_name,
        content_type=upload.sniffed_type,
        size=upload.size,
        uploaded_by=by,
    )


@transaction.atomic
def escalation_acknowledge(*, escalation, by, version):
    if escalation.status != Status.NEW:
        raise ValidationError(_("Sagen er allerede kvitteret."))
    _change(
        escalation, version, status=Status.ACKNOWLEDGED, acknowledged_at=timezone.now(), sla_due=escalation.resolve_due
    )
    _event(escalation, Kind.ACKNOWLEDGED, by)
    return escalation


@transaction.atomic
def escalation_assign(*, escalation, department, by, version):
    _require_open(escalation)
    if department.kind != Organisation.Kind.MUNICIPAL_DEPARTMENT:
        raise ValidationError(_("Sager sendes til en forvaltning."))
    _change(
        escalation,
        version,
        status=Status.ASSIGNED,
        assigned_department=department,
        acknowledged_at=escalation.acknowledged_at or timezone.now(),
        sla_due=escalation.resolve_due,
    )
    _event(escalation, Kind.ASSIGNED, by, department=department)
    return escalation


@transaction.atomic
def escalation_start(*, escalation, by, version):
    _require_open(escalation)
    _change(
        escalation,
        version,
        status=Status.IN_PROGRESS,
        acknowledged_at=escalation.acknowledged_at or timezone.now(),
        sla_due=escalation.resolve_due,
    )
    _event(escalation, Kind.IN_PROGRESS, by)
    return escalation


@transaction.atomic
def escalation_comment(*, escalation, by, text, kind=Kind.COMMENT):
    """Comments, questions, the raiser's replies and partial answers: timeline only, no state change."""
    if kind not in (Kind.COMMENT, Kind.QUESTION, Kind.REPLY, Kind.ANSWER):
        raise ValueError(kind)
    if not text.strip():
        raise ValidationError(_("Skriv en tekst."))
    return _event(escalation, kind, by, text=text)


@transaction.atomic
def escalation_resolve(*, escalation, by, answer, version, need_met=None, decision=None):
    _require_open(escalation)
    if not answer.strip():
        raise ValidationError({"answer": _("Skriv svaret til den, der rejste sagen.")})
    if escalation.category == Escalation.Category.CHILD_SUPPORT and need_met is None:
        raise ValidationError({"need_met": _("Angiv, om barnets eller den unges behov for støtte blev mødt.")})
    _change(
        escalation,
        version,
        status=Status.RESOLVED,
        answer=answer,
        need_met=need_met,
        decision=decision,
        closed_at=timezone.now(),
        acknowledged_at=escalation.acknowledged_at or timezone.now(),
    )
    _event(escalation, Kind.RESOLVED, by, text=answer)
    return escalation


@transaction.atomic
def escalation_reject(*, escalation, by, reason, version):
    _require_open(escalation)
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv begrundelsen for afvisningen.")})
    _change(escalation, version, status=Status.REJECTED, answer=reason, closed_at=timezone.now())
    _event(escalation, Kind.REJECTED, by, text=reason)
    return escalation


@transaction.atomic
def escalation_merge(*, escalation, into, by, version):
    _require_open(escalation)
    if into.pk == escalation.pk or into.initiative_id != escalation.initiative_id or not into.is_open:
        raise ValidationError(_("En sag kan kun lægges sammen med en anden åben sag i samme indsats."))
    _change(escalation, version, status=Status.MERGED, merged_into=into, closed_at=timezone.now())
    _event(escalation, Kind.MERGED, by, other=into)
    _event(into, Kind.MERGED, by, other=escalation, text=_("Sag #%(n)s er lagt ind i denne.") % {"n": escalation.pk})
    return escalation


@transaction.atomic
def escalation_escalate(*, escalation, by, justification, version, to_level):
    """Lift one level up: the next level's body and clocks take over. Levels cannot be skipped."""
    _require_open(escalation)
    if not justification.strip():
        raise ValidationError({"justification": _("Begrund, hvorfor sagen skal et niveau op.")})
    if to_level != escalation.level + 1:
        raise ValidationError(
            _("En sag kan kun løftes ét niveau ad gangen (fra %(a)s til %(b)s).")
            % {"a": escalation.level, "b": escalation.level + 1}
        )
    level = _level(escalation.initiative, to_level)
    ack_due, resolve_due = _clocks(level, timezone.localdate())
    _change(
        escalation,
        version,
        level=to_level,
        status=Status.NEW,
        acknowledged_at=None,
        ack_due=ack_due,
        resolve_due=resolve_due,
        sla_due=ack_due,
    )
    _event(escalation, Kind.ESCALATED, by, text=justification, from_level=to_level - 1, to_level=to_level)
    return escalation


@transaction.atomic
def escalation_put_on_agenda(*, escalation, meeting, by, version):
    _require_open(escalation)
    if meeting.initiative_id != escalation.initiative_id:
        raise ValidationError(_("Mødet hører til en anden indsats."))
    item = meeting_services.agenda_item_add(
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
    _change(escalation, version, status=Status.ON_AGENDA)
    _event(escalation, Kind.ON_AGENDA, by, agenda_item=item)
    return item


@transaction.atomic
def escalation_reopen(*, escalation, by, reason, version):
    if escalation.status != Status.RESOLVED:
        raise ValidationError(_("Kun løste sager kan genåbnes."))
    if escalation.closed_at and timezone.now() - escalation.closed_at > datetime.timedelta(days=REOPEN_DAYS):
        raise ValidationError(
            _("Sagen kan kun genåbnes inden for %(n)s dage efter svaret. Rejs en ny sag.") % {"n": REOPEN_DAYS}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv, hvorfor svaret ikke løser problemet.")})
    level = _level(escalation.initiative, escalation.level)
    _ack, resolve_due = _clocks(level, timezone.localdate())
    _change(
        escalation,
        version,
        status=Status.ASSIGNED if escalation.assigned_department_id else Status.ACKNOWLEDGED,
        closed_at=None,
        resolve_due=resolve_due,
        sla_due=resolve_due,
        decision=None,
    )
    _event(escalation, Kind.REOPENED, by, text=reason)
    return escalation


def resolve_by_decision(*, outcome, by):
    """A decision on an agenda item that came from an escalation resolves it, linking both ways."""
    escalation = outcome.agenda_item.escalation
    if escalation is None or not escalation.is_open:
        return None
    return escalation_resolve(
        escalation=escalation,
        by=by,
        answer=outcome.text,
        version=escalation.version,
        decision=outcome,
        need_met=True if escalation.category == Escalation.Category.CHILD_SUPPORT else None,
    )


def open_meetings_for(escalation):
    """Meetings of the initiative an escalation can be put on: not yet published, newest first."""
    return (
        Meeting.objects.filter(initiative=escalation.initiative, cancelled=False)
        .exclude(minutes_status=Meeting.MinutesStatus.PUBLISHED)
        .select_related("body")
        .order_by("-start")
    )
