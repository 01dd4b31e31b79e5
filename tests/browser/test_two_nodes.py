"""Two web nodes, one deployment: nothing a user does is tied to the node that served it.

Two gunicorn servers (production settings: DEBUG off, kept database connections, sessions in
Redis and PostgreSQL) run on two ports against the test database and the same Redis, as two
machines behind a load balancer would. The chief logs in on one and carries on on the other; a
paper uploaded through one is downloaded through the other. Every page is axe-checked.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from playwright.sync_api import expect

from tests.browser.conftest import check, follow, visit
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4 bilag lagt op paa node A"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _start(port, media_root):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "MEDIA_ROOT": str(media_root),
        "SECURE_COOKIES": "false",
        "STATIC_MANIFEST": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "DJANGO_SETTINGS_MODULE": "hotspot.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "hotspot.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip


def _wait_until_serving(process, base):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn at {base} exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{base}/konto/login/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"gunicorn at {base} did not serve the login page within 60 s")


@pytest.fixture
def nodes(tmp_path, world, users):
    """Two running gunicorn servers sharing PostgreSQL, Redis and the private media store."""
    # The suite hashes with MD5 for speed; the servers run production settings, which know Argon2 only.
    argon2 = Argon2PasswordHasher()
    users["chief"].password = argon2.encode(PASSWORD, argon2.salt())
    users["chief"].save(update_fields=["password"])
    media = tmp_path / "shared-media"
    media.mkdir()
    started = []
    try:
        for _ in range(2):
            port = _free_port()
            started.append((_start(port, media), f"http://127.0.0.1:{port}"))
        for process, base in started:
            _wait_until_serving(process, base)
        yield [base for _, base in started]
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_session_and_an_upload_made_on_one_node_work_on_the_other(page, nodes, world, tmp_path):
    node_a, node_b = nodes
    meeting_path = world["meeting"].get_absolute_url()

    # Log in on node A ...
    visit(page, f"{node_a}/konto/login/")
    page.get_by_label("Brugernavn").fill("chief")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Log ind", exact=True))
    expect(page.get_by_role("button", name="Chief")).to_be_visible()

    # ... and carry on on node B: the session is found there.
    visit(page, f"{node_b}{meeting_path}?vis=forberedelse")
    assert page.url.startswith(node_b) and "/konto/login/" not in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(world["meeting"].title)

    # Upload a paper through node B ...
    paper = tmp_path / "bilag.pdf"
    paper.write_bytes(PDF)
    page.locator("#bilag summary").click()
    page.get_by_label("Fil").set_input_files(str(paper))
    follow(page, page.get_by_role("button", name="Læg op"))
    expect(page.locator(".messages")).to_contain_text("Bilaget er lagt op.")
    link = page.get_by_role("link", name="bilag.pdf", exact=True).first
    href = link.get_attribute("href")

    # ... and download it through node A.
    visit(page, f"{node_a}{meeting_path}?vis=forberedelse")
    with page.expect_download() as download:
        page.locator(f'a[href="{href}"]').first.click()
    assert Path(download.value.path()).read_bytes() == PDF
    assert download.value.url.startswith(node_a)
    check(page)
