"""Full-text search over meetings, agenda items, minutes and outcomes ("Find things again").

On PostgreSQL each searchable row stores a tsvector in the Danish configuration
(so "belysningen" finds "belysning"), kept current by the services that write
the row and indexed with GIN (migration 0002). On SQLite (the laptop default)
the vectors stay empty and search falls back to case-insensitive substring
matching of every word, newest meetings first.

Who finds what follows dialogue.access: meetings themselves (title, place,
purpose) for everyone who may open the meeting; agenda items and outcomes only
where the user may read the minutes as published, or edits them as the
initiative's staff, because an item's vector includes its (possibly draft) minutes.

Each kind is capped at `limit` rows before the kinds are merged, so a search
costs the same few queries whatever the data size. Snippets are HTML: the source
text is escaped before the highlighter sees it, and the only tags in a snippet
are the <mark> around matched words.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import NullIf, Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from dialogue.access import published_or_managed, visible_meetings
from dialogue.models import AgendaItem, Meeting, Outcome
from dialogue.themes import Theme

CONFIG = "danish"
LIMIT = 50

VECTORS = {
    "Meeting": lambda: (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("place", "description", weight="C", config=CONFIG)
    ),
    "AgendaItem": lambda: (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("description", weight="B", config=CONFIG)
        + SearchVector("minutes", weight="C", config=CONFIG)
    ),
    "Outcome": lambda: SearchVector("text", weight="B", config=CONFIG),
}

KIND_LABELS = {"meeting": _("Møde"), "agenda_item": _("Dagsordenspunkt"), **dict(Outcome.Kind.choices)}


def full_text_available():
    return connection.vendor == "postgresql"


def refresh_search_vectors(*, meeting=None, item=None, outcome=None):
    """Recompute the stored vector of the given rows (no-op on SQLite)."""
    if not full_text_available():
        return
    for obj in (meeting, item, outcome):
        if obj is not None:
            type(obj).objects.filter(pk=obj.pk).update(search_vector=VECTORS[type(obj).__name__]())


@dataclass
class SearchResult:
    kind: str  # "meeting" | "agenda_item" | "decision" | "action" | "information"
    title: str
    url: str
    meeting: Meeting
    snippet: str  # safe HTML: escaped text, matched words in <mark>
    rank: float
    date: datetime

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class _Source:
    """One searchable kind: its rows, the fields its vector covers, those quoted in snippets, its meeting's start."""

    queryset: object
    fields: tuple
    snippet_fields: tuple
    start: str


def search(user, q, *, initiative=None, body=None, theme=None, date_from=None, date_to=None, limit=LIMIT):
    """The rows matching `q` that `user` may read, best first (rank, then newest meeting)."""
    q = (q or "").strip()
    if not q:
        return []
    meetings = visible_meetings(user)
    if initiative is not None:
        meetings = meetings.filter(initiative=initiative)
    if body is not None:
        meetings = meetings.filter(body=body)
    if date_from is not None:
        meetings = meetings.filter(start__date__gte=date_from)
    if date_to is not None:
        meetings = meetings.filter(start__date__lte=date_to)
    readable = published_or_managed(user, meetings)

    items = AgendaItem.objects.filter(meeting__in=readable).select_related("meeting__initiative")
    outcomes = Outcome.objects.filter(agenda_item__meeting__in=readable).select_related(
        "agenda_item__meeting__initiative"
    )
    if theme:
        # Meetings carry no themes, so a theme narrows the search to items and outcomes;
        # an outcome counts under its own themes and under those of its agenda item.
        items = items.filter(_has_theme("themes", theme))
        outcomes = outcomes.filter(_has_theme("themes", theme) | _has_theme("agenda_item__themes", theme))

    find = _full_text if full_text_available() else _substring
    results = []
    if not theme:
        source = _Source(
            meetings.select_related("initiative"), ("title", "place", "description"), ("place", "description"), "start"
        )
        results += [_result("meeting", m, m, m.title, snippet, rank) for m, snippet, rank in find(source, q, limit)]
    source = _Source(items, ("title", "description", "minutes"), ("description", "minutes"), "meeting__start")
    results += [
        _result("agenda_item", i, i.meeting, str(i), snippet, rank) for i, snippet, rank in find(source, q, limit)
    ]
    source = _Source(outcomes, ("text",), ("text",), "agenda_item__meeting__start")
    results += [
        _result(o.kind, o, o.agenda_item.meeting, str(o.agenda_item), snippet, rank)
        for o, snippet, rank in find(source, q, limit)
    ]
    results.sort(key=lambda r: (r.rank, r.date), reverse=True)
    return results


def _result(kind, obj, meeting, title, snippet, rank):
    return SearchResult(
        kind=kind,
        title=title,
        url=obj.get_absolute_url(),
        meeting=meeting,
        snippet=snippet,
        rank=rank,
        date=meeting.start,
    )


def _has_theme(path, theme):
    theme = Theme(theme)  # only known codes: the SQLite lookup below matches on the JSON text
    if full_text_available():
        return Q(**{f"{path}__contains": [theme.value]})
    return Q(**{f"{path}__icontains": f'"{theme.value}"'})


# PostgreSQL ---------------------------------------------------------------------


def _full_text(source, q, limit):
    query = SearchQuery(q, config=CONFIG, search_type="websearch")
    rows = list(
        source.queryset.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .defer("search_vector", *source.snippet_fields)
        .order_by("-rank", f"-{source.start}", "-pk")[:limit]
    )
    return with_headlines(rows, source.queryset.model, source.snippet_fields, query)


def with_headlines(rows, model, snippet_fields, query):
    """(row, highlighted snippet, rank) for ranked rows; ts_headline is slow on long texts, so it runs
    on the returned rows only, in one query."""
    headlines = dict(
        model.objects.filter(pk__in=[row.pk for row in rows])
        .annotate(
            headline=SearchHeadline(
                _escaped_text(snippet_fields),
                query,
                config=CONFIG,
                start_sel="<mark>",
                stop_sel="</mark>",
                max_words=35,
                min_words=15,
            )
        )
        .order_by()
        .values_list("pk", "headline")
    )
    return [(row, mark_safe(headlines.get(row.pk) or ""), row.rank) for row in rows]


def _escaped_text(fields):
    """The fields joined and HTML-escaped in SQL.

    ts_headline drops anything that looks like a tag, so escaping afterwards would
    silently lose text; escaped first, "&lt;" is a token it keeps, and the only
    markup in its output is the <mark> it adds.
    """
    parts = [NullIf(F(name), Value("")) for name in fields]
    text = (
        Func(Value(" … "), *parts, function="CONCAT_WS", output_field=TextField()) if len(parts) > 1 else F(fields[0])
    )
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        text = Replace(text, Value(char), Value(entity))
    return text


# SQLite fallback ------------------------------------------------------------------

SNIPPET_BEFORE = 80
SNIPPET_AFTER = 160


def _substring(source, q, limit):
    """Every word of `q` in some field; the newest `limit` rows, ranked by a plain count of hits."""
    words = re.findall(r"\w+", q)
    if not words:
        return []
    match = reduce(and_, (reduce(or_, (Q(**{f"{f}__icontains": w}) for f in source.fields)) for w in words))
    rows = list(source.queryset.filter(match).order_by(f"-{source.start}", "-pk")[:limit])
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    found = []
    for row in rows:
        hits = sum(len(pattern.findall(getattr(row, f))) for f in source.fields)
        text = " … ".join(filter(None, (getattr(row, f) for f in source.snippet_fields)))
        found.append((row, _plain_snippet(text, pattern), float(hits)))
    return found


def _plain_snippet(text, pattern):
    """Escaped text around the first match, matched words in <mark>."""
    first = pattern.search(text)
    start = max(0, first.start() - SNIPPET_BEFORE) if first else 0
    end = min(len(text), (first.end() if first else 0) + SNIPPET_AFTER)
    window, html, pos = text[start:end], [], 0
    for m in pattern.finditer(window):
        html += [escape(window[pos : m.start()]), "<mark>", escape(m.group()), "</mark>"]
        pos = m.end()
    html.append(escape(window[pos:]))
    return mark_safe(("… " if start else "") + "".join(html) + (" …" if end < len(text) else ""))
