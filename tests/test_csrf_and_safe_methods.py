"""Every form view refuses a POST without a CSRF token, and no GET changes state."""

from django.apps import apps
from django.test import Client

from tests.conftest import db_checksum
from tests.test_access_table import ACCESS, build_url


def snapshot():
    """Row counts of every table but sessions, and the rows' checksums of the project's and auth's tables:
    any write by a GET shows here, an update as well as an insert or delete (history rows too)."""
    counts = {
        m._meta.label: m.objects.count()
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label != "sessions"
    }
    return {**counts, **db_checksum()}


# Views that take a POST without a CSRF token, each for a reason.
CSRF_EXEMPT = {
    # Mail clients post RFC 8058's one-click unsubscribe without a session; the signed token is the proof
    # (tests/hotspot/notifications/test_views.py: a forged token changes nothing).
    "notifications:unsubscribe",
}


def test_post_without_csrf_token_is_refused_on_every_url(world, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["administrator"])
    urls = {name: build_url(name, world, users) for name in sorted(ACCESS) if name not in CSRF_EXEMPT}
    before = snapshot()
    accepted = [
        f"{name} {url}: {code}"
        for name, url in urls.items()
        if (code := client.post(url, {"name": "x"}).status_code) != 403
    ]
    assert not accepted, "POST without CSRF token was not refused:\n" + "\n".join(accepted)
    assert snapshot() == before


def test_no_get_request_changes_anything(world, users, client_for):
    urls = [build_url(name, world, users) for name in ACCESS]
    for role in ("administrator", "chief", "stranger", "anonymous"):
        client = client_for(role)
        before = snapshot()
        for url in urls:
            client.get(url)
        assert snapshot() == before, f"a GET as {role} changed the database"
