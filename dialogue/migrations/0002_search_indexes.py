"""GIN indexes on the stored search vectors, on PostgreSQL only.

Not declared as `GinIndex` in the models' Meta: that would emit `USING gin` on
SQLite too, and the laptop default (SQLite, where search falls back to plain
substring matching) must migrate cleanly.
"""

from django.db import migrations

MODELS = ("Meeting", "AgendaItem", "Outcome")


def _index_names(apps, schema_editor):
    for name in MODELS:
        table = apps.get_model("dialogue", name)._meta.db_table
        yield schema_editor.quote_name(f"{table}_search_gin"), schema_editor.quote_name(table)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, table in _index_names(apps, schema_editor):
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_vector)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, _table in _index_names(apps, schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
