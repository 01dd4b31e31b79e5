"""Shortcuts from the initiative page into its evaluation (registered in apps.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _


def initiative_links(initiative, user):
    return [
        (_("Forandringsteori: mål og indikatorer"), reverse("evaluation:goal_tree", args=[initiative.pk])),
        (_("Evalueringsrapport"), reverse("evaluation:report", args=[initiative.pk])),
        (_("Samarbejdsmålinger"), reverse("evaluation:survey_list", args=[initiative.pk])),
        (_("Erfaringer"), reverse("evaluation:experience_list", args=[initiative.pk])),
    ]
