from .access import access_for


def user_roles(request):
    """The signed-in user's roles, for the header and navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    acc = access_for(user)
    return {"hotspot_roles": acc.roles, "hotspot_is_admin": acc.is_global_admin, "hotspot_has_role": acc.has_any_role}
