"""Benchmark: dashboard query counts at scale s and m, and dashboard latency at national scale (l).

Standalone (not part of the test suite). It

1. drops and recreates its own PostgreSQL database (default ``hotspot_bench_dashboard``,
   BENCH_DATABASE_URL to change it; the name must contain "bench") and migrates it;
2. generates scale s (``hotspot.scaledata``), counts every dashboard page's queries for the
   largest initiative; generates m and counts again — and FAILS if any page's count differs;
3. generates l and times each dashboard page and a trivial page (the login form) in the same
   run: single requests and 20 concurrent users, with the dashboard blocks' cache cold (a miss
   on every request) and warm; every figure is also given as a ratio to the trivial page;
4. lists the slowest SQL statements of one cold dashboard request, with EXPLAIN (ANALYZE, BUFFERS);
5. writes bench/results/dashboard.md and drops the database (unless --keep).

Requests go through django.test.Client in this process (gunicorn is not a dependency); each
concurrent user is a thread with its own client and its own database connection.

Run:  DEBUG=true .venv/bin/python bench/dashboard.py [--keep] [--scales s,m,l] [--reps N]
Bounded by --timeout (default 1700 s; bench/run.py allows 30 minutes) and a 120 s
statement_timeout; the database is dropped even when the run fails.
"""

import argparse
import datetime
import os
import platform
import signal
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from escalation_inbox import (  # noqa: E402
    Timeout,
    _timeout,
    bench_url,
    drop_database,
    p95,
    recreate_database,
    setup_django,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "dashboard.md"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotspot_bench_dashboard"


@dataclass(frozen=True)
class Page:
    """A page to count and time. `args(initiative)` gives its URL args; `user` which generated user of the
    largest initiative views it (None: anonymous)."""

    label: str
    url_name: str
    args: object
    user: str | None
    query: str = ""


# Dashboard pages. A page whose URL name does not resolve yet is skipped (and said so in the report):
# add the overview, network and department pages here as they land.
DASHBOARDS = [
    Page("Initiative dashboard (this quarter)", "hotspot:initiative_dashboard", lambda i: [i.pk], "administrator"),
    Page("Initiative dashboard (whole initiative)", "hotspot:initiative_dashboard", lambda i: [i.pk], "administrator",
         "?period=all"),
    Page("Collaboration network", "hotspot:network", lambda i: [i.pk], "administrator"),
    Page("Overview", "hotspot:overview", lambda i: [], "administrator"),
    Page("Department overview", "hotspot:department", lambda i: [i.lead_department_id], "liaison"),
]  # fmt: skip
TRIVIAL = Page("Login page (trivial)", "login", lambda i: [], None)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    parser.add_argument("--scales", default="s,m,l", help="which scales to run, in order (default s,m,l)")
    parser.add_argument("--reps", type=int, default=20, help="timed single requests per series (default 20)")
    parser.add_argument("--users", type=int, default=20, help="concurrent users (default 20)")
    parser.add_argument("--per-user", type=int, default=5, help="requests per concurrent user (default 5)")
    parser.add_argument("--timeout", type=int, default=1700, help="give up after this many seconds (default 1700)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args(argv)


# -- The bench database ---------------------------------------------------------------------------


def setup_bench_django(url):
    os.environ.setdefault("REDIS_URL", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"))
    setup_django(url)  # statement_timeout, DEBUG off (CaptureQueriesContext still counts)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]


# -- Requests -------------------------------------------------------------------------------------


def largest_initiative():
    from actors.models import Initiative
    from hotspot.scaledata.plan import MARK

    return Initiative.objects.get(name=f"{MARK}Indsats 001")


def page_url(page, initiative):
    from django.urls import reverse

    return reverse(page.url_name, args=page.args(initiative)) + page.query


def client_for(page):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from hotspot.scaledata.plan import USER_PREFIX

    client = Client()
    if page.user:
        client.force_login(get_user_model().objects.get(username=f"{USER_PREFIX}001-{page.user}"))
    return client


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


class ColdBlocks:
    """While active, the dashboard blocks' cache misses on every request (each one computes every block)."""

    def __enter__(self):
        from django.core.cache.backends.dummy import DummyCache

        from hotspot.dashboards import cache as block_cache

        self.module, self.saved = block_cache, block_cache.cache
        block_cache.cache = DummyCache("cold", {})
        return self

    def __exit__(self, *exc):
        self.module.cache = self.saved


def count_queries(page, initiative):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = page_url(page, initiative)
    client = client_for(page)
    with ColdBlocks(), CaptureQueriesContext(connection) as ctx:
        get(client, url)
    return len(ctx.captured_queries)


def single(page, url, reps, cold):
    client = client_for(page)
    get(client, url)  # warm-up (and, when warm, fills the cache)
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        get(client, url)
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def concurrent(page, url, users, per_user):
    """`users` threads, each its own client and connection, `per_user` requests each, all started together."""
    from django.db import connection

    samples, errors = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(users)

    def user():
        try:
            client = client_for(page)
            barrier.wait()
            mine = []
            for _ in range(per_user):
                t = time.perf_counter()
                get(client, url)
                mine.append((time.perf_counter() - t) * 1000)
            with lock:
                samples.extend(mine)
        except Exception as error:  # reported below; a thread must not die silently
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=user) for _ in range(users)]
    t = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t
    if errors:
        raise RuntimeError(f"{len(errors)} concurrent users failed: {errors[0]!r}")
    return samples, len(samples) / wall


def measure(page, initiative, args, cold):
    url = page_url(page, initiative)
    ctx = ColdBlocks() if cold else _Nothing()
    with ctx:
        one = single(page, url, args.reps, cold)
        many, throughput = concurrent(page, url, args.users, args.per_user)
    return {
        "single": (statistics.median(one), p95(one)),
        "concurrent": (statistics.median(many), p95(many)),
        "throughput": throughput,
    }


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def slowest_statements(page, initiative, top=5):
    """The slowest SQL of one cold request, and EXPLAIN (ANALYZE, BUFFERS) of the slowest three."""
    from django.db import connection

    url = page_url(page, initiative)
    client = client_for(page)
    connection.force_debug_cursor = True
    try:
        connection.queries_log.clear()
        with ColdBlocks():
            get(client, url)
        queries = list(connection.queries)
    finally:
        connection.force_debug_cursor = False
    queries.sort(key=lambda q: -float(q["time"]))
    out = []
    for n, q in enumerate(queries[:top]):
        plan = ""
        if n < 3 and q["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                plan = "\n".join(line for (line,) in cursor.fetchall())
        out.append({"ms": float(q["time"]) * 1000, "sql": q["sql"], "plan": plan})
    return out, sum(float(q["time"]) for q in queries) * 1000, len(queries)


# -- Report ---------------------------------------------------------------------------------------


def write_report(path, *, started, generation, counts, latency, slow, sizes, args):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    machine = f"{os.cpu_count()} cores, {platform.machine()}, PostgreSQL {server}, Python {platform.python_version()}"
    scales = list(generation)
    lines = [
        "# Dashboard benchmark",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} · machine: {machine}",
        "- Data: `manage.py generate_scale_data` (hotspot/scaledata), seed 2011; the page is the largest "
        "generated initiative's (`[gen] Indsats 001`, running), viewed by its administrator.",
        "- Generated by `bench/dashboard.py`; requests through django.test.Client in one process "
        "(threads for concurrent users, each with its own database connection), so Python's GIL is part "
        "of the concurrent figures, as one gunicorn worker with threads would be.",
        "",
        "## Generation",
        "",
        "| Scale | Rows | Seconds (incl. VACUUM ANALYZE) |",
        "|---|---:|---:|",
    ]
    for scale, (rows, seconds) in generation.items():
        lines.append(f"| {scale} | {rows:,} | {seconds:.0f} |")
    if sizes:
        sizes = dict(sizes)
        lines += [
            "",
            f"Largest initiative at {sizes.pop('scale')}: " + ", ".join(f"{v:,} {k}" for k, v in sizes.items()) + ".",
        ]
    lines += ["", "## Query counts (cold blocks, frame included)", ""]
    lines += ["| Page | " + " | ".join(scales) + " |", "|---|" + "---:|" * len(scales)]
    for page in DASHBOARDS:
        row = [counts[s].get(page.label) for s in scales]
        lines.append(f"| {page.label} | " + " | ".join(str(c) for c in row) + " |")
    if latency:
        trivial = latency[TRIVIAL.label]
        lines += [
            "",
            f"## Latency at scale {scales[-1]} (ms; single: {args.reps} sequential requests; concurrent: {args.users} users × "
            f"{args.per_user} requests; ratio = p50 / the trivial page's p50 in the same mode)",
            "",
            "| Page | Cache | Single p50 | Single p95 | × trivial | Concurrent p50 | Concurrent p95 | × trivial | req/s |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for label, runs in latency.items():
            for cache_state, r in runs.items():
                s50, s95 = r["single"]
                c50, c95 = r["concurrent"]
                ts, tc = trivial["—"]["single"][0], trivial["—"]["concurrent"][0]
                lines.append(
                    f"| {label} | {cache_state} | {s50:.0f} | {s95:.0f} | {s50 / ts:.0f}× | {c50:.0f} | {c95:.0f} | "
                    f"{c50 / tc:.0f}× | {r['throughput']:.1f} |"
                )
    if slow:
        statements, total, n = slow
        lines += [
            "",
            f"## Slowest statements of one cold dashboard request at {scales[-1]} ({n} statements, {total:.0f} ms of SQL)",
            "",
        ]
        for s in statements:
            lines += [f"### {s['ms']:.0f} ms", "", "```sql", s["sql"][:3000], "```"]
            if s["plan"]:
                lines += ["", "```", s["plan"], "```"]
            lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- Main -----------------------------------------------------------------------------------------


def main(argv=None):
    args = parse_args(argv)
    url, name = bench_url(DEFAULT_URL)
    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(args.timeout)
    started = datetime.datetime.now()
    clock = time.perf_counter()
    print(f"Bench database: {name} (dropped and recreated)", flush=True)
    recreate_database(url, name)
    failed = False
    try:
        setup_bench_django(url)
        from django.core.cache import cache
        from django.core.management import call_command

        from dialogue.models import Escalation, Invitation, Meeting
        from hotspot import scaledata

        call_command("migrate", interactive=False, verbosity=0)
        print(f"Migrated in {time.perf_counter() - clock:.1f} s", flush=True)
        generation, counts, latency, slow, sizes = {}, {}, {}, None, {}
        for n, scale in enumerate(scales):
            print(f"\nScale {scale}:", flush=True)
            t = time.perf_counter()
            rows = scaledata.generate(scale=scale, replace=n > 0, log=lambda line: print(line, flush=True))
            generation[scale] = (sum(rows.values()), time.perf_counter() - t)
            cache.clear()
            initiative = largest_initiative()
            counts[scale] = {page.label: count_queries(page, initiative) for page in DASHBOARDS}
            for label, c in counts[scale].items():
                print(f"  {label:<45} {c} queries", flush=True)
            if n == len(scales) - 1:  # the latency runs on the last (largest) scale
                sizes = {
                    "scale": scale,
                    "meetings": Meeting.objects.filter(initiative=initiative).count(),
                    "invitations": Invitation.objects.filter(meeting__initiative=initiative).count(),
                    "escalations": Escalation.objects.filter(initiative=initiative).count(),
                }
                print(f"  largest initiative: {sizes}", flush=True)
                latency[TRIVIAL.label] = {"—": measure(TRIVIAL, initiative, args, cold=False)}
                print(f"  {TRIVIAL.label}: {latency[TRIVIAL.label]}", flush=True)
                for page in DASHBOARDS:
                    latency[page.label] = {}
                    for state, cold in (("cold", True), ("warm", False)):
                        cache.clear()
                        latency[page.label][state] = measure(page, initiative, args, cold=cold)
                        print(f"  {page.label} ({state}): {latency[page.label][state]}", flush=True)
                slow = slowest_statements(DASHBOARDS[1], initiative)
        differing = []
        if "s" in counts and "m" in counts:
            differing = [p.label for p in DASHBOARDS if counts["s"][p.label] != counts["m"][p.label]]
        write_report(args.output, started=started, generation=generation, counts=counts, latency=latency,
                     slow=slow, sizes=sizes, args=args)  # fmt: skip
        print(f"\nWrote {args.output} ({time.perf_counter() - clock:.0f} s in all)", flush=True)
        if differing:
            print(f"FAIL: query counts differ between s and m: {differing}", file=sys.stderr)
            failed = True
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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
