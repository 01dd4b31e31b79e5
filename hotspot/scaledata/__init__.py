"""Data sets at realistic scale for query budgets and benchmarks (``manage.py generate_scale_data``).

``generate(scale="m")`` fills every table the dashboards read — actors, meetings with
attendance and outcomes, escalations with their timelines, goals, indicators,
measurements and surveys — in one transaction, with ids reserved from each table's
sequence and rows streamed by COPY (bulk.py). The same seed, scale and day give the
same data. Activity is skewed as in real life: initiatives differ in size (1/rank^0.8),
and within each, a few organisations do most of the attending, owning and raising
(Zipf). Simple-history rows are not written: generated data has no edit history.

Generated initiatives and organisations carry ``plan.MARK`` at the start of their
names, generated users ``plan.USER_PREFIX`` at the start of theirs. ``generate``
refuses a database that holds any other initiative or organisation unless
``force=True``, and refuses one that already holds generated data unless
``replace=True``, which empties the project's tables first (only on a database
with nothing but generated data).
"""

import random
import time

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from actors.models import Initiative, Organisation

from . import cases, evaluation, meetings, setting
from .bulk import Writer
from .plan import MARK, SCALES, USER_PREFIX, Context

APPS = ("actors", "dialogue", "evaluation", "hotspot")


class Refused(Exception):
    """The database holds data the generator must not mix with or wipe."""


def foreign_data():
    """How many initiatives and organisations in the database were not generated."""
    return (
        Initiative.objects.exclude(name__startswith=MARK).count(),
        Organisation.objects.exclude(name__startswith=MARK).count(),
    )


def has_generated_data():
    return Initiative.objects.filter(name__startswith=MARK).exists()


def _check(force, replace):
    initiatives, organisations = foreign_data()
    foreign = initiatives or organisations
    if foreign and replace:
        raise Refused(
            f"The database holds {initiatives} initiatives and {organisations} organisations that were not "
            "generated; --replace empties whole tables, so it only runs on a database of generated data."
        )
    if foreign and not force:
        raise Refused(
            f"The database holds {initiatives} initiatives and {organisations} organisations that were not "
            "generated. Use an empty database, or --force to add generated data beside them."
        )
    if has_generated_data() and not replace:
        raise Refused("The database already holds generated data: use --replace to start again.")


def empty_tables():
    """TRUNCATE every table of the project's apps (history included) and delete the generated users."""
    tables = sorted(
        {m._meta.db_table for app in APPS for m in apps.get_app_config(app).get_models(include_auto_created=True)
         if m._meta.managed and not m._meta.proxy}
    )  # fmt: skip
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY CASCADE")
    get_user_model().objects.filter(username__startswith=USER_PREFIX).delete()


STEPS = [
    ("actors: areas, organisations, people, bodies, seats, initiatives, engagements, roles", setting.build),
    ("dialogue: escalation ladders, escalations and their timelines", cases.build),
    ("dialogue: meeting series, meetings, invitations, agenda items, outcomes", meetings.build),
    ("evaluation: goals, indicators, targets, measurements, surveys, experiences", evaluation.build),
]


def generate(*, scale="m", factor=1.0, seed=2011, force=False, replace=False, today=None, log=print):
    """Fill the database at `scale` (a key of plan.SCALES) × `factor`. Returns {model label: rows}."""
    if isinstance(scale, str):
        scale = SCALES[scale]
    scale = scale.times(factor)
    started = time.perf_counter()
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    writer = Writer()
    with transaction.atomic():
        _check(force, replace)
        if replace:
            empty_tables()
        with connection.cursor() as cursor:
            # Check each chunk's foreign keys as it is written rather than queueing them to the commit.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        ctx = Context(scale=scale, rng=random.Random(seed), today=today, now=timezone.now(), tz=tz, writer=writer,
                      log=log)  # fmt: skip
        for label, step in STEPS:
            t = time.perf_counter()
            before = sum(writer.counts.values())
            step(ctx)
            log(f"  {label}: {sum(writer.counts.values()) - before:,} rows in {time.perf_counter() - t:.1f} s")
    if not connection.in_atomic_block:
        t = time.perf_counter()
        analyze(writer.counts)
        log(f"  VACUUM ANALYZE in {time.perf_counter() - t:.1f} s")
    log(f"Generated {sum(writer.counts.values()):,} rows in {time.perf_counter() - started:.1f} s")
    return dict(writer.counts)


def analyze(counts):
    """VACUUM (ANALYZE) the filled tables: fresh statistics and a visibility map, as autovacuum would leave them."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for label in counts:
            cursor.execute(f"VACUUM (ANALYZE) {quote(apps.get_model(label)._meta.db_table)}")
