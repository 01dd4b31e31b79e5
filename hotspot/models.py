"""The top layer's models live in their feature package; Django looks for them here."""

from hotspot.notifications.models import Notification, Preferences

__all__ = ["Notification", "Preferences"]
