"""Themes shared by agenda items, outcomes, escalations and evaluation.

Stored as a JSON list of codes on each object: a handful of fixed values that
never need their own table, and portable between SQLite and PostgreSQL.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    CHILDREN_YOUTH = "children_youth", _("Børn og unge")
    PUBLIC_SAFETY = "public_safety", _("Tryghed i byens rum")
    PHYSICAL_ENVIRONMENT = "physical_environment", _("Fysisk miljø (belysning, oversigt, renhold)")
    EMPLOYMENT_EDUCATION = "employment_education", _("Beskæftigelse og uddannelse")
    HEALTH = "health", _("Sundhed")
    CULTURE_LEISURE = "culture_leisure", _("Kultur og fritid")
    HOUSING_AUTHORITY = "housing_authority", _("Boligsocialt arbejde og myndighedsarbejde")
    POLICING = "policing", _("Politiarbejde")


def validate_themes(value):
    unknown = set(value or []) - set(Theme.values)
    if unknown:
        raise ValidationError(_("Ukendt tema: %(t)s") % {"t": ", ".join(sorted(unknown))})


def theme_labels(values):
    labels = dict(Theme.choices)
    return [labels[v] for v in Theme.values if v in (values or [])]


class ThemesField(forms.MultipleChoiceField):
    """Checkboxes for the themes, stored as a list."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Temaer"))
        kwargs.setdefault("required", False)
        super().__init__(choices=Theme.choices, **kwargs)
