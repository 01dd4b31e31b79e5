"""The Celery application: web, worker and beat share this configuration."""

import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotspot.settings")

app = Celery("hotspot")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def _one_beat_per_deployment(sender=None, **kwargs):
    from hotspot.beatlock import hold_beat_lock

    hold_beat_lock()
