"""The GET filters of the meeting and action-item lists (django-filter FilterSets)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from actors.access import access_for
from actors.filters import visible_initiative_choices
from actors.lookup import as_lookup
from actors.models import Organisation
from dialogue.meetings.forms import DATE
from dialogue.models import Invitation, Meeting, Outcome


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Titel"), field_name="title", lookup_expr="icontains")
    initiative = django_filters.ModelChoiceFilter(
        label=_("Indsats"), queryset=visible_initiative_choices, empty_label=_("Alle indsatser")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Mødetype"), choices=Meeting._meta.get_field("kind").choices, empty_label=_("Alle typer")
    )
    when = django_filters.ChoiceFilter(
        label=_("Hvornår"),
        choices=[("upcoming", _("Kommende")), ("past", _("Afholdte"))],
        empty_label=_("Alle"),
        method="filter_when",
    )
    date_from = django_filters.DateFilter(label=_("Fra"), field_name="start", lookup_expr="date__gte", widget=DATE)
    date_to = django_filters.DateFilter(label=_("Til"), field_name="start", lookup_expr="date__lte", widget=DATE)
    # Drill-down from the dashboards: the meetings an organisation attended. A hidden field (the page
    # names the organisation), so the list never renders every organisation as an option.
    present = django_filters.ModelChoiceFilter(
        label=_("Til stede"), queryset=Organisation.objects.all(), method="filter_present", widget=forms.HiddenInput
    )

    class Meta:
        model = Meeting
        fields = ["q", "initiative", "kind", "when", "date_from", "date_to", "present"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("initiative", "kind", "when"):
            self.form.fields[name].widget.attrs["class"] = "form-select"

    def filter_when(self, queryset, name, value):
        return queryset.upcoming() if value == "upcoming" else queryset.past()

    def filter_present(self, queryset, name, value):
        present = Invitation.objects.filter(
            meeting=OuterRef("pk"), organisation=value, attendance=Invitation.Attendance.PRESENT
        )
        return queryset.filter(Exists(present))


class ActionFilter(django_filters.FilterSet):
    """Action items by scope, status, initiative, owner and due date.

    Two filters apply also when left empty: the scope is then the user's own
    organisations (all, for users without one), the status open or in progress.
    """

    SCOPES = [("mine", _("Mine")), ("org", _("Min organisation")), ("all", _("Alle"))]
    scope = django_filters.ChoiceFilter(label=_("Vis"), choices=SCOPES, empty_label=None, method="filter_scope")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("any", _("Alle")), *Outcome.Status.choices],
        empty_label=_("Åbne og i gang"),
        method="filter_status",
    )
    initiative = django_filters.ModelChoiceFilter(
        label=_("Indsats"),
        field_name="agenda_item__meeting__initiative",
        queryset=visible_initiative_choices,
        empty_label=_("Alle indsatser"),
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Ansvarlig organisation"),
        field_name="owner_organisation",
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Alle organisationer"),
    )
    due_before = django_filters.DateFilter(label=_("Frist senest"), field_name="due", lookup_expr="lte", widget=DATE)
    overdue = django_filters.BooleanFilter(
        label=_("Kun overskredne"), widget=forms.CheckboxInput, method="filter_overdue"
    )

    class Meta:
        model = Outcome
        fields = ["scope", "status", "initiative", "owner", "due_before", "overdue"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.access = access_for(request.user)
        self.form.fields["owner"] = as_lookup(self.form.fields["owner"])  # every organisation: searched
        for name in ("scope", "status", "initiative", "owner"):
            self.form.fields[name].widget.attrs["class"] = "form-select"

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        # The defaults go in before the filters run, since FilterSet skips the empty ones.
        self.scope = data["scope"] = data.get("scope") or ("org" if self.access.organisation_ids() else "all")
        if not data.get("status"):
            queryset = queryset.open_actions()
        return super().filter_queryset(queryset)

    def filter_scope(self, queryset, name, value):
        if value == "mine":
            person_id = self.access.person_id
            return queryset.filter(owner_person_id=person_id) if person_id else queryset.none()
        if value == "org":
            return queryset.filter(owner_organisation_id__in=self.access.organisation_ids())
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset if value == "any" else queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
