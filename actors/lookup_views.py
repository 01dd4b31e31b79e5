"""The search behind every lookup select (actors.lookup): JSON, up to MATCHES rows by name."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse

from .access import access_for, require_any_role
from .lookup import KINDS, MATCHES, MIN_QUERY, matching


def lookup(request, kind):
    """The directory is every role's to read; users are looked up by those who give roles and chiefs
    (global administrators and the staff of an initiative) — active accounts only."""
    if kind not in KINDS:
        raise Http404
    require_any_role(request.user)
    model, _fields, label, who = KINDS[kind]
    if who == "admin":
        acc = access_for(request.user)
        if not (acc.is_global_admin or acc.managed_initiative_ids()):
            raise PermissionDenied
        queryset = get_user_model().objects.filter(is_active=True)
    else:
        queryset = model.objects.all()
    text = request.GET.get("q", "").strip()[:100]
    rows = matching(queryset, kind, text, limit=MATCHES + 1) if len(text) >= MIN_QUERY else []
    return JsonResponse(
        {"results": [{"id": r.pk, "label": label(r)} for r in rows[:MATCHES]], "more": len(rows) > MATCHES}
    )
