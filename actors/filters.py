import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .access import visible_initiatives
from .models import Area, Organisation


def _initiatives(request):
    if request is None:
        return Organisation.objects.none()
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
        queryset=_initiatives,
        empty_label=_("Alle indsatser"),
        distinct=True,
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "area", "initiative"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "area", "initiative"):
            self.form.fields[name].widget.attrs["class"] = "form-select"

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(description__icontains=value)
        )
