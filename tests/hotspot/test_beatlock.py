"""Exactly one Celery beat schedules, however many are started: the others wait as stand-bys."""

import time

import pytest

from hotspot import beatlock


@pytest.fixture
def fresh_lock(monkeypatch):
    monkeypatch.setattr(beatlock, "_held", None)
    yield
    if beatlock._held is not None:
        beatlock._held.close()


def test_the_first_beat_takes_the_lock_and_a_second_waits_until_it_is_gone(db, fresh_lock):
    first = beatlock.open_lock_connection()
    assert beatlock.try_lock(first)
    naps = []

    def nap(seconds):
        naps.append(seconds)
        if len(naps) == 2:
            first.close()  # the first beat's machine dies: PostgreSQL drops its session and its lock
        elif len(naps) > 2:
            assert len(naps) < 100, "the lock was never released"
            time.sleep(0.05)  # the server ends the closed session a moment later

    beatlock.hold_beat_lock(wait=7, sleep=nap)
    # It waited while the first held it (twice, with the configured pause), and took over only after.
    assert len(naps) >= 2 and set(naps) == {7} and first.closed
    assert beatlock._held is not None
    probe = beatlock.open_lock_connection()
    try:
        assert not beatlock.try_lock(probe)  # and now a third one would wait
    finally:
        probe.close()


def test_a_beat_that_holds_the_lock_does_not_take_it_twice(db, fresh_lock):
    beatlock.hold_beat_lock(sleep=lambda s: pytest.fail("must not wait"))
    held = beatlock._held
    beatlock.hold_beat_lock(sleep=lambda s: pytest.fail("must not wait"))
    assert beatlock._held is held
