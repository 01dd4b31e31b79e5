"""Choice lists that stay short at any size: a select of what is chosen, searched by name.

A municipality has thousands of organisations, people, bodies, areas and users, so no form lists
them all. `LookupChoiceField` (and `LookupMultipleChoiceField`) render a select holding only the
chosen value(s), with a search box beside it:

- with JavaScript (static/js/lookup.js), typing fills the select with up to CHOICES_LIMIT matches
  from the JSON endpoint `actors:lookup` (which checks who may look up what);
- without JavaScript, the typed text is sent with the form: one match is taken, several come back
  as the select's options with "choose one", none says so. Nothing typed is lost.

Validation is always against the field's own queryset, whatever the search offered.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Area, Body, Organisation, Person

CHOICES_LIMIT = 50  # no select on any page lists more (tests/test_bounded_choices.py)
MATCHES = 20  # what one search offers
MIN_QUERY = 2


def _user_label(user):
    full = user.get_full_name()
    return f"{full} ({user.username})" if full else user.username


# kind -> (model, fields searched, label, who may look it up: "role" any role holder, "admin" administrators)
KINDS = {
    "organisation": (Organisation, ["name", "short_name"], str, "role"),
    "person": (Person, ["name", "title"], str, "role"),
    "body": (Body, ["name"], str, "role"),
    "area": (Area, ["name"], str, "role"),
    "user": (None, ["username", "first_name", "last_name", "email"], _user_label, "admin"),
}


def kind_of(model):
    for kind, (m, *_rest) in KINDS.items():
        if (m or get_user_model()) is model:
            return kind
    raise ValueError(f"No lookup for {model.__name__}")


def matching(queryset, kind, text, limit=MATCHES):
    """The first `limit` rows of `queryset` whose searched fields contain `text`, by label."""
    fields = KINDS[kind][1]
    condition = Q()
    for word in text.split():
        condition &= Q.create([(f"{f}__icontains", word) for f in fields], connector=Q.OR)
    order = "username" if kind == "user" else "name"
    return list(queryset.filter(condition).order_by(order, "pk")[:limit])


class LookupQuery(str):
    """What was typed in the search box when nothing was chosen (the no-JavaScript path)."""


class _LookupWidgetMixin:
    template_name = "widgets/lookup_select.html"

    def __init__(self, field=None, attrs=None):
        super().__init__(attrs)
        self.field = field
        self.offered = []  # matches of a typed search to show as options

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.offered = []
        return copy

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        typed = (data.get(f"{name}__q") or "").strip()
        empty = not value or value == [""] or value == ""
        if typed and (empty or self.allow_multiple_selected):
            chosen = [] if empty else (value if isinstance(value, list) else [value])
            return [*chosen, LookupQuery(typed)] if self.allow_multiple_selected else LookupQuery(typed)
        return value

    def get_context(self, name, value, attrs):
        values = value if isinstance(value, (list, tuple)) else [value]
        self._typed = [v for v in values if isinstance(v, LookupQuery)]
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            search_name=f"{name}__q",
            search_value=" ".join(self._typed),
            search_url=self.field.lookup_url if self.field else "",
            field_label=(self.field.label if self.field else "") or "",
            limit=MATCHES,
            min_query=MIN_QUERY,
        )
        return context

    def optgroups(self, name, value, attrs=None):
        """Only the chosen rows and the offered matches: never the whole table."""
        field = self.field
        typed = {str(t) for t in getattr(self, "_typed", [])}
        keys = [str(v) for v in (value or []) if v not in (None, "") and str(v) not in typed]
        rows = list(field.queryset.filter(pk__in=[k for k in keys if k.isdigit()])) if keys else []
        seen = {r.pk for r in rows}
        rows += [r for r in self.offered if r.pk not in seen]
        choices = [("", field.empty_label or "")] if not self.allow_multiple_selected else []
        choices += [(r.pk, field.label_from_instance(r)) for r in rows]
        groups = []
        for index, (key, label) in enumerate(choices):
            selected = str(key) in keys
            groups.append((None, [self.create_option(name, key, label, selected, index, attrs=attrs)], index))
        return groups


class LookupSelect(_LookupWidgetMixin, forms.Select):
    pass


class LookupSelectMultiple(_LookupWidgetMixin, forms.SelectMultiple):
    pass


class _LookupFieldMixin:
    def __init__(self, queryset, *args, **kwargs):
        kwargs.setdefault("widget", self.widget_class)
        super().__init__(queryset, *args, **kwargs)
        self.kind = kind_of(self.queryset.model)
        if self.kind == "user":
            self.label_from_instance = _user_label

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.field = self

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.widget.field = copy
        return copy

    @property
    def lookup_url(self):
        from django.urls import reverse

        return reverse("actors:lookup", args=[self.kind])

    def resolve(self, typed):
        """The one row `typed` names, or a ValidationError offering the matches as options."""
        matches = matching(self.queryset, self.kind, typed, limit=MATCHES + 1)
        exact = [m for m in matches if self.label_from_instance(m).casefold() == typed.casefold()]
        if len(exact) == 1 or len(matches) == 1:
            return (exact or matches)[0]
        self.widget.offered = matches[:MATCHES]
        if not matches:
            raise forms.ValidationError(_("Ingen passer til »%(q)s«. Prøv et andet navn."), params={"q": typed})
        raise forms.ValidationError(
            _("Flere passer til »%(q)s«: vælg én i listen."), params={"q": typed}, code="ambiguous"
        )


class LookupChoiceField(_LookupFieldMixin, forms.ModelChoiceField):
    widget_class = LookupSelect

    def to_python(self, value):
        if isinstance(value, LookupQuery):
            return self.resolve(value)
        return super().to_python(value)


class LookupMultipleChoiceField(_LookupFieldMixin, forms.ModelMultipleChoiceField):
    widget_class = LookupSelectMultiple

    def clean(self, value):
        typed = [v for v in (value or []) if isinstance(v, LookupQuery)]
        chosen = [v for v in (value or []) if not isinstance(v, LookupQuery)]
        found = [self.resolve(t) for t in typed]
        rows = list(super().clean(chosen)) if chosen or self.required and not found else []
        return self.queryset.filter(pk__in=[r.pk for r in rows + found]) if rows or found else self.queryset.none()


def as_lookup(field):
    """The same field (queryset, label, help, required, initial) as a lookup select."""
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    cls = LookupMultipleChoiceField if multiple else LookupChoiceField
    kwargs = {
        "queryset": field.queryset, "required": field.required, "label": field.label, "help_text": field.help_text,
        "initial": field.initial, "disabled": field.disabled,
    }  # fmt: skip
    if not multiple:
        kwargs["empty_label"] = field.empty_label or _("Ingen valgt")
    lookup = cls(**kwargs)
    if "label_from_instance" in field.__dict__:
        lookup.label_from_instance = field.label_from_instance
    return lookup


class LookupFieldsMixin:
    """Forms name their long choice fields in `lookup_fields`; they become lookup selects."""

    lookup_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.lookup_fields:
            if name in self.fields:
                self.fields[name] = as_lookup(self.fields[name])
