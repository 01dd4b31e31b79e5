"""Escalations: concrete problems lifted up the initiative's ladder, and safety walks.

An escalation sits on one level of its initiative's ladder at a time. Each
level names a body, the role responsible and two SLA clocks in Danish working
days (acknowledge, resolve). Every step is an EscalationEvent in an append-only
timeline; the Escalation row holds the current state for fast, indexed queues.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Area, Body, Initiative, Organisation, Role
from dialogue.models import search
from dialogue.themes import Theme

MAX_TEXT = 4000
# The raiser may reopen a resolved case this long after the answer; later, a new case is raised.
REOPEN_WINDOW = datetime.timedelta(days=30)
# Stored values of Escalation.Status that count as open; module-level so Meta's partial indexes can use them.
OPEN_STATUS_VALUES = ["new", "acknowledged", "assigned", "in_progress", "on_agenda"]
OPEN = Q(status__in=OPEN_STATUS_VALUES)


class LadderLevel(models.Model):
    """One rung of an initiative's escalation ladder."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("indsats"), on_delete=models.CASCADE, related_name="ladder"
    )
    level = models.PositiveSmallIntegerField(_("niveau"))
    name = models.CharField(_("navn"), max_length=160)
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    housing_sector_body = models.ForeignKey(
        Body,
        verbose_name=_("organ for den almene sektors sager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Fx Partnerskabsforum i stedet for Borgmesterforum, når sagen angår den almene boligsektor."),
    )
    responsible_role = models.CharField(
        _("ansvarlig rolle"), max_length=20, choices=Role.Kind.choices, default=Role.Kind.CHIEF
    )
    ack_days = models.PositiveSmallIntegerField(_("kvittering inden (arbejdsdage)"), default=2)
    resolve_days = models.PositiveSmallIntegerField(_("løsning inden (arbejdsdage)"), default=20)

    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "level"]
        verbose_name = _("eskaleringstrin")
        verbose_name_plural = _("eskaleringstrappe")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "level"],
                name="ladder_unique_level",
                violation_error_message=_("Niveauet findes allerede."),
            ),
        ]

    def __str__(self):
        return f"{self.level}. {self.name}"

    def clean(self):
        if self.ack_days > self.resolve_days:
            raise ValidationError({"ack_days": _("Kvitteringsfristen kan ikke være længere end løsningsfristen.")})

    def body_for(self, escalation):
        if escalation.housing_sector and self.housing_sector_body_id:
            return self.housing_sector_body
        return self.body


class EscalationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Escalation.OPEN_STATUSES)

    def breached(self, today=None):
        """Open cases whose current deadline (sla_due) has passed."""
        return self.open().filter(sla_due__lt=today or timezone.localdate())

    def sla_state(self, state, today, close_until):
        """Open cases on time (deadline after `close_until`), close (today..close_until) or breached (before today)."""
        if state == "breached":
            return self.breached(today)
        if state == "close":
            return self.open().filter(sla_due__gte=today, sla_due__lte=close_until)
        return self.open().filter(sla_due__gt=close_until)

    def by_sla(self):
        """The inbox order: the nearest deadline first (indexed: status, sla_due)."""
        return self.order_by("sla_due", "id")


class Escalation(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        ACKNOWLEDGED = "acknowledged", _("Kvitteret")
        ASSIGNED = "assigned", _("Sendt til forvaltning")
        IN_PROGRESS = "in_progress", _("Under behandling")
        ON_AGENDA = "on_agenda", _("På dagsorden")
        RESOLVED = "resolved", _("Løst")
        REJECTED = "rejected", _("Afvist")
        MERGED = "merged", _("Lagt sammen med anden sag")

    class Category(models.TextChoices):
        GENERAL = "general", _("Konkret problem")
        CHILD_SUPPORT = "child_support", _("Barn eller ung har brug for støtte fra myndighederne")
        SAFETY_WALK = "safety_walk", _("Fund fra tryghedsvandring")

    class Urgency(models.TextChoices):
        LOW = "low", _("Kan vente")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("Haster")

    OPEN_STATUSES = [Status.NEW, Status.ACKNOWLEDGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.ON_AGENDA]
    assert [s.value for s in OPEN_STATUSES] == OPEN_STATUS_VALUES  # keep the partial indexes in step
    CLOSED_STATUSES = [Status.RESOLVED, Status.REJECTED, Status.MERGED]

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("indsats"), on_delete=models.PROTECT, related_name="escalations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("rejst af organisation"),
        on_delete=models.PROTECT,
        related_name="escalations_raised",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("overskrift"), max_length=160)
    description = models.TextField(_("beskrivelse"), max_length=MAX_TEXT)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices, default=Category.GENERAL)
    theme = models.CharField(_("tema"), max_length=30, choices=Theme.choices)
    department = models.ForeignKey(
        Organisation,
        verbose_name=_("forvaltning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations_concerning",
        help_text=_("Vælg „ved ikke“, så sender hotspotchefen sagen det rigtige sted hen."),
    )
    urgency = models.CharField(_("hastegrad"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    area = models.ForeignKey(
        Area, verbose_name=_("område"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    street = models.CharField(_("sted (gade, gård, sti)"), max_length=200, blank=True)
    housing_sector = models.BooleanField(
        _("angår den almene boligsektor"),
        default=False,
        help_text=_("Afgør om sagen på øverste niveau går til Partnerskabsforum."),
    )
    level = models.PositiveSmallIntegerField(_("niveau"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    assigned_department = models.ForeignKey(
        Organisation,
        verbose_name=_("tildelt forvaltning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("rejst"), default=timezone.now)
    ack_due = models.DateField(_("kvitteres senest"))
    resolve_due = models.DateField(_("løses senest"))
    # The deadline that matters now (acknowledge while new, else resolve): the inbox sorts on it.
    sla_due = models.DateField(_("næste frist"))
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    answer = models.TextField(_("svar"), blank=True, max_length=MAX_TEXT)
    need_met = models.BooleanField(_("behovet blev mødt"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_cases"
    )
    decision = models.ForeignKey(
        "Outcome",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolved_escalations",
        verbose_name=_("afgjort ved beslutning"),
    )
    # The named person in the assigned department who handles the case; cleared when it is routed elsewhere.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandles af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped by every change of state.")

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("eskalering")
        verbose_name_plural = _("eskaleringer")
        # Partial indexes on open cases, in queue order: the inbox and the department queue
        # read the first page straight off the index instead of sorting every open case
        # (bench/results/escalation_inbox.md: 106 ms → 5 ms at 100,000 escalations).
        indexes = [
            models.Index(fields=["initiative", "sla_due", "id"], condition=OPEN, name="esc_inbox_open"),
            models.Index(fields=["assigned_department", "sla_due", "id"], condition=OPEN, name="esc_dept_queue_open"),
            models.Index(fields=["organisation", "created"], name="esc_raiser"),
            # The case list "all in my initiatives", newest first (dialogue.access.listed_escalations).
            models.Index(fields=["initiative", "-created", "-id"], name="esc_initiative_newest"),
            models.Index(fields=["status", "sla_due"], name="esc_sla"),
            search.search_index(search.ESCALATION, "esc_search"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1), name="escalation_level_positive"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self):
        return reverse("dialogue:escalation_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @staticmethod
    def deadline_for(status, ack_due, resolve_due):
        """The deadline that matters now, and that queues sort on: acknowledgement while new, then resolution.

        The one place sla_due is derived; the escalation services' state-change helper calls it.
        """
        return ack_due if status == Escalation.Status.NEW else resolve_due

    def breached(self, today=None):
        today = today or timezone.localdate()
        return self.is_open and self.sla_due < today

    def can_reopen(self, now=None):
        """A resolved case may be reopened within REOPEN_WINDOW of its answer."""
        now = now or timezone.now()
        return (
            self.status == self.Status.RESOLVED and self.closed_at is not None and now - self.closed_at <= REOPEN_WINDOW
        )


class EscalationEvent(models.Model):
    """One step in an escalation's timeline. Append-only: never updated or deleted."""

    class Kind(models.TextChoices):
        RAISED = "raised", _("Rejst")
        ACKNOWLEDGED = "acknowledged", _("Kvitteret")
        ASSIGNED = "assigned", _("Sendt til forvaltning")
        COMMENT = "comment", _("Kommentar")
        QUESTION = "question", _("Spørgsmål til den, der rejste sagen")
        REPLY = "reply", _("Svar fra den, der rejste sagen")
        IN_PROGRESS = "in_progress", _("Under behandling")
        ANSWER = "answer", _("Svar")
        ESCALATED = "escalated", _("Eskaleret")
        ON_AGENDA = "on_agenda", _("Sat på dagsorden")
        RESOLVED = "resolved", _("Løst")
        REJECTED = "rejected", _("Afvist")
        REOPENED = "reopened", _("Genåbnet")
        MERGED = "merged", _("Lagt sammen")
        HANDLER = "handler", _("Sagsbehandler sat på")

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    text = models.TextField(blank=True, max_length=MAX_TEXT)
    from_level = models.PositiveSmallIntegerField(null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(null=True, blank=True)
    department = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    agenda_item = models.ForeignKey("AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    other = models.ForeignKey(Escalation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # HANDLER: the person the case was given to (None: nobody any more).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["escalation", "at"], name="esc_event_timeline"),
            search.search_index(search.ESCALATION_EVENT, "esc_event_search"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Escalation events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Escalation events are append-only.")


def attachment_path(instance, filename):
    # The stored name is random: the uploaded name is kept only as data, never as a path.
    return f"escalations/{uuid.uuid4().hex}"


class Attachment(models.Model):
    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("dialogue:attachment_download", args=[self.pk])


class EscalationNote(models.Model):
    """An internal note of the case's staff: never shown to the raiser or observers, never mailed.

    Kept apart from the timeline on purpose: timeline events are announced and reach the
    raiser's notifications; a note is not an event and is read only on the case page by
    those dialogue.access.EscalationRights.notes allows.
    """

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    text = models.TextField(_("intern note"), max_length=MAX_TEXT)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("intern note")
        verbose_name_plural = _("interne noter")

    def __str__(self):
        return f"{self.escalation_id}: {self.text[:40]}"


def pending_upload_path(instance, filename):
    return f"pending/{uuid.uuid4().hex}"


# A file held for a form that failed validation is removed this long after it was uploaded.
PENDING_UPLOAD_MAX_AGE = datetime.timedelta(hours=24)


class PendingUploadQuerySet(models.QuerySet):
    def stale(self, now=None):
        return self.filter(created__lt=(now or timezone.now()) - PENDING_UPLOAD_MAX_AGE)


class PendingUpload(models.Model):
    """A checked upload held for a form that failed validation, until the form is sent again.

    Bound to the user and the form it came with (`form_key`, e.g. "escalation_create" or
    "escalation_comment:12"), found only by its random token together with both: another
    user cannot claim it. Stored privately like Attachment; stale ones are swept by
    dialogue.tasks.sweep_pending_uploads.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    form_key = models.CharField(max_length=60)
    file = models.FileField(upload_to=pending_upload_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created = models.DateTimeField(default=timezone.now, db_index=True)

    objects = PendingUploadQuerySet.as_manager()

    def __str__(self):
        return self.original_name
