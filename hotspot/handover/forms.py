from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HandoverItem


class DecisionForm(forms.Form):
    """One thing's decision. The recipient is one choice over organisations and bodies ("org-3", "body-7")."""

    decision = forms.ChoiceField(
        label=_("Beslutning"),
        choices=[("", _("– vælg –")), *HandoverItem.Decision.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    recipient = forms.ChoiceField(
        label=_("Overtages af"), required=False, widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, organisations, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        self.bodies = {b.pk: b for b in bodies}
        self.fields["recipient"].choices = [
            ("", _("– ingen –")),
            (_("Organisationer"), [(f"org-{o.pk}", o.name) for o in organisations]),
            (_("Organer"), [(f"body-{b.pk}", b.name) for b in bodies]),
        ]

    @staticmethod
    def initial_for(item):
        if item is None:
            return {}
        recipient = f"org-{item.to_organisation_id}" if item.to_organisation_id else ""
        recipient = f"body-{item.to_body_id}" if item.to_body_id else recipient
        return {"decision": item.decision, "recipient": recipient, "note": item.note}

    def recipient_objects(self):
        """(organisation, body) of the chosen recipient."""
        value = self.cleaned_data.get("recipient") or ""
        kind, _sep, pk = value.partition("-")
        if kind == "org":
            return self.organisations[int(pk)], None
        if kind == "body":
            return None, self.bodies[int(pk)]
        return None, None


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Afslutningsnote"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fx hvad indsatsen efterlader, og hvem man kan spørge."),
    )
    confirm = forms.BooleanField(
        label=_(
            "Jeg bekræfter, at indsatsen afsluttes. Derefter kan der ikke oprettes nye møder, sager eller målinger."
        ),
    )
