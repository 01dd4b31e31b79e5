"""The experience log's search box and filters (a django-filter FilterSet).

The search uses Danish stemming on PostgreSQL ("belysningen" finds "belysning"),
computed at query time (the log is small, so no stored vector); on SQLite every
word is matched as a case-insensitive substring.
"""

import re
from functools import reduce
from operator import and_, or_

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from dialogue.search.services import CONFIG, full_text_available
from dialogue.themes import Theme
from evaluation.experiences.forms import GoalChoiceMixin, goals_in_tree_order
from evaluation.models import Experience, Goal


def search_experiences(experiences, q):
    """Narrow `experiences` to those matching `q`, best match first."""
    if full_text_available():
        vector = SearchVector("title", weight="A", config=CONFIG) + SearchVector("text", weight="B", config=CONFIG)
        query = SearchQuery(q, config=CONFIG, search_type="websearch")
        return (
            experiences.annotate(search=vector)
            .filter(search=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-date", "-id")
        )
    words = re.findall(r"\w+", q)
    if not words:
        return experiences
    match = reduce(and_, (Q(title__icontains=w) | Q(text__icontains=w) for w in words))
    return experiences.filter(match)


class GoalChoiceField(GoalChoiceMixin, django_filters.fields.ModelChoiceField):
    pass


class GoalFilter(django_filters.ModelChoiceFilter):
    field_class = GoalChoiceField


class ExperienceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Søg i erfaringerne"), method="search", max_length=200, widget=forms.SearchInput
    )
    theme = django_filters.ChoiceFilter(
        label=_("Tema"), choices=Theme.choices, empty_label=_("Alle temaer"), method="filter_theme"
    )
    goal = GoalFilter(
        label=_("Mål"),
        queryset=Goal.objects.none(),
        empty_label=_("Alle mål"),
        help_text=_("Et mål finder også erfaringer om dets delmål."),
        method="filter_goal",
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=_("Alle organisationer")
    )

    class Meta:
        model = Experience
        fields = ["q", "theme", "goal", "organisation"]

    def __init__(self, *args, initiative, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["goal"].queryset = goals_in_tree_order(initiative)
        self.form.fields["organisation"].queryset = organisations.order_by("name")

    @property
    def query(self):
        """The search words, once the filter has run ("" when there are none)."""
        return self.form.cleaned_data.get("q", "")

    @property
    def narrowed(self):
        """Whether a search or a filter was applied, once the filter has run."""
        return any(self.form.cleaned_data.get(name) for name in self.filters)

    def search(self, queryset, name, value):
        return search_experiences(queryset, value)

    def filter_theme(self, queryset, name, value):
        theme = Theme(value)  # a known code only: the SQLite lookup matches on the JSON text
        if full_text_available():
            return queryset.filter(themes__contains=[theme.value])
        return queryset.filter(themes__icontains=f'"{theme.value}"')

    def filter_goal(self, queryset, name, goal):
        """Experiences tied to `goal` or to a goal below it (a vision covers the whole tree)."""
        links = Experience.goals.through.objects.filter(
            reduce(or_, [Q(goal=goal), Q(goal__parent=goal), Q(goal__parent__parent=goal)])
        )
        return queryset.filter(pk__in=links.values("experience_id"))
