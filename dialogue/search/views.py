"""The search page, "Find things again": a GET form over dialogue.search."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from actors.access import require_any_role, visible_initiatives
from actors.lookup import LookupChoiceField
from actors.models import Body
from dialogue.search.cases import search_cases
from dialogue.search.services import search
from dialogue.themes import Theme

PAGE_SIZE = 20
# Without a chosen kind, cases and walks show this many hits each, with a link to all of them.
GROUP_SIZE = 5
KINDS = [
    ("", _("Alt")),
    ("moeder", _("Møder og referater")),
    ("sager", _("Eskaleringer")),
    ("vandringer", _("Tryghedsvandringer")),
]
GROUPS = {"sager": "escalation", "vandringer": "safetywalk"}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Søg efter"), required=False, max_length=200, widget=forms.SearchInput)
    initiative = forms.ModelChoiceField(
        label=_("Indsats"), queryset=None, required=False, empty_label=_("Alle indsatser")
    )
    body = LookupChoiceField(
        label=_("Organ"), queryset=Body.objects.all(), required=False, empty_label=_("Alle organer")
    )
    theme = forms.ChoiceField(label=_("Tema"), choices=[("", _("Alle temaer")), *Theme.choices], required=False)
    kind = forms.ChoiceField(label=_("Søg i"), choices=KINDS, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = visible_initiatives(user).order_by("name")
        # "from" is a Python keyword, so the period fields are added here rather than declared.
        self.fields["from"] = forms.DateField(
            label=_("Fra"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["to"] = forms.DateField(
            label=_("Til"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            raise ValidationError({"to": _("Slutdatoen skal ligge efter startdatoen.")})
        return data


def search_view(request):
    """Meetings and minutes paged; escalations and safety walks in their own groups (or paged, when chosen)."""
    require_any_role(request.user)
    form = SearchForm(request.GET or None, user=request.user)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    kind = form.cleaned_data["kind"] if query else ""
    results, cases = [], {"escalation": [], "safetywalk": []}
    if query:
        data = form.cleaned_data
        filters = {
            "initiative": data["initiative"],
            "theme": data["theme"] or None,
            "date_from": data["from"],
            "date_to": data["to"],
        }
        if kind in ("", "moeder"):
            results = search(request.user, query, body=data["body"], **filters)
        if kind != "moeder" and data["body"] is None:  # cases and walks belong to no body
            cases = search_cases(request.user, query, **filters)
    listed = cases[GROUPS[kind]] if kind in GROUPS else results
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    groups = []
    if not kind:
        others = request.GET.copy()
        others.pop("page", None)
        for key, label in KINDS:
            if key in GROUPS:
                others["kind"] = key
                hits = cases[GROUPS[key]]
                groups.append({"key": key, "label": label, "hits": hits[:GROUP_SIZE], "count": len(hits),
                               "all_url": f"?{others.urlencode()}"})  # fmt: skip
    context = {"form": form, "page": page, "query": query, "kind": kind, "groups": groups}
    return render(request, "dialogue/search/search.html", context)
