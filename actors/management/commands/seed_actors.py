"""Load only the Nørrebro setting of the demo: ``python manage.py seed_actors``.

The facts are in ``actors/demo/setting.toml``, the loader in ``actors/demo/setting.py``;
``python manage.py seed_demo`` runs it first and then the higher layers' demos.
"""

from django.core.management.base import BaseCommand

from actors.demo import setting


class Command(BaseCommand):
    help = "Opretter (eller opdaterer) demoens organisation for Hotspot Nørrebro 2011–2014. Kan køres flere gange."

    def handle(self, *args, **options):
        setting.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Færdig."))
