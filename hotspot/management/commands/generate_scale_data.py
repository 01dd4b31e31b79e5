"""``python manage.py generate_scale_data --scale s|m|l``: realistic data sets for budgets and benchmarks.

s is about ten times the demo; m is 10 initiatives, 500 organisations, 20,000 meetings,
200,000 attendance rows, 30,000 escalations and 100,000 measurements; l is national scale,
ten times m. The data is written in one transaction (hotspot/scaledata), seeded, so the
same seed on the same day gives the same data.

It refuses a database holding initiatives or organisations that were not generated,
unless --force. Run twice, it refuses too: --replace empties the project's tables
and generates afresh (only on a database of nothing but generated data).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from hotspot import scaledata
from hotspot.scaledata.plan import SCALES


class Command(BaseCommand):
    help = (
        "Fill the database with generated data at scale s (≈10× the demo), m (10 initiatives, 20,000 meetings, "
        "30,000 escalations) or l (national: 100 initiatives, 200,000 meetings, 2,000,000 attendance rows). "
        "Refuses a database with data that was not generated unless --force; refuses to run a second time "
        "unless --replace, which empties the project's tables first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="s", help="s, m or l (t: tiny, for tests)")
        parser.add_argument(
            "--factor", type=float, default=1.0, help="multiply every volume, not the number of initiatives (default 1)"
        )
        parser.add_argument("--seed", type=int, default=2011)
        parser.add_argument("--force", action="store_true", help="add generated data beside data that was not")
        parser.add_argument("--replace", action="store_true", help="empty the tables and generate afresh")

    def handle(self, *args, scale, factor, seed, force, replace, **options):
        if factor <= 0:
            raise CommandError("--factor must be positive.")
        started = time.perf_counter()
        self.stdout.write(f"Generating scale {scale} × {factor:g} (seed {seed}) …")
        try:
            counts = scaledata.generate(
                scale=scale, factor=factor, seed=seed, force=force, replace=replace, log=self.stdout.write
            )
        except scaledata.Refused as refusal:
            raise CommandError(str(refusal)) from refusal
        width = max(len(label) for label in counts)
        for label, n in sorted(counts.items()):
            self.stdout.write(f"  {label:<{width}} {n:>11,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f} s."))
