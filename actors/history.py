"""The audit trail shown on a page: who changed what, when (django-simple-history)."""

from dataclasses import dataclass

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
