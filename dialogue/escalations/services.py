"""Escalation workflow: raise, triage, work, escalate, resolve — each step one service.

State changes use an optimistic lock: the caller passes the `version` it saw,
and the update only happens if nobody changed the case in between (two chiefs
triaging the same case: one wins, the other is told). Every step appends an
EscalationEvent; events are never changed. The SLA deadline (`sla_due`) is never
set by a step: `_change` derives it from the new state (Escalation.deadline_for).

Every service takes `now=None`: the moment the step happens (default: now). Demo
data and tests drive the clock through it instead of writing timestamps by hand.

Meetings call into this lifecycle (a case put on an agenda, a decision that
resolves it), never the other way: this module imports nothing from
dialogue.meetings.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.events import announce
from actors.lifecycle import ensure_open
from actors.models import Organisation, display_name
from dialogue.access import comment_kinds, escalation_rights
from dialogue.escalations.pending import pending_upload_discard
from dialogue.escalations.selectors import escalation_workers
from dialogue.models import Attachment, Escalation, EscalationEvent, EscalationNote, LadderLevel, PendingUpload
from dialogue.models.escalations import REOPEN_WINDOW
from dialogue.workdays import add_working_days

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


def _clocks(level, now):
    """The level's acknowledge and resolve deadlines, counted in working days from `now`."""
    today = timezone.localdate(now)
    return {
        "ack_due": add_working_days(today, level.ack_days),
        "resolve_due": add_working_days(today, level.resolve_days),
    }


def _event(escalation, kind, by, now, **fields):
    """Append to the timeline and announce it (the top layer tells whoever the step concerns)."""
    event = EscalationEvent.objects.create(escalation=escalation, kind=kind, actor=by, at=now, **fields)
    announce("escalation.event", event, by=by)
    return event


def _change(escalation, version, **changes):
    """Apply changes only if the case is still at `version`; bump the version; derive the SLA deadline."""
    state = {name: changes.get(name, getattr(escalation, name)) for name in ("status", "ack_due", "resolve_due")}
    changes["sla_due"] = Escalation.deadline_for(**state)
    updated = Escalation.objects.filter(pk=escalation.pk, version=version).update(version=F("version") + 1, **changes)
    if not updated:
        raise ConcurrentChange(
            _(
                "Sagen er lige blevet ændret af en anden. Siden viser nu den nye status – prøv igen, hvis det stadig er relevant."
            )
        )
    escalation.refresh_from_db()
    return escalation


def require_open(escalation):
    if not escalation.is_open:
        raise ValidationError(
            _("Sagen er afsluttet (%(s)s) og kan ikke ændres.") % {"s": escalation.get_status_display()}
        )


@transaction.atomic
def escalation_raise(*, initiative, organisation, by, data, upload=None, now=None):
    ensure_open(initiative, _("sager"))
    now = now or timezone.now()
    clocks = _clocks(_level(initiative, 1), now)
    escalation = Escalation(
        initiative=initiative,
        organisation=organisation,
        raised_by=by,
        level=1,
        created=now,
        sla_due=Escalation.deadline_for(Status.NEW, **clocks),
        **clocks,
        **data,
    )
    escalation.full_clean()
    escalation.save()
    _event(escalation, Kind.RAISED, by, now, to_level=1, text=escalation.description)
    if upload is not None:
        attachment_add(escalation=escalation, upload=upload, by=by, now=now)
    return escalation


def attachment_add(*, escalation, upload, by, now=None):
    """`upload` has passed uploads.AttachmentField: type sniffed, size checked, name stripped of paths.

    A PendingUpload (a file held over a failed submit, dialogue.escalations.pending) passed the
    same checks when it was held: it is copied to the case's attachments and let go.
    """
    if isinstance(upload, PendingUpload):
        return _attachment_from_pending(escalation=escalation, pending=upload, by=by, now=now)
    return Attachment.objects.create(
        escalation=escalation,
        file=upload,
        original_name=upload.safe_name,
        content_type=upload.sniffed_type,
        size=upload.size,
        uploaded_by=by,
        uploaded_at=now or timezone.now(),
    )


def _attachment_from_pending(*, escalation, pending, by, now=None):
    with pending.file.open("rb") as stored:
        attachment = Attachment.objects.create(
            escalation=escalation,
            file=File(stored, name=pending.original_name),
            original_name=pending.original_name,
            content_type=pending.content_type,
            size=pending.size,
            uploaded_by=by,
            uploaded_at=now or timezone.now(),
        )
    pending_upload_discard(pending=pending)
    return attachment


@transaction.atomic
def escalation_acknowledge(*, escalation, by, version, now=None):
    now = now or timezone.now()
    if escalation.status != Status.NEW:
        raise ValidationError(_("Sagen er allerede kvitteret."))
    _change(escalation, version, status=Status.ACKNOWLEDGED, acknowledged_at=now)
    _event(escalation, Kind.ACKNOWLEDGED, by, now)
    return escalation


@transaction.atomic
def escalation_assign(*, escalation, department, by, version, now=None):
    now = now or timezone.now()
    require_open(escalation)
    if department.kind != Organisation.Kind.MUNICIPAL_DEPARTMENT:
        raise ValidationError(_("Sager sendes til en forvaltning."))
    moved = department.pk != escalation.assigned_department_id
    _change(
        escalation,
        version,
        status=Status.ASSIGNED,
        assigned_department=department,
        acknowledged_at=escalation.acknowledged_at or now,
        # The named handler belongs to the department: another department starts with nobody.
        **({"assignee": None} if moved else {}),
    )
    _event(escalation, Kind.ASSIGNED, by, now, department=department)
    return escalation


@transaction.atomic
def escalation_assign_handler(*, escalation, assignee, by, version, now=None):
    """Give the case to a named person who handles cases for the assigned department (None: to nobody)."""
    now = now or timezone.now()
    require_open(escalation)
    if escalation.assigned_department_id is None:
        raise ValidationError(_("Send sagen til en forvaltning, før den gives til en sagsbehandler."))
    if assignee is not None and not escalation_workers(escalation).filter(pk=assignee.pk, is_active=True).exists():
        raise ValidationError(
            {"assignee": _("%(who)s behandler ikke sager for %(dept)s.")
             % {"who": display_name(assignee), "dept": escalation.assigned_department}}
        )  # fmt: skip
    if assignee is not None and assignee.pk == escalation.assignee_id:
        raise ValidationError(_("Sagen behandles allerede af den person."))
    _change(escalation, version, assignee=assignee)
    _event(escalation, Kind.HANDLER, by, now, assignee=assignee)
    return escalation


def escalation_note_add(*, escalation, by, text, now=None):
    """An internal note: staff only (dialogue.access.EscalationRights.notes), not an event, so never announced."""
    if not text.strip():
        raise ValidationError({"text": _("Skriv noten.")})
    return EscalationNote.objects.create(escalation=escalation, author=by, text=text, at=now or timezone.now())


@transaction.atomic
def escalation_start(*, escalation, by, version, now=None):
    now = now or timezone.now()
    require_open(escalation)
    _change(escalation, version, status=Status.IN_PROGRESS, acknowledged_at=escalation.acknowledged_at or now)
    _event(escalation, Kind.IN_PROGRESS, by, now)
    return escalation


@transaction.atomic
def escalation_comment(*, escalation, by, text, kind=Kind.COMMENT, now=None):
    """Comments, questions, the raiser's replies and partial answers: timeline only, no state change.

    The kind follows the author's rights (dialogue.access.comment_kinds): a question
    comes from those working the case, a reply from the raiser; anything else a user
    asks for becomes a plain comment. `by=None` is the system (imports, demo data).
    """
    if kind not in (Kind.COMMENT, Kind.QUESTION, Kind.REPLY, Kind.ANSWER):
        raise ValueError(kind)
    if not text.strip():
        raise ValidationError(_("Skriv en tekst."))
    if by is not None and not escalation_rights(by, escalation).comment:
        # Observers read the case; the timeline is for those who take part in it.
        raise PermissionDenied
    if by is not None and kind not in comment_kinds(escalation_rights(by, escalation)):
        kind = Kind.COMMENT
    return _event(escalation, kind, by, now or timezone.now(), text=text)


@transaction.atomic
def escalation_resolve(*, escalation, by, answer, version, need_met=None, decision=None, now=None):
    now = now or timezone.now()
    require_open(escalation)
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
        closed_at=now,
        acknowledged_at=escalation.acknowledged_at or now,
    )
    _event(escalation, Kind.RESOLVED, by, now, text=answer)
    return escalation


def escalation_answer(*, escalation, by, answer, close, version, need_met=None, now=None):
    """The department's answer: it resolves the case, or (close=False) is a partial answer that keeps it open."""
    if close:
        return escalation_resolve(
            escalation=escalation, by=by, answer=answer, version=version, need_met=need_met, now=now
        )
    require_open(escalation)
    escalation_comment(escalation=escalation, by=by, text=answer, kind=Kind.ANSWER, now=now)
    return escalation


@transaction.atomic
def escalation_reject(*, escalation, by, reason, version, now=None):
    now = now or timezone.now()
    require_open(escalation)
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv begrundelsen for afvisningen.")})
    _change(escalation, version, status=Status.REJECTED, answer=reason, closed_at=now)
    _event(escalation, Kind.REJECTED, by, now, text=reason)
    return escalation


@transaction.atomic
def escalation_merge(*, escalation, into, by, version, now=None):
    now = now or timezone.now()
    require_open(escalation)
    if into.pk == escalation.pk or into.initiative_id != escalation.initiative_id or not into.is_open:
        raise ValidationError(_("En sag kan kun lægges sammen med en anden åben sag i samme indsats."))
    _change(escalation, version, status=Status.MERGED, merged_into=into, closed_at=now)
    _event(escalation, Kind.MERGED, by, now, other=into)
    _event(
        into, Kind.MERGED, by, now, other=escalation, text=_("Sag #%(n)s er lagt ind i denne.") % {"n": escalation.pk}
    )
    return escalation


@transaction.atomic
def escalation_escalate(*, escalation, by, justification, version, to_level, now=None):
    """Lift one level up: the next level's body and clocks take over. Levels cannot be skipped."""
    now = now or timezone.now()
    require_open(escalation)
    if not justification.strip():
        raise ValidationError({"justification": _("Begrund, hvorfor sagen skal et niveau op.")})
    if to_level != escalation.level + 1:
        raise ValidationError(
            _("En sag kan kun løftes ét niveau ad gangen (fra %(a)s til %(b)s).")
            % {"a": escalation.level, "b": escalation.level + 1}
        )
    clocks = _clocks(_level(escalation.initiative, to_level), now)
    _change(escalation, version, level=to_level, status=Status.NEW, acknowledged_at=None, **clocks)
    _event(escalation, Kind.ESCALATED, by, now, text=justification, from_level=to_level - 1, to_level=to_level)
    return escalation


@transaction.atomic
def escalation_mark_on_agenda(*, escalation, agenda_item, by, version, now=None):
    """State only: the case is on `agenda_item`'s meeting.

    dialogue.meetings.services.agenda_item_add_for_escalation adds the item and calls this.
    """
    now = now or timezone.now()
    require_open(escalation)
    _change(escalation, version, status=Status.ON_AGENDA)
    _event(escalation, Kind.ON_AGENDA, by, now, agenda_item=agenda_item)
    return escalation


@transaction.atomic
def escalation_reopen(*, escalation, by, reason, version, now=None):
    now = now or timezone.now()
    if escalation.status != Status.RESOLVED:
        raise ValidationError(_("Kun løste sager kan genåbnes."))
    if not escalation.can_reopen(now):
        raise ValidationError(
            _("Sagen kan kun genåbnes inden for %(n)s dage efter svaret. Rejs en ny sag.") % {"n": REOPEN_WINDOW.days}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv, hvorfor svaret ikke løser problemet.")})
    resolve_due = _clocks(_level(escalation.initiative, escalation.level), now)["resolve_due"]
    _change(
        escalation,
        version,
        status=Status.ASSIGNED if escalation.assigned_department_id else Status.ACKNOWLEDGED,
        closed_at=None,
        resolve_due=resolve_due,
        decision=None,
    )
    _event(escalation, Kind.REOPENED, by, now, text=reason)
    return escalation


def resolve_by_decision(*, outcome, by, now=None):
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
        now=now,
    )


BULK_STEPS = {"acknowledge": escalation_acknowledge, "assign": escalation_assign}


def escalations_bulk(*, cases, step, by, department=None, now=None):
    """One step (acknowledge, assign to `department`) on several cases, each through its own service.

    `cases` is [(escalation, version seen)]. Each case is its own transaction, so one that was changed
    meanwhile or is past the step (already acknowledged, closed) does not undo the others: the caller
    gets (the cases done, [(case, the reason it was not)]) and must say both.
    """
    service = BULK_STEPS[step]
    extra = {"department": department} if step == "assign" else {}
    done, failed = [], []
    for escalation, version in cases:
        try:
            service(escalation=escalation, by=by, version=version, now=now, **extra)
        except ValidationError as error:
            failed.append((escalation, error.messages[0]))
        else:
            done.append(escalation)
    return done, failed
