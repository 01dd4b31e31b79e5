from .access import access_for
from .models import Organisation, Role


def user_roles(request):
    """The signed-in user's roles, for the header and navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    acc = access_for(user)
    reads_dashboards = acc.sees_all_initiatives or bool(acc.followed_initiative_ids())
    return {
        "hotspot_roles": acc.roles,
        "hotspot_is_admin": acc.is_global_admin,
        "hotspot_has_role": acc.has_any_role,
        "hotspot_reads_dashboards": reads_dashboards,
        "hotspot_liaison_department": next(
            (
                r.organisation
                for r in acc.roles
                if r.kind == Role.Kind.LIAISON
                and r.organisation
                and r.organisation.kind == Organisation.Kind.MUNICIPAL_DEPARTMENT
            ),
            None,
        ),
    }
