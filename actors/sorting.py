"""Sortable long lists: a click on a column heading sorts by it, a second click reverses it.

`order()` sorts a queryset by the `o` parameter (a column's key, "-key" for descending; anything
else falls back to the list's default), empty values last both ways and ties by id, so pages
never overlap; lists of computed rows sort themselves and only use `headers()`, which builds the
heading links, keeping every other filter in the query string and going back to the first page.
"""

from dataclasses import dataclass

from django.db.models import F

PARAM = "o"


@dataclass
class Header:
    key: str | None  # None: not sortable
    label: str
    numeric: bool = False
    url: str = ""
    state: str = "none"  # the aria-sort value: ascending, descending or none

    @property
    def arrow(self):
        return {"ascending": "▲", "descending": "▼"}.get(self.state, "")


def headers(request, columns, current):
    """`columns`: (key or None, label, numeric). `current`: the active sort, "key" or "-key".

    A numeric column sorts largest first on the first click; a text column A–Z."""
    out = []
    for key, label, numeric in columns:
        header = Header(key, label, numeric)
        if key:
            if current == key:
                header.state, target = "ascending", f"-{key}"
            elif current == f"-{key}":
                header.state, target = "descending", key
            else:
                target = f"-{key}" if numeric else key
            query = request.GET.copy()
            query.pop("page", None)
            query[PARAM] = target
            header.url = f"?{query.urlencode()}"
        out.append(header)
    return out


def order(request, queryset, fields, default):
    """(queryset sorted by ?o=, the sort in force). `fields`: column key -> model field path."""
    value = request.GET.get(PARAM) or default
    if value.lstrip("-") not in fields:
        value = default
    field = F(fields[value.lstrip("-")])
    expression = field.desc(nulls_last=True) if value.startswith("-") else field.asc(nulls_last=True)
    return queryset.order_by(expression, "pk"), value
