"""Benchmark: the notification scan's queries over 10,000, 100,000 and 1,000,000 ledger rows, 1 % due.

Standalone (not part of the test suite). For each size it

1. recreates a separate PostgreSQL database (default ``hotspot_bench``; BENCH_DATABASE_URL
   changes it, its name must contain "bench"), migrates it and inserts the rows with one
   INSERT … SELECT generate_series: 1 % pending and due, 99 % sent, read or not, for 200 users;
2. runs VACUUM ANALYZE and times, 30 times after a warm-up, the scan's queries on the ledger —
   the mail that is due (``Notification.objects.mail_due``, the first 500), the claim's
   exists-check (kind × object × occurrence × recipient) and the bell's unread count —
   and reads each one's plan;
3. records the process's peak memory and writes bench/results/notification_scan.md.

Run:  DEBUG=true .venv/bin/python bench/notification_scan.py [--sizes 10000,100000,1000000] [--keep]
The goal: 1,000,000 rows no slower than 3 × 10,000 rows (indexed reads, not table scans).
"""

import argparse
import datetime
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from escalation_inbox import bench_url, drop_database, p95, recreate_database, setup_django  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "notification_scan.md"
USERS = 200
DUE_SHARE = 0.01


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def populate(rows):
    from django.contrib.auth import get_user_model
    from django.db import connection

    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"bruger{n}", email=f"bruger{n}@kk.example") for n in range(USERS)]
    )
    first = min(u.pk for u in users)
    every = round(1 / DUE_SHARE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO hotspot_notification
                (kind, object_key, occurrence, recipient_id, created_at, title, body, url, in_app, read_at,
                 mail_status, attempts, next_attempt_at, sent_at, last_error, ics, ics_method)
            SELECT 'escalation.raised', 'dialogue.escalation:' || (n / 3), 'event:' || n, {first} + n %% {USERS},
                   now() - (n || ' seconds')::interval, 'Ny sag: ' || n, '', '/eskaleringer/' || (n / 3) || '/', true,
                   CASE WHEN n %% 4 = 0 THEN NULL ELSE now() END,
                   CASE WHEN n %% {every} = 0 THEN 'pending' ELSE 'sent' END, 0,
                   CASE WHEN n %% {every} = 0 THEN now() - interval '1 minute' ELSE NULL END,
                   CASE WHEN n %% {every} = 0 THEN NULL ELSE now() END, '', '', ''
            FROM generate_series(1, %s) AS n
            """,
            [rows],
        )
        cursor.execute("VACUUM (ANALYZE) hotspot_notification")
    return users[0]


def queries(user):
    from django.utils import timezone

    from hotspot.notifications.models import Notification

    now = timezone.now()
    return [
        ("mail due (scan, first 500)",
         lambda: Notification.objects.mail_due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:500]),
        ("claim exists-check (as .exists())",
         lambda: Notification.objects.filter(kind="escalation.raised", object_key="dialogue.escalation:3",
                                             occurrence="event:9", recipient=user).order_by().values_list("pk", flat=True)[:1]),
        ("bell: unread count", lambda: [Notification.objects.unread(user).count()]),
    ]  # fmt: skip


def measure(build, reps):
    for _ in range(3):
        list(build())
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        list(build())
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), p95(samples)


def plan(build):
    from django.db import connection

    queryset = build()
    if isinstance(queryset, list):  # the count: explain the queryset it counts
        return ""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(line for (line,) in cursor.fetchall())


def count_plan(user):
    from django.db import connection

    from hotspot.notifications.models import Notification

    sql, params = Notification.objects.unread(user).order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN SELECT count(*) FROM (" + sql + ") AS q", params)
        return "\n".join(line for (line,) in cursor.fetchall())


def main(argv=None):
    args = parse_args(argv)
    url, name = bench_url()
    sizes = [int(s) for s in args.sizes.split(",")]
    results, plans = [], {}
    started = datetime.datetime.now(datetime.UTC)
    configured = False
    try:
        for size in sizes:
            recreate_database(url, name)
            if not configured:
                setup_django(url)
                configured = True
            from django.core.management import call_command
            from django.db import connection

            connection.close()
            call_command("migrate", verbosity=0)
            t0 = time.perf_counter()
            user = populate(size)
            load = time.perf_counter() - t0
            for label, build in queries(user):
                median, high = measure(build, args.reps)
                results.append((size, label, median, high))
                plans[(size, label)] = plan(build) or count_plan(user)
            print(f"{size:>9} rows loaded in {load:.1f} s", flush=True)
            connection.close()
    finally:
        if not args.keep:
            drop_database(url, name)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        "# Notification scan: the ledger's queries at growing size",
        "",
        f"{started:%Y-%m-%d %H:%M} UTC, {platform.node()}, Python {platform.python_version()}; "
        f"{args.reps} timed runs per query after 3 warm-ups; 1 % of the rows due; peak memory {peak_mib:.0f} MiB. "
        "Generated by `bench/notification_scan.py`.",
        "",
        "| rows | query | median ms | p95 ms | × 10k |",
        "|---:|---|---:|---:|---:|",
    ]
    base = {label: median for size, label, median, _ in results if size == sizes[0]}
    for size, label, median, high in results:
        lines.append(f"| {size:,} | {label} | {median:.2f} | {high:.2f} | {median / base[label]:.2f} |")
    lines += ["", "## Plans at the largest size", ""]
    for (size, label), text in plans.items():
        if size == sizes[-1]:
            lines += [f"**{label}**", "", "```", text, "```", ""]
    args.output.write_text("\n".join(lines))
    print("\n".join(lines[: len(results) + 6]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
