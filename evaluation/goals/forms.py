"""Forms for the goal tree, indicators, targets, measurements, goal links and the import upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.cpr import CprGuardMixin
from actors.lookup import as_lookup
from actors.models import Area, Organisation
from dialogue.meetings.forms import DATE
from evaluation.derived import DERIVED_CHOICES
from evaluation.goals.measurement_import import MAX_BYTES
from evaluation.models import Goal, Indicator, Measurement, Target

DATE_INPUTS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


def derived_choices():
    """The computations a derived indicator may use."""
    return list(DERIVED_CHOICES)


class GoalParentField(forms.ModelChoiceField):
    def label_from_instance(self, goal):
        return f"{goal.get_level_display()}: {goal.title}"


class GoalForm(CprGuardMixin, forms.ModelForm):
    parent = GoalParentField(
        label=_("Hører under"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=_("Et langsigtet mål hører under visionen; et delmål under et langsigtet mål."),
    )

    class Meta:
        model = Goal
        fields = ["level", "parent", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Goal.objects.filter(
            initiative_id=self.instance.initiative_id, level__in=[Goal.Level.VISION, Goal.Level.LONG_TERM]
        )
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("level", "order", "id")


class IndicatorForm(CprGuardMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "dimension",
            "unit",
            "direction",
            "baseline_value",
            "baseline_date",
            "frequency",
            "source",
            "verification",
            "responsible",
            "method",
            "derived_key",
            "tolerance",
            "is_illustrative",
        ]
        widgets = {"baseline_date": DATE}
        localized_fields = ["baseline_value", "tolerance"]  # Danish users type decimal commas: "3,1"
        help_texts = {
            "verification": _("Hvordan værdien kan efterprøves, fx „udtræk fra politiets døgnrapporter“."),
            "responsible": _("Organisationens brugere må indtaste målinger for indikatoren."),
            "is_illustrative": _(
                "Sæt flueben for demo-tal, der ikke er bekræftet. Siderne viser dem som illustrative."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["baseline_date"].input_formats = DATE_INPUTS
        self.fields["responsible"] = as_lookup(self.fields["responsible"])  # every organisation: searched
        self.fields["responsible"].queryset = Organisation.objects.all()
        choices = derived_choices()
        self.fields["derived_key"] = forms.ChoiceField(
            label=_("Beregning"),
            choices=[("", "—"), *choices],
            required=False,
            help_text=_("Kun for indikatorer, der beregnes af platformens egne data."),
        )
        if not choices:
            # Nothing to compute with yet: only hand-entered indicators can be made.
            self.fields["method"].choices = [(Indicator.Method.MANUAL, Indicator.Method.MANUAL.label)]


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["date", "value"]
        widgets = {"date": DATE}
        localized_fields = ["value"]
        labels = {"value": _("Målværdi")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].input_formats = DATE_INPUTS
        for field in self.fields.values():  # rendered inline on the indicator page, not with crispy
            field.widget.attrs["class"] = "form-control"


class MeasurementForm(CprGuardMixin, forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["period_start", "period_end", "value", "area", "source", "note"]
        localized_fields = ["value"]
        widgets = {"period_start": DATE, "period_end": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": _("Hvor tallet kommer fra, og hvad det bygger på. Ingen personoplysninger.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("period_start", "period_end"):
            self.fields[name].input_formats = DATE_INPUTS
        self.fields["area"].empty_label = _("Hele indsatsområdet")
        self.fields["area"] = as_lookup(self.fields["area"])  # every area: searched
        self.fields["area"].queryset = Area.objects.all()


class OutcomeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, outcome):
        meeting = outcome.agenda_item.meeting
        return f"{outcome.get_kind_display()}: {outcome.text[:80]} ({meeting.title}, {meeting.start:%d.%m.%Y})"


SHORTLIST = 30  # the newest outcomes and cases offered in the selects; any other case by its number


class GoalLinkForm(forms.Form):
    outcome = OutcomeChoiceField(
        label=_("Beslutning eller handling fra et møde"),
        queryset=None,
        required=False,
        help_text=_("De nyeste fra indsatsens møder."),
    )
    escalation = forms.ModelChoiceField(
        label=_("Eskalering"), queryset=None, required=False, help_text=_("Indsatsens nyeste sager.")
    )
    escalation_number = forms.IntegerField(
        label=_("… eller sagens nummer"),
        required=False,
        min_value=1,
        help_text=_("Nummeret står foran sagens titel (#123)."),
    )

    def __init__(self, *args, outcomes, escalations, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (("outcome", outcomes), ("escalation", escalations)):
            field = self.fields[name]
            field.queryset = queryset  # what may be linked; the select offers the newest
            shortlist = queryset.select_related("agenda_item__meeting") if name == "outcome" else queryset
            field.choices = [("", field.empty_label)] + [
                (obj.pk, field.label_from_instance(obj)) for obj in shortlist[:SHORTLIST]
            ]

    def clean(self):
        data = super().clean()
        number = data.pop("escalation_number", None)  # the service takes the case itself
        if number and not data.get("escalation"):
            data["escalation"] = self.fields["escalation"].queryset.filter(pk=number).first()
            if data["escalation"] is None:
                self.add_error(
                    "escalation_number",
                    _("Sag nr. %(n)s er ikke en sag i denne indsats, du kan koble.") % {"n": number},
                )
                return data
        if bool(data.get("outcome")) == bool(data.get("escalation")):
            raise forms.ValidationError(_("Vælg enten en beslutning eller handling, eller en eskalering."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_("Kolonner: indikator, fra, til, værdi – og evt. område, kilde, note. Højst 5.000 rækker og 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Filen er for stor. Den må højst fylde 2 MB."))
        return upload
