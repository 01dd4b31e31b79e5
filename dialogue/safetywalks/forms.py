from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.cpr import CprGuardMixin
from actors.lookup import LookupFieldsMixin
from actors.models import Area, Organisation
from dialogue.escalations.uploads import AttachmentField
from dialogue.meetings.forms import DATE
from dialogue.models import SafetyWalk, SafetyWalkFinding


class SafetyWalkForm(LookupFieldsMixin, CprGuardMixin, forms.ModelForm):
    lookup_fields = ("area", "organisations", "raised_for")  # long lists: searched (actors.lookup)

    class Meta:
        model = SafetyWalk
        fields = ["initiative", "date", "area", "route", "organisations", "raised_for", "notes"]
        widgets = {
            "date": DATE,
            "route": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "organisations": forms.SelectMultiple(attrs={"size": 10}),
        }
        help_texts = {
            "route": _("Gader, gårde og stier, I gik – i den rækkefølge, I gik dem."),
            "organisations": _("Hold Ctrl (Cmd på Mac) nede for at vælge flere."),
        }

    def __init__(self, *args, initiatives, raisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives.order_by("name")
        self.fields["raised_for"].queryset = raisers.order_by("name")
        self.fields["area"].queryset = Area.objects.order_by("name")
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["date"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Registrér vandringen, når den har fundet sted."))
        return date


class FindingForm(CprGuardMixin, forms.ModelForm):
    photo = AttachmentField(label=_("Foto (valgfrit)"))
    department = forms.ModelChoiceField(
        label=_("Forvaltning"),
        queryset=Organisation.objects.departments().order_by("name"),
        required=False,
        empty_label=_("Teknik- og Miljøforvaltningen (standard)"),
        help_text=_("Fundet sendes direkte til forvaltningen som en eskalering."),
    )

    class Meta:
        model = SafetyWalkFinding
        fields = ["category", "place", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"place": _("Fx gade og husnummer, gård eller sti.")}


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("Opfølgende vandring gennemført den"), widget=DATE, input_formats=["%Y-%m-%d"])
