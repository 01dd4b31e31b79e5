"""Domain events: how the layers below announce what happened without importing upward.

A service calls ``announce("escalation.event", event, by=user)`` inside its
transaction, after the change. The top layer (hotspot.notifications) registers a
listener at start-up that turns events into notifications; with no listener (a
bare app registry, say) nothing happens. This is the same idea as
``actors/extensions.py``: a registry, not Django signals, so the flow stays
explicit and one-way. ``muted()`` silences announcements for a block: the demo
loaders replay 2012's steps, which must tell nobody today.
"""

import threading
from contextlib import contextmanager

_listeners = []
_state = threading.local()


def listen(func):
    """func(kind, obj, *, by, **data): called for every announced event, in the announcing transaction."""
    if func not in _listeners:
        _listeners.append(func)
    return func


def announce(kind, obj, *, by=None, **data):
    if getattr(_state, "muted", 0):
        return
    for func in list(_listeners):
        func(kind, obj, by=by, **data)


@contextmanager
def muted():
    _state.muted = getattr(_state, "muted", 0) + 1
    try:
        yield
    finally:
        _state.muted -= 1
