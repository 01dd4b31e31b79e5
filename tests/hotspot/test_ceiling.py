"""The benchmark's ceiling page (bench/pages.py): one query behind the full middleware, never served
unless BENCH_CEILING turns it on."""

import os
import subprocess
import sys

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.hotspot.test_settings import ROOT


def test_the_site_does_not_serve_the_ceiling_page(client):
    assert client.get("/_ceiling/").status_code == 404


@override_settings(ROOT_URLCONF="hotspot.bench_urls")
def test_the_ceiling_page_answers_anyone_with_one_query(client, world):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/_ceiling/")
    # One query inside the request's transaction (ATOMIC_REQUESTS; a savepoint in the test's transaction).
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["SAVEPOINT", "SELECT", "RELEASE"]
    assert response.status_code == 200 and str(world["initiative"].pk) in response.content.decode()
    assert client.get("/aktoerer/").status_code == 302  # the rest of the site is as always


def test_bench_ceiling_switches_to_the_bench_urls():
    code = "from django.conf import settings; print(settings.ROOT_URLCONF)"
    for value, expected in (("true", "hotspot.bench_urls"), ("false", "hotspot.urls")):
        env = {**os.environ, "DEBUG": "true", "BENCH_CEILING": value, "DJANGO_SETTINGS_MODULE": "hotspot.settings"}
        out = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); " + code],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert out.stdout.strip() == expected, out.stderr
