"""The filters of the chief's inbox and the department's queue (GET parameters status, level, breached)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from dialogue.models import Escalation


class QueueFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(s.value, s.label) for s in Escalation.Status if s in Escalation.OPEN_STATUSES],
        empty_label=_("Alle åbne"),
    )
    level = django_filters.NumberFilter(label=_("Niveau"), min_value=1, max_value=8)
    breached = django_filters.BooleanFilter(
        label=_("Kun overskredne frister"), method="only_breached", widget=django_filters.widgets.forms.CheckboxInput
    )

    class Meta:
        model = Escalation
        fields = ["status", "level", "breached"]

    def only_breached(self, queryset, name, value):
        return queryset.breached() if value else queryset
