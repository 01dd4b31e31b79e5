"""Benchmark: every main page served by gunicorn (production settings) as a fraction of a ceiling page.

Standalone (not part of the test suite; `make bench` runs it with the other bench scripts). It

1. drops and recreates its own PostgreSQL database (default ``hotspot_bench_pages``; BENCH_DATABASE_URL
   changes it, the name must contain "bench"), migrates it and collects the static files;
2. for each scale (``--scales``, default s,l) fills it with ``generate_scale_data``, starts gunicorn with
   production settings (DEBUG off, manifest static files, kept database connections, cached_db sessions
   in Redis, ``WEB_CONCURRENCY`` sync workers) and the ceiling page ``/_ceiling/`` (BENCH_CEILING: one
   indexed query, a tiny template, the full middleware stack);
3. loads every page from a separate process (wrk, ``--connections`` keep-alive connections for
   ``--duration`` seconds), each run directly after a run of the ceiling page, ``--rounds`` times; for each
   page: requests per second, p50 and p95 latency, errors, and the ratio of its rate to the ceiling's
   rate in the adjacent run (the median over the rounds);
4. counts each page's queries and body size in this process (django.test.Client, the same data),
   times a deep page against page 1 of the long lists, and reads the peak memory (VmHWM) of every
   gunicorn worker and of a Celery worker that ran the reminder scan and the dashboards' refresh;
5. writes bench/results.json (per page and scale: rps, p50, p95, errors, queries, bytes, ratio) and
   bench/RESULTS.md, then drops the database (unless --keep).

Run:  .venv/bin/python bench/pages.py [--scales s,l] [--rounds 3] [--duration 4] [--keep]
Needs wrk (Debian: apt-get install wrk), PostgreSQL and Redis. Bounded by --timeout (default 1700 s).
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from escalation_inbox import Timeout, _timeout, bench_url, drop_database, recreate_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS_JSON = ROOT / "bench" / "results.json"
RESULTS_MD = ROOT / "bench" / "RESULTS.md"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotspot_bench_pages"
SECRET = "bench-only-secret-key-not-used-anywhere-else-0123456789"
WRK_SCRIPT = ROOT / "bench" / "_wrk_report.lua"

# Targets at the largest scale (issue: production and national scale), by kind of page.
TARGETS = {"list": 0.15, "detail": 0.3, "dashboard": 0.3}


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    kind: str  # list, detail, dashboard, form
    user: str | None  # the generated user of the largest initiative who views it (None: anonymous)
    url: object  # objects -> path


def _r(name, *args, query=""):
    from django.urls import reverse

    return reverse(name, args=args) + query


PAGES = [
    Page("login", "Login", "form", None, lambda o: _r("login")),
    Page("front", "Front page", "detail", "chief", lambda o: _r("home")),
    Page("directory", "Directory (actors)", "list", "chief", lambda o: _r("actors:directory")),
    Page("organisation", "Organisation", "detail", "chief", lambda o: _r("actors:organisation_detail", o["organisation"])),
    Page("initiative", "Initiative", "detail", "chief", lambda o: _r("actors:initiative_detail", o["initiative"])),
    Page("governance", "Governance chart", "detail", "chief", lambda o: _r("actors:governance_chart")),
    Page("meeting_list", "Meeting list", "list", "chief", lambda o: _r("dialogue:meeting_list")),
    Page("meeting", "Meeting page", "detail", "chief", lambda o: _r("dialogue:meeting_detail", o["meeting"])),
    Page("search", "Search", "list", "chief", lambda o: _r("dialogue:search", query="?q=tryghed")),
    Page("action_list", "Action list", "list", "chief", lambda o: _r("dialogue:action_list")),
    Page("inbox", "Escalation inbox", "list", "chief", lambda o: _r("dialogue:escalation_inbox")),
    Page("escalation_list", "Escalation list", "list", "chief", lambda o: _r("dialogue:escalation_list", query="?alle=1")),
    Page("escalation", "Escalation page", "detail", "chief", lambda o: _r("dialogue:escalation_detail", o["escalation"])),
    Page("goal_tree", "Goal tree", "detail", "chief", lambda o: _r("evaluation:goal_tree", o["initiative"])),
    Page("indicator", "Indicator", "detail", "chief", lambda o: _r("evaluation:indicator_detail", o["indicator"])),
    Page("report", "Evaluation report", "detail", "chief", lambda o: _r("evaluation:report", o["initiative"])),
    Page("dashboard", "Initiative dashboard", "dashboard", "administrator",
         lambda o: _r("hotspot:initiative_dashboard", o["initiative"])),
    Page("overview", "Cross-initiative overview", "dashboard", "administrator", lambda o: _r("hotspot:overview")),
]  # fmt: skip

# Long lists: page 1 against a deep page (the 1,000th, or the last if there are fewer).
DEEP = [("meeting_list", "page"), ("escalation_list", "page"), ("directory", "page")]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="s,l", help="scales of generate_scale_data, in order (default s,l)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (ceiling, page) runs per page (default 3)")
    parser.add_argument("--duration", type=int, default=4, help="seconds per wrk run (default 4)")
    parser.add_argument("--connections", type=int, default=5, help="concurrent connections (default 5)")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers (default 5)")
    parser.add_argument("--only", default="", help="comma-separated page keys (default: all)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    parser.add_argument("--timeout", type=int, default=1700, help="give up after this many seconds (default 1700)")
    parser.add_argument("--json", type=Path, default=RESULTS_JSON)
    parser.add_argument("--markdown", type=Path, default=RESULTS_MD)
    parser.add_argument(
        "--before",
        type=Path,
        default=ROOT / "bench" / "results" / "pages-before.json",
        help="an earlier results file to show beside this run (default bench/results/pages-before.json)",
    )
    return parser.parse_args(argv)


# -- The environment both the server and this process use ------------------------------------------


def server_env(url, port, workers, static_root):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_COOKIES": "false",
        "BENCH_CEILING": "true",
        "STATIC_ROOT": str(static_root),
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "WEB_MAX_REQUESTS": "0",  # no recycling during the run: the peak memory is the workers' own
        "DJANGO_SETTINGS_MODULE": "hotspot.settings",
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    return env


def setup_django(env):
    for key in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "SECURE_COOKIES",
                "BENCH_CEILING", "STATIC_ROOT", "STATIC_MANIFEST", "DJANGO_SETTINGS_MODULE"):  # fmt: skip
        if key in env:
            os.environ[key] = env[key]
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the production settings, its log in a temporary file."""

    def __init__(self, env, log):
        self.env, self.log = env, log
        self.base = f"http://127.0.0.1:{env['PORT']}"

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "hotspot.wsgi", "-c", "gunicorn.conf.py"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited; see its log")
            try:
                with urllib.request.urlopen(f"{self.base}/_ceiling/", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not serve /_ceiling/ within 60 s")

    def workers(self):
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return [int(p) for p in out.stdout.split()]

    def __exit__(self, *exc):
        stop_group(self.process)


def stop_group(process):
    """Stop a server started in its own session, with its workers (a Celery pool child mid-task too)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    except ProcessLookupError:
        pass


def memory_kib(pid):
    """(VmRSS, VmHWM) of a process in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields.get("VmRSS", 0), fields.get("VmHWM", 0)


# -- The data's objects, sessions, queries --------------------------------------------------------


def objects():
    """The largest generated initiative and its busiest objects."""
    from django.db.models import Count
    from django.utils import timezone

    from actors.models import Initiative, Organisation
    from dialogue.models import Escalation, Meeting
    from evaluation.models import Indicator
    from hotspot.scaledata.plan import MARK

    initiative = Initiative.objects.get(name=f"{MARK}Indsats 001")
    organisation = (
        Organisation.objects.filter(engagements__initiative=initiative)
        .annotate(n=Count("engagements"))
        .order_by("-n", "pk")
        .first()
    )
    meeting = (
        Meeting.objects.filter(initiative=initiative, end__lt=timezone.now())
        .annotate(n=Count("invitations"))
        .order_by("-n", "-start")
        .first()
    )
    escalation = Escalation.objects.open().filter(initiative=initiative).order_by("-created").first()
    indicator = (
        Indicator.objects.filter(goal__initiative=initiative).annotate(n=Count("measurements")).order_by("-n").first()
    )
    return {
        "initiative": initiative.pk, "organisation": organisation.pk, "meeting": meeting.pk,
        "escalation": escalation.pk, "indicator": indicator.pk,
    }  # fmt: skip


def user(kind):
    from django.contrib.auth import get_user_model

    from hotspot.scaledata.plan import USER_PREFIX

    return get_user_model().objects.get(username=f"{USER_PREFIX}001-{kind}")


def session_cookie(kind):
    """A signed-in session stored where the server looks for it (the same settings and Redis)."""
    if kind is None:
        return None
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user(kind))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def probe(page, path):
    """Queries and body size of one warm request in this process (the same settings and data)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if page.user:
        client.force_login(user(page.user))
    client.get(path)  # warm: caches filled as on the server
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return len(ctx.captured_queries), len(response.content), response


# -- Load ------------------------------------------------------------------------------------------


def wrk(base, path, cookie, args):
    command = ["wrk", "-t1", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s", "-s", str(WRK_SCRIPT)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*command, base + path], capture_output=True, text=True, timeout=args.duration + 60)
    line = next((x for x in out.stdout.splitlines() if x.startswith("{")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no report for {path}: {out.stdout[-500:]} {out.stderr[-500:]}")
    r = json.loads(line)
    return {
        "rps": r["requests"] / (r["duration_us"] / 1e6),
        "p50_ms": r["p50_us"] / 1000,
        "p95_ms": r["p95_us"] / 1000,
        "errors": r["errors"],
        "requests": r["requests"],
    }


def check_status(base, path, cookie):
    """The page answers 200 to this cookie (a redirect to the login would look fast and count no error)."""
    import http.client

    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    status = connection.getresponse().status
    connection.close()
    if status != 200:
        raise RuntimeError(f"{path} answered {status} on the server")


def load(base, pages, paths, cookies, args, log=print):
    """Each page right after the ceiling, `rounds` times; medians over the rounds."""
    runs = {p.key: [] for p in pages}
    for page in pages:
        check_status(base, paths[page.key], cookies[page.user])
    for n in range(args.rounds):
        for page in pages:
            ceiling = wrk(base, "/_ceiling/", cookies[page.user], args)
            result = wrk(base, paths[page.key], cookies[page.user], args)
            result["ratio"] = result["rps"] / ceiling["rps"]
            result["ceiling_rps"] = ceiling["rps"]
            runs[page.key].append(result)
            log(f"  round {n + 1} {page.key:<16} {result['rps']:7.1f} rps  ceiling {ceiling['rps']:7.1f}  "
                f"ratio {result['ratio']:.3f}  p95 {result['p95_ms']:.0f} ms  errors {result['errors']}")  # fmt: skip
    out = {}
    for key, rs in runs.items():
        out[key] = {
            field: statistics.median(r[field] for r in rs)
            for field in ("rps", "p50_ms", "p95_ms", "ratio", "ceiling_rps")
        }
        out[key]["errors"] = sum(r["errors"] for r in rs)
        out[key]["ratios"] = [round(r["ratio"], 4) for r in rs]
    return out


def deep_pages(base, cookie, paths, responses, args):
    """p50 of page 1 and of the 1,000th page (or the last) of each long list, alternated."""
    out = {}
    for key, param in DEEP:
        response = responses.get(key)
        context = response.context if response is not None and response.context else {}
        page_obj = next((context[k] for k in ("page_obj", "page") if hasattr(context.get(k), "paginator")), None)
        if page_obj is None:
            continue
        last = page_obj.paginator.num_pages
        deep = min(1000, last)
        sep = "&" if "?" in paths[key] else "?"
        first_runs, deep_runs = [], []
        for _ in range(args.rounds):
            first_runs.append(wrk(base, f"{paths[key]}{sep}{param}=1", cookie, args)["p50_ms"])
            deep_runs.append(wrk(base, f"{paths[key]}{sep}{param}={deep}", cookie, args)["p50_ms"])
        p1, pd = statistics.median(first_runs), statistics.median(deep_runs)
        out[key] = {"pages": last, "deep_page": deep, "page1_p50_ms": p1, "deep_p50_ms": pd, "deep_over_page1": pd / p1}
    return out


def celery_peak(env, log):
    """Peak RSS of a Celery worker (one pool process) after it ran TASKS_FOR_MEMORY on this data."""
    worker_log = Path(tempfile.mkstemp(prefix="bench-celery-", suffix=".log")[1])
    with worker_log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "hotspot", "worker", "--concurrency", "1", "--loglevel", "INFO",
             "--without-heartbeat", "--without-mingle", "--without-gossip"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        from hotspot.celery import app

        for name in TASKS_FOR_MEMORY:
            app.send_task(name)
        started = time.monotonic()
        while len(_finished(worker_log)) < len(TASKS_FOR_MEMORY):
            if process.poll() is not None:
                raise RuntimeError("the Celery worker stopped: " + worker_log.read_text(errors="replace")[-800:])
            if time.monotonic() - started > CELERY_WAIT:  # the peak so far still counts; the report says so
                log(f"  Celery tasks not all finished after {CELERY_WAIT} s")
                break
            time.sleep(0.5)
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(process.pid)], capture_output=True, text=True)
        pids = [process.pid] + [int(p) for p in out.stdout.split()]
        peak = max(memory_kib(pid)[1] for pid in pids) / 1024
        finished = _finished(worker_log)
        log(f"  Celery worker peak RSS {peak:.0f} MiB; tasks took {finished} s")
        return peak, finished
    finally:
        stop_group(process)
        worker_log.unlink(missing_ok=True)


CELERY_WAIT = 420  # seconds the Celery worker gets for TASKS_FOR_MEMORY


def _finished(worker_log):
    """[(task, seconds)] of the TASKS_FOR_MEMORY the worker finished (not the mails the scan hands on)."""
    found = re.findall(r"Task (\S+)\[[^\]]+\] succeeded in ([0-9.]+)s", worker_log.read_text(errors="replace"))
    return [[name.split(".")[-3] + "." + name.split(".")[-1], float(s)] for name, s in found
            if name in TASKS_FOR_MEMORY]  # fmt: skip


# The reminder scan twice (the first one meets the generated data's backlog of due reminders), then the
# derived indicators' refresh.
TASKS_FOR_MEMORY = [
    "hotspot.notifications.tasks.scan", "hotspot.notifications.tasks.scan", "evaluation.tasks.refresh_derived",
]  # fmt: skip


# -- Report ----------------------------------------------------------------------------------------


def machine():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return f"{os.cpu_count()} cores, {platform.machine()}, PostgreSQL {server}, Python {platform.python_version()}"


def write_markdown(path, results):
    scales = list(results["scales"])
    lines = [
        "# Page benchmark: each page as a fraction of a ceiling page",
        "",
        f"- Date: {results['date']} · machine: {results['machine']}",
        f"- Server: gunicorn, {results['settings']['workers']} sync workers, production settings (DEBUG off, "
        "kept database connections, cached_db sessions in Redis, manifest static files); "
        f"load: wrk, {results['settings']['connections']} connections, {results['settings']['duration']} s per run, "
        f"{results['settings']['rounds']} rounds; every page run directly after a run of the ceiling page "
        "(`/_ceiling/`: one indexed query, a tiny template, the full middleware stack) with the same cookie.",
        "- **ratio** = the page's requests per second / the ceiling's in the adjacent run; the median over the "
        "rounds. Queries and body size: one warm request in the bench process on the same data.",
        "- Reproduce: `make bench` (all bench scripts) or `.venv/bin/python bench/pages.py` (this one).",
        "",
    ]
    for scale in scales:
        r = results["scales"][scale]
        lines += [f"## Scale {scale}", "", r["data"], ""]
        lines += [
            "| Page | Kind | req/s | p50 ms | p95 ms | errors | queries | KiB | ratio | before | target |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        before = results.get("before", {}).get(scale, {})
        for key, p in r["pages"].items():
            target = TARGETS.get(p["kind"])
            mark = "" if target is None else (f"{target} ✓" if p["ratio"] >= target else f"{target} ✗")
            was = f"{before[key]['ratio']:.3f} ({before[key]['bytes'] / 1024:.0f} KiB)" if key in before else ""
            lines.append(
                f"| {p['label']} | {p['kind']} | {p['rps']:.1f} | {p['p50_ms']:.0f} | {p['p95_ms']:.0f} | "
                f"{p['errors']} | {p['queries']} | {p['bytes'] / 1024:.0f} | {p['ratio']:.3f} | {was} | {mark} |"
            )
        lines += ["", f"Ceiling: median {statistics.median(p['ceiling_rps'] for p in r['pages'].values()):.0f} req/s."]
        if r.get("deep"):
            lines += [
                "",
                "| List | pages | deep page | page 1 p50 ms | deep p50 ms | deep / page 1 |",
                "|---|---:|---:|---:|---:|---:|",
            ]
            for key, d in r["deep"].items():
                lines.append(
                    f"| {key} | {d['pages']:,} | {d['deep_page']:,} | {d['page1_p50_ms']:.0f} | {d['deep_p50_ms']:.0f} | "
                    f"{d['deep_over_page1']:.2f} |"
                )
        lines += [
            "",
            f"Peak memory (VmHWM): web worker {r['memory']['web_worker_peak_mib']:.0f} MiB (largest of "
            f"{r['memory']['web_workers']} workers after serving every page), Celery worker "
            f"{r['memory'].get('celery_worker_peak_mib', float('nan')):.0f} MiB"
            + (
                " (tasks finished: "
                + (", ".join(f"{n} {s:.1f} s" for n, s in r["memory"]["celery_task_seconds"]) or "none")
                + f" of {len(TASKS_FOR_MEMORY)} within {CELERY_WAIT} s)"
                if "celery_task_seconds" in r["memory"]
                else ""
            )
            + ".",
            "",
        ]
    if len(scales) > 1:
        a, b = scales[0], scales[-1]
        lines += [f"## Query counts at {a} and {b}", "", f"| Page | {a} | {b} |", "|---|---:|---:|"]
        for key, p in results["scales"][b]["pages"].items():
            lines.append(f"| {p['label']} | {results['scales'][a]['pages'][key]['queries']} | {p['queries']} |")
        lines.append("")
    if results.get("before_note"):
        lines += ["## Before", "", results["before_note"], ""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- Main ------------------------------------------------------------------------------------------


def describe(counts):
    from dialogue.models import Escalation, Meeting
    from evaluation.models import Measurement

    return (
        f"{sum(counts.values()):,} generated rows: {Meeting.objects.count():,} meetings, "
        f"{Escalation.objects.count():,} escalations, {Measurement.objects.count():,} measurements."
    )


def main(argv=None):
    args = parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is needed (Debian: apt-get install wrk)")
    url, name = bench_url(DEFAULT_URL)
    pages = [p for p in PAGES if not args.only or p.key in args.only.split(",")]
    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(args.timeout)
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = server_env(url, free_port(), args.workers, static_root)
    print(f"Bench database: {name} (dropped and recreated)", flush=True)
    recreate_database(url, name)
    results = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "settings": {k: getattr(args, k) for k in ("rounds", "duration", "connections", "workers")},
        "scales": {},
    }
    previous = json.loads(args.json.read_text()) if args.json.exists() else {}
    try:
        setup_django(env)
        from django.test.utils import setup_test_environment

        setup_test_environment()  # responses carry their context (the deep pages read the paginator)
        from django.core.cache import cache
        from django.core.management import call_command

        from hotspot import scaledata

        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        results["machine"] = machine()
        for n, scale in enumerate(scales):
            print(f"\nScale {scale}: generating", flush=True)
            t = time.perf_counter()
            counts = scaledata.generate(scale=scale, replace=n > 0, log=lambda line: None)
            print(f"  generated in {time.perf_counter() - t:.0f} s", flush=True)
            cache.clear()
            objs = objects()
            paths = {p.key: p.url(objs) for p in PAGES}
            cookies = {kind: session_cookie(kind) for kind in {p.user for p in PAGES}}
            probes = {}
            for page in pages:
                probes[page.key] = probe(page, paths[page.key])
                print(
                    f"  {page.key:<16} {probes[page.key][0]:3d} queries {probes[page.key][1] / 1024:7.0f} KiB",
                    flush=True,
                )
            with tempfile.TemporaryFile() as log, Server(env, log) as server:
                loaded = load(server.base, pages, paths, cookies, args, log=lambda line: print(line, flush=True))
                deep = deep_pages(server.base, cookies["chief"], paths, {k: v[2] for k, v in probes.items()}, args)
                workers = server.workers()
                web_peak = max(memory_kib(pid)[1] for pid in workers) / 1024
            memory = {"web_worker_peak_mib": web_peak, "web_workers": len(workers)}
            try:
                peak, task_seconds = celery_peak(env, log=lambda line: print(line, flush=True))
                memory["celery_worker_peak_mib"], memory["celery_task_seconds"] = peak, task_seconds
            except Exception as error:  # reported, the page figures still count
                print(f"  Celery memory not measured: {error!r}", flush=True)
            results["scales"][scale] = {
                "data": describe(counts),
                "objects": objs,
                "pages": {
                    p.key: {
                        "label": p.label,
                        "kind": p.kind,
                        "path": paths[p.key],
                        "queries": probes[p.key][0],
                        "bytes": probes[p.key][1],
                        **loaded[p.key],
                    }
                    for p in pages
                },  # fmt: skip
                "deep": deep,
                "memory": memory,
            }
        if previous.get("scales"):
            results["previous"] = {
                s: {k: round(v["ratio"], 4) for k, v in prev["pages"].items()} for s, prev in previous["scales"].items()
            }
        if args.before and args.before.exists():
            before = json.loads(args.before.read_text())
            results["before"] = {s: r["pages"] for s, r in before["scales"].items()}
            results["before_note"] = (
                f"The *before* column is the run of {before['date']} ({args.before.name}), before this work on "
                "speed; at scale l that run's server already had the bounded choice lists (it started after they "
                "landed), while its queries and sizes were counted on the earlier code."
            )
        args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
        write_markdown(args.markdown, results)
        print(f"\nWrote {args.json} and {args.markdown}", flush=True)
    except Timeout:
        print(f"Gave up after {args.timeout} s (--timeout).", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        shutil.rmtree(static_root, ignore_errors=True)
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
