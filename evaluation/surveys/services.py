"""The collaboration survey: create a round, submit an anonymous answer, compute the results.

Anonymity is kept in two ways. An answer (SurveyResponse and its ratings) stores
the respondent's organisation, never the user; SurveyParticipation records only
that the user has answered, with nothing joining it to the answer. And a group's
result is shown only when at least MIN_GROUP different answers lie behind it, so
no single person's ratings can be read off a mean.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.lifecycle import ensure_open
from actors.models import Engagement, Organisation
from evaluation.access import engaged_organisation_ids
from evaluation.models import SurveyDimension, SurveyParticipation, SurveyRating, SurveyResponse, SurveyRound

MIN_GROUP = 3
SCORES = range(1, 6)

# Column headings for the results; the statements themselves are the SurveyDimension labels.
SHORT_LABELS = {
    SurveyDimension.FREQUENT: gettext_lazy("Hyppig kommunikation"),
    SurveyDimension.TIMELY: gettext_lazy("Rettidig kommunikation"),
    SurveyDimension.ACCURATE: gettext_lazy("Præcis kommunikation"),
    SurveyDimension.PROBLEM_SOLVING: gettext_lazy("Problemløsende kommunikation"),
    SurveyDimension.SHARED_GOALS: gettext_lazy("Fælles mål"),
    SurveyDimension.SHARED_KNOWLEDGE: gettext_lazy("Fælles viden"),
    SurveyDimension.RESPECT: gettext_lazy("Gensidig respekt"),
}


# Services -------------------------------------------------------------------------


def engaged_organisations(initiative, on):
    active = Engagement.objects.filter(initiative=initiative).active(on=on)
    return Organisation.objects.filter(pk__in=active.values("organisation_id"))


@transaction.atomic
def round_create(*, initiative, data, organisations=None):
    """Create a round; by default every organisation engaged in the initiative at the period's end takes part."""
    ensure_open(initiative, _("spørgeskemarunder"))
    survey_round = SurveyRound(initiative=initiative, **data)
    survey_round.full_clean()
    if survey_round.period_end < initiative.start or survey_round.period_start > initiative.end:
        raise ValidationError(
            {
                "period_start": _("Perioden ligger uden for indsatsens periode (%(s)s–%(e)s).")
                % {"s": initiative.start, "e": initiative.end}
            }
        )
    if organisations is None:
        organisations = engaged_organisations(initiative, survey_round.period_end)
    organisations = list(organisations)
    engaged = set(Engagement.objects.filter(initiative=initiative).values_list("organisation_id", flat=True))
    if any(o.pk not in engaged for o in organisations):
        raise ValidationError({"organisations": _("Kun organisationer, der er engageret i indsatsen, kan deltage.")})
    if len(organisations) < 2:
        raise ValidationError(
            {"organisations": _("En runde kræver mindst to organisationer, som kan vurdere hinanden.")}
        )
    survey_round.save()
    survey_round.organisations.set(organisations)
    return survey_round


def respondent_organisations(survey_round, user):
    """The user's own organisations that take part in the round: those the user may answer for."""
    own = engaged_organisation_ids(user, survey_round.initiative)
    return list(survey_round.organisations.filter(pk__in=own).order_by("name"))


def has_answered(survey_round, user):
    return SurveyParticipation.objects.filter(round=survey_round, user=user).exists()


@transaction.atomic
def survey_submit(*, survey_round, user, organisation, ratings):
    """Store one anonymous answer from `user` on behalf of `organisation`.

    `ratings` maps (rated organisation id, dimension) to a score 1–5; None means
    "don't know" and stores nothing. The participation row is inserted first: its
    unique constraint refuses a second answer before any rating is written, and
    the whole answer is rolled back with it.
    """
    if not survey_round.is_open:
        raise ValidationError(_("Runden er ikke åben for svar."))
    round_ids = set(survey_round.organisations.values_list("pk", flat=True))
    if organisation.pk not in round_ids:
        raise ValidationError(_("%(o)s deltager ikke i runden.") % {"o": organisation})
    # Staff answer for no one else: only a member of the organisation may speak for it.
    if organisation.pk not in engaged_organisation_ids(user, survey_round.initiative):
        raise ValidationError(_("Du kan kun svare på vegne af din egen organisation."))
    rows = []
    for (rated_id, dimension), score in ratings.items():
        if score is None:
            continue
        if rated_id == organisation.pk:
            raise ValidationError(_("Du kan ikke vurdere din egen organisation."))
        if rated_id not in round_ids:
            raise ValidationError(_("Du kan kun vurdere organisationer, der deltager i runden."))
        if dimension not in SurveyDimension.values:
            raise ValidationError(_("Ukendt spørgsmål."))
        if isinstance(score, bool) or score not in SCORES:
            raise ValidationError(_("Svar på en skala fra 1 til 5."))
        rows.append(SurveyRating(rated_organisation_id=rated_id, dimension=dimension, score=score))
    if not rows:
        raise ValidationError(_("Giv mindst én vurdering. Svar „Ved ikke“ kun der, hvor du ikke kender samarbejdet."))
    try:
        with transaction.atomic():
            SurveyParticipation.objects.create(round=survey_round, user=user)
    except IntegrityError:
        raise ValidationError(_("Du har allerede besvaret denne runde.")) from None
    response = SurveyResponse.objects.create(round=survey_round, respondent_organisation=organisation)
    for row in rows:
        row.response = response
    SurveyRating.objects.bulk_create(rows)
    return response


# Results --------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """The change of a mean since the previous round."""

    value: float

    @property
    def direction(self):
        if abs(self.value) < 0.05:  # shown with one decimal: anything smaller reads as 0,0
            return "same"
        return "up" if self.value > 0 else "down"

    @property
    def magnitude(self):
        return abs(self.value)


@dataclass
class Score:
    """A mean shown only when at least MIN_GROUP answers lie behind it."""

    n: int = 0
    mean: float | None = None
    change: Change | None = None
    is_self: bool = False

    @property
    def shown(self):
        return self.mean is not None

    @property
    def heat(self):
        """A Bootstrap colour for the heat map: extra information only, the number is always printed."""
        if self.mean is None:
            return ""
        shown = round(self.mean, 1)  # the colour follows the printed number
        return "table-success" if shown >= 4 else "table-warning" if shown >= 3 else "table-danger"


@dataclass
class HeatRow:
    organisation: Organisation
    cells: list


@dataclass
class DimensionScore:
    dimension: str
    label: str
    short_label: str
    score: Score


@dataclass
class Profile:
    organisation: Organisation
    n: int
    shown: bool
    dimensions: list = field(default_factory=list)


@dataclass
class Results:
    survey_round: SurveyRound
    previous: SurveyRound | None
    organisations: list
    heatmap: list
    profiles: list
    # The summary: each dimension over every rating in the round, and the groups too small to show.
    overall: list = field(default_factory=list)
    hidden_rated: list = field(default_factory=list)  # organisations fewer than MIN_GROUP answers rated
    hidden_raters: list = field(default_factory=list)  # organisations with fewer than MIN_GROUP answers

    @property
    def anything_hidden(self):
        return bool(self.hidden_rated or self.hidden_raters or any(not d.score.shown for d in self.overall))


def previous_round(survey_round, today=None):
    """The round before this one that has closed: an open round's numbers are not shown, so nothing is
    compared with them either (a change would give them away)."""
    earlier = Q(period_start__lt=survey_round.period_start) | Q(
        period_start=survey_round.period_start, pk__lt=survey_round.pk
    )
    return (
        SurveyRound.objects.filter(
            earlier, initiative_id=survey_round.initiative_id, closes__lt=today or timezone.localdate()
        )
        .order_by("-period_start", "-pk")
        .first()
    )


def _score(current, before):
    """`current` and `before` are (n, mean) or None; a change only where both rounds meet the threshold."""
    n, mean = current or (0, None)
    if n < MIN_GROUP:
        return Score(n=n)
    change = None
    if before and before[0] >= MIN_GROUP:
        change = Change(mean - before[1])
    return Score(n=n, mean=mean, change=change)


def _grouped(ratings, *keys, mean=True):
    """{(round id, *keys): (number of answers, mean score)}, one GROUP BY query."""
    aggregates = {"n": Count("response", distinct=True), **({"mean": Avg("score")} if mean else {})}
    rows = ratings.values("response__round_id", *keys).order_by().annotate(**aggregates)
    return {tuple(r[k] for k in ("response__round_id", *keys)): (r["n"], r.get("mean")) for r in rows}


def results(survey_round):
    """The summary, the heat map, the dimension profile of each rated organisation, and the change since the
    last closed round.

    A constant number of queries: both rounds are aggregated together in the database.
    """
    previous = previous_round(survey_round)
    this, before = survey_round.pk, previous.pk if previous else None
    ratings = SurveyRating.objects.filter(response__round_id__in=[r for r in (this, before) if r])
    cells = _grouped(ratings, "response__respondent_organisation_id", "rated_organisation_id")
    dimensions = _grouped(ratings, "rated_organisation_id", "dimension")
    totals = _grouped(ratings, "rated_organisation_id", mean=False)
    overall = _grouped(ratings, "dimension")
    answers_by = dict(
        survey_round.responses.values_list("respondent_organisation_id").order_by().annotate(n=Count("id"))
    )
    organisations = list(survey_round.organisations.order_by("name"))

    heatmap = [
        HeatRow(
            rater,
            [
                Score(is_self=True)
                if rater.pk == rated.pk
                else _score(cells.get((this, rater.pk, rated.pk)), cells.get((before, rater.pk, rated.pk)))
                for rated in organisations
            ],
        )
        for rater in organisations
    ]
    profiles = []
    for rated in organisations:
        n = totals.get((this, rated.pk), (0, None))[0]
        profile = Profile(rated, n=n, shown=n >= MIN_GROUP)
        if profile.shown:
            profile.dimensions = [
                DimensionScore(
                    value,
                    label,
                    SHORT_LABELS[value],
                    _score(dimensions.get((this, rated.pk, value)), dimensions.get((before, rated.pk, value))),
                )
                for value, label in SurveyDimension.choices
            ]
        profiles.append(profile)
    summary = [
        DimensionScore(
            value, label, SHORT_LABELS[value], _score(overall.get((this, value)), overall.get((before, value)))
        )
        for value, label in SurveyDimension.choices
    ]
    return Results(
        survey_round,
        previous,
        organisations,
        heatmap,
        profiles,
        overall=summary,
        hidden_rated=[p.organisation for p in profiles if not p.shown],
        hidden_raters=[o for o in organisations if answers_by.get(o.pk, 0) < MIN_GROUP],
    )
