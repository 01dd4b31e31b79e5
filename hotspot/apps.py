from django.apps import AppConfig


class HotspotConfig(AppConfig):
    name = "hotspot"
    verbose_name = "Hotspot"

    def ready(self):
        # The top layer listens to the domain events of the layers below (actors/events.py).
        from actors.events import listen
        from actors.extensions import register_initiative_links, register_news, register_organisation_section
        from hotspot.dashboards import extensions as dashboards
        from hotspot.handover import extensions as handover
        from hotspot.notifications.events import on_event
        from hotspot.notifications.models import Notification

        listen(on_event)
        # Lists below mark "Nyt" what the user has unread notifications about.
        register_news(Notification.objects.objects_with_news)
        register_initiative_links(dashboards.initiative_links)
        register_initiative_links(handover.initiative_links)
        register_organisation_section(handover.organisation_section)
        register_organisation_section(dashboards.organisation_section)
