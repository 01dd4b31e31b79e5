"""The filters of the chief's inbox and the department's queue.

GET parameters: status, level, breached, and — for the dashboards' drill-down — initiative,
sla (on_time/close/breached), assigned (the department it is assigned to) and raised_to
(raised on or before a date).
"""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Initiative, Organisation
from dialogue.escalations.selectors import SLA_STATES, sla_close_until
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

    initiative = django_filters.ModelChoiceFilter(
        label=_("Indsats"), queryset=Initiative.objects.order_by("name"), empty_label=_("Alle indsatser")
    )
    sla = django_filters.ChoiceFilter(label=_("Frist"), choices=SLA_STATES, empty_label=_("Alle"), method="by_sla")
    assigned = django_filters.ModelChoiceFilter(
        label=_("Tildelt forvaltning"),
        field_name="assigned_department",
        queryset=Organisation.objects.departments().order_by("name"),
        empty_label=_("Alle forvaltninger"),
    )
    raised_to = django_filters.DateFilter(
        label=_("Rejst senest"),
        field_name="created",
        lookup_expr="date__lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Escalation
        fields = ["initiative", "status", "level", "sla", "breached", "assigned", "raised_to"]

    def only_breached(self, queryset, name, value):
        return queryset.breached() if value else queryset

    def by_sla(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.sla_state(value, today, sla_close_until(today))
