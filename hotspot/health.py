"""Health checks beyond django-health-check's built-ins."""

import dataclasses
import datetime

from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from kombu import Connection


class HealthView(HealthCheckView):
    """django-health-check's report, answering 503 Service Unavailable (not 500) when a dependency is down.

    A load balancer and a monitor read 503 as "take this node out, it is not broken code"; the body
    still names the failing component (Database, Cache or CeleryBroker) and why.
    """

    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "hotspot.health.CeleryBroker",
    )

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
            response.reason_phrase = "Service Unavailable"
        return response


@dataclasses.dataclass
class CeleryBroker(HealthCheck):
    """The Celery broker accepts a connection (Redis, or the embedded filesystem broker).

    A worker ping would need a result backend and a running worker; what the web
    process depends on is that it can enqueue, so that is what we check.
    """

    timeout = datetime.timedelta(seconds=3)

    def run(self):
        try:
            with Connection(
                settings.CELERY_BROKER_URL,
                transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
                connect_timeout=2,
            ) as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
                conn.channel().close()  # a channel proves the broker accepts work, not only TCP
        except Exception as exc:  # any failure to reach the broker means unhealthy
            raise ServiceUnavailable(f"Broker unreachable: {type(exc).__name__}") from exc

    def pretty_status(self):
        return f"OK ({settings.CELERY_BROKER_URL.split('://')[0]})"
