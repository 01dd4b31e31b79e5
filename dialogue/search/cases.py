"""Search over escalations and safety walks, beside the meetings of dialogue.search.services.

Who finds what is exactly who may open the detail page: escalations through
dialogue.access.readable_escalations (staff, raiser, assigned department, the
initiative's observers), safety walks through visible_safetywalks. A case is found
by its title, description and answer and by the texts of its timeline; a walk by its
route and notes and by its findings' descriptions and places. A hit in a timeline
entry or a finding counts for its case or walk: each appears once, with its best hit.

These rows have no stored search vector (unlike meetings, migration 0002): on
PostgreSQL the Danish vector is computed in the query, on SQLite the substring
fallback of services is used. Each source is capped at `limit` rows, so a search
costs the same few queries whatever the data size.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

from dialogue.access import readable_escalations, visible_safetywalks
from dialogue.models import EscalationEvent, SafetyWalkFinding
from dialogue.models import search as indexed
from dialogue.search import services
from dialogue.themes import Theme

CONFIG = indexed.CONFIG


@dataclass
class CaseHit:
    kind: str  # "escalation" | "safetywalk"
    obj: object
    title: str
    url: str
    snippet: str  # safe HTML, as in services.SearchResult
    rank: float
    date: date | datetime

    @property
    def initiative(self):
        return self.obj.initiative


@dataclass(frozen=True)
class _Source:
    queryset: object
    fields: tuple  # (field, weight)
    snippet_fields: tuple
    order: str

    @property
    def names(self):
        return tuple(name for name, _weight in self.fields)


def search_cases(user, q, *, initiative=None, theme=None, date_from=None, date_to=None, limit=services.LIMIT):
    """{"escalation": [CaseHit…], "safetywalk": [CaseHit…]}: the user's matches, best first, each capped at `limit`."""
    q = (q or "").strip()
    if not q:
        return {"escalation": [], "safetywalk": []}
    cases = readable_escalations(user).select_related("initiative")
    walks = visible_safetywalks(user).select_related("initiative", "area")
    if initiative is not None:
        cases, walks = cases.filter(initiative=initiative), walks.filter(initiative=initiative)
    if theme:  # walks carry no theme, so a theme narrows the search to cases
        cases, walks = cases.filter(theme=Theme(theme).value), walks.none()
    if date_from is not None:
        cases, walks = cases.filter(created__date__gte=date_from), walks.filter(date__gte=date_from)
    if date_to is not None:
        cases, walks = cases.filter(created__date__lte=date_to), walks.filter(date__lte=date_to)

    find = _full_text if services.full_text_available() else _substring
    escalations = _best(
        [
            (c, s, r)
            for c, s, r in find(
                _Source(cases, indexed.ESCALATION, ("description", "answer"), "created"),
                q,
                limit,
            )
        ]
        + [
            (e.escalation, s, r)
            for e, s, r in find(
                _Source(
                    EscalationEvent.objects.filter(escalation__in=cases).select_related("escalation__initiative"),
                    indexed.ESCALATION_EVENT,
                    ("text",),
                    "at",
                ),
                q,
                limit,
            )
        ]
    )
    found_walks = _best(
        [(w, s, r) for w, s, r in find(_Source(walks, indexed.SAFETY_WALK, ("route", "notes"), "date"), q, limit)]
        + [
            (f.walk, s, r)
            for f, s, r in find(
                _Source(
                    SafetyWalkFinding.objects.filter(walk__in=walks).select_related("walk__initiative", "walk__area"),
                    indexed.SAFETY_WALK_FINDING,
                    ("place", "description"),
                    "walk__date",
                ),
                q,
                limit,
            )
        ]
    )
    return {
        "escalation": [
            CaseHit("escalation", c, f"#{c.pk} {c.title}", c.get_absolute_url(), s, r, c.created)
            for c, s, r in escalations[:limit]
        ],
        "safetywalk": [
            CaseHit("safetywalk", w, _walk_title(w), w.get_absolute_url(), s, r, w.date)
            for w, s, r in found_walks[:limit]
        ],
    }


def _walk_title(walk):
    return f"{walk} – {walk.area}" if walk.area_id else str(walk)


def _best(hits):
    """One hit per object (its best), best first, then newest."""
    best = {}
    for obj, snippet, rank in hits:
        if obj.pk not in best or rank > best[obj.pk][2]:
            best[obj.pk] = (obj, snippet, rank)
    return sorted(best.values(), key=lambda h: (h[2], h[0].pk), reverse=True)


def _full_text(source, q, limit):
    query = SearchQuery(q, config=CONFIG, search_type="websearch")
    vector = indexed.search_vector(source.fields)  # the expression the GIN indexes hold
    rows = list(
        source.queryset.annotate(found_vector=vector)
        .filter(found_vector=query)
        .annotate(rank=SearchRank(F("found_vector"), query))
        .order_by("-rank", f"-{source.order}", "-pk")[:limit]
    )
    return services.with_headlines(rows, source.queryset.model, source.snippet_fields, query)


def _substring(source, q, limit):
    return services._substring(
        services._Source(source.queryset, source.names, source.snippet_fields, source.order), q, limit
    )
