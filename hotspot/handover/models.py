"""The hand-over of an ending initiative: what happens to each thing it leaves behind.

From six months before its end date an initiative's open action items, open
cases, meeting series, indicators and linked bodies are listed for hand-over
(selectors.handover_list). The chief records one decision per thing:
transferred to a named organisation or body, anchored in a department's
ordinary work, or ended. The initiative can be closed once nothing is left
without a decision. A decided row keeps what the thing was (label, link) so
the hand-over report stays readable after the thing itself changes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Body, Initiative, Organisation


class HandoverItem(models.Model):
    class Kind(models.TextChoices):
        ACTION = "action", _("Åben handling")
        ESCALATION = "escalation", _("Åben sag")
        SERIES = "series", _("Mødeserie")
        INDICATOR = "indicator", _("Tilbagevendende indikator")
        BODY_LINK = "body_link", _("Tilknyttet organ")

    class Decision(models.TextChoices):
        TRANSFERRED = "transferred", _("Overdraget")
        ANCHORED = "anchored", _("Forankret i forvaltningens drift")
        ENDED = "ended", _("Afsluttet")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="handover_items")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(_("hvad"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    decision = models.CharField(_("beslutning"), max_length=20, choices=Decision.choices)
    to_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("til organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handovers_received",
    )
    to_body = models.ForeignKey(
        Body,
        verbose_name=_("til organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handovers_received",
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("besluttet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "kind", "label"]
        verbose_name = _("overdragelse")
        verbose_name_plural = _("overdragelser")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "kind", "object_id"],
                name="handover_once_per_thing",
                violation_error_message=_("Der er allerede truffet en beslutning om dette."),
            ),
            models.CheckConstraint(
                condition=~Q(decision="transferred") | Q(to_organisation__isnull=False) | Q(to_body__isnull=False),
                name="handover_transferred_has_recipient",
                violation_error_message=_("Vælg den organisation eller det organ, der overtager."),
            ),
            models.CheckConstraint(
                condition=~Q(decision="anchored") | Q(to_organisation__isnull=False, to_body__isnull=True),
                name="handover_anchored_in_organisation",
                violation_error_message=_("Vælg den forvaltning, hvis drift opgaven bliver en del af."),
            ),
        ]
        indexes = [models.Index(fields=["to_organisation"], name="handover_to_org")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"

    @property
    def recipient(self):
        return self.to_organisation or self.to_body
