"""Say exactly which service the tests need and cannot reach (PostgreSQL, Redis)."""

import os
import sys

import psycopg
import redis

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hotspot")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

problems = []
try:
    # Connect to the maintenance database: the test database itself is created by the tests.
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    psycopg.connect(server.replace("postgres://", "postgresql://", 1), connect_timeout=5).close()
except Exception as exc:  # report any failure to connect, whatever its kind
    problems.append(f"PostgreSQL is not reachable at {DATABASE_URL} ({type(exc).__name__}: {exc}".strip() + ")")
try:
    redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5).ping()
except Exception as exc:  # report any failure to connect, whatever its kind
    problems.append(f"Redis is not reachable at {REDIS_URL} ({type(exc).__name__}: {exc})")

if problems:
    print("The tests need these services:", *problems, sep="\n  ", file=sys.stderr)
    print("Start them, or point DATABASE_URL / REDIS_URL at running ones.", file=sys.stderr)
    sys.exit(1)
print(f"Services OK: {DATABASE_URL} and {REDIS_URL}")
