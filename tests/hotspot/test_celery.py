"""Celery is wired: beat's schedule names the heartbeat, and a real worker runs it."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from hotspot.celery import app
from hotspot.tasks import HEARTBEAT_KEY, heartbeat


def test_beat_schedules_the_heartbeat():
    entry = app.conf.beat_schedule["heartbeat"]
    assert entry["task"] == heartbeat.name


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_heartbeat_through_the_redis_broker():
    cache.delete(HEARTBEAT_KEY)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        heartbeat.delay()
        deadline = time.monotonic() + 20
        while cache.get(HEARTBEAT_KEY) is None and time.monotonic() < deadline:
            time.sleep(0.1)
    assert cache.get(HEARTBEAT_KEY) is not None
