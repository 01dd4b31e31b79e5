from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import optional_groups
from .models import Preferences


class PreferencesForm(forms.ModelForm):
    mail_on = forms.MultipleChoiceField(
        label=_("Send mig e-mail om"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alt vises stadig i din indbakke i Hotspot. E-mails om din konto kan ikke slås fra."),
    )

    class Meta:
        model = Preferences
        fields = ["language", "digest", "digest_weekday", "meeting_days_before"]
        widgets = {"meeting_days_before": forms.NumberInput(attrs={"min": 0, "max": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = optional_groups()
        self.fields["mail_on"].choices = [(g.key, g.label) for g in groups]
        self.fields["mail_on"].initial = [g.key for g in groups if self.instance.wants_mail(g.key)]
        self.order_fields(["mail_on", "digest", "digest_weekday", "meeting_days_before", "language"])

    def clean_meeting_days_before(self):
        days = self.cleaned_data["meeting_days_before"]
        if days > 10:
            raise forms.ValidationError(_("Højst 10 arbejdsdage før."))
        return days

    def save(self, commit=True):
        chosen = set(self.cleaned_data["mail_on"])
        self.instance.mail_off = sorted(g.key for g in optional_groups() if g.key not in chosen)
        return super().save(commit)
