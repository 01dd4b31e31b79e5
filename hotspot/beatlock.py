"""Exactly one Celery beat per deployment, however many are started.

Each beat process takes a PostgreSQL session-level advisory lock before it schedules anything; a
second beat (started by mistake, or as a stand-by on another machine) waits until the lock is free —
when the first beat stops or its machine dies, PostgreSQL drops its session and the stand-by takes
over. Without PostgreSQL (the laptop default: one machine, SQLite) there is nothing to coordinate.
"""

import logging
import time

import psycopg
from django.db import connection

log = logging.getLogger(__name__)

# An arbitrary constant naming "the beat schedule" among the database's advisory locks.
BEAT_LOCK_KEY = 0x486F7473  # "Hots"

_held = None  # the connection that holds the lock, kept open for the life of the process


def try_lock(conn):
    """Take the beat lock on `conn` if nobody holds it; True when taken."""
    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [BEAT_LOCK_KEY])
        return bool(cursor.fetchone()[0])


def open_lock_connection():
    """A connection of its own: Django closes and reopens its connections between tasks, a lock must not."""
    return psycopg.connect(**connection.get_connection_params(), autocommit=True)


def hold_beat_lock(wait=15.0, sleep=time.sleep):
    """Block until this process holds the beat lock (at once, normally), then return."""
    global _held
    if connection.vendor != "postgresql" or _held is not None:
        return
    conn = open_lock_connection()
    waited = False
    while not try_lock(conn):
        if not waited:
            log.warning("Another Celery beat holds the schedule; this one waits as a stand-by.")
            waited = True
        sleep(wait)
    if waited:
        log.warning("The other Celery beat is gone; this one now runs the schedule.")
    _held = conn
