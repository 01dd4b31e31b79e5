"""The full-text search of cases and safety walks: which fields, with which weight, and one expression.

dialogue.search.cases searches with ``search_vector(FIELDS)`` and the models index the very same
expression (a GIN index on it), so PostgreSQL answers the search from the index: no stored column to
keep up to date, nothing computed per row at search time.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector

CONFIG = "danish"

ESCALATION = (("title", "A"), ("description", "B"), ("answer", "B"))
ESCALATION_EVENT = (("text", "C"),)
SAFETY_WALK = (("route", "B"), ("notes", "B"))
SAFETY_WALK_FINDING = (("description", "B"), ("place", "B"))


def search_vector(fields):
    vector = None
    for name, weight in fields:
        part = SearchVector(name, weight=weight, config=CONFIG)
        vector = part if vector is None else vector + part
    return vector


def search_index(fields, name):
    return GinIndex(search_vector(fields), name=name)
