"""Shortcuts from the initiative page into the dialogue platform (registered in apps.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from actors.access import access_for


def initiative_links(initiative, user):
    links = [
        (_("Møder"), reverse("dialogue:meeting_list") + f"?initiative={initiative.pk}"),
        (_("Tryghedsvandringer"), reverse("dialogue:safetywalk_list")),
    ]
    if access_for(user).is_global_admin:
        links.append((_("Eskaleringstrappe"), reverse("dialogue:ladder_edit", args=[initiative.pk])))
    return links
