"""The organisation an area-based initiative coordinates.

Organisations (departments, local actors), the areas they work in, governance
bodies and who sits in them, initiatives and which organisations are engaged
in them, and the roles that give users access.
"""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The last six months of an initiative: it is "ending", and its hand-over list is open.
ENDING_PERIOD = relativedelta(months=6)


def display_name(user):
    """A user as people read them: the full name, else the username."""
    return user.get_full_name() or user.get_username()


def _check_period(start, end, end_field="end"):
    if start and end and end < start:
        raise ValidationError({end_field: _("Slutdatoen kan ikke ligge før startdatoen.")})


class ProfessionalField(models.TextChoices):
    """The professional fields (fagområder) an initiative must cover (DOMAIN.md)."""

    CHILDREN_YOUTH = "children_youth", _("Børn og unge")
    EMPLOYMENT_EDUCATION = "employment_education", _("Beskæftigelse og uddannelse")
    PUBLIC_SAFETY = "public_safety", _("Tryghed i byens rum")
    PHYSICAL_ENVIRONMENT = "physical_environment", _("Fysisk miljø")
    HEALTH = "health", _("Sundhed")
    CULTURE_LEISURE = "culture_leisure", _("Kultur og fritid")
    SOCIAL_SERVICES = "social_services", _("Sociale indsatser")
    POLICING = "policing", _("Politiarbejde")


class Area(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("Bydel/politikreds")
        QUARTER = "quarter", _("Kvarter")
        PATROL_ZONE = "patrol_zone", _("Rode")
        OTHER = "other", _("Andet")

    name = models.CharField(_("navn"), max_length=120)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("ligger i"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(_("beskrivelse"), blank=True, max_length=4000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("område")
        verbose_name_plural = _("områder")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name"],
                name="area_unique_name_per_kind",
                violation_error_message=_("Der findes allerede et område af denne type med dette navn."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actors:area_detail", args=[self.pk])


class Person(models.Model):
    name = models.CharField(_("navn"), max_length=120)
    title = models.CharField(_("titel/stilling"), max_length=160, blank=True)
    organisation = models.ForeignKey(
        "Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("brugerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_illustrative = models.BooleanField(_("illustrativ (demo)"), default=False)
    # A record that stands for a post, not a named human ("Hotspotchef Indre Nørrebro"): pickers and
    # lists call it a role, so nobody mistakes it for a person.
    is_placeholder = models.BooleanField(
        _("rolle, ikke en bestemt person"),
        default=False,
        help_text=_("Sæt flueben, når posten står for en stilling eller funktion frem for en navngiven person."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actors:person_detail", args=[self.pk])


class OrganisationQuerySet(models.QuerySet):
    def departments(self):
        return self.filter(kind=Organisation.Kind.MUNICIPAL_DEPARTMENT)

    def local_actors(self):
        return self.exclude(kind=Organisation.Kind.MUNICIPAL_DEPARTMENT)

    def engaged_in(self, initiative):
        """Organisations with an engagement (past, present or future) in `initiative`."""
        return self.filter(pk__in=Engagement.objects.filter(initiative=initiative).values("organisation_id"))


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPAL_DEPARTMENT = "department", _("Forvaltning")
        SELF_GOVERNING_INSTITUTION = "institution", _("Selvejende institution")
        MASTER_PLAN = "master_plan", _("Boligsocial helhedsplan")
        AREA_RENEWAL = "area_renewal", _("Områdefornyelse")
        HOUSING_ORGANISATION = "housing_org", _("Boligorganisation")
        POLICE = "police", _("Politi")
        SSP = "ssp", _("SSP")
        NETWORK = "network", _("Netværk")
        OTHER = "other", _("Andet")

    name = models.CharField(_("navn"), max_length=160)
    short_name = models.CharField(_("forkortelse"), max_length=20, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    areas = models.ManyToManyField(Area, verbose_name=_("områder"), blank=True, related_name="organisations")
    description = models.TextField(_("beskrivelse"), blank=True, max_length=4000)
    website = models.URLField(_("hjemmeside"), blank=True)
    # Municipal department
    committee = models.CharField(_("politisk udvalg"), max_length=160, blank=True)
    mayor = models.ForeignKey(
        Person,
        verbose_name=_("borgmester"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="departments_led",
    )
    # Master plan: owned by a housing organisation; master plans and area renewals run for a funded period.
    housing_organisation = models.ForeignKey(
        "self",
        verbose_name=_("boligorganisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="master_plans",
        limit_choices_to={"kind": "housing_org"},
    )
    funders = models.CharField(_("finansiering"), max_length=240, blank=True)
    period_start = models.DateField(_("periode fra"), null=True, blank=True)
    period_end = models.DateField(_("periode til"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (kr.)"), max_digits=14, decimal_places=0, null=True, blank=True, help_text=_("Hele kroner")
    )
    is_illustrative = models.BooleanField(
        _("illustrativ (demo)"), default=False, help_text=_("Sat for demodata, der ikke er bekræftet i kilder.")
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name"],
                name="organisation_unique_name_per_kind",
                violation_error_message=_("Der findes allerede en organisation af denne type med dette navn."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="organisation_period_ordered",
                violation_error_message=_("Slutdatoen kan ikke ligge før startdatoen."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="organisation_budget_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actors:organisation_detail", args=[self.pk])

    def clean(self):
        _check_period(self.period_start, self.period_end, "period_end")
        if self.kind != self.Kind.MUNICIPAL_DEPARTMENT and (self.committee or self.mayor_id):
            raise ValidationError(_("Udvalg og borgmester kan kun angives for en forvaltning."))
        if self.housing_organisation_id and self.kind != self.Kind.MASTER_PLAN:
            raise ValidationError({"housing_organisation": _("Boligorganisation angives kun for en helhedsplan.")})
        if self.pk and self.parent_id:
            node, seen = self.parent, set()
            while node is not None and node.pk not in seen:
                if node.pk == self.pk:
                    raise ValidationError({"parent": _("En organisation kan ikke ligge under sig selv.")})
                seen.add(node.pk)
                node = node.parent

    @property
    def display_name(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class BodyQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(reports_to__isnull=True)


class Body(models.Model):
    """A governance body: forum, steering group, board, network or project team."""

    class Kind(models.TextChoices):
        FORUM = "forum", _("Forum")
        STEERING_GROUP = "steering_group", _("Styregruppe")
        BOARD = "board", _("Bestyrelse")
        NETWORK = "network", _("Netværk")
        PROJECT_TEAM = "project_team", _("Projektteam")
        WORKING_GROUP = "working_group", _("Arbejdsgruppe")

    name = models.CharField(_("navn"), max_length=160, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("hører til organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
    )
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("refererer til"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_bodies",
    )
    residents_have_seats = models.BooleanField(_("beboere har pladser"), default=False)
    mandate = models.TextField(_("kommissorium"), blank=True, max_length=4000)
    meeting_frequency = models.CharField(_("mødefrekvens"), max_length=80, blank=True)
    is_illustrative = models.BooleanField(_("illustrativ (demo)"), default=False)

    objects = BodyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organer")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actors:body_detail", args=[self.pk])

    def clean(self):
        if self.reports_to_id is None:
            return
        if self.pk and self.reports_to_id == self.pk:
            raise ValidationError({"reports_to": _("Et organ kan ikke referere til sig selv.")})
        node, seen = self.reports_to, set()
        while node is not None:
            if self.pk and node.pk == self.pk:
                raise ValidationError(
                    {
                        "reports_to": _("Det giver en cirkel: %(body)s refererer allerede (indirekte) til dette organ.")
                        % {"body": self.reports_to}
                    }
                )
            if node.pk in seen:  # an existing cycle elsewhere: stop rather than loop
                break
            seen.add(node.pk)
            node = node.reports_to

    def chain(self):
        """The bodies this one reports through, nearest first (one query per level; chains are short)."""
        result, node, seen = [], self.reports_to, {self.pk}
        while node is not None and node.pk not in seen:
            result.append(node)
            seen.add(node.pk)
            node = node.reports_to
        return result


class SeatQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))


class Seat(models.Model):
    """A person's seat in a body for a period."""

    class Kind(models.TextChoices):
        POLITICAL = "political", _("Politisk")
        ADMINISTRATIVE = "administrative", _("Administrativ")
        RESIDENT = "resident", _("Beboer/borger")
        OTHER = "other", _("Anden")

    class Role(models.TextChoices):
        CHAIR = "chair", _("Formand")
        VICE_CHAIR = "vice_chair", _("Næstformand")
        MEMBER = "member", _("Medlem")
        SECRETARY = "secretary", _("Sekretær")
        OBSERVER = "observer", _("Observatør")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="seats")
    body = models.ForeignKey(Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    kind = models.CharField(_("pladstype"), max_length=20, choices=Kind.choices)
    representing = models.ForeignKey(
        Organisation,
        verbose_name=_("repræsenterer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seats",
    )
    start = models.DateField(_("fra"), null=True, blank=True)
    end = models.DateField(_("til"), null=True, blank=True)

    objects = SeatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["body__name", "role", "person__name"]
        verbose_name = _("plads")
        verbose_name_plural = _("pladser")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="seat_period_ordered",
                violation_error_message=_("Slutdatoen kan ikke ligge før startdatoen."),
            ),
            models.UniqueConstraint(
                fields=["person", "body", "start"],
                name="seat_unique_person_body_start",
                violation_error_message=_("Personen har allerede en plads i organet fra den dato."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.body} ({self.get_role_display()})"

    def clean(self):
        _check_period(self.start, self.end)

    @property
    def is_current(self):
        today = timezone.localdate()
        return (self.start is None or self.start <= today) and (self.end is None or self.end >= today)


class InitiativeQuerySet(models.QuerySet):
    def open(self):
        """Initiatives not yet closed: they accept new meetings, cases and measurements."""
        return self.filter(closed_at__isnull=True)

    def closed(self):
        return self.filter(closed_at__isnull=False)


class Initiative(models.Model):
    """An area-based, time-limited effort such as Hotspot Indre Nørrebro.

    Its lifecycle (actors.lifecycle): planned → running → ending (the last six
    months) → ended, when the chief closes it after the hand-over. A closed
    initiative is read-only.
    """

    class Phase(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        RUNNING = "running", _("I gang")
        ENDING = "ending", _("Afsluttes (sidste seks måneder)")
        ENDED = "ended", _("Afsluttet")

    name = models.CharField(_("navn"), max_length=160, unique=True)
    short_name = models.CharField(_("kort navn"), max_length=40, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True, max_length=8000)
    vision = models.TextField(_("vision"), blank=True, max_length=4000)
    need_category = models.CharField(_("behovskategori"), max_length=80, blank=True)
    areas = models.ManyToManyField(Area, verbose_name=_("områder"), blank=True, related_name="initiatives")
    start = models.DateField(_("start"))
    end = models.DateField(_("slut"))
    budget = models.DecimalField(_("budget (kr.)"), max_digits=14, decimal_places=0, null=True, blank=True)
    lead_department = models.ForeignKey(
        Organisation,
        verbose_name=_("ansvarlig forvaltning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_initiatives",
        limit_choices_to={"kind": "department"},
    )
    chief = models.ForeignKey(
        Person,
        verbose_name=_("chef for indsatsen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives_led",
    )
    bodies = models.ManyToManyField(
        Body, through="BodyLink", verbose_name=_("tilknyttede organer"), blank=True, related_name="initiatives"
    )
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afsluttet af"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closing_note = models.TextField(_("afslutningsnote"), blank=True, max_length=4000, editable=False)

    objects = InitiativeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "name"]
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="initiative_period_ordered",
                violation_error_message=_("Slutdatoen kan ikke ligge før startdatoen."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actors:initiative_detail", args=[self.pk])

    def clean(self):
        _check_period(self.start, self.end)

    @property
    def is_closed(self):
        return self.closed_at is not None

    def phase_on(self, today=None):
        today = today or timezone.localdate()
        if self.closed_at is not None:
            return self.Phase.ENDED
        if today < self.start:
            return self.Phase.PLANNED
        if today >= self.end - ENDING_PERIOD:
            return self.Phase.ENDING
        return self.Phase.RUNNING

    @property
    def phase(self):
        return self.phase_on()

    def as_of(self, today=None):
        """The day "overdue" and "past the deadline" are counted on: today, or the closing day once the
        initiative is closed (what it handed over does not go on ageing in its figures)."""
        today = today or timezone.localdate()
        return min(today, timezone.localdate(self.closed_at)) if self.closed_at else today

    @property
    def phase_label(self):
        return self.Phase(self.phase).label

    @property
    def handover_opens(self):
        """The day the hand-over list appears: six months before the end date."""
        return self.end - ENDING_PERIOD


class BodyLink(models.Model):
    """A body tied to an initiative: its own project body, or a mutually binding relation."""

    class Relation(models.TextChoices):
        PROJECT = "project", _("Indsatsens eget organ")
        BINDING = "binding", _("Gensidigt forpligtende relation")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="body_links")
    body = models.ForeignKey(Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="initiative_links")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices, default=Relation.PROJECT)
    note = models.CharField(_("note"), max_length=240, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["relation", "body__name"]
        verbose_name = _("tilknyttet organ")
        verbose_name_plural = _("tilknyttede organer")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "body"],
                name="bodylink_unique",
                violation_error_message=_("Organet er allerede knyttet til indsatsen."),
            )
        ]

    def __str__(self):
        return f"{self.initiative} ↔ {self.body}"


class EngagementQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))


class Engagement(models.Model):
    """An organisation engaged in an initiative: its role, fields covered, from–to."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("indsats"), on_delete=models.CASCADE, related_name="engagements"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="engagements"
    )
    role = models.CharField(_("rolle i indsatsen"), max_length=240, blank=True)
    professional_fields = models.JSONField(_("fagområder"), default=list, blank=True)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=4000)

    objects = EngagementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "start"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagementer")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation", "start"],
                name="engagement_unique_start",
                violation_error_message=_("Organisationen er allerede engageret i indsatsen fra den dato."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="engagement_period_ordered",
                violation_error_message=_("Slutdatoen kan ikke ligge før startdatoen."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} i {self.initiative}"

    def clean(self):
        _check_period(self.start, self.end)
        unknown = set(self.professional_fields or []) - set(ProfessionalField.values)
        if unknown:
            raise ValidationError(
                {"professional_fields": _("Ukendt fagområde: %(f)s") % {"f": ", ".join(sorted(unknown))}}
            )

    def get_fields_display(self):
        labels = dict(ProfessionalField.choices)
        return [labels[f] for f in ProfessionalField.values if f in (self.professional_fields or [])]

    @property
    def is_active(self):
        today = timezone.localdate()
        return self.start <= today and (self.end is None or self.end >= today)


class Role(models.Model):
    """A user's role, scoped to an initiative and/or an organisation."""

    class Kind(models.TextChoices):
        CHIEF = "chief", _("Hotspotchef")
        COORDINATOR = "coordinator", _("Lokal koordinator")
        LIAISON = "liaison", _("Forvaltningskontakt")
        ADMINISTRATOR = "administrator", _("Administrator")
        OBSERVER = "observer", _("Observatør")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bruger"), on_delete=models.CASCADE, related_name="hotspot_roles"
    )
    kind = models.CharField(_("rolle"), max_length=20, choices=Kind.choices)
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("indsats"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
        help_text=_("Tom betyder alle indsatser."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["user__username", "kind"]
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "initiative", "organisation"],
                name="role_unique",
                violation_error_message=_("Brugeren har allerede denne rolle."),
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        scope = " · ".join(str(x) for x in (self.initiative, self.organisation) if x)
        return f"{self.get_kind_display()}" + (f" ({scope})" if scope else "")

    def clean(self):
        K = self.Kind
        if self.kind == K.CHIEF and not self.initiative_id:
            raise ValidationError({"initiative": _("En hotspotchef skal knyttes til en indsats.")})
        if self.kind == K.COORDINATOR and not self.organisation_id:
            raise ValidationError({"organisation": _("En lokal koordinator skal knyttes til en organisation.")})
        if self.kind == K.LIAISON:
            if not self.organisation_id:
                raise ValidationError({"organisation": _("En forvaltningskontakt skal knyttes til en forvaltning.")})
            if self.organisation.kind != Organisation.Kind.MUNICIPAL_DEPARTMENT:
                raise ValidationError({"organisation": _("En forvaltningskontakt skal knyttes til en forvaltning.")})
