from .models import Notification


def unread_notifications(request):
    """The bell's count: one query on a partial index, made only when a page shows the bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: Notification.objects.unread(user).count()}
