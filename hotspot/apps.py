from django.apps import AppConfig


class HotspotConfig(AppConfig):
    name = "hotspot"
    verbose_name = "Hotspot"

    def ready(self):
        # The top layer listens to the domain events of the layers below (actors/events.py).
        from actors.events import listen
        from hotspot.notifications.events import on_event

        listen(on_event)
