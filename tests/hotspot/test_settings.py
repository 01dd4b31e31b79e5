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
    [("DEBUG", "maybe"), ("DATABASE_URL", "nosuchdb://x"), ("SITE_URL", "not a url")],
)
def test_a_bad_value_fails_at_start_naming_the_variable(variable, value):
    result = run_check(**{"DEBUG": "true", variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_defaults_run_with_nothing_installed():
    result = run_check(DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_production_hashes_passwords_with_argon2():
    from hotspot import settings as production_settings

    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
