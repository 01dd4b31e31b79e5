"""What falls due in the organisation: the ends of initiatives and of master plans' funding.

The top layer's scan (hotspot/notifications/scan.py) asks ``due(today)`` every five
minutes and claims one message per item and recipient; an item's ``occurrence``
makes a repeated scan a no-op. Only running initiatives, not closed, remind anyone.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import ENDING_PERIOD, Initiative, Organisation, Role

ENDING_WITHIN = ENDING_PERIOD


@dataclass(frozen=True)
class Due:
    """One thing that has fallen due, and who should hear of it."""

    kind: str
    obj: object
    occurrence: str
    recipients: list = field(default_factory=list)
    context: dict = field(default_factory=dict)


def running_initiatives(today):
    """Initiatives in their period and not closed (a closed initiative reminds nobody)."""
    return Initiative.objects.open().filter(start__lte=today, end__gte=today)


def staff(initiative_ids):
    """The chiefs of these initiatives and the administrators (of them, or of everything)."""
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(hotspot_roles__kind=Role.Kind.CHIEF, hotspot_roles__initiative_id__in=initiative_ids)
            | Q(hotspot_roles__kind=Role.Kind.ADMINISTRATOR, hotspot_roles__initiative_id__in=initiative_ids)
            | Q(hotspot_roles__kind=Role.Kind.ADMINISTRATOR, hotspot_roles__initiative__isnull=True)
        )
        .distinct()
    )


def due(today):
    items = []
    for initiative in running_initiatives(today).filter(end__lte=today + ENDING_WITHIN):
        items.append(Due("reminder.initiative_ending", initiative, f"end:{initiative.end}", staff([initiative.pk])))
    plans = Organisation.objects.filter(
        kind=Organisation.Kind.MASTER_PLAN, period_end__gte=today, period_end__lte=today + ENDING_WITHIN
    )
    for plan in plans:
        initiatives = list(
            running_initiatives(today).filter(engagements__organisation=plan).values_list("pk", flat=True).distinct()
        )
        if initiatives:
            items.append(Due("reminder.funding_ending", plan, f"end:{plan.period_end}", staff(initiatives)))
    return items
