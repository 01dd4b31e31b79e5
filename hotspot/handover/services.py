"""Deciding what happens to each thing an ending initiative leaves behind, and closing it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actors.lifecycle import ensure_open
from actors.models import Initiative, Organisation

from .models import HandoverItem
from .selectors import find_candidate, handover_list

Decision = HandoverItem.Decision


def _require_ending(initiative, today):
    ensure_open(initiative, _("beslutninger om overdragelse"))
    if today < initiative.handover_opens:
        raise ValidationError(
            _("Overdragelsen begynder seks måneder før indsatsens slutdato, den %(date)s.")
            % {"date": date_format(initiative.handover_opens, "j. F Y")}
        )


@transaction.atomic
def handover_decide(
    *, initiative, kind, object_id, decision, by, to_organisation=None, to_body=None, note="", now=None
):
    """Record (or change) the decision about one thing; it must still be open and belong to the initiative."""
    now = now or timezone.now()
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    _require_ending(initiative, timezone.localdate(now))
    thing = find_candidate(initiative, kind, object_id)
    if thing is None:
        raise ValidationError(_("Det findes ikke længere på overdragelseslisten (det er måske lukket i mellemtiden)."))
    if decision == Decision.TRANSFERRED and to_organisation is None and to_body is None:
        raise ValidationError({"recipient": _("Vælg den organisation eller det organ, der overtager.")})
    if decision == Decision.ANCHORED and (
        to_body is not None or to_organisation is None or to_organisation.kind != Organisation.Kind.MUNICIPAL_DEPARTMENT
    ):
        raise ValidationError({"recipient": _("Vælg den forvaltning, hvis drift opgaven bliver en del af.")})
    item, _created = HandoverItem.objects.update_or_create(
        initiative=initiative,
        kind=kind,
        object_id=object_id,
        defaults={
            "label": thing.label[:300],
            "url": thing.url[:300],
            "decision": decision,
            "to_organisation": to_organisation,
            "to_body": to_body,
            "note": note,
            "decided_by": by,
            "decided_at": now,
        },
    )
    return item


@transaction.atomic
def initiative_close(*, initiative, by, note="", now=None):
    """Close the initiative: refused while anything on its hand-over list has no decision.

    The initiative row is locked first, so a decision or a close running at the same
    time waits; decisions about things that closed in the meantime are dropped, so the
    report lists only what was open when the initiative ended.
    """
    now = now or timezone.now()
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    _require_ending(initiative, timezone.localdate(now))
    listing = handover_list(initiative)
    undecided = listing.undecided
    if undecided:
        raise ValidationError(
            _("Indsatsen kan ikke afsluttes: %(count)s punkt(er) på overdragelseslisten mangler en beslutning.")
            % {"count": len(undecided)}
        )
    kept = [t.item.pk for t in listing.things]
    HandoverItem.objects.filter(initiative=initiative).exclude(pk__in=kept).delete()
    initiative.closed_at, initiative.closed_by, initiative.closing_note = now, by, note
    initiative.save(update_fields=["closed_at", "closed_by", "closing_note"])
    return initiative
