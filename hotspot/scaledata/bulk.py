"""Fast inserts for generated data: ids reserved up front, rows streamed with COPY.

Reserving a block of ids from a table's sequence lets the generator link rows in
Python (a meeting's invitations know the meeting's id) without reading anything
back; COPY then streams the rows in chunks, each its own statement, so the
foreign-key checks of one chunk run (and free their memory) before the next.
Fields a step does not name get their model default, as the ORM would give them.
"""

import json
import time

from django.db import connection

CHUNK = 50_000


class Writer:
    def __init__(self, log=None):
        self.counts = {}  # model label -> rows written
        self.seconds = {}
        self.log = log

    def reserve(self, model, n):
        """`n` fresh primary keys for `model` (a range), taken from its sequence in one statement."""
        if n <= 0:
            return range(0)
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, n],
            )
            last = cursor.fetchone()[0]
        return range(last - n + 1, last + 1)

    def copy(self, model, columns, rows):
        """COPY `rows` (tuples in `columns` order; attnames such as "meeting_id") into `model`'s table."""
        started = time.perf_counter()
        meta = model._meta
        named = [meta.get_field(c) for c in columns]
        given = {f.attname for f in named}
        rest = [f for f in meta.concrete_fields if f.attname not in given]
        defaults = tuple(_db_value(f.get_default()) for f in rest)
        quote = connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(quote(meta.db_table), ", ".join(quote(f.column) for f in named + rest))
        connection.ensure_connection()
        raw = connection.connection
        n = 0
        chunk = []
        with raw.cursor() as cursor:
            for row in rows:
                chunk.append(row + defaults if defaults else row)
                if len(chunk) >= CHUNK:
                    _copy(cursor, sql, chunk)
                    n += len(chunk)
                    chunk = []
            if chunk:
                _copy(cursor, sql, chunk)
                n += len(chunk)
        label = meta.label
        self.counts[label] = self.counts.get(label, 0) + n
        self.seconds[label] = self.seconds.get(label, 0) + time.perf_counter() - started
        return n


def _copy(cursor, sql, rows):
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _db_value(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return value


def as_json(value):
    return json.dumps(value, ensure_ascii=False)
