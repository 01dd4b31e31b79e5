from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from actors.cpr import CprGuardMixin
from actors.models import Body, Organisation, Person
from dialogue.models import AgendaItem, Invitation, Meeting, MeetingSeries, Outcome
from dialogue.themes import ThemesField

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(CprGuardMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["initiative", "body", "kind", "title", "start", "end", "place", "description", "cancelled"]
        widgets = {"start": DATETIME, "end": DATETIME, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        self.fields["body"].queryset = Body.objects.order_by("name")
        for name in ("start", "end"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
        if not self.instance._state.adding:
            del self.fields["initiative"]  # a meeting stays in its initiative


class InviteForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisationer"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Hold Ctrl (Cmd på Mac) nede for at vælge flere."),
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Personer"),
        queryset=Person.objects.select_related("organisation").order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("organisations") and not data.get("people"):
            raise forms.ValidationError(_("Vælg mindst én organisation eller person."))
        return data


class AttendanceForm(forms.Form):
    """One radio group per invitation."""

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = list(invitations)
        for invitation in self.invitations:
            self.fields[f"i{invitation.pk}"] = forms.ChoiceField(
                label=str(invitation.invitee) + (f" ({_('uden invitation')})" if invitation.walk_in else ""),
                choices=Invitation.Attendance.choices,
                initial=invitation.attendance,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )

    def statuses(self):
        return {inv.pk: self.cleaned_data[f"i{inv.pk}"] for inv in self.invitations}


class AttendeeForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.order_by("name"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"), required=False
    )
    walk_in = forms.BooleanField(
        label=_("Kom uden invitation"),
        required=False,
        help_text=_("Sæt flueben, når personen eller organisationen ikke var inviteret."),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("organisation")):
            raise forms.ValidationError(_("Vælg enten en person eller en organisation."))
        return data


class AgendaItemForm(CprGuardMixin, forms.ModelForm):
    themes = ThemesField()

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "description",
            "owner_person",
            "owner_organisation",
            "planned_minutes",
            "themes",
            "origin",
            "origin_body",
            "origin_organisation",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin_body"].queryset = Body.objects.order_by("name")
        self.fields["origin_organisation"].queryset = Organisation.objects.departments().order_by("name")
        self.fields["planned_minutes"].widget.attrs.update({"min": 0, "max": 600})
        self.fields["planned_minutes"].max_value = 600


class MinutesForm(CprGuardMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["minutes", "reached"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 6})}


class OutcomeForm(CprGuardMixin, forms.ModelForm):
    themes = ThemesField()

    class Meta:
        model = Outcome
        fields = [
            "kind",
            "text",
            "themes",
            "decided_by",
            "needs_political_approval",
            "review_date",
            "owner_person",
            "owner_organisation",
            "due",
            "status",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "review_date": DATE,
            "due": DATE,
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "decided_by": _("Kun for beslutninger."),
            "owner_organisation": _("For handlinger: en ansvarlig person eller organisation."),
            "due": _("Kun for handlinger."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = Body.objects.order_by("name")
        self.fields["status"].required = False  # a new action item starts open
        self.fields["kind"].choices = list(Outcome.Kind.choices)
        # Decision and action fields grouped, so it is clear which belong to which kind.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "kind",
            "text",
            "themes",
            # data-kind: static/js/hotspot.js shows only the chosen kind's part (all show without JavaScript).
            Fieldset(
                _("Kun for beslutninger"),
                "decided_by",
                "needs_political_approval",
                "review_date",
                css_class="outcome-part",
                data_kind="decision",
            ),
            Fieldset(
                _("Kun for handlinger"),
                "owner_person",
                "owner_organisation",
                "due",
                "status",
                css_class="outcome-part",
                data_kind="action",
            ),
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        # Fields that do not belong to the chosen kind are cleared rather than stored silently.
        if kind != Outcome.Kind.DECISION:
            data["decided_by"], data["needs_political_approval"], data["review_date"] = None, False, None
        if kind != Outcome.Kind.ACTION:
            data["owner_person"], data["owner_organisation"], data["due"] = None, None, None
        if kind != Outcome.Kind.ACTION or not data.get("status"):
            data["status"] = Outcome.Status.OPEN
        return data


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Outcome.Status.choices)


class NewVersionForm(CprGuardMixin, forms.Form):
    note = forms.CharField(label=_("Hvad skal ændres?"), max_length=500)


class CommentForm(CprGuardMixin, forms.Form):
    text = forms.CharField(label=_("Kommentar"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class SeriesForm(CprGuardMixin, forms.ModelForm):
    class Meta:
        model = MeetingSeries
        fields = [
            "initiative",
            "body",
            "kind",
            "title",
            "recurrence",
            "place",
            "duration_minutes",
            "template_agenda",
            "invited_organisations",
            "invited_people",
        ]
        widgets = {
            "template_agenda": forms.Textarea(attrs={"rows": 5}),
            "invited_organisations": forms.SelectMultiple(attrs={"size": 8}),
            "invited_people": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        self.fields["duration_minutes"].max_value = 24 * 60


class SeriesNextForm(forms.Form):
    first_start = forms.DateTimeField(
        label=_("Første mødes start"),
        required=False,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Kun nødvendigt for seriens første møde; ellers følger datoen gentagelsen."),
    )
