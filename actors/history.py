"""The audit trail shown on a page: who changed what, when (django-simple-history)."""

from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext_lazy as _

TYPE_LABELS = {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str
    changed: list


def history_entries(obj, limit=10):
    """The latest changes to obj, newest first, with the names of changed fields. One query."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for i, record in enumerate(records[:limit]):
        changed = []
        if record.history_type == "~" and i + 1 < len(records):
            delta = record.diff_against(records[i + 1])
            changed = [str(record.instance_type._meta.get_field(c.field).verbose_name) for c in delta.changes]
        entries.append(
            HistoryEntry(record.history_date, record.history_user, TYPE_LABELS[record.history_type], changed)
        )
    return entries


def data_version(historied=(), *, newest=(), counted=()):
    """A string that changes whenever a row of these tables changes, in one indexed query: the newest
    history row of each `historied` model (every save and delete through the app adds one), the newest id
    of each append-only `newest` model, the count and newest id of each `counted` one (rows added or removed
    in bulk, without history). The key of something cached until its inputs change."""
    quote = connection.ops.quote_name
    parts = [f"(SELECT max(history_id) FROM {quote(m.history.model._meta.db_table)})" for m in historied]
    parts += [f"(SELECT max(id) FROM {quote(m._meta.db_table)})" for m in newest]
    parts += [f"(SELECT count(*) || '.' || coalesce(max(id), 0) FROM {quote(m._meta.db_table)})" for m in counted]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return "-".join(str(v or 0) for v in cursor.fetchone())
