"""The whole Nørrebro demo: ``python manage.py seed_demo``.

The top layer runs the demo loaders of the layers below it, lowest first, then its own,
in one transaction (a failure leaves the database as it was). Each loader reads its TOML
file (see actors/demo/__init__.py) and goes through the app's services:

1. ``actors.demo.setting`` (setting.toml): areas, organisations, bodies and seats,
   the two Hotspot initiatives, the demo logins;
2. ``dialogue.demo.meetings`` (meetings.toml): a season of meetings with agenda,
   attendance, minutes and outcomes (2012–13);
3. ``dialogue.demo.escalations`` (escalations.toml): the escalation ladders, cases on
   every level and in every state but new, most resolved in 2012–13, and a safety walk;
4. ``evaluation.demo.evaluation`` (evaluation.toml): goal trees, indicators in three
   dimensions with targets and measurements, survey rounds, experiences and goal links;
5. ``hotspot.demo.handover`` (handover.toml): the Hotspots' end — a hand-over decision
   for everything still open, then the closing on 31 December 2014. It runs after the
   history is loaded, because a closed initiative refuses new meetings, cases and rounds;
6. ``hotspot.demo.current`` (current.toml): Tryghedsindsats Nordvest (illustrativ), an
   initiative running today, its dates relative to the seeding day.

Every step is idempotent, so the command is safe to run again (``make run`` does).
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from dialogue.demo import escalations as demo_escalations
from dialogue.demo import meetings as dialogue_demo
from evaluation.demo import evaluation as evaluation_demo
from hotspot.demo import current as current_demo
from hotspot.demo import handover as handover_demo


class Command(BaseCommand):
    help = "Opretter (eller opdaterer) hele demoen: de to afsluttede Hotspots og en nuværende, illustrativ indsats. Kan køres flere gange."

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            call_command("seed_actors", stdout=self.stdout)
            dialogue = dialogue_demo.seed(stdout=self.stdout)
            demo_escalations.seed(stdout=self.stdout)
            evaluation_demo.seed(stdout=self.stdout)
            handover_demo.seed(stdout=self.stdout)
            current_demo.seed(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demoen er klar på {time.monotonic() - started:.1f} s: "
                f"{dialogue['created']} nye møder, {dialogue['existing']} fandtes allerede."
            )
        )
