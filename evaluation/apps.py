from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluation"
    verbose_name = _("Evaluering")

    def ready(self):
        from actors.extensions import register_initiative_links
        from evaluation.links import initiative_links

        register_initiative_links(initiative_links)
