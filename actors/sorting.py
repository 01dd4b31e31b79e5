"""Sortable column headers for long lists: a click sorts by the column, a second click reverses it.

The list's view (a django-filter OrderingFilter, or its own sort for computed rows) decides
what the `o` parameter means; this module only builds the header links, keeping every other
filter in the query string and going back to the first page.
"""

from dataclasses import dataclass

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
