"""Safety walks (tryghedsvandringer): each finding becomes an escalation routed to a department."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Area, Initiative, Organisation
from dialogue.models import search
from dialogue.models.escalations import MAX_TEXT, Escalation

FOLLOW_UP_WARNING = datetime.timedelta(days=30)  # a follow-up this close (or late) is flagged


def _follow_up_due(today=None):
    return Q(follow_up_done__isnull=True, follow_up_date__lte=(today or timezone.localdate()) + FOLLOW_UP_WARNING)


class SafetyWalkQuerySet(models.QuerySet):
    def follow_up_due(self, today=None):
        """Walks whose follow-up has not taken place and falls within FOLLOW_UP_WARNING (or is late)."""
        return self.filter(_follow_up_due(today))

    def with_follow_up_due(self, today=None):
        """Each walk with `follow_up_due` (see follow_up_due()) as an attribute."""
        return self.annotate(follow_up_due=ExpressionWrapper(_follow_up_due(today), output_field=BooleanField()))


class SafetyWalk(models.Model):
    """A tryghedsvandring: residents, housing staff, police and the municipality walk an area."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("indsats"), on_delete=models.PROTECT, related_name="safety_walks"
    )
    date = models.DateField(_("dato"))
    area = models.ForeignKey(
        Area, verbose_name=_("område"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    route = models.TextField(_("rute"), max_length=MAX_TEXT)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("deltagende organisationer"), related_name="safety_walks"
    )
    raised_for = models.ForeignKey(
        Organisation,
        verbose_name=_("fund rejses på vegne af"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Den organisation, der står som afsender på fundene."),
    )
    follow_up_date = models.DateField(_("opfølgende vandring"))
    follow_up_done = models.DateField(_("opfølgning gennemført"), null=True, blank=True)
    notes = models.TextField(_("noter"), blank=True, max_length=MAX_TEXT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = SafetyWalkQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        ordering = ["-date"]
        verbose_name = _("tryghedsvandring")
        verbose_name_plural = _("tryghedsvandringer")
        indexes = [
            models.Index(fields=["follow_up_done", "follow_up_date"], name="walk_follow_up"),
            search.search_index(search.SAFETY_WALK, "walk_search"),
        ]

    def __str__(self):
        return f"{_('Tryghedsvandring')} {self.date:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("dialogue:safetywalk_detail", args=[self.pk])

    def is_follow_up_due(self, today=None):
        """The one-walk form of SafetyWalk.objects.follow_up_due()."""
        return (
            self.follow_up_done is None and self.follow_up_date <= (today or timezone.localdate()) + FOLLOW_UP_WARNING
        )


class SafetyWalkFinding(models.Model):
    class Category(models.TextChoices):
        LIGHTING = "lighting", _("Belysning")
        SIGHTLINES = "sightlines", _("Oversigtsforhold")
        SHRUBS = "shrubs", _("Buske og beplantning")
        CLEANING = "cleaning", _("Renhold")
        GRAFFITI = "graffiti", _("Graffiti")
        VANDALISM = "vandalism", _("Hærværk")
        OTHER = "other", _("Andet")

    walk = models.ForeignKey(SafetyWalk, on_delete=models.CASCADE, related_name="findings")
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    description = models.TextField(_("beskrivelse"), max_length=MAX_TEXT)
    place = models.CharField(_("sted"), max_length=200)
    escalation = models.OneToOneField(Escalation, on_delete=models.PROTECT, related_name="finding")

    class Meta:
        ordering = ["walk", "id"]
        indexes = [search.search_index(search.SAFETY_WALK_FINDING, "walk_finding_search")]
        verbose_name = _("fund")
        verbose_name_plural = _("fund")

    def __str__(self):
        return f"{self.get_category_display()}: {self.place}"
