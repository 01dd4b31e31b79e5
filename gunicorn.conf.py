"""gunicorn settings for `make serve` (production). Every value can be set from the environment.

WEB_CONCURRENCY   worker processes (default: 2 × CPU cores + 1)
HOST, PORT        where to listen (default 127.0.0.1:8000; the reverse proxy connects here)
WEB_TIMEOUT       seconds before a stuck worker is replaced (default 30)
WEB_MAX_REQUESTS  requests before a worker is recycled (default 2000; keeps memory flat)
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The app is imported once and forked: workers share its memory pages. Django opens no database
# connection at import, so no connection is shared between workers.
preload_app = True
accesslog = "-"
errorlog = "-"
# The proxy's X-Forwarded-For is trusted from the proxy only (FORWARDED_ALLOW_IPS, gunicorn's default 127.0.0.1).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
