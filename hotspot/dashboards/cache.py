"""Dashboard blocks cached until the data behind them change.

The cache key holds a data version: the newest id in each append-only trail the
blocks read from (the history tables of meetings, invitations, agenda items,
outcomes, engagements, organisations, goals, indicators, measurements, ladders,
initiatives and hand-overs, the targets' count and newest id, the escalations' event timeline, the survey responses). Every
change through the services — a save, a delete, a bulk import with history, a
case step — adds a row to one of them, so the next page view computes afresh: a
user never sees numbers that are older than their own change. One indexed query
(a max over each primary key) per page; the cache is Redis in production and the
file cache in development.
"""

from functools import cache as memoise

from django.core.cache import cache
from django.db import connection

from actors.models import Engagement, Initiative, Organisation
from dialogue.models import AgendaItem, EscalationEvent, Invitation, LadderLevel, Meeting, Outcome
from evaluation.models import Goal, Indicator, Measurement, SurveyResponse, Target
from hotspot.handover.models import HandoverItem

SCHEMA = 6  # bump when the shape of a cached value changes, so a deploy never unpickles an old one
TIMEOUT = 60 * 60 * 6  # a version that never changes still expires: a day boundary moves "overdue"
HISTORIED = [
    Meeting, Invitation, AgendaItem, Outcome, Engagement, Organisation, Initiative, LadderLevel,
    Goal, Indicator, Measurement, HandoverItem,
]  # fmt: skip


@memoise
def _version_sql():
    quote = connection.ops.quote_name
    parts = [f"(SELECT max(history_id) FROM {quote(m.history.model._meta.db_table)})" for m in HISTORIED]
    parts.append(f"(SELECT max(id) FROM {quote(EscalationEvent._meta.db_table)})")
    parts.append(f"(SELECT count(*) FROM {quote(SurveyResponse._meta.db_table)})")
    # Targets keep no history; they are only added and deleted, which count and max id both see.
    parts.append(f"(SELECT count(*) + coalesce(max(id), 0) * 1000003 FROM {quote(Target._meta.db_table)})")
    return "SELECT " + ", ".join(parts)


def data_version():
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        return "-".join(str(v or 0) for v in cursor.fetchone())


def cached(name, parts, build, version=None):
    """build() once per (name, parts, data version); `parts` must identify everything build() depends on."""
    version = version or data_version()
    key = f"dash{SCHEMA}:{name}:{':'.join(str(p) for p in parts)}:{version}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value
