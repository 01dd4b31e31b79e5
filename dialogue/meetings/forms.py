from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from actors.cpr import CprGuardMixin
from actors.lookup import LookupChoiceField, LookupFieldsMixin
from actors.models import Body, Organisation, Person
from dialogue.escalations.uploads import AttachmentField
from dialogue.models import AgendaItem, Invitation, Meeting, MeetingSeries, Outcome
from dialogue.themes import ThemesField

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(LookupFieldsMixin, CprGuardMixin, forms.ModelForm):
    lookup_fields = ("body",)  # long lists: searched (actors.lookup)

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


class InvitePickForm(forms.Form):
    """What the picker posts: ids of organisations, people and bodies (never rendered as a choice list)."""

    organisations = forms.ModelMultipleChoiceField(queryset=Organisation.objects.all(), required=False)
    people = forms.ModelMultipleChoiceField(queryset=Person.objects.all(), required=False)
    bodies = forms.ModelMultipleChoiceField(queryset=Body.objects.all(), required=False)

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("organisations", "people", "bodies")):
            raise forms.ValidationError(_("Vælg mindst én organisation, person eller et organ."))
        return data


class AnswerForm(CprGuardMixin, forms.Form):
    response = forms.ChoiceField(
        label=_("Dit svar"),
        choices=[c for c in Invitation.Response.choices if c[0]],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=_("Bemærkning (valgfri)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("Fx hvem der kommer i stedet")}),
    )


def answer_prefix(invitation):
    """One answer form per invitation on the meeting page (a user may answer for themselves and an organisation)."""
    return f"svar-{invitation.pk}"


class PaperForm(forms.Form):
    file = AttachmentField(required=True, label=_("Fil"), help_text=_("JPEG, PNG eller PDF, højst 5 MB."))
    agenda_item = forms.ModelChoiceField(
        label=_("Hører til"), queryset=AgendaItem.objects.none(), required=False, empty_label=_("Hele mødet")
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position")
        self.fields["file"].widget.attrs["class"] = "form-control"
        self.fields["agenda_item"].widget.attrs["class"] = "form-select"


class AttendanceForm(forms.Form):
    """One radio group per invitation."""

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = list(invitations)
        for invitation in self.invitations:
            self.fields[f"i{invitation.pk}"] = forms.ChoiceField(
                label=str(invitation.invitee) + (f" ({_('uden invitation')})" if invitation.walk_in else ""),
                choices=Invitation.Attendance.choices,
                initial=invitation.suggested_attendance(),
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            # A placeholder ("Hotspotchef Indre Nørrebro") is a role, not a person: the editor says so.
            field = self.fields[f"i{invitation.pk}"]
            field.is_role = bool(invitation.person_id and invitation.person.is_placeholder)
            # The invitee's own answer stays beside the radios the chief sets from it.
            field.answer = invitation.get_response_display() if invitation.response else ""
            field.answer_note = invitation.response_note

    def statuses(self):
        return {inv.pk: self.cleaned_data[f"i{inv.pk}"] for inv in self.invitations}


class AttendeeForm(forms.Form):
    person = LookupChoiceField(label=_("Person"), queryset=Person.objects.all(), required=False)
    organisation = LookupChoiceField(label=_("Organisation"), queryset=Organisation.objects.all(), required=False)
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


class AgendaItemForm(LookupFieldsMixin, CprGuardMixin, forms.ModelForm):
    lookup_fields = ("owner_person", "owner_organisation", "origin_body")  # long lists: searched (actors.lookup)
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
        # Side by side where the fields belong together, so the form fits beside the agenda.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("title", css_class="col-md-9"), Column("planned_minutes", css_class="col-md-3")),
            "description",
            Row(Column("owner_person", css_class="col-md-6"), Column("owner_organisation", css_class="col-md-6")),
            Div("themes", css_class="themes-columns"),
            Row(
                Column("origin", css_class="col-md-4"),
                Column("origin_body", css_class="col-md-4"),
                Column("origin_organisation", css_class="col-md-4"),
            ),
        )


class MinutesForm(CprGuardMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["minutes", "reached"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 6})}


class OutcomeForm(LookupFieldsMixin, CprGuardMixin, forms.ModelForm):
    lookup_fields = ("decided_by", "owner_person", "owner_organisation")  # long lists: searched (actors.lookup)
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


class EditorOutcomeForm(CprGuardMixin, forms.ModelForm):
    """A new outcome typed into the minutes editor under its item. Left at "Intet", it is no outcome;
    the owner lists hold who the meeting is about (invited, engaged in the initiative, departments),
    not every organisation and person there is."""

    NONE = ""

    class Meta:
        model = Outcome
        fields = ["kind", "text", "decided_by", "needs_political_approval", "review_date"] + [
            "owner_organisation",
            "owner_person",
            "due",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "review_date": DATE, "due": DATE}
        labels = {"text": _("Udfaldets tekst")}

    def __init__(self, *args, item, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["kind"] = forms.ChoiceField(
            label=_("Nyt udfald"),
            choices=[(self.NONE, _("Intet"))] + list(Outcome.Kind.choices),
            required=False,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        )
        self.fields["text"].required = False
        self.fields["decided_by"].queryset = owners["bodies"]
        self.fields["owner_organisation"].queryset = owners["organisations"]
        self.fields["owner_person"].queryset = owners["people"]

    @property
    def is_empty(self):
        return not self.is_bound or (
            not self.data.get(self.add_prefix("kind")) and not self.data.get(self.add_prefix("text"), "").strip()
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            if (data.get("text") or "").strip():
                self.add_error("kind", _("Vælg, om teksten er en beslutning, en handling eller en orientering."))
            return data
        if not (data.get("text") or "").strip():
            self.add_error("text", _("Skriv udfaldets tekst."))
        if kind != Outcome.Kind.DECISION:
            data["decided_by"], data["needs_political_approval"], data["review_date"] = None, False, None
        if kind != Outcome.Kind.ACTION:
            data["owner_person"], data["owner_organisation"], data["due"] = None, None, None
        return data

    def _post_clean(self):
        if self.cleaned_data.get("kind"):  # an empty slot is not an outcome: nothing to check
            super()._post_clean()

    def outcome_data(self):
        data = {k: v for k, v in self.cleaned_data.items()}
        data["themes"] = list(self.item.themes)
        data["status"] = Outcome.Status.OPEN
        return data


class PublishForm(forms.Form):
    held = forms.BooleanField(
        label=_("Mødet er holdt"),
        required=False,
        help_text=_("Mødet er ikke slut efter planen endnu. Sæt flueben, hvis det er holdt (og sluttede tidligere)."),
    )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Outcome.Status.choices)


class NewVersionForm(CprGuardMixin, forms.Form):
    note = forms.CharField(label=_("Hvad skal ændres?"), max_length=500)


class CommentForm(CprGuardMixin, forms.Form):
    agenda_item = forms.ModelChoiceField(
        label=_("Kommentaren gælder"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("Referatet som helhed"),
    )
    text = forms.CharField(label=_("Kommentar"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position")
        self.fields["agenda_item"].label_from_instance = lambda item: f"{item.position}. {item.title}"


class SeriesForm(LookupFieldsMixin, CprGuardMixin, forms.ModelForm):
    lookup_fields = ("body", "invited_organisations", "invited_people")  # long lists: searched (actors.lookup)

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
