"""The top layer's models live in their feature package; Django looks for them here."""

from hotspot.handover.models import HandoverItem
from hotspot.notifications.models import Notification, Preferences

__all__ = ["HandoverItem", "Notification", "Preferences"]
