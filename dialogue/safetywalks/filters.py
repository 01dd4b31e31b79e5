"""The safety-walk list's one filter (a django-filter FilterSet); the list links to it, no form is shown."""

import django_filters
from django.utils.translation import gettext_lazy as _

from dialogue.models import SafetyWalk


class SafetyWalkFilter(django_filters.FilterSet):
    opfoelgning = django_filters.ChoiceFilter(
        label=_("Vis kun vandringer, hvor opfølgningen forfalder inden for 30 dage"),
        choices=[("1", _("Ja"))],
        method="filter_follow_up_due",
    )

    class Meta:
        model = SafetyWalk
        fields = ["opfoelgning"]

    @property
    def only_due(self):
        return self.form.cleaned_data.get("opfoelgning") == "1"

    def filter_follow_up_due(self, queryset, name, value):
        return queryset.follow_up_due()
