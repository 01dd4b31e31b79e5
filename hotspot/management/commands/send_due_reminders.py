"""Run one reminder scan now: ``python manage.py send_due_reminders``.

The same scan Celery beat runs every five minutes (hotspot/notifications/scan.py); safe
to run as often as you like (cron, or by hand after an outage), as each message is
claimed once. Mail is handed to the Celery workers; ``--send`` delivers it in this
process instead, for a machine without a worker.
"""

from django.core.management.base import BaseCommand

from hotspot.notifications import ledger, scan
from hotspot.notifications.models import Notification


class Command(BaseCommand):
    help = "Finder det, der er forfaldent, og sender påmindelserne (én gang hver). Kan køres igen."

    def add_arguments(self, parser):
        parser.add_argument("--send", action="store_true", help="Send e-mails i denne proces i stedet for via Celery.")

    def handle(self, *args, send=False, **options):
        if send:
            claimed = scan.claim_reminders_and_digests()
            results = [ledger.deliver(pk) for pk in Notification.objects.mail_due().values_list("pk", flat=True)]
            sent = sum(r == Notification.Mail.SENT for r in results)
            self.stdout.write(f"{claimed} nye beskeder; {sent} af {len(results)} e-mails sendt.")
            return
        result = scan.run()
        self.stdout.write(f"{result['claimed']} nye beskeder; {result['enqueued']} e-mails givet videre til Celery.")
