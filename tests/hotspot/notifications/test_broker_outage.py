"""Redis stopped: pages that fire events answer as usual, reminders fall due, nothing is lost, and after
Redis is back the next scan sends everything once — with a real redis-server, a real worker and the SMTP server."""

import datetime
import shutil
import subprocess
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from kombu import pools

from hotspot.celery import app
from hotspot.notifications import scan
from hotspot.notifications.models import Notification
from tests.hotspot.notifications.conftest import free_port

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


class PrivateRedis:
    """A redis-server of the test's own on a free port, which the test may stop and start again."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def _use_broker(url):
    """Point the Celery app (producer and worker) at `url`, dropping connections made to another broker."""
    app.conf.broker_url = url
    app.conf.broker_connection_retry = False
    app.conf.broker_connection_max_retries = 0
    pools.reset()  # kombu's process-wide connection and producer pools
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def private_broker():
    saved = {key: app.conf[key] for key in ("broker_url", "broker_connection_retry", "broker_connection_max_retries")}
    broker = PrivateRedis()
    broker.start()
    _use_broker(broker.url)
    yield broker
    if broker.process.poll() is None:
        broker.stop()
    app.conf.update(saved)
    _use_broker(saved["broker_url"])
    app.conf.update(saved)


@pytest.mark.django_db(transaction=True)
def test_cases_raised_while_redis_is_down_are_mailed_once_after_it_is_back(world, users, smtp, client_for, caplog,
                                                                          private_broker):  # fmt: skip
    private_broker.stop()
    client = client_for("coordinator")
    for title in ("Knallerter på stien", "Mørk gård", "Graffiti på gavlen"):
        response = client.post("/eskaleringer/ny/", {
            "initiative": world["initiative"].pk, "title": title, "category": "general",
            "description": "Set i aftes.", "theme": "public_safety", "urgency": "normal",
        })  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:500]
    # Time moves on past a due reminder while Redis is still down: the scan claims it, cannot hand it over.
    world["meeting"].created_by = users["chief"]
    world["meeting"].save(update_fields=["created_by"])
    # Tuesday 1 May 2012: the meeting of 3 May is two working days ahead, and its agenda is not sent.
    scan.run(now=datetime.datetime(2012, 5, 1, 9, tzinfo=datetime.UTC))
    pending = Notification.objects.filter(mail_status=Notification.Mail.PENDING)
    assert pending.count() == 5 and smtp.messages == []
    assert "Connection refused" in caplog.text and "the next scan will send it" in caplog.text

    private_broker.start()
    _use_broker(private_broker.url)  # as a restarted web process would: no connection left from the outage
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        scan.run()
        scan.run()  # a second scan while the worker is sending: nothing twice
        deadline = time.monotonic() + 20
        while len(smtp.messages) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
    assert sorted(m["Subject"] for m in smtp.messages) == sorted(
        [f"Hotspot: Ny sag: {t}" for t in ("Knallerter på stien", "Mørk gård", "Graffiti på gavlen")]
        + ["Hotspot: Dagsordenen er ikke sendt: Dialogplatform maj", "Hotspot: Påmindelse: Dialogplatform maj"]
    )
    assert not Notification.objects.exclude(mail_status__in=["sent", "none"]).exists()
