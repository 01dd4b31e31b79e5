"""Development aid (not run by `make bench`): where each page of bench/pages.py spends its time at scale l.

Keeps its database (hotspot_bench_profile) between runs: the first run generates the data.
    .venv/bin/python bench/_profile_pages.py [page keys...]
Prints per page: total ms, SQL ms, queries, and the slowest statements.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages  # noqa: E402
from escalation_inbox import bench_url  # noqa: E402

URL = "postgres://postgres@127.0.0.1:5432/hotspot_bench_profile"


def main(keys):
    url, name = bench_url(URL)
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    env = pages.server_env(url, 0, 1, Path("/tmp/bench-profile-static"))
    env["BENCH_CEILING"] = "true"
    env["STATIC_MANIFEST"] = "false"
    pages.setup_django(env)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from hotspot import scaledata

    setup_test_environment()
    call_command("migrate", interactive=False, verbosity=0)
    if not scaledata.has_generated_data():
        scaledata.generate(scale=os.environ.get("SCALE", "l"), log=print)
    objs = pages.objects()
    for page in pages.PAGES:
        if keys and page.key not in keys:
            continue
        path = page.url(objs)
        client = Client()
        if page.user:
            client.force_login(pages.user(page.user))
        client.get(path)
        connection.force_debug_cursor = True
        connection.queries_log.clear()
        t = time.perf_counter()
        response = client.get(path)
        total = (time.perf_counter() - t) * 1000
        connection.force_debug_cursor = False
        queries = list(connection.queries)
        sql = sum(float(q["time"]) for q in queries) * 1000
        print(f"\n== {page.key} {path} {response.status_code} total {total:.0f} ms, SQL {sql:.0f} ms, "
              f"{len(queries)} queries, {len(response.content) / 1024:.0f} KiB")  # fmt: skip
        for q in sorted(queries, key=lambda q: -float(q["time"]))[:3]:
            print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:600]}")


if __name__ == "__main__":
    main(sys.argv[1:])
