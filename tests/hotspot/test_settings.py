"""Settings come from the environment; bad values stop the start naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_secret_key_is_required_when_debug_is_off():
    result = run_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("STATIC_MANIFEST", "ture"),
        ("SECURE_COOKIES", "2"),
        ("CELERY_TASK_ALWAYS_EAGER", "ja"),
        ("BEHIND_TLS_PROXY", "y"),
        ("DATABASE_URL", "nosuchdb://x"),
        ("REDIS_URL", "localhost:6379"),
        ("CELERY_BROKER_URL", "reddis://localhost"),
        ("SITE_URL", "not a url"),
        ("CONN_MAX_AGE", "forever"),
        ("MEDIA_STORAGE", "ftp"),
    ],
)
def test_a_bad_value_fails_at_start_naming_the_variable(variable, value):
    # SECRET_KEY is set, so a value read as "off" cannot fail on the missing key instead.
    result = run_check(**{"DEBUG": "true", "SECRET_KEY": "x" * 50, variable: value})
    assert result.returncode != 0
    assert f"Environment variable {variable} " in result.stderr, result.stderr[-500:]


@pytest.mark.parametrize("value", ["true", "1", "yes", "ON", " True "])
def test_yes_words_turn_a_setting_on(value):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"],
        cwd=ROOT, env={**os.environ, "DEBUG": value, "DJANGO_SETTINGS_MODULE": "hotspot.settings"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.stdout.strip() == "True", result.stderr[-500:]


def test_s3_media_needs_a_bucket():
    result = run_check(DEBUG="true", MEDIA_STORAGE="s3")
    assert result.returncode != 0 and "S3_BUCKET" in result.stderr


def test_defaults_run_with_nothing_installed():
    result = run_check(DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_production_hashes_passwords_with_argon2():
    from hotspot import settings as production_settings

    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_production_keeps_database_connections_and_checks_them_before_reuse():
    from hotspot import settings as production_settings

    db = production_settings.DATABASES["default"]
    assert db["CONN_MAX_AGE"] > 0 and db["CONN_HEALTH_CHECKS"] is True
