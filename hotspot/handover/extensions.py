"""What the hand-over adds to the pages of the layers below (registered in HotspotConfig.ready)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from actors.access import access_for, visible_initiatives
from hotspot.access import may_read_dashboard

from .selectors import received_by

RECEIVED_ON_PAGE = 50


def initiative_links(initiative, user):
    """From the hand-over's start (or once closed), the initiative page links to it."""
    if not may_read_dashboard(user, initiative.pk):
        return []
    if initiative.is_closed:
        return [(_("Overdragelsesrapport"), reverse("hotspot:handover_report", args=[initiative.pk]))]
    if initiative.phase == initiative.Phase.ENDING:
        return [(_("Overdragelse"), reverse("hotspot:handover", args=[initiative.pk]))]
    return []


def organisation_section(organisation, user):
    """What the organisation took over from closed initiatives: shown to its own people and to those who
    can see the initiative it came from."""
    acc = access_for(user)
    items = received_by(organisation)
    if organisation.pk not in acc.organisation_ids() and not acc.sees_all_initiatives:
        items = items.filter(initiative__in=visible_initiatives(user))
    items = list(items[:RECEIVED_ON_PAGE])
    if not items:
        return None
    return {"template": "hotspot/handover/_organisation_section.html", "received": items}
