from django.apps import AppConfig


class HotspotConfig(AppConfig):
    name = "hotspot"
    verbose_name = "Hotspot"

    def ready(self):
        # The top layer listens to the domain events of the layers below (actors/events.py).
        from actors.events import listen
        from actors.extensions import register_news
        from hotspot.notifications.events import on_event
        from hotspot.notifications.models import Notification

        listen(on_event)
        # Lists below mark "Nyt" what the user has unread notifications about.
        register_news(Notification.objects.objects_with_news)
