"""The Nørrebro demo, seeded once for all the tests in this package.

``seed_demo`` runs once, in a transaction that is rolled back when the package's last test ends;
each test runs in a savepoint inside it (pytest-django's ``db``), so a test that changes
demo rows leaves the next one the demo as seeded, and the tests of other packages never
see it. Under xdist each worker that runs tests of this package seeds it once.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


def seed_demo():
    """Run ``seed_demo`` and return what it printed."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker):
    """What the first ``seed_demo`` printed; the demo stays until the package's tests are done.

    Package-scoped, so the suite's function-scoped fast hashing is not in force yet: set it here.
    """
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        output = seed_demo()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(seeded, db):
    """Each test runs in a savepoint inside the package's seeded transaction."""
    return seeded
