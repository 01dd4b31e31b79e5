from django import forms
from django.utils.translation import gettext_lazy as _

from actors.cpr import CprGuardMixin
from evaluation.models import SurveyDimension, SurveyRound

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DONT_KNOW = ""
SCALE = [
    ("1", _("1 helt uenig")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 helt enig")),
    (DONT_KNOW, _("Ved ikke")),
]


class SurveyRoundForm(CprGuardMixin, forms.ModelForm):
    class Meta:
        model = SurveyRound
        fields = ["title", "period_start", "period_end", "opens", "closes", "organisations"]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "opens": DATE,
            "closes": DATE,
            "organisations": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "title": _("Fx „Samarbejdsmåling 2012“."),
            "organisations": _(
                "Ingen valgt: alle organisationer, der er engageret i indsatsen ved periodens slutning, deltager."
            ),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations.order_by("name")
        self.fields["organisations"].required = False
        for name in ("period_start", "period_end", "opens", "closes"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]


class RespondentForm(forms.Form):
    """Which of the user's organisations they answer for, when they have more than one in the round."""

    organisation = forms.ModelChoiceField(
        label=_("Jeg svarer på vegne af"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class SurveyAnswerForm(forms.Form):
    """Seven 1–5 statements for each organisation the respondent rates; „Ved ikke“ stores no rating."""

    def __init__(self, *args, rated, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for organisation in rated:
            statements = []
            for dimension, statement in SurveyDimension.choices:
                name = f"o{organisation.pk}_{dimension}"
                self.fields[name] = forms.ChoiceField(
                    label=statement,
                    choices=SCALE,
                    required=False,
                    initial=DONT_KNOW,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                )
                statements.append(name)
            self.groups.append((organisation, statements))

    def group_fields(self):
        """[(organisation, [bound field, …])] in the order the questions are asked."""
        return [(organisation, [self[name] for name in names]) for organisation, names in self.groups]

    def ratings(self):
        """{(rated organisation id, dimension): score or None} from the cleaned data."""
        return {
            (organisation.pk, name.split("_", 1)[1]): int(self.cleaned_data[name]) if self.cleaned_data[name] else None
            for organisation, names in self.groups
            for name in names
        }
