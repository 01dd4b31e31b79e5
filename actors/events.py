"""Domain events: how the layers below announce what happened without importing upward.

A service calls ``announce("escalation.answered", escalation, by=user, text=...)``
inside its transaction, after the change. The top layer (hotspot.notifications)
registers a listener at start-up that turns events into notifications; with no
listener (a management command in a bare app registry, say) nothing happens.
This is the same idea as ``actors/extensions.py``: a registry, not Django signals,
so the flow stays explicit and one-way.
"""

_listeners = []


def listen(func):
    """func(kind, obj, *, by, **data): called for every announced event, in the announcing transaction."""
    if func not in _listeners:
        _listeners.append(func)
    return func


def announce(kind, obj, *, by=None, **data):
    for func in list(_listeners):
        func(kind, obj, by=by, **data)
