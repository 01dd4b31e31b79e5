from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from actors.cpr import CprGuardMixin
from actors.lookup import LookupFieldsMixin
from actors.models import Area, Initiative, Organisation, display_name
from dialogue.escalations.uploads import AttachmentField
from dialogue.models import Escalation, EscalationEvent, LadderLevel

CHILD_INSTRUCTION = _(
    "Skriv ALDRIG navn, CPR-nummer, adresse eller andet, der kan identificere barnet eller familien. "
    "Beskriv kun behovet og situationen, fx „en dreng på ca. 14 år i gården ved Stengade er ofte alene ude om natten“."
)


class EscalationForm(LookupFieldsMixin, CprGuardMixin, forms.ModelForm):
    lookup_fields = ("area",)  # long lists: searched (actors.lookup)
    attachment = AttachmentField()

    class Meta:
        model = Escalation
        fields = [
            "initiative",
            "title",
            "category",
            "description",
            "theme",
            "department",
            "urgency",
            "area",
            "street",
            "housing_sector",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        self.fields["department"].queryset = Organisation.objects.departments().order_by("name")
        self.fields["department"].empty_label = _("Ved ikke – hotspotchefen sender sagen videre")
        self.fields["area"].queryset = Area.objects.order_by("name")
        self.fields["category"].choices = [
            c for c in Escalation.Category.choices if c[0] != Escalation.Category.SAFETY_WALK
        ]
        self.fields["area"].empty_label = _("Ikke angivet")
        if len(initiatives) == 1:
            # Nothing to choose: the one initiative is filled in and the field hidden.
            self.fields["initiative"].initial = initiatives[0]
            self.fields["initiative"].widget = forms.HiddenInput()


class VersionForm(forms.Form):
    """Every state change carries the version the user saw (optimistic lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(VersionForm):
    department = forms.ModelChoiceField(
        label=_("Forvaltning"), queryset=Organisation.objects.departments().order_by("name")
    )


class AssigneeForm(VersionForm):
    assignee = forms.ModelChoiceField(
        label=_("Sagsbehandler"),
        queryset=None,
        required=False,
        empty_label=_("Ingen navngiven sagsbehandler"),
        help_text=_("En af dem, der behandler sager for forvaltningen. Personen får besked."),
    )

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The liaisons of one department: a short list (dialogue.escalations.selectors.escalation_workers).
        self.fields["assignee"].queryset = workers.filter(is_active=True).order_by(
            "first_name", "last_name", "username"
        )
        self.fields["assignee"].label_from_instance = display_name


class NoteForm(CprGuardMixin, forms.Form):
    text = forms.CharField(
        label=_("Intern note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kun for hotspotchefen, administratorerne og forvaltningen, der behandler sagen."),
    )


class ReasonForm(CprGuardMixin, VersionForm):
    reason = forms.CharField(label=_("Begrundelse"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class EscalateForm(CprGuardMixin, VersionForm):
    to_level = forms.IntegerField(widget=forms.HiddenInput)
    justification = forms.CharField(
        label=_("Begrundelse for at løfte sagen"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


SHORTLIST = 30  # merge candidates and meetings offered in a select; the rest by case number or by date


class MergeForm(VersionForm):
    """Merge a duplicate into another open case of the same initiative: the select offers the newest open
    cases of the same theme; any other open case of the initiative is named by its number."""

    into = forms.ModelChoiceField(
        label=_("Læg sammen med"),
        queryset=Escalation.objects.none(),
        required=False,
        empty_label=_("Vælg en sag med samme tema"),
        help_text=_("De nyeste åbne sager i indsatsen med samme tema."),
    )
    number = forms.IntegerField(
        label=_("… eller sagens nummer"),
        required=False,
        min_value=1,
        help_text=_("Nummeret står foran sagens titel (#123)."),
    )

    def __init__(self, *args, escalation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = Escalation.objects.none()
        self.shortlist = []
        if escalation is not None:
            self.candidates = (
                Escalation.objects.open().filter(initiative_id=escalation.initiative_id).exclude(pk=escalation.pk)
            )
            same_theme = self.candidates.filter(theme=escalation.theme) if escalation.theme else self.candidates
            self.shortlist = list(same_theme.order_by("-created", "-pk")[:SHORTLIST])
            field = self.fields["into"]
            field.queryset = self.candidates
            field.choices = [("", field.empty_label)] + [(c.pk, field.label_from_instance(c)) for c in self.shortlist]

    @property
    def offered(self):
        """Whether there is anything to merge into (the shortlist, else any other open case)."""
        return bool(self.shortlist) or self.candidates.exists()

    def clean(self):
        data = super().clean()
        number = data.get("number")
        if number and not data.get("into"):
            data["into"] = self.candidates.filter(pk=number).first()
            if data["into"] is None:
                self.add_error("number", _("Sag nr. %(n)s er ikke en anden åben sag i denne indsats.") % {"n": number})
        elif not data.get("into") and not self.errors:
            self.add_error("into", _("Vælg sagen, eller skriv dens nummer."))
        return data


class AgendaForm(VersionForm):
    """The next SHORTLIST meetings the case can go on (dialogue.escalations.selectors.open_meetings_for)."""

    meeting = forms.ModelChoiceField(label=_("Møde"), queryset=None)

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings
        if meetings is not None:
            field.choices = [("", field.empty_label)] + [
                (m.pk, field.label_from_instance(m)) for m in meetings[:SHORTLIST]
            ]


class ResolveForm(CprGuardMixin, VersionForm):
    answer = forms.CharField(
        label=_("Svar til den, der rejste sagen"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    # An explicit choice, a partial answer by default: a case is never closed by a box left ticked.
    close = forms.TypedChoiceField(
        label=_("Hvad slags svar er det?"),
        choices=[
            ("no", _("Et delsvar – sagen forbliver åben")),
            ("yes", _("Det endelige svar – sagen er løst og lukkes")),
        ],
        coerce=lambda v: v == "yes",
        initial="no",
        required=False,
        empty_value=False,  # no choice sent: a partial answer
        widget=forms.RadioSelect,
    )
    need_met = forms.TypedChoiceField(
        label=_("Blev barnets eller den unges behov for støtte mødt?"),
        choices=[("", "—"), ("yes", _("Ja")), ("no", _("Nej"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )


class CommentForm(CprGuardMixin, forms.Form):
    KINDS = [
        (EscalationEvent.Kind.COMMENT, _("Kommentar")),
        (EscalationEvent.Kind.QUESTION, _("Spørgsmål til den, der rejste sagen")),
        (EscalationEvent.Kind.REPLY, _("Svar på spørgsmål")),
    ]
    kind = forms.ChoiceField(label=_("Type"), choices=KINDS, initial=EscalationEvent.Kind.COMMENT)
    text = forms.CharField(label=_("Tekst"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    attachment = AttachmentField()


class LadderLevelForm(LookupFieldsMixin, CprGuardMixin, forms.ModelForm):
    lookup_fields = ("body", "housing_sector_body")  # long lists: searched (actors.lookup)

    class Meta:
        model = LadderLevel
        fields = ["level", "name", "body", "housing_sector_body", "responsible_role", "ack_days", "resolve_days"]


class BaseLadderFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """The levels kept must be 1, 2, 3 … with no gaps: a case is lifted one level at a time."""
        super().clean()
        levels = sorted(
            f.cleaned_data["level"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and "level" in f.cleaned_data
        )
        if levels != list(range(1, len(levels) + 1)):
            raise forms.ValidationError(_("Niveauerne skal være 1, 2, 3 … uden huller."))


LadderFormSet = forms.inlineformset_factory(
    Initiative,
    LadderLevel,
    form=LadderLevelForm,
    formset=BaseLadderFormSet,
    extra=1,
    can_delete=True,
    max_num=8,
    validate_max=True,
)


class BulkForm(forms.Form):
    """The inbox's bulk step: the ticked cases (each "<number>:<version seen>"), the step, and the department."""

    MAX_CASES = 100

    action = forms.ChoiceField(
        label=_("Handling"), choices=[("acknowledge", _("Kvittér")), ("assign", _("Send til forvaltning"))]
    )
    department = forms.ModelChoiceField(
        label=_("Forvaltning"),
        queryset=Organisation.objects.departments().order_by("name"),
        required=False,
        empty_label=_("Vælg forvaltning"),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.raw_cases = data.getlist("sag") if data is not None else []

    def clean(self):
        data = super().clean()
        cases = []
        for raw in self.raw_cases:
            pk, _sep, version = raw.partition(":")
            if not (pk.isdigit() and version.isdigit()):
                raise ValidationError(_("Listen over valgte sager er ugyldig. Genindlæs indbakken og prøv igen."))
            cases.append((int(pk), int(version)))
        if not cases:
            raise ValidationError(_("Vælg mindst én sag."))
        if len(cases) > self.MAX_CASES:
            raise ValidationError(_("Vælg højst %(n)s sager ad gangen.") % {"n": self.MAX_CASES})
        if data.get("action") == "assign" and not data.get("department"):
            self.add_error("department", _("Vælg den forvaltning, sagerne skal sendes til."))
        data["cases"] = dict(cases)
        return data
