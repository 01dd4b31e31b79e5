"""Test-run environment: PostgreSQL and Redis at their local defaults unless overridden.

Set before pytest-django reads the settings, so the same settings module serves
tests and production (only the environment differs).
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hotspot")
# One Redis database per xdist worker, so parallel workers never share queues or cache keys.
# TEST_REDIS_BASE moves the block, so two checkouts can run their suites side by side.
_base = int(os.environ.get("TEST_REDIS_BASE", "1"))
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
_redis_db = _base + 1 + int(_worker.removeprefix("gw")) if _worker.startswith("gw") else _base
os.environ.setdefault("REDIS_URL", f"redis://127.0.0.1:6379/{_redis_db}")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("EMAIL_URL", "memorymail://")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("STATIC_MANIFEST", "false")

# Playwright's sync API (tests/browser) drives an asyncio event loop in the main
# thread, so Django's async-unsafe guard would refuse the ORM calls that fixtures
# make there (creating data, flushing the transactional test DB). The tests never
# share a connection across threads, so the guard is switched off for test runs.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
