from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .cpr import CprGuardMixin
from .lookup import LookupFieldsMixin
from .models import Area, Body, BodyLink, Engagement, Initiative, Organisation, Person, ProfessionalField, Role, Seat

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GuardedModelForm(LookupFieldsMixin, CprGuardMixin, forms.ModelForm):
    """A ModelForm whose free-text fields refuse CPR numbers.

    `scope_fields` name model fields the view sets on the instance (the parent
    the object is created under). ModelForm skips unique checks that involve
    fields outside the form; we include these so a duplicate becomes a form
    error instead of an IntegrityError.
    """

    scope_fields = ()

    def validate_unique(self):
        exclude = self._get_validation_exclusions() - set(self.scope_fields)
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except forms.ValidationError as e:
            self._update_errors(e)


class AreaForm(GuardedModelForm):
    lookup_fields = ("parent",)  # long lists: searched (actors.lookup)

    class Meta:
        model = Area
        fields = ["name", "kind", "parent", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class OrganisationForm(GuardedModelForm):
    lookup_fields = ("mayor", "parent")  # long lists: searched (actors.lookup)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "areas",
            "description",
            "website",
            "committee",
            "mayor",
            "housing_organisation",
            "funders",
            "period_start",
            "period_end",
            "budget",
            "is_illustrative",
        ]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "period_start": DATE,
            "period_end": DATE,
        }
        help_texts = {
            "committee": _("Kun for forvaltninger."),
            "mayor": _("Kun for forvaltninger."),
            "housing_organisation": _("Kun for boligsociale helhedsplaner."),
            "funders": _("F.eks. Landsbyggefonden og Københavns Kommune."),
            "period_start": _("Bevillingsperiode for helhedsplaner og områdefornyelser."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = Organisation.objects.exclude(pk=self.instance.pk)


class BodyForm(GuardedModelForm):
    lookup_fields = ("organisation", "reports_to")  # long lists: searched (actors.lookup)

    class Meta:
        model = Body
        fields = ["name", "kind", "organisation", "reports_to", "residents_have_seats", "meeting_frequency", "mandate"]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["reports_to"].queryset = Body.objects.exclude(pk=self.instance.pk)


class PersonForm(GuardedModelForm):
    lookup_fields = ("organisation",)  # long lists: searched (actors.lookup)

    class Meta:
        model = Person
        fields = ["name", "title", "organisation", "email", "phone", "is_placeholder"]


class SeatForm(GuardedModelForm):
    lookup_fields = ("person", "representing")  # long lists: searched (actors.lookup)
    scope_fields = ("body",)

    class Meta:
        model = Seat
        fields = ["person", "role", "kind", "representing", "start", "end"]
        widgets = {"start": DATE, "end": DATE}


class InitiativeForm(GuardedModelForm):
    lookup_fields = ("chief",)  # long lists: searched (actors.lookup)

    class Meta:
        model = Initiative
        fields = [
            "name",
            "short_name",
            "need_category",
            "start",
            "end",
            "lead_department",
            "chief",
            "areas",
            "budget",
            "vision",
            "description",
        ]
        widgets = {
            "start": DATE,
            "end": DATE,
            "areas": forms.CheckboxSelectMultiple,
            "vision": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }


class EngagementForm(GuardedModelForm):
    lookup_fields = ("organisation",)  # long lists: searched (actors.lookup)
    scope_fields = ("initiative",)
    professional_fields = forms.MultipleChoiceField(
        label=_("Fagområder"),
        choices=ProfessionalField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("De fagområder organisationen dækker i indsatsen."),
    )

    class Meta:
        model = Engagement
        fields = ["organisation", "role", "professional_fields", "start", "end", "note"]
        widgets = {"start": DATE, "end": DATE, "note": forms.Textarea(attrs={"rows": 3})}


class BodyLinkForm(GuardedModelForm):
    lookup_fields = ("body",)  # long lists: searched (actors.lookup)
    scope_fields = ("initiative",)

    class Meta:
        model = BodyLink
        fields = ["body", "relation", "note"]


class RoleForm(GuardedModelForm):
    lookup_fields = ("user", "organisation")  # long lists: searched (actors.lookup)

    class Meta:
        model = Role
        fields = ["user", "kind", "initiative", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.order_by("username")


class UserCreateForm(CprGuardMixin, forms.ModelForm):
    """An account without a password: the new user sets one through the reset e-mail."""

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
