"""Safety walks (tryghedsvandringer): record a walk, turn each finding into an escalation, follow up.

A finding is not a case of its own kind: it is an ordinary escalation (category
"safety_walk") raised on behalf of the walk's organisation and sent straight to
the roads and parks department, so it gets the same SLA clocks, timeline and
queues as any other concrete problem.
"""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.lifecycle import ensure_open
from actors.models import Organisation
from dialogue.escalations.services import escalation_assign, escalation_raise
from dialogue.models import Escalation, SafetyWalk, SafetyWalkFinding
from dialogue.themes import Theme

FOLLOW_UP_MONTHS = 6
DEFAULT_DEPARTMENT = "TMF"  # Teknik- og Miljøforvaltningen: roads, parks, lighting, cleaning

Category = SafetyWalkFinding.Category
THEME_FOR_CATEGORY = {
    Category.LIGHTING: Theme.PHYSICAL_ENVIRONMENT,
    Category.SIGHTLINES: Theme.PHYSICAL_ENVIRONMENT,
    Category.SHRUBS: Theme.PHYSICAL_ENVIRONMENT,
    Category.CLEANING: Theme.PHYSICAL_ENVIRONMENT,
    Category.GRAFFITI: Theme.PUBLIC_SAFETY,
    Category.VANDALISM: Theme.PUBLIC_SAFETY,
    Category.OTHER: Theme.PUBLIC_SAFETY,
}


def default_department():
    return Organisation.objects.departments().filter(short_name=DEFAULT_DEPARTMENT).first()


@transaction.atomic
def safetywalk_record(*, initiative, data, organisations, by):
    """Record a walk; the follow-up walk is scheduled six months after it.

    relativedelta keeps the day of the month and clamps it to the month's end:
    a walk on 31 August is followed up on 28 (or 29) February.
    """
    ensure_open(initiative, _("tryghedsvandringer"))
    organisations = list(organisations)
    if not organisations:
        raise ValidationError({"organisations": _("Vælg de organisationer, der deltog i vandringen.")})
    walk = SafetyWalk(
        initiative=initiative,
        created_by=by,
        follow_up_date=data["date"] + relativedelta(months=FOLLOW_UP_MONTHS),
        **data,
    )
    walk.full_clean(exclude=["created_by"])  # by=None (imports, demo data) is allowed
    walk.save()
    walk.organisations.set(organisations)
    return walk


@transaction.atomic
def finding_add(*, walk, data, by, upload=None, department=None, now=None):
    """Record a finding as an escalation sent straight to `department` (default: TMF), at `now`.

    If no department is given and the organisation has no department with the
    short name TMF, the escalation is left new and unassigned: the initiative's
    chief then routes it like any other case.
    """
    category = Category(data["category"])
    place = data["place"]
    escalation = escalation_raise(
        initiative=walk.initiative,
        organisation=walk.raised_for,
        by=by,
        data={
            "title": f"{category.label}: {place}"[: Escalation._meta.get_field("title").max_length],
            "description": data["description"],
            "category": Escalation.Category.SAFETY_WALK,
            "theme": THEME_FOR_CATEGORY[category],
            "area": walk.area,
            "street": place,
        },
        upload=upload,
        now=now,
    )
    department = department or default_department()
    if department is not None:
        escalation = escalation_assign(
            escalation=escalation, department=department, by=by, version=escalation.version, now=now
        )
    finding = SafetyWalkFinding(
        walk=walk, category=category, description=data["description"], place=place, escalation=escalation
    )
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def followup_done(*, walk, on, by, now=None):
    """Record, at `now`, that the follow-up walk took place on `on` (which cannot be later than `now`)."""
    now = now or timezone.now()
    if walk.follow_up_done is not None:
        raise ValidationError(_("Opfølgningen er allerede registreret."))
    if on < walk.date:
        raise ValidationError({"on": _("Opfølgningen kan ikke ligge før vandringen.")})
    if on > timezone.localdate(now):
        raise ValidationError({"on": _("Opfølgningen kan ikke registreres på forhånd.")})
    walk.follow_up_done = on
    walk._history_user = by  # simple_history: who recorded it, also outside a request
    walk.save(update_fields=["follow_up_done"])
    return walk
