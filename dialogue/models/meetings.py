"""The dialogue platform: meetings, their agenda, attendance, minutes and outcomes.

A meeting belongs to an initiative (and optionally a body). Its agenda items
carry minutes and typed outcomes: information, decisions and action items.
Minutes move draft → circulated → published; publishing stores an immutable
version, and later changes need a new version (see services.minutes_*).
"""

import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Body, Initiative, Organisation, Person, display_name
from dialogue.themes import theme_labels, validate_themes

MAX_TEXT = 4000
# Minutes of one agenda item: long enough for a verbatim record (a 100 kB text fits).
MAX_MINUTES = 200_000
MAX_AGENDA_ITEMS = 100


class MeetingKind(models.TextChoices):
    DIALOGUE_PLATFORM = "dialogue_platform", _("Dialogplatform")
    STEERING_GROUP = "steering_group", _("Styregruppemøde")
    COORDINATION_NETWORK = "coordination_network", _("Koordinationsnetværk")
    PROFESSIONAL_NETWORK = "professional_network", _("Fagligt netværk")
    LOCAL_BOARD = "local_board", _("Lokal bestyrelse eller styregruppe")
    FORUM = "forum", _("Forum")


class MeetingSeries(models.Model):
    """A recurring meeting with a template: the next meeting is created from it in one step."""

    class Recurrence(models.TextChoices):
        WEEKLY = "weekly", _("Hver uge")
        BIWEEKLY = "biweekly", _("Hver anden uge")
        MONTHLY = "monthly", _("Hver måned")
        QUARTERLY = "quarterly", _("Hvert kvartal")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("indsats"), on_delete=models.CASCADE, related_name="meeting_series"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("mødetype"), max_length=30, choices=MeetingKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    recurrence = models.CharField(
        _("gentagelse"), max_length=20, choices=Recurrence.choices, default=Recurrence.MONTHLY
    )
    place = models.CharField(_("sted"), max_length=200, blank=True)
    duration_minutes = models.PositiveIntegerField(_("varighed (minutter)"), default=120)
    template_agenda = models.TextField(
        _("fast dagsorden"),
        blank=True,
        max_length=MAX_TEXT,
        help_text=_("Ét punkt pr. linje. Kopieres til hvert nyt møde."),
    )
    invited_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("faste inviterede organisationer"), blank=True, related_name="+"
    )
    invited_people = models.ManyToManyField(
        Person, verbose_name=_("faste inviterede personer"), blank=True, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[invited_organisations, invited_people])

    class Meta:
        ordering = ["title"]
        verbose_name = _("mødeserie")
        verbose_name_plural = _("mødeserier")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dialogue:series_detail", args=[self.pk])


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start")


class Meeting(models.Model):
    class MinutesStatus(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        CIRCULATED = "circulated", _("Sendt til kommentering")
        PUBLISHED = "published", _("Godkendt og offentliggjort")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("indsats"), on_delete=models.PROTECT, related_name="meetings"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("serie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    kind = models.CharField(_("mødetype"), max_length=30, choices=MeetingKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("slut"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    description = models.TextField(_("formål og praktisk"), blank=True, max_length=MAX_TEXT)
    cancelled = models.BooleanField(_("aflyst"), default=False)
    minutes_status = models.CharField(
        _("referatstatus"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    minutes_version = models.PositiveIntegerField(_("referatversion"), default=1)
    agenda_sent_at = models.DateTimeField(_("dagsorden sendt"), null=True, blank=True)
    comments_due = models.DateField(
        _("kommentarer senest"), null=True, blank=True, help_text=_("Fristen for kommentarer til det udsendte referat.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-start"]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        indexes = [
            models.Index(fields=["initiative", "start"], name="meeting_initiative_start"),
            models.Index(fields=["start"], name="meeting_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="meeting_end_after_start",
                violation_error_message=_("Mødet skal slutte efter det starter."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.start):%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("dialogue:meeting_detail", args=[self.pk])

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Mødet skal slutte efter det starter.")})

    @property
    def duration_minutes(self):
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def has_started(self):
        """Attendance, minutes and decisions belong to a meeting that has begun."""
        return self.start <= timezone.now()

    @property
    def has_ended(self):
        return self.end <= timezone.now()

    @property
    def stage(self):
        """Where the meeting is in its life, which decides what its page puts first:
        planned (agenda, invitations) → held (attendance, minutes, outcomes) → circulated (comments)
        → published (read, print)."""
        if self.minutes_status == self.MinutesStatus.PUBLISHED:
            return "published"
        if self.minutes_status == self.MinutesStatus.CIRCULATED:
            return "circulated"
        return "held" if self.has_started else "planned"

    @property
    def comments_open(self):
        return self.minutes_status == self.MinutesStatus.CIRCULATED and (
            self.comments_due is None or self.comments_due >= timezone.localdate()
        )

    @property
    def is_published(self):
        return self.minutes_status == self.MinutesStatus.PUBLISHED

    @property
    def minutes_locked(self):
        return self.is_published

    def deletable(self):
        """A meeting whose minutes were ever approved is part of the record: it is cancelled, never deleted."""
        return not self.minutes_versions.exists()


class Invitation(models.Model):
    """An organisation or a person invited to a meeting, and whether they came."""

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Ikke registreret")
        PRESENT = "present", _("Til stede")
        EXCUSED = "excused", _("Afbud")
        ABSENT = "absent", _("Udeblevet")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="invitations"
    )

    class Response(models.TextChoices):
        NONE = "", _("Intet svar")
        ATTENDING = "attending", _("Deltager")
        APOLOGIES = "apologies", _("Afbud")

    attendance = models.CharField(_("fremmøde"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN)
    walk_in = models.BooleanField(_("kom uden invitation"), default=False)
    # The invitee's own answer before the meeting (services.invitation_answer); attendance is what happened.
    response = models.CharField(_("svar"), max_length=10, choices=Response.choices, blank=True, default="")
    response_note = models.CharField(_("bemærkning til svaret"), max_length=200, blank=True)
    responded_at = models.DateTimeField(_("svaret"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "person__name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitationer")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=True, person__isnull=False)
                | Q(organisation__isnull=False, person__isnull=True),
                name="invitation_org_xor_person",
                violation_error_message=_("En invitation gælder enten en organisation eller en person."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(organisation__isnull=False),
                name="invitation_unique_org",
                violation_error_message=_("Organisationen er allerede inviteret."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="invitation_unique_person",
                violation_error_message=_("Personen er allerede inviteret."),
            ),
        ]

    def __str__(self):
        return str(self.organisation or self.person)

    @property
    def invitee(self):
        return self.organisation or self.person

    def suggested_attendance(self):
        """What the attendance form starts from: what was recorded, else the invitee's own answer."""
        if self.attendance != self.Attendance.UNKNOWN:
            return self.attendance
        return {
            self.Response.ATTENDING: self.Attendance.PRESENT,
            self.Response.APOLOGIES: self.Attendance.EXCUSED,
        }.get(self.response, self.Attendance.UNKNOWN)


class AgendaItem(models.Model):
    class Origin(models.TextChoices):
        LOCAL_BODY = "local_body", _("Lokal bestyrelse eller styregruppe")
        DEPARTMENT = "department", _("Forvaltning")
        CHIEF = "chief", _("Hotspotchefen")
        ESCALATION = "escalation", _("Eskalering")
        OTHER = "other", _("Andet")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("nummer"))
    title = models.CharField(_("punkt"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True, max_length=MAX_TEXT)
    owner_person = models.ForeignKey(
        Person, verbose_name=_("ansvarlig person"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("ansvarlig organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    planned_minutes = models.PositiveIntegerField(_("planlagt tid (minutter)"), default=10)
    themes = models.JSONField(_("temaer"), default=list, blank=True, validators=[validate_themes])
    origin = models.CharField(_("kommer fra"), max_length=20, choices=Origin.choices, default=Origin.CHIEF)
    origin_body = models.ForeignKey(
        Body,
        verbose_name=_("fra organ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Den lokale bestyrelse eller styregruppe, punktet kommer fra."),
    )
    origin_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("fra organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes = models.TextField(_("referat"), blank=True, max_length=MAX_MINUTES)
    reached = models.BooleanField(
        _("behandlet"), default=True, help_text=_("Fjern fluebenet, hvis punktet ikke nåede at blive behandlet.")
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("overført fra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )
    follows_up = models.ForeignKey(
        "Outcome",
        verbose_name=_("opfølgning på"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    escalation = models.ForeignKey(
        "Escalation",
        verbose_name=_("eskalering"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_unique_position")]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#punkt-{self.pk}"

    def clean(self):
        if self.origin == self.Origin.LOCAL_BODY and not self.origin_body_id:
            raise ValidationError(
                {"origin_body": _("Vælg den lokale bestyrelse eller styregruppe, punktet kommer fra.")}
            )
        if self.origin == self.Origin.DEPARTMENT and not self.origin_organisation_id:
            raise ValidationError({"origin_organisation": _("Vælg forvaltningen, punktet kommer fra.")})

    @property
    def theme_labels(self):
        return theme_labels(self.themes)

    @property
    def from_residents_body(self):
        return (
            self.origin == self.Origin.LOCAL_BODY
            and self.origin_body is not None
            and self.origin_body.residents_have_seats
        )


class OutcomeQuerySet(models.QuerySet):
    def actions(self):
        return self.filter(kind=Outcome.Kind.ACTION)

    def open_actions(self):
        return self.actions().filter(status__in=Outcome.OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open_actions().filter(due__lt=today or timezone.localdate())


class Outcome(models.Model):
    """What an agenda item led to: information, a decision or an action item."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Orientering")
        DECISION = "decision", _("Beslutning")
        ACTION = "action", _("Handling")

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        IN_PROGRESS = "in_progress", _("I gang")
        DONE = "done", _("Udført")
        DROPPED = "dropped", _("Opgivet")

    OPEN_STATUSES = [Status.OPEN, Status.IN_PROGRESS]

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("tekst"), max_length=MAX_TEXT)
    themes = models.JSONField(_("temaer"), default=list, blank=True, validators=[validate_themes])
    # Decision
    decided_by = models.ForeignKey(
        Body, verbose_name=_("besluttet af"), null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    needs_political_approval = models.BooleanField(_("kræver politisk godkendelse"), default=False)
    review_date = models.DateField(_("tages op igen"), null=True, blank=True)
    # Action item
    owner_person = models.ForeignKey(
        Person,
        verbose_name=_("ansvarlig person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("ansvarlig organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    due = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(_("udført den"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = OutcomeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["agenda_item", "id"]
        verbose_name = _("udfald")
        verbose_name_plural = _("udfald")
        indexes = [
            models.Index(fields=["kind", "status", "due"], name="outcome_action_due"),
            models.Index(fields=["owner_organisation", "status"], name="outcome_owner_org"),
            models.Index(fields=["owner_person", "status"], name="outcome_owner_person"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self):
        return f"{self.agenda_item.meeting.get_absolute_url()}#udfald-{self.pk}"

    def clean(self):
        if self.kind == self.Kind.ACTION:
            if not (self.owner_person_id or self.owner_organisation_id):
                raise ValidationError(
                    {"owner_organisation": _("En handling skal have en ansvarlig person eller organisation.")}
                )
            if not self.due:
                raise ValidationError({"due": _("En handling skal have en frist.")})

    @property
    def theme_labels(self):
        return theme_labels(self.themes)

    @property
    def owner(self):
        return self.owner_person or self.owner_organisation

    @property
    def is_overdue(self):
        return (
            self.kind == self.Kind.ACTION
            and self.status in self.OPEN_STATUSES
            and self.due is not None
            and self.due < timezone.localdate()
        )


class MinutesVersion(models.Model):
    """An approved, published version of a meeting's minutes: frozen, never edited."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("indhold"))
    published_at = models.DateTimeField(_("offentliggjort"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    change_note = models.CharField(_("hvad er ændret"), max_length=500, blank=True)

    class Meta:
        ordering = ["meeting", "-number"]
        verbose_name = _("referatversion")
        verbose_name_plural = _("referatversioner")
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_unique")]

    def __str__(self):
        return f"{self.meeting} v{self.number}"


class MinutesComment(models.Model):
    """A comment from an attendee while the minutes are circulated."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_comments")
    # The item the comment is about; none for a comment on the minutes as a whole.
    agenda_item = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("punkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minutes_comments",
    )
    version = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("kommentar"), max_length=MAX_TEXT)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created"]
        verbose_name = _("kommentar til referat")
        verbose_name_plural = _("kommentarer til referat")

    def __str__(self):
        return f"{self.author}: {self.text[:40]}"


def paper_path(instance, filename):
    # The stored name is random: the uploaded name is kept only as data, never as a path.
    return f"meetings/{uuid.uuid4().hex}"


class MeetingPaper(models.Model):
    """A paper for a meeting (an appendix to the agenda), for the whole meeting or one agenda item.

    Files pass the escalations' upload checks (dialogue.escalations.uploads) and live in the
    private media storage; they are served only through a view that checks the meeting's access.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("dagsordenspunkt"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="papers",
    )
    file = models.FileField(upload_to=paper_path)
    original_name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("lagt op af")
    )
    uploaded_at = models.DateTimeField(_("lagt op"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("mødebilag")
        verbose_name_plural = _("mødebilag")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("dialogue:paper_download", args=[self.pk])

    @property
    def uploader_name(self):
        by = self.uploaded_by
        return display_name(by) if by else _("ukendt")


def new_calendar_token():
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a user's personal calendar feed URL; renewing it revokes the old URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user} calendar"

    def renew(self):
        self.token = new_calendar_token()
        self.created = timezone.now()
        self.save(update_fields=["token", "created"])
