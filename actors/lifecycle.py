"""An initiative's lifecycle: planned → running → ending (its last six months) → ended.

The phase follows from the dates (Initiative.phase_on) until the chief closes
the initiative after its hand-over (hotspot.handover); from then on it is
ended and read-only: its records stay readable, but the services refuse new
meetings, cases, safety walks, survey rounds and measurements for it, with a
message that says why.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class InitiativeClosed(ValidationError):
    pass


def ensure_open(initiative, what):
    """Raise InitiativeClosed when `initiative` is closed. `what` names the refused thing ("møder")."""
    if initiative is not None and initiative.closed_at is not None:
        raise InitiativeClosed(
            _(
                "%(initiative)s blev afsluttet den %(date)s og tager ikke imod nye %(what)s. Det, der er registreret, kan stadig læses."
            )
            % {
                "initiative": initiative,
                "date": date_format(initiative.closed_at, "j. F Y"),
                "what": what,
            }
        )


def all_closed(request, initiatives, what, back):
    """For a "new …" page: when every initiative the user could choose is closed, say so and go `back`.

    Returns the redirect, or None when at least one initiative is open (offer only those).
    """
    if initiatives.open().exists():
        return None
    messages.error(request, _("Dine indsatser er afsluttet og tager ikke imod nye %(what)s.") % {"what": what})
    return redirect(back)
