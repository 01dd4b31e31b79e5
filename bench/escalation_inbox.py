"""Benchmark: the chief's escalation inbox and a department's queue at 100,000 escalations.

Standalone (not part of the test suite). It

1. drops and recreates a separate PostgreSQL database (default ``hotspot_bench``,
   set BENCH_DATABASE_URL to change it; the name must contain "bench") and migrates it;
2. bulk-inserts 2 initiatives, 30 raising organisations, 7 departments and
   100,000 escalations (~40 % open, deadlines spread over three years);
3. runs VACUUM ANALYZE, then times each query 50 times (after a warm-up) and
   reports the median and p95, with the plan PostgreSQL chose;
4. repeats the timings with a candidate partial index created in the bench
   database only (the models are not changed), to show what it would buy;
5. writes bench/results/escalation_inbox.md and drops the database (unless --keep).

Run:  DEBUG=true .venv/bin/python bench/escalation_inbox.py [--keep] [--rows N]
The whole run is bounded by --timeout (default 600 s) and every statement by a
120 s statement_timeout; the database is dropped even when the run fails.
"""

import argparse
import datetime
import functools
import json
import os
import platform
import random
import signal
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "escalation_inbox.md"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotspot_bench"
STATEMENT_TIMEOUT_MS = 120_000
PAGE = 25


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    parser.add_argument("--rows", type=int, default=100_000, help="escalations to insert (default 100000)")
    parser.add_argument("--reps", type=int, default=50, help="timed repetitions per query (default 50)")
    parser.add_argument("--timeout", type=int, default=600, help="give up after this many seconds (default 600)")
    parser.add_argument("--seed", type=int, default=2011)
    # The candidate partial indexes were adopted in the model (migration 0003), so the
    # comparison is off by default; --candidate re-runs it should new candidates be added.
    parser.add_argument("--candidate", action="store_true", help="also time add_candidate_indexes()")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args(argv)


# -- The bench database ---------------------------------------------------------------------------


def bench_url(default=DEFAULT_URL):
    """The bench database's URL and name (BENCH_DATABASE_URL, else `default`); the other bench scripts
    use this and the database helpers below too."""
    url = os.environ.get("BENCH_DATABASE_URL", default)
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        # This database is dropped: never let a stray setting point it at real data.
        sys.exit(f"Refusing to use database {name!r}: the bench database's name must contain 'bench'.")
    return url, name


def _server(url):
    """psycopg connection string for the maintenance database on the same server."""
    parts = urlsplit(url.replace("postgres://", "postgresql://", 1))
    return urlunsplit(parts._replace(path="/postgres"))


def recreate_database(url, name):
    import psycopg
    from psycopg import sql

    with psycopg.connect(_server(url), autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url, name):
    import psycopg
    from psycopg import sql

    with psycopg.connect(_server(url), autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def setup_django(url):
    os.environ["DATABASE_URL"] = url  # the bench database, whatever DATABASE_URL said before
    os.environ.setdefault("DEBUG", "true")  # settings need SECRET_KEY otherwise; nothing is served
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotspot.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db.backends.signals import connection_created

    # DEBUG makes every cursor record its SQL (connection.queries): overhead that production
    # does not have. Switch it off for the measurements.
    settings.DEBUG = False

    def limit_statements(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")

    connection_created.connect(limit_statements, weak=False)


# -- Data -------------------------------------------------------------------------------------------

# ~40 % open, the rest closed; assigned cases carry a department.
STATUS_WEIGHTS = {
    "new": 8,
    "acknowledged": 7,
    "assigned": 9,
    "in_progress": 10,
    "on_agenda": 6,
    "resolved": 45,
    "rejected": 10,
    "merged": 5,
}
FIRST_DAY = datetime.date(2011, 1, 1)
DAYS = 3 * 365  # raised over three years, so the deadlines spread over three years too


def populate(rows, seed):
    from django.db import transaction
    from django.utils import timezone

    from actors.models import Initiative, Organisation
    from dialogue.models import Escalation
    from dialogue.themes import Theme
    from dialogue.workdays import add_working_days

    rng = random.Random(seed)
    due = functools.cache(add_working_days)  # ~1,100 distinct start days: compute each clock once
    tz = timezone.get_current_timezone()
    Status = Escalation.Status
    closed = set(Escalation.CLOSED_STATUSES)
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    themes = list(Theme.values)

    with transaction.atomic():
        initiatives = [
            Initiative.objects.create(
                name=f"Bench-indsats {n}", start=FIRST_DAY, end=FIRST_DAY + datetime.timedelta(days=DAYS)
            )
            for n in (1, 2)
        ]
        kinds = [Organisation.Kind.SELF_GOVERNING_INSTITUTION, Organisation.Kind.HOUSING_ORGANISATION]
        raisers = Organisation.objects.bulk_create(
            Organisation(name=f"Bench-organisation {n}", kind=kinds[n % 2]) for n in range(1, 31)
        )
        departments = Organisation.objects.bulk_create(
            Organisation(name=f"Bench-forvaltning {n}", short_name=f"F{n}", kind=Organisation.Kind.MUNICIPAL_DEPARTMENT)
            for n in range(1, 8)
        )

        objects = []
        for n in range(rows):
            status = rng.choices(statuses, weights)[0]
            raised_on = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
            created = datetime.datetime.combine(raised_on, datetime.time(8 + rng.randrange(9), rng.randrange(60)), tz)
            ack_due, resolve_due = due(raised_on, 2), due(raised_on, 20)
            department = rng.choice(departments)
            assigned = status not in (Status.NEW, Status.ACKNOWLEDGED) and not (status in closed and rng.random() < 0.3)
            objects.append(
                Escalation(
                    initiative=initiatives[0] if rng.random() < 0.6 else initiatives[1],
                    organisation=rng.choice(raisers),
                    title=f"Bench-sag {n}",
                    description="Belysningen på stien er gået i stykker.",
                    theme=rng.choice(themes),
                    department=department if rng.random() < 0.7 else None,
                    assigned_department=department if assigned else None,
                    status=status,
                    created=created,
                    ack_due=ack_due,
                    resolve_due=resolve_due,
                    sla_due=ack_due if status == Status.NEW else resolve_due,
                    acknowledged_at=None if status == Status.NEW else created + datetime.timedelta(days=1),
                    closed_at=created + datetime.timedelta(days=rng.randrange(1, 60)) if status in closed else None,
                )
            )
        Escalation.objects.bulk_create(objects, batch_size=5000)
    return initiatives, departments


def analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        # VACUUM as well as ANALYZE: a freshly bulk-loaded table has no visibility map yet,
        # unlike a production table that autovacuum has visited.
        cursor.execute("VACUUM (ANALYZE) dialogue_escalation")
        cursor.execute("VACUUM (ANALYZE) actors_organisation")


# -- Queries and measurement ------------------------------------------------------------------------


def inbox(initiative_id, offset=0):
    from dialogue.models import Escalation

    return (
        Escalation.objects.filter(initiative_id=initiative_id, status__in=Escalation.OPEN_STATUSES)
        .select_related("organisation", "assigned_department")
        .order_by("sla_due", "id")[offset : offset + PAGE]
    )


def department_queue(department_id):
    from dialogue.models import Escalation

    return (
        Escalation.objects.filter(assigned_department_id=department_id, status__in=Escalation.OPEN_STATUSES)
        .select_related("organisation", "assigned_department")
        .order_by("sla_due", "id")[:PAGE]
    )


def p95(samples):
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def measure(build, reps, warmup=5):
    """Milliseconds to build the queryset and evaluate it to a list, `reps` times."""
    for _ in range(warmup):
        list(build())
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        rows = list(build())
        samples.append((time.perf_counter() - start) * 1000)
    assert rows, "the query returned nothing: the dataset is wrong"
    return statistics.median(samples), p95(samples)


def escalation_indexes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'dialogue_escalation'")
        return {name for (name,) in cursor.fetchall()}


def explain(queryset):
    """EXPLAIN (ANALYZE, BUFFERS) as text, a one-line summary of how the escalation table is read,
    and the server-side execution time in ms."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        text = "\n".join(line for (line,) in cursor.fetchall())
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    ours = escalation_indexes()
    access, sort = [], None

    def walk(node):
        nonlocal sort
        kind = node["Node Type"]
        if node.get("Index Name") in ours:
            access.append(f"{kind} on {node['Index Name']}")
        elif kind == "Seq Scan" and node.get("Relation Name") == "dialogue_escalation":
            access.append("Seq Scan (no index)")
        if kind in ("Sort", "Incremental Sort") and sort is None:
            sort = f"{kind.lower()} ({node.get('Sort Method', '?')})"
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    summary = " + ".join(dict.fromkeys(access)) or "?"
    summary += f", then {sort}" if sort else ", no sort (index order)"
    return text, summary, plan[0]["Execution Time"]


def run_queries(queries, reps, label=""):
    results = []
    for name, build, matching in queries:
        median, high = measure(build, reps)
        _, summary, server = explain(build())
        results.append(
            {
                "query": name + label,
                "median": median,
                "p95": high,
                "server": server,
                "plan": summary,
                "matching": matching,
            }
        )
        print(
            f"  {name + label:<58} median {median:7.2f} ms  p95 {high:7.2f} ms  server {server:6.2f} ms  {summary}",
            flush=True,
        )
    return results


def add_candidate_indexes():
    """The partial indexes proposed for the inbox and the department queue, in the bench database only."""
    from django.db import connection, models
    from django.db.models import Q

    from dialogue.models import Escalation

    open_only = Q(status__in=Escalation.OPEN_STATUSES)
    candidates = [
        models.Index(fields=["initiative", "sla_due", "id"], condition=open_only, name="esc_inbox_open"),
        models.Index(fields=["assigned_department", "sla_due", "id"], condition=open_only, name="esc_dept_queue_open"),
    ]
    with connection.schema_editor() as editor:
        for index in candidates:
            editor.add_index(Escalation, index)
    analyze()
    return [str(index.create_sql(Escalation, connection.schema_editor())) for index in candidates]


# -- Report -----------------------------------------------------------------------------------------


def write_report(path, *, rows, reps, results, plan_text, candidate_plan, candidate_sql, started):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    machine = f"{os.cpu_count()} cores, {platform.machine()}, PostgreSQL {server}, Python {platform.python_version()}"
    lines = [
        "# Escalation inbox benchmark",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} · machine: {machine}",
        f"- Dataset: {rows:,} escalations (2 initiatives, 30 raising organisations, 7 departments, "
        "~40 % open, deadlines over 3 years), bulk-inserted, then VACUUM ANALYZE.",
        f"- Each query: queryset built and evaluated to a list, {reps} timed runs after 5 warm-up runs "
        "(time.perf_counter, client side, includes the ORM). Server ms: the Execution Time of one "
        "EXPLAIN (ANALYZE) after the timed runs. Generated by `bench/escalation_inbox.py`.",
        "",
        "| Query | Rows in table | Matching rows | Median ms | p95 ms | Server ms | Index used (plan) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['query']} | {rows:,} | {r['matching']:,} | {r['median']:.2f} | {r['p95']:.2f} | {r['server']:.2f} | {r['plan']} |"
        )
    lines += ["", "## Plan of the inbox, page 1 (existing indexes)", "", "```", plan_text, "```"]
    if candidate_sql:
        lines += [
            "",
            "## Candidate indexes (created in the bench database only; the models are unchanged)",
            "",
            "```sql",
            *[sql + ";" for sql in candidate_sql],
            "```",
            "",
            "```",
            candidate_plan,
            "```",
        ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- Main -------------------------------------------------------------------------------------------


class Timeout(Exception):
    pass


def _timeout(signum, frame):
    raise Timeout


def main(argv=None):
    args = parse_args(argv)
    url, name = bench_url()
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(args.timeout)
    started = datetime.datetime.now()
    clock = time.perf_counter()
    print(f"Bench database: {name} (dropped and recreated)", flush=True)
    recreate_database(url, name)
    try:
        setup_django(url)
        from django.core.management import call_command

        from dialogue.models import Escalation

        call_command("migrate", interactive=False, verbosity=0)
        print(f"Migrated in {time.perf_counter() - clock:.1f} s", flush=True)
        t = time.perf_counter()
        initiatives, departments = populate(args.rows, args.seed)
        analyze()
        print(f"Inserted {args.rows:,} escalations and analysed in {time.perf_counter() - t:.1f} s", flush=True)

        open_ = Escalation.objects.open()
        chief = max(initiatives, key=lambda i: open_.filter(initiative=i).count())
        dept = max(departments, key=lambda d: open_.filter(assigned_department=d).count())
        in_inbox = open_.filter(initiative=chief).count()
        in_queue = open_.filter(assigned_department=dept).count()
        queries = [
            ("Chief's inbox, page 1", lambda: inbox(chief.pk), in_inbox),
            (f"Chief's inbox, page 40 (offset {39 * PAGE})", lambda: inbox(chief.pk, 39 * PAGE), in_inbox),
            ("Department queue, page 1", lambda: department_queue(dept.pk), in_queue),
        ]

        plan_text, _, _ = explain(inbox(chief.pk))
        print("\nEXPLAIN (ANALYZE, BUFFERS) of the chief's inbox, page 1:\n" + plan_text + "\n", flush=True)
        print("Existing indexes:", flush=True)
        results = run_queries(queries, args.reps)

        candidate_sql, candidate_plan = [], ""
        if args.candidate:
            candidate_sql = add_candidate_indexes()
            candidate_plan, _, _ = explain(inbox(chief.pk))
            print("\nWith the candidate partial indexes (bench database only):", flush=True)
            results += run_queries(queries, args.reps, label=" — candidate index")
            print("\nEXPLAIN (ANALYZE, BUFFERS), inbox page 1 with the candidate:\n" + candidate_plan, flush=True)

        write_report(
            args.output,
            rows=args.rows,
            reps=args.reps,
            results=results,
            plan_text=plan_text,
            candidate_plan=candidate_plan,
            candidate_sql=candidate_sql,
            started=started,
        )
        print(f"\nWrote {args.output.relative_to(ROOT)} ({time.perf_counter() - clock:.0f} s in all)", flush=True)
    except Timeout:
        print(f"Gave up after {args.timeout} s (--timeout).", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep:
            print(f"Kept database {name} (--keep).")
        else:
            drop_database(url, name)
            print(f"Dropped database {name}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
