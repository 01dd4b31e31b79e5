"""Who may see the top layer's pages about an initiative: its dashboard and its hand-over.

The initiative's chief and administrators, its observers and the global roles
read them; only the chief and administrators decide the hand-over and close
the initiative. Others who can see the initiative (its coordinators, liaisons)
get 403; strangers get 404 (actors.access.get_initiative_for_user).
"""

from django.core.exceptions import PermissionDenied

from actors.access import access_for, get_initiative_for_user


def may_read_dashboard(user, initiative_id):
    acc = access_for(user)
    return acc.manages_initiative(initiative_id) or acc.observes_all or initiative_id in acc.observed_initiative_ids()


def get_dashboard_initiative(user, pk, write=False):
    initiative = get_initiative_for_user(user, pk, write=write)
    if not may_read_dashboard(user, initiative.pk):
        raise PermissionDenied
    return initiative
