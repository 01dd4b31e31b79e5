"""The GET filters of the directory's lists (django-filter FilterSets)."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .access import visible_initiatives
from .lookup import as_lookup
from .models import Area, Initiative, Organisation, Person


def visible_initiative_choices(request):
    """The initiatives a filter offers: those the requesting user sees (a queryset callable for django-filter)."""
    if request is None:
        return Initiative.objects.none()
    return visible_initiatives(request.user).order_by("name")


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Søg"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Organisation.Kind.choices, empty_label=_("Alle typer"))
    area = django_filters.ModelChoiceFilter(
        label=_("Område"), field_name="areas", queryset=Area.objects.order_by("name"), empty_label=_("Alle områder")
    )
    initiative = django_filters.ModelChoiceFilter(
        label=_("Indsats"),
        field_name="engagements__initiative",
        queryset=visible_initiative_choices,
        empty_label=_("Alle indsatser"),
        distinct=True,
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "area", "initiative"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["area"] = as_lookup(self.form.fields["area"])  # every area: searched
        for name in ("kind", "area", "initiative"):
            self.form.fields[name].widget.attrs["class"] = "form-select"

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(description__icontains=value)
        )


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Søg efter navn, titel eller organisation"), method="search", widget=forms.SearchInput
    )

    class Meta:
        model = Person
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(title__icontains=value) | Q(organisation__name__icontains=value)
        )


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Søg efter bruger"), method="search", widget=forms.SearchInput)

    class Meta:
        model = get_user_model()
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )
