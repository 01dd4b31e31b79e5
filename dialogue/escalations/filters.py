"""The filters of the case lists: the case list, the chief's inbox and the department's queue.

Every list filters by status, level, department (the one the case is assigned to), theme,
period (raised between two dates) and initiative. The inbox and the queue, which hold
open cases only, add the deadline filters: sla (on_time/close/breached, the dashboards'
drill-down) and breached. The case list adds `tilstand` (aabne/lukkede), the open/closed
views its links have used since the list reached closed cases.
"""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.filters import visible_initiative_choices
from actors.models import Organisation
from dialogue.escalations.selectors import SLA_STATES, sla_close_until
from dialogue.models import Escalation
from dialogue.themes import Theme

DATE = django_filters.widgets.forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CLOSED_STATUSES = [s for s in Escalation.Status if s not in Escalation.OPEN_STATUSES]


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Escalation.Status.choices, empty_label=_("Alle"))
    level = django_filters.NumberFilter(label=_("Niveau"), min_value=1, max_value=8)
    assigned = django_filters.ModelChoiceFilter(
        label=_("Tildelt forvaltning"),
        field_name="assigned_department",
        queryset=Organisation.objects.departments().order_by("name"),
        empty_label=_("Alle forvaltninger"),
    )
    theme = django_filters.ChoiceFilter(label=_("Tema"), choices=Theme.choices, empty_label=_("Alle temaer"))
    raised_from = django_filters.DateFilter(
        label=_("Rejst fra"), field_name="created", lookup_expr="date__gte", widget=DATE
    )
    raised_to = django_filters.DateFilter(
        label=_("Rejst senest"), field_name="created", lookup_expr="date__lte", widget=DATE
    )
    initiative = django_filters.ModelChoiceFilter(
        label=_("Indsats"), queryset=visible_initiative_choices, empty_label=_("Alle indsatser")
    )

    class Meta:
        model = Escalation
        fields = ["initiative", "status", "level", "assigned", "theme", "raised_from", "raised_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field.widget, django_filters.widgets.forms.Select):
                field.widget.attrs["class"] = "form-select"


class CaseListFilter(CaseFilter):
    tilstand = django_filters.ChoiceFilter(
        label=_("Vis"),
        choices=[("aabne", _("Åbne")), ("lukkede", _("Afsluttede"))],
        empty_label=_("Alle"),
        method="by_state",
    )

    class Meta(CaseFilter.Meta):
        fields = ["tilstand", *CaseFilter.Meta.fields]

    def by_state(self, queryset, name, value):
        return queryset.open() if value == "aabne" else queryset.filter(status__in=CLOSED_STATUSES)


class QueueFilter(CaseFilter):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(s.value, s.label) for s in Escalation.Status if s in Escalation.OPEN_STATUSES],
        empty_label=_("Alle åbne"),
    )
    sla = django_filters.ChoiceFilter(label=_("Frist"), choices=SLA_STATES, empty_label=_("Alle"), method="by_sla")
    breached = django_filters.BooleanFilter(
        label=_("Kun overskredne frister"), method="only_breached", widget=django_filters.widgets.forms.CheckboxInput
    )

    class Meta(CaseFilter.Meta):
        fields = [*CaseFilter.Meta.fields, "sla", "breached"]

    def only_breached(self, queryset, name, value):
        return queryset.breached() if value else queryset

    def by_sla(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.sla_state(value, today, sla_close_until(today))
