"""The health endpoint reports the database, the cache and the Celery broker, without login."""

import json

from django.urls import reverse


def test_health_reports_database_cache_and_broker_without_login(client, db):
    response = client.get(reverse("health"), {"format": "json"})
    assert response.status_code == 200
    report = json.loads(response.content)
    assert {"Database", "Cache", "CeleryBroker"} <= {key.split("(")[0] for key in report}
    assert all(value == "OK" for value in report.values()), report


def test_health_answers_503_naming_the_broker_when_it_is_unreachable(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("health"), {"format": "json"})
    assert response.status_code == 503
    report = json.loads(response.content)
    broker = next(value for key, value in report.items() if key.startswith("CeleryBroker"))
    assert "unreachable" in broker.lower()


def test_health_answers_503_naming_the_cache_when_redis_is_down(client, db, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get(reverse("health"), HTTP_ACCEPT="text/plain")
    assert response.status_code == 503
    failing = [line for line in response.content.decode().splitlines() if not line.endswith(": OK")]
    assert len(failing) == 1 and failing[0].startswith("Cache"), failing


def test_the_html_report_answers_503_too(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    assert client.get(reverse("health"), HTTP_ACCEPT="text/html").status_code == 503
