from django.urls import reverse
from django.utils.translation import gettext as _

from hotspot.access import may_read_dashboard


def initiative_links(initiative, user):
    if not may_read_dashboard(user, initiative.pk):
        return []
    return [
        (_("Overblik"), reverse("hotspot:initiative_dashboard", args=[initiative.pk])),
        (_("Samarbejdsnetværk"), reverse("hotspot:network", args=[initiative.pk])),
    ]
