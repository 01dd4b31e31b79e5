from django.urls import reverse
from django.utils.translation import gettext as _

from actors.access import access_for
from actors.models import Organisation
from hotspot.access import may_read_dashboard


def initiative_links(initiative, user):
    if not may_read_dashboard(user, initiative.pk):
        return []
    return [
        (_("Overblik"), reverse("hotspot:initiative_dashboard", args=[initiative.pk])),
        (_("Samarbejdsnetværk"), reverse("hotspot:network", args=[initiative.pk])),
    ]


def organisation_section(organisation, user):
    """On a department's page: a link to its overview across initiatives, for those who may read it."""
    if organisation.kind != Organisation.Kind.MUNICIPAL_DEPARTMENT:
        return None
    acc = access_for(user)
    if not (acc.sees_all_initiatives or organisation.pk in acc.liaison_organisation_ids()):
        return None
    return {"template": "hotspot/dashboards/_department_link.html", "department": organisation}
