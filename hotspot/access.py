"""Who may see the top layer's pages: an initiative's dashboard and hand-over, the cross-initiative
overview and a department's overview.

The initiative's chief and administrators, its observers and the global roles
read them; only the chief and administrators decide the hand-over and close
the initiative. Others who can see the initiative (its coordinators, liaisons)
get 403; strangers get 404 (actors.access.get_initiative_for_user). A department's
overview is for its liaisons and the global roles.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from actors.access import access_for, get_initiative_for_user
from actors.models import Initiative, Organisation


def may_read_dashboard(user, initiative_id):
    acc = access_for(user)
    return acc.manages_initiative(initiative_id) or acc.observes_all or initiative_id in acc.observed_initiative_ids()


def get_dashboard_initiative(user, pk, write=False):
    initiative = get_initiative_for_user(user, pk, write=write)
    if not may_read_dashboard(user, initiative.pk):
        raise PermissionDenied
    return initiative


def dashboard_initiatives(user):
    """The initiatives whose dashboards the user reads (for the cross-initiative overview).

    404 for a stranger; 403 for someone with roles but no dashboard (a coordinator, a liaison)."""
    acc = access_for(user)
    if not acc.has_any_role:
        raise Http404
    if acc.sees_all_initiatives:
        return Initiative.objects.all()
    ids = acc.followed_initiative_ids()
    if not ids:
        raise PermissionDenied
    return Initiative.objects.filter(pk__in=ids)


def get_dashboard_department(user, pk):
    """A department for its overview: its liaisons and the global roles read it; 404 for anything that is
    not a department or for a stranger, 403 for others with a role."""
    acc = access_for(user)
    if not acc.has_any_role:
        raise Http404
    department = get_object_or_404(Organisation.objects.departments(), pk=pk)
    if not (acc.sees_all_initiatives or department.pk in acc.liaison_organisation_ids()):
        raise PermissionDenied
    return department
