from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dialogue"
    verbose_name = _("Dialogplatform")

    def ready(self):
        from actors.extensions import register_initiative_links, register_organisation_section
        from dialogue.links import initiative_links
        from dialogue.meetings.selectors import organisation_section

        register_organisation_section(organisation_section)
        register_initiative_links(initiative_links)
