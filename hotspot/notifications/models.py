"""The ledger of messages (one row per message to one recipient) and each user's preferences."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def inbox(self, user):
        return self.filter(recipient=user, in_app=True)

    def unread(self, user):
        return self.inbox(user).filter(read_at__isnull=True)

    def objects_with_news(self, user, model_label):
        """Ids of `model_label`'s objects that the user has unread notifications about."""
        prefix = f"{model_label.lower()}:"
        keys = self.unread(user).filter(object_key__startswith=prefix).values_list("object_key", flat=True)
        return {int(key.removeprefix(prefix)) for key in keys.distinct()}

    def mail_due(self, now=None):
        """Mail waiting to go out: pending and due, or stuck in sending past its lease (a worker died)."""
        now = now or timezone.now()
        return self.filter(
            Q(mail_status=Notification.Mail.PENDING, next_attempt_at__lte=now)
            | Q(mail_status=Notification.Mail.SENDING, next_attempt_at__lte=now)
        )


class Notification(models.Model):
    """One message to one recipient: an inbox entry and, if the recipient wants it, an e-mail.

    The row is the claim: (kind, object_key, occurrence, recipient) is unique, so a
    second scan, a second worker or a repeated event cannot make the message twice.
    The text is rendered once, in the recipient's language, when the row is made.
    """

    class Mail(models.TextChoices):
        NONE = "none", _("Ingen e-mail")
        PENDING = "pending", _("Venter")
        SENDING = "sending", _("Sendes")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Fejlet")

    kind = models.CharField(_("slags"), max_length=60)
    object_key = models.CharField(_("objekt"), max_length=80)
    occurrence = models.CharField(_("forekomst"), max_length=80)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("modtager"), on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    title = models.CharField(_("overskrift"), max_length=300)
    body = models.TextField(_("tekst"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    in_app = models.BooleanField(_("vises i indbakken"), default=True)
    read_at = models.DateTimeField(_("læst"), null=True, blank=True)
    mail_status = models.CharField(_("e-mail"), max_length=10, choices=Mail.choices, default=Mail.NONE)
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    next_attempt_at = models.DateTimeField(_("næste forsøg"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    last_error = models.TextField(_("fejl"), blank=True)
    ics = models.TextField(blank=True)
    ics_method = models.CharField(max_length=10, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key", "occurrence", "recipient"], name="notification_claim_once"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"], name="notification_unread", condition=Q(read_at__isnull=True, in_app=True)
            ),
            models.Index(
                fields=["next_attempt_at"],
                name="notification_mail_due",
                condition=Q(mail_status__in=["pending", "sending"]),
            ),
            models.Index(fields=["mail_status", "-created_at"], name="notification_delivery_log"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.url or reverse("notifications:inbox")

    @property
    def absolute_url(self):
        return settings.SITE_URL + self.get_absolute_url()


class Preferences(models.Model):
    """What a user wants by e-mail. A user without a row has the defaults (Preferences.defaults_for)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("mandag")
        TUESDAY = 1, _("tirsdag")
        WEDNESDAY = 2, _("onsdag")
        THURSDAY = 3, _("torsdag")
        FRIDAY = 4, _("fredag")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    language = models.CharField(_("sprog"), max_length=5, choices=settings.LANGUAGES, default="da")
    mail_off = models.JSONField(_("grupper uden e-mail"), default=list, blank=True)
    digest = models.BooleanField(_("ugentligt overblik på e-mail"), default=True)
    digest_weekday = models.PositiveSmallIntegerField(
        _("overblikket kommer om"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    meeting_days_before = models.PositiveSmallIntegerField(
        _("påmindelse om møder (arbejdsdage før)"), default=2, help_text=_("0 betyder ingen påmindelse.")
    )

    class Meta:
        verbose_name = _("indstillinger for beskeder")
        verbose_name_plural = _("indstillinger for beskeder")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        """The saved preferences, or unsaved defaults (reading never writes)."""
        try:
            return user.notification_preferences
        except cls.DoesNotExist:
            return cls(user=user)

    def wants_mail(self, group):
        return group not in self.mail_off
