"""Evaluation: the theory of change (goals), indicators in three dimensions,
measurements, collaboration surveys and the experience log.

The seed asks that an area-based initiative is judged not only by effect on
safety and crime (target-group effect) but also by its internal collaboration
and the municipality's own effort, all tied to the vision and long-term goals.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Area, Initiative, Organisation
from dialogue.models import Escalation, Outcome
from dialogue.themes import validate_themes

MAX_TEXT = 4000


class Goal(models.Model):
    """A node of the initiative's goal tree: vision → long-term goal → sub-goal."""

    class Level(models.TextChoices):
        VISION = "vision", _("Vision")
        LONG_TERM = "long_term", _("Langsigtet mål")
        SUB_GOAL = "sub_goal", _("Delmål")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("indsats"), on_delete=models.CASCADE, related_name="goals"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("under"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    title = models.CharField(_("mål"), max_length=240)
    description = models.TextField(_("beskrivelse"), blank=True, max_length=MAX_TEXT)
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluation:goal_detail", args=[self.pk])

    @property
    def description_beyond_title(self):
        """The description where it adds to the title; empty where it only repeats it (a vision is often
        typed into both: the tree would show it twice, one under the other)."""
        if " ".join(self.description.split()).casefold() == " ".join(self.title.split()).casefold():
            return ""
        return self.description

    EXPECTED_PARENT = {Level.VISION: None, Level.LONG_TERM: Level.VISION, Level.SUB_GOAL: Level.LONG_TERM}

    def clean(self):
        expected = self.EXPECTED_PARENT.get(self.level)
        if expected is None and self.parent_id:
            raise ValidationError({"parent": _("En vision står øverst og har intet overordnet mål.")})
        if expected is not None:
            if not self.parent_id:
                raise ValidationError({"parent": _("Vælg det mål, dette mål hører under.")})
            if self.parent.level != expected:
                raise ValidationError(
                    {
                        "parent": _("Et %(level)s hører under et mål på niveauet „%(expected)s“.")
                        % {"level": self.get_level_display().lower(), "expected": self.Level(expected).label}
                    }
                )
            if self.parent.initiative_id != self.initiative_id:
                raise ValidationError({"parent": _("Det overordnede mål hører til en anden indsats.")})


class Indicator(models.Model):
    class Dimension(models.TextChoices):
        EFFECT = "effect", _("Effekt for målgruppen")
        COLLABORATION = "collaboration", _("Internt samarbejde")
        EFFORT = "effort", _("Kommunal indsats")

    class Direction(models.TextChoices):
        UP = "up", _("Højere er bedre")
        DOWN = "down", _("Lavere er bedre")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Månedlig")
        QUARTERLY = "quarterly", _("Kvartalsvis")
        YEARLY = "yearly", _("Årlig")

    class Method(models.TextChoices):
        MANUAL = "manual", _("Indtastes")
        DERIVED = "derived", _("Beregnes af platformens egne data")

    goal = models.ForeignKey(Goal, verbose_name=_("mål"), on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indikator"), max_length=240)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    unit = models.CharField(_("enhed"), max_length=60, help_text=_("Fx %, antal, anmeldelser pr. 1.000 indbyggere"))
    direction = models.CharField(_("retning"), max_length=10, choices=Direction.choices)
    baseline_value = models.DecimalField(_("nulpunkt (værdi)"), max_digits=14, decimal_places=3, null=True, blank=True)
    baseline_date = models.DateField(_("nulpunkt (dato)"), null=True, blank=True)
    frequency = models.CharField(_("hyppighed"), max_length=20, choices=Frequency.choices, default=Frequency.YEARLY)
    source = models.CharField(_("datakilde"), max_length=240, blank=True)
    verification = models.CharField(_("verifikation"), max_length=240, blank=True)
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("ansvarlig organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField(_("metode"), max_length=10, choices=Method.choices, default=Method.MANUAL)
    derived_key = models.CharField(_("beregning"), max_length=40, blank=True)
    tolerance = models.DecimalField(
        _("tolerance (%)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("15.0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Inden for denne afvigelse fra målkurven er indikatoren „på sporet“."),
    )
    is_illustrative = models.BooleanField(_("illustrative tal (demo)"), default=False)
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evaluation:indicator_detail", args=[self.pk])

    def clean(self):
        if self.method == self.Method.DERIVED and not self.derived_key:
            raise ValidationError({"derived_key": _("Vælg hvilken beregning indikatoren bruger.")})
        if self.method == self.Method.MANUAL:
            self.derived_key = ""
        if (self.baseline_value is None) != (self.baseline_date is None):
            raise ValidationError({"baseline_date": _("Et nulpunkt skal have både værdi og dato.")})


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    date = models.DateField(_("dato"))
    value = models.DecimalField(_("mål"), max_digits=14, decimal_places=3)

    class Meta:
        ordering = ["date"]
        verbose_name = _("målværdi")
        verbose_name_plural = _("målværdier")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="target_unique_date",
                violation_error_message=_("Der er allerede en målværdi for den dato."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date})"


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    value = models.DecimalField(_("værdi"), max_digits=14, decimal_places=3)
    area = models.ForeignKey(
        Area, verbose_name=_("område"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("kilde"), max_length=240, blank=True)
    note = models.TextField(_("dokumentation"), blank=True, max_length=MAX_TEXT)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end", "area"],
                nulls_distinct=False,
                name="measurement_unique_period",
                violation_error_message=_("Der findes allerede en måling for den periode og det område."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="measurement_period_ordered",
                violation_error_message=_("Perioden slutter før den starter."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.period_start}–{self.period_end})"

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Perioden slutter før den starter.")})
        if (
            self.indicator_id
            and self.indicator.unit.strip() == "%"
            and self.value is not None
            and not 0 <= self.value <= 100
        ):
            raise ValidationError({"value": _("En procentværdi skal ligge mellem 0 og 100.")})
        initiative = self.indicator.goal.initiative if self.indicator_id else None
        if initiative and self.period_start and self.period_end:
            # A baseline may predate the initiative (e.g. 2009 for a 2011 start); measurements
            # must touch the initiative's period or the two years before it.
            earliest = initiative.start.replace(year=initiative.start.year - 2)
            if self.period_end < earliest or self.period_start > initiative.end:
                raise ValidationError(
                    _("Perioden ligger uden for indsatsens periode (%(s)s–%(e)s).")
                    % {"s": initiative.start, "e": initiative.end}
                )


class GoalLink(models.Model):
    """What was done about a goal: a decision or action item from a meeting, or an escalation."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="links")
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.CASCADE, related_name="goal_links")
    escalation = models.ForeignKey(
        Escalation, null=True, blank=True, on_delete=models.CASCADE, related_name="goal_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__isnull=False, escalation__isnull=True)
                | Q(outcome__isnull=True, escalation__isnull=False),
                name="goallink_one_target",
            ),
            models.UniqueConstraint(
                fields=["goal", "outcome"],
                condition=Q(outcome__isnull=False),
                name="goallink_unique_outcome",
                violation_error_message=_("Allerede knyttet til målet."),
            ),
            models.UniqueConstraint(
                fields=["goal", "escalation"],
                condition=Q(escalation__isnull=False),
                name="goallink_unique_escalation",
                violation_error_message=_("Allerede knyttet til målet."),
            ),
        ]

    def __str__(self):
        return f"{self.goal} ← {self.outcome or self.escalation}"


class SurveyRound(models.Model):
    """A round of the collaboration survey: each respondent rates each other engaged organisation."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("indsats"), on_delete=models.CASCADE, related_name="survey_rounds"
    )
    title = models.CharField(_("titel"), max_length=160)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    opens = models.DateField(_("åbner"))
    closes = models.DateField(_("lukker"))
    organisations = models.ManyToManyField(Organisation, verbose_name=_("organisationer"), related_name="+")

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("spørgeskemarunde")
        verbose_name_plural = _("spørgeskemarunder")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluation:survey_detail", args=[self.pk])

    def clean(self):
        if self.closes and self.opens and self.closes < self.opens:
            raise ValidationError({"closes": _("Runden lukker før den åbner.")})
        if self.period_end and self.period_start and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Perioden slutter før den starter.")})

    @property
    def is_open(self):
        return self.opens <= timezone.localdate() <= self.closes


class SurveyDimension(models.TextChoices):
    """Our own wording of the seven relational-coordination dimensions (the original instrument is licensed)."""

    FREQUENT = "frequent", _("Vi taler sammen tilstrækkeligt ofte")
    TIMELY = "timely", _("De giver os besked i tide")
    ACCURATE = "accurate", _("Det, de fortæller os, er korrekt")
    PROBLEM_SOLVING = "problem_solving", _("Når noget går galt, løser vi det sammen frem for at placere skyld")
    SHARED_GOALS = "shared_goals", _("Vi har fælles mål for området")
    SHARED_KNOWLEDGE = "shared_knowledge", _("De ved, hvad vi gør, og hvorfor")
    RESPECT = "respect", _("De respekterer vores arbejde")


class SurveyResponse(models.Model):
    """One anonymous set of answers: it records the respondent's organisation, never the user.

    Random primary keys: sequential ids would let someone with database access pair a
    response with the participation row written in the same transaction.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    respondent_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # A date, not a timestamp: a precise time could be matched to the participation record.
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        indexes = [models.Index(fields=["round", "respondent_organisation"], name="survey_response_group")]

    def __str__(self):
        return f"{self.round}: {self.respondent_organisation}"


class SurveyRating(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="ratings")
    rated_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField(max_length=20, choices=SurveyDimension.choices)
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "rated_organisation", "dimension"], name="rating_unique"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="rating_score_range"),
        ]

    def __str__(self):
        return f"{self.rated_organisation} {self.dimension}={self.score}"


class SurveyParticipation(models.Model):
    """Who has answered a round (for reminders and to refuse a second answer). Not linked to the answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"],
                name="participation_unique",
                violation_error_message=_("Du har allerede besvaret denne runde."),
            ),
        ]

    def __str__(self):
        return f"{self.user} answered {self.round}"


class Experience(models.Model):
    """A lesson learned (erfaring) recorded by a department or local actor."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("indsats"), on_delete=models.CASCADE, related_name="experiences"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="experiences"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField(_("dato"), default=timezone.localdate)
    title = models.CharField(_("overskrift"), max_length=200)
    text = models.TextField(_("erfaring"), max_length=MAX_TEXT)
    goals = models.ManyToManyField(Goal, verbose_name=_("mål"), blank=True, related_name="experiences")
    themes = models.JSONField(_("temaer"), default=list, blank=True, validators=[validate_themes])

    history = HistoricalRecords(m2m_fields=[goals])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("erfaring")
        verbose_name_plural = _("erfaringer")

    def __str__(self):
        return self.title


class IndicatorSeries(models.Model):
    """The values an indicator is judged on, stored (evaluation.series): its whole-area measurements, or
    for a derived indicator the values computed from the platform's data. Pages read this row and never
    recompute; `computed_at` is shown with derived values."""

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="stored_series")
    points = models.JSONField(default=list)  # [[period_start, period_end, value], ...] as ISO dates and strings
    computed_at = models.DateTimeField()
    inputs = models.CharField(max_length=300, blank=True)  # the version of the data a derived series came from

    class Meta:
        verbose_name = _("indikatorens værdier")
        verbose_name_plural = _("indikatorernes værdier")

    def __str__(self):
        return f"{self.indicator} ({len(self.points)})"
