"""Who may see and change what in the organisation.

Every view fetches its object through one `get_<thing>_for_user` helper here.
A user with no business with an object gets 404 (we do not confirm that it
exists); a user who may read but not write gets PermissionDenied (403).

The rules, in short:
- A superuser or a global administrator (an administrator role with no
  initiative) may read and change everything.
- Any user holding at least one role may read the directory: organisations,
  areas, bodies, people. It is the municipality's own address book.
- An initiative is visible to global roles, to roles scoped to it, and to
  coordinators and liaisons whose organisation is engaged in it.
- An initiative's chief and its scoped administrators edit its engagements and
  linked bodies.
- A logged-in user with no role is a stranger: 404 everywhere but their account.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Area, Body, BodyLink, Engagement, Initiative, Organisation, Person, Role, Seat


@dataclass
class Access:
    """The roles of one user, loaded once per request."""

    roles: list = field(default_factory=list)
    is_superuser: bool = False
    person_id: int | None = None

    @property
    def has_any_role(self):
        return self.is_superuser or bool(self.roles)

    @property
    def is_global_admin(self):
        return self.is_superuser or any(
            r.kind == Role.Kind.ADMINISTRATOR and r.initiative_id is None for r in self.roles
        )

    @property
    def sees_all_initiatives(self):
        return self.is_global_admin or any(
            r.kind in (Role.Kind.ADMINISTRATOR, Role.Kind.OBSERVER) and r.initiative_id is None for r in self.roles
        )

    def organisation_ids(self):
        return {r.organisation_id for r in self.roles if r.organisation_id}

    def initiative_ids(self):
        return {r.initiative_id for r in self.roles if r.initiative_id}

    def managed_initiative_ids(self):
        """Initiatives whose staff the user is (chief or scoped administrator)."""
        return {
            r.initiative_id
            for r in self.roles
            if r.initiative_id and r.kind in (Role.Kind.CHIEF, Role.Kind.ADMINISTRATOR)
        }

    def observed_initiative_ids(self):
        return {r.initiative_id for r in self.roles if r.initiative_id and r.kind == Role.Kind.OBSERVER}

    def followed_initiative_ids(self):
        """Initiatives the user runs (chief, scoped administrator) or observes."""
        return self.managed_initiative_ids() | self.observed_initiative_ids()

    def liaison_organisation_ids(self):
        """The departments the user is a liaison of."""
        return {r.organisation_id for r in self.roles if r.kind == Role.Kind.LIAISON and r.organisation_id}

    @property
    def has_inbox(self):
        """The chief's escalation inbox: global administrators and the staff of an initiative."""
        return self.is_global_admin or bool(self.managed_initiative_ids())

    @property
    def observes_all(self):
        """Reads every initiative's published material (global administrator or observer)."""
        return self.sees_all_initiatives

    def manages_initiative(self, initiative_id):
        return self.is_global_admin or any(
            r.initiative_id == initiative_id and r.kind in (Role.Kind.CHIEF, Role.Kind.ADMINISTRATOR)
            for r in self.roles
        )


def access_for(user):
    """The user's Access, cached on the user object for the request."""
    if not user.is_authenticated:
        return Access()
    cached = getattr(user, "_hotspot_access", None)
    if cached is None:
        roles = list(Role.objects.filter(user=user).select_related("initiative", "organisation"))
        person_id = Person.objects.filter(user=user).values_list("pk", flat=True).first()
        cached = Access(roles=roles, is_superuser=user.is_superuser, person_id=person_id)
        user._hotspot_access = cached
    return cached


def visible_initiatives(user):
    acc = access_for(user)
    qs = Initiative.objects.all()
    if acc.sees_all_initiatives:
        return qs
    if not acc.has_any_role:
        return qs.none()
    engaged = Engagement.objects.filter(organisation_id__in=acc.organisation_ids()).values("initiative_id")
    return qs.filter(Q(pk__in=acc.initiative_ids()) | Q(pk__in=engaged))


def require_any_role(user):
    """A signed-in user without any role is a stranger: 404 on every page but their own account."""
    if not access_for(user).has_any_role:
        raise Http404


# The directory is readable by anyone with a role.
require_directory_reader = require_any_role


def require_directory_writer(user):
    require_directory_reader(user)
    if not access_for(user).is_global_admin:
        raise PermissionDenied


def _directory_object(user, model, pk, write, queryset=None):
    require_directory_reader(user)
    obj = get_object_or_404(queryset if queryset is not None else model.objects.all(), pk=pk)
    if write and not access_for(user).is_global_admin:
        raise PermissionDenied
    return obj


def get_organisation_for_user(user, pk, write=False):
    return _directory_object(user, Organisation, pk, write)


def get_area_for_user(user, pk, write=False):
    return _directory_object(user, Area, pk, write)


def get_body_for_user(user, pk, write=False):
    return _directory_object(user, Body, pk, write, Body.objects.select_related("organisation", "reports_to"))


def get_person_for_user(user, pk, write=False):
    return _directory_object(user, Person, pk, write, Person.objects.select_related("organisation"))


def get_seat_for_user(user, pk, write=False):
    return _directory_object(user, Seat, pk, write, Seat.objects.select_related("person", "body"))


def get_initiative_for_user(user, pk, write=False):
    initiative = get_object_or_404(visible_initiatives(user), pk=pk)
    if write and not access_for(user).manages_initiative(initiative.pk):
        raise PermissionDenied
    return initiative


def get_engagement_for_user(user, pk, write=False):
    engagement = get_object_or_404(Engagement.objects.select_related("organisation"), pk=pk)
    engagement.initiative = get_initiative_for_user(user, engagement.initiative_id, write=write)
    return engagement


def get_bodylink_for_user(user, pk, write=False):
    link = get_object_or_404(BodyLink.objects.select_related("body"), pk=pk)
    link.initiative = get_initiative_for_user(user, link.initiative_id, write=write)
    return link


def get_role_for_user(user, pk, write=False):
    # Roles are administered by global administrators only; others do not see them at all.
    if not access_for(user).is_global_admin:
        raise Http404
    return get_object_or_404(Role.objects.select_related("user", "initiative", "organisation"), pk=pk)


def require_user_admin(user):
    if not access_for(user).is_global_admin:
        raise Http404


def role_holders(kinds, *, initiative_ids=None, organisation_ids=None):
    """The active users holding one of `kinds`, in these initiatives and/or for these organisations (one role
    must match every condition), e.g. the liaisons of a department or the chiefs of an initiative."""
    role = Q(hotspot_roles__kind__in=kinds)
    if initiative_ids is not None:
        role &= Q(hotspot_roles__initiative_id__in=initiative_ids)
    if organisation_ids is not None:
        role &= Q(hotspot_roles__organisation_id__in=organisation_ids)
    return get_user_model().objects.filter(role, is_active=True).distinct()
