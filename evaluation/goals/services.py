"""Changing the goal tree, its indicators, targets, measurements and goal links.

Views call these; the rules live here and in the models. Each function is
keyword-only and atomic, and validates with the model's full_clean.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.lifecycle import ensure_open
from dialogue.models import Outcome
from evaluation import series
from evaluation.models import Goal, GoalLink, Indicator, Measurement, Target


def _next_order(queryset):
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


def _set(instance, data):
    for name, value in data.items():
        setattr(instance, name, value)


# Goals ------------------------------------------------------------------------------


@transaction.atomic
def goal_create(*, initiative, data):
    goal = Goal(initiative=initiative, **data)
    goal.order = _next_order(Goal.objects.filter(initiative=initiative, parent=goal.parent))
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_update(*, goal, data):
    before = Goal.objects.select_for_update().get(pk=goal.pk)
    if data.get("level", before.level) != before.level and before.children.exists():
        raise ValidationError(
            {"level": _("Et mål med undermål kan ikke skifte niveau. Flyt eller slet undermålene først.")}
        )
    _set(goal, data)
    fields = list(data)
    if goal.parent_id != before.parent_id:
        goal.order = _next_order(Goal.objects.filter(initiative=goal.initiative, parent=goal.parent))
        fields.append("order")
    goal.full_clean()
    goal.save(update_fields=fields)
    return goal


def goal_delete_refusal(goal):
    """Why the goal cannot be deleted, or None. Deleting never takes sub-goals or indicators with it."""
    if goal.children.exists():
        return _("Målet har undermål. Slet eller flyt dem først.")
    if goal.indicators.exists():
        return _("Målet har indikatorer. Slet dem først – så forsvinder deres målinger ikke i det stille.")
    return None


@transaction.atomic
def goal_delete(*, goal):
    refusal = goal_delete_refusal(goal)
    if refusal:
        raise ValidationError(refusal)
    goal.delete()


@transaction.atomic
def goal_move(*, goal, direction):
    """Swap the goal with its neighbour among its siblings (direction -1 up, +1 down)."""
    siblings = list(Goal.objects.select_for_update().filter(initiative_id=goal.initiative_id, parent_id=goal.parent_id))
    index = next(i for i, g in enumerate(siblings) if g.pk == goal.pk)
    other = index + direction
    if not 0 <= other < len(siblings):
        return goal
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Renumber all siblings: orders may tie (all 0) after imports or the admin.
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order"])
    return goal


# Indicators and targets ---------------------------------------------------------------


@transaction.atomic
def indicator_create(*, goal, data):
    indicator = Indicator(goal=goal, **data)
    indicator.order = _next_order(goal.indicators.all())
    indicator.full_clean()
    indicator.save()
    series.store(indicator)
    return indicator


@transaction.atomic
def indicator_update(*, indicator, data):
    _set(indicator, data)
    indicator.full_clean()  # clears derived_key for a manual indicator
    indicator.save(update_fields=sorted({*data, "derived_key"}))
    series.store(indicator)  # the method or the calculation may have changed
    return indicator


@transaction.atomic
def indicator_delete(*, indicator):
    indicator.delete()


@transaction.atomic
def target_add(*, indicator, date, value):
    target = Target(indicator=indicator, date=date, value=value)
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def target_delete(*, target):
    target.delete()


# Measurements ----------------------------------------------------------------------------


def _require_manual(indicator):
    if indicator.method == Indicator.Method.DERIVED:
        raise ValidationError(_("Indikatoren beregnes af platformens egne data; dens værdier kan ikke indtastes."))


@transaction.atomic
def measurement_create(*, indicator, data, by):
    ensure_open(indicator.goal.initiative, _("målinger"))
    _require_manual(indicator)
    measurement = Measurement(indicator=indicator, entered_by=by, **data)
    measurement.full_clean()
    measurement.save()
    series.store(indicator)  # pages read the stored series: the user sees their change at once
    return measurement


@transaction.atomic
def measurement_update(*, measurement, data, by):
    _require_manual(measurement.indicator)
    _set(measurement, data)
    measurement.entered_by = by
    measurement.full_clean()
    measurement.save(update_fields=[*data, "entered_by"])
    series.store(measurement.indicator)
    return measurement


@transaction.atomic
def measurement_delete(*, measurement):
    indicator = measurement.indicator
    measurement.delete()
    series.store(indicator)


# What was done for a goal -------------------------------------------------------------------


@transaction.atomic
def goallink_add(*, goal, outcome=None, escalation=None, by, now=None):
    """Link a decision, an action item or an escalation of the goal's initiative to the goal.

    `now` is the moment of linking (default: now); the demo links on its own dates.
    """
    if outcome is not None:
        if outcome.kind not in (Outcome.Kind.DECISION, Outcome.Kind.ACTION):
            raise ValidationError(_("Kun beslutninger og handlinger kan knyttes til et mål."))
        if outcome.agenda_item.meeting.initiative_id != goal.initiative_id:
            raise ValidationError(_("Beslutningen hører til en anden indsats."))
    if escalation is not None and escalation.initiative_id != goal.initiative_id:
        raise ValidationError(_("Eskaleringen hører til en anden indsats."))
    link = GoalLink(goal=goal, outcome=outcome, escalation=escalation, created_by=by, created=now or timezone.now())
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def goallink_delete(*, link):
    link.delete()
