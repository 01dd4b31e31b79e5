"""Forms for the experience log (erfaringer): recording a lesson learned."""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.cpr import CprGuardMixin
from dialogue.meetings.forms import DATE
from dialogue.themes import ThemesField
from evaluation.models import Experience, Goal


def goals_in_tree_order(initiative):
    """The initiative's goals, vision first and each sub-goal right after its long-term goal."""
    goals = list(Goal.objects.filter(initiative=initiative).only("pk", "parent_id", "level", "order"))
    children = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal)
    ordered = []

    def walk(parent_id):
        for goal in sorted(children.get(parent_id, []), key=lambda g: (g.order, g.pk)):
            ordered.append(goal.pk)
            walk(goal.pk)

    walk(None)
    position = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ordered)), output_field=IntegerField())
    return Goal.objects.filter(initiative=initiative).order_by(position) if ordered else Goal.objects.none()


class GoalChoiceMixin:
    """Goals are shown with their level, so a sub-goal can be told from its long-term goal."""

    def label_from_instance(self, goal):
        return f"{goal.get_level_display()}: {goal.title}"


class GoalMultipleChoiceField(GoalChoiceMixin, forms.ModelMultipleChoiceField):
    pass


class ExperienceForm(CprGuardMixin, forms.ModelForm):
    themes = ThemesField()
    goals = GoalMultipleChoiceField(
        label=_("Mål"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De mål i indsatsens forandringsteori, erfaringen handler om."),
    )

    class Meta:
        model = Experience
        fields = ["organisation", "date", "title", "text", "goals", "themes"]
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "organisation": _("Den forvaltning eller lokale aktør, erfaringen kommer fra."),
            "text": _(
                "Hvad gjorde I, hvad virkede, og hvad ville I gøre anderledes? "
                "Skriv uden navne, CPR-numre eller andet, der kan identificere borgere."
            ),
        }

    def __init__(self, *args, initiative, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        self.fields["organisation"].queryset = organisations.order_by("name")
        if self.instance._state.adding and organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        self.fields["goals"].queryset = goals_in_tree_order(initiative)
        self.fields["date"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(
                _("En erfaring registreres, når den er gjort: datoen må ikke ligge ude i fremtiden.")
            )
        return date
