"""The evaluation of the Nørrebro demo: goals, indicators, measurements, surveys, experiences.

The facts are in ``evaluation.toml`` beside this module (what is fact and what is
illustrative is said there). Called by ``python manage.py seed_demo`` after the actors
and the dialogue demo; the initiatives, organisations, areas, meetings and escalations
it refers to must exist (missing outcomes or escalations only mean fewer goal links).

Goals, indicators, targets, measurements, survey rounds and goal links go through the
app's services (evaluation.goals.services, evaluation.surveys.services), as a user's
clicks would. Experiences have no create service (the view saves its form), so they
are upserted. Survey answers are written directly: ``survey_submit`` takes a logged-in
member of the answering organisation and an open round, and the demo's respondents are
colleagues without a login answering rounds long closed.

Each row is looked up by its natural key (goal: initiative, parent and title; indicator:
goal and name; target: indicator and date; measurement: indicator, period and area;
experience: initiative and title; survey round: initiative and title) and changed only
where a value differs, so a rerun creates and changes nothing, history included. A
survey round that exists is skipped entirely; its scores come from fixed random seeds.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.core.management.base import CommandError
from django.db.models import Avg
from django.utils import timezone

from actors.demo.seeder import Seeder, keys, same
from actors.models import Role
from dialogue.models import Escalation, Outcome
from dialogue.themes import Theme
from evaluation.derived import DERIVED_UNITS
from evaluation.goals import services as goals
from evaluation.models import (
    Experience,
    Goal,
    GoalLink,
    Indicator,
    Measurement,
    SurveyDimension,
    SurveyParticipation,
    SurveyRating,
    SurveyResponse,
    SurveyRound,
    Target,
)
from evaluation.surveys import services as surveys

# (required keys, optional keys) of each kind of entry in evaluation.toml.
SCHEMA = {
    "evaluation.toml": (
        {"seed", "illustrative", "demo_users", "initiative", "goal", "notes", "indicator", "survey", "experience"},
        {"outcome_link", "escalation_link"},
    ),
    "initiative": ({"key", "name", "district"}, set()),
    "goal": ({"key", "title", "description", "sub"}, set()),
    "goal.sub": ({"key", "title", "description"}, set()),
    "indicator": (
        {"goal", "name", "dimension", "direction", "source", "targets"},
        {
            "unit",
            "frequency",
            "verification",
            "responsible",
            "derived_key",
            "illustrative",
            "city_level",
            "from_survey",
            "baseline",
            "measurement",
        },
    ),
    "indicator.baseline": ({"date", "value"}, set()),
    "indicator.measurement": ({"year", "value", "note"}, set()),
    "survey": (
        {"title", "answers", "few_answers_count", "base_score", "spread", "dont_know", "note", "dimension_offset"},
        {"round"},
    ),
    "survey.round": ({"year", "opens", "closes", "lift", "few_answers"}, set()),
    "experience": ({"initiative", "organisation", "date", "title", "text", "goals", "themes"}, {"author"}),
    "outcome_link": ({"goal", "contains", "limit"}, set()),
    "escalation_link": ({"goal", "where", "limit"}, set()),
}

SUMMARY = [
    (Goal, "mål"),
    (Indicator, "indikatorer"),
    (Target, "målværdier"),
    (Measurement, "målinger"),
    (SurveyRound, "spørgeskemarunder"),
    (SurveyResponse, "besvarelser"),
    (SurveyRating, "vurderinger"),
    (SurveyParticipation, "registrerede deltagelser"),
    (Experience, "erfaringer"),
    (GoalLink, "koblinger fra mål til beslutninger, handlinger og eskaleringer"),
]


def seed(*, stdout):
    """Create (or complete) the evaluation demo; return the counts of rows created per model."""
    return EvaluationSeeder(stdout).run()


# Reading the data ---------------------------------------------------------------------------


def _bad(where, message):
    return CommandError(f"evaluation.toml, {where}: {message}")


def _keys(entry, kind, where):
    """The entry has every required key of its kind and no other than the optional ones."""
    required, optional = SCHEMA[kind]
    keys(entry, f"evaluation.toml, {where}", required=required, optional=optional)


def _known(value, known, what, where):
    if value not in known:
        raise _bad(where, f"ukendt {what} „{value}“ (kendte: {', '.join(map(str, known))})")


def check(data):
    """Raise a CommandError naming the entry and key of the first thing wrong in ``data``."""
    _keys(data, "evaluation.toml", "øverste niveau")
    initiatives = []
    for entry in data["initiative"]:
        _keys(entry, "initiative", f"initiative „{entry.get('key')}“")
        initiatives.append(entry["key"])
    goal_keys = []
    for entry in data["goal"]:
        _keys(entry, "goal", f"goal „{entry.get('key')}“")
        goal_keys.append(entry["key"])
        for sub in entry["sub"]:
            _keys(sub, "goal.sub", f"goal „{entry['key']}“, sub „{sub.get('key')}“")
            goal_keys.append(sub["key"])

    def per_initiative(value, where):
        if isinstance(value, dict) and set(value) != set(initiatives):
            raise _bad(where, f"forventede én værdi for hver indsats ({', '.join(initiatives)}), fandt {value}")

    for entry in data["indicator"]:
        where = f"indicator „{entry.get('name')}“"
        _keys(entry, "indicator", where)
        _known(entry["goal"], goal_keys, "mål", where)
        if not entry.get("derived_key") and "unit" not in entry:
            raise _bad(where, "mangler nøglen „unit“ (kun en beregnet indikator får enheden fra platformen)")
        if "baseline" in entry:
            _keys(entry["baseline"], "indicator.baseline", f"{where}, baseline")
            per_initiative(entry["baseline"]["value"], f"{where}, baseline")
        for year, value in entry["targets"].items():
            per_initiative(value, f"{where}, targets {year}")
        for row in entry.get("measurement", []):
            at = f"{where}, measurement {row.get('year')}"
            _keys(row, "indicator.measurement", at)
            _known(row["note"], list(data["notes"]), "note", at)
            per_initiative(row["value"], at)
    survey = data["survey"]
    _keys(survey, "survey", "survey")
    if set(survey["dimension_offset"]) != set(SurveyDimension.values):
        raise _bad("survey.dimension_offset", f"forventede nøglerne {', '.join(SurveyDimension.values)}")
    for entry in survey.get("round", []):
        where = f"survey.round {entry.get('year')}"
        _keys(entry, "survey.round", where)
        per_initiative(entry["few_answers"], f"{where}, few_answers")
    for entry in data["experience"]:
        where = f"experience „{entry.get('title')}“"
        _keys(entry, "experience", where)
        _known(entry["initiative"], initiatives, "indsats", where)
        for key in entry["goals"]:
            _known(key, goal_keys, "mål", where)
        for theme in entry["themes"]:
            _known(theme, Theme.values, "tema", where)
    for kind in ("outcome_link", "escalation_link"):
        for entry in data.get(kind, []):
            where = f"{kind} „{entry.get('goal')}“"
            _keys(entry, kind, where)
            _known(entry["goal"], goal_keys, "mål", where)
            for name in entry.get("where", {}):
                _known(name, [f.name for f in Escalation._meta.concrete_fields], "felt", where)


def _pick(value, key):
    """A value for both initiatives, or the one of the table ``{indre = …, ydre = …}``."""
    return value[key] if isinstance(value, dict) else value


def _decimal(value):
    return Decimal(str(value))  # via str: a TOML float 10.9 is Decimal("10.9"), not its binary expansion


def _year_end(year):
    return datetime.date(int(year), 12, 31)


# The loader ---------------------------------------------------------------------------------


class EvaluationSeeder(Seeder):
    data_file = "evaluation.toml"

    def seed(self):
        check(self.data)
        for spec in self.data["initiative"]:
            initiative = self.initiative(spec["name"])
            district = self.area(spec["district"])
            goal_tree = self._goals(initiative)
            indicators = self._indicators(goal_tree, spec["key"], district)
            self._survey_rounds(initiative, spec["key"])
            self._survey_measurements(initiative, indicators, district)
            self._experiences(initiative, spec["key"], goal_tree)
            self._links(initiative, goal_tree)
        made = ", ".join(f"{self.created[model]} {label}" for model, label in SUMMARY if self.created[model])
        self.stdout.write(
            f"Evalueringsdemo: oprettet {made or 'intet'}; {sum(self.updated.values())} rækker opdateret. "
            f"I alt {Goal.objects.count()} mål, {Indicator.objects.count()} indikatorer, "
            f"{SurveyResponse.objects.count()} besvarelser, {Experience.objects.count()} erfaringer."
        )

    def summary(self):
        return {model._meta.label: n for model, n in self.created.items()}

    # --- create through a service, or change only what differs ------------------------------

    def _created(self, obj):
        self.created[type(obj)] += 1
        self.fresh.add((type(obj), obj.pk))
        return obj

    def _changed(self, obj, values):
        """The part of ``values`` that differs from ``obj``'s."""
        return {name: value for name, value in values.items() if not same(obj, name, value)}

    # --- goals ---------------------------------------------------------------------------------

    def _goal(self, initiative, parent, data, order=None):
        goal = Goal.objects.filter(initiative=initiative, parent=parent, level=data["level"])
        goal = goal.first() if parent is None else goal.filter(title=data["title"]).first()
        if goal is None:
            # goal_create numbers the goal after its siblings: the data's order when created in it.
            return self._created(goals.goal_create(initiative=initiative, data={"parent": parent, **data}))
        changed = self._changed(goal, data if order is None else {**data, "order": order})
        if changed:
            goals.goal_update(goal=goal, data=changed)
            self.count_update(goal)
        return goal

    def _goals(self, initiative):
        text = (initiative.vision or initiative.name).strip()
        # The vision's text is its title; the description holds it only when the title had to be cut.
        description = text if len(text) > 240 else ""
        vision = self._goal(
            initiative, None, {"level": Goal.Level.VISION, "title": text[:240], "description": description}
        )
        tree = {"vision": vision}
        for order, entry in enumerate(self.data["goal"], start=1):
            data = {"level": Goal.Level.LONG_TERM, "title": entry["title"], "description": entry["description"]}
            tree[entry["key"]] = goal = self._goal(initiative, vision, data, order)
            for sub_order, sub in enumerate(entry["sub"], start=1):
                data = {"level": Goal.Level.SUB_GOAL, "title": sub["title"], "description": sub["description"]}
                tree[sub["key"]] = self._goal(initiative, goal, data, sub_order)
        return tree

    # --- indicators, targets, measurements -------------------------------------------------------

    def _indicators(self, goal_tree, key, district):
        """Each indicator with its targets and measurements; returns {name: (indicator, entry)}."""
        orders = {}
        made = {}
        for entry in self.data["indicator"]:
            goal = goal_tree[entry["goal"]]
            orders[goal] = order = orders.get(goal, 0) + 1
            baseline = entry.get("baseline")
            derived = entry.get("derived_key", "")
            values = {
                "dimension": entry["dimension"],
                "unit": DERIVED_UNITS[derived] if derived else entry["unit"],
                "direction": entry["direction"],
                "baseline_value": _decimal(_pick(baseline["value"], key)) if baseline else None,
                "baseline_date": baseline["date"] if baseline else None,
                "frequency": entry.get("frequency", Indicator.Frequency.YEARLY),
                "source": entry["source"],
                "verification": entry.get("verification", ""),
                "responsible": self.org(entry.get("responsible", "")),
                "method": Indicator.Method.DERIVED if derived else Indicator.Method.MANUAL,
                "derived_key": derived,
                "is_illustrative": entry.get("illustrative", False),
            }
            indicator = Indicator.objects.filter(goal=goal, name=entry["name"]).first()
            if indicator is None:
                indicator = self._created(goals.indicator_create(goal=goal, data={"name": entry["name"], **values}))
            elif changed := self._changed(indicator, {**values, "order": order}):
                goals.indicator_update(indicator=indicator, data=changed)
                self.count_update(indicator)
            indicator.goal = goal  # Measurement.clean reads indicator.goal.initiative
            made[entry["name"]] = (indicator, entry)
            for year, value in entry["targets"].items():
                self._target(indicator, _year_end(year), _decimal(_pick(value, key)))
            area = None if entry.get("city_level") else district
            for row in entry.get("measurement", []):
                note = self.data["notes"][row["note"]]
                self._measurement(indicator, row["year"], _decimal(_pick(row["value"], key)), area, note)
        return made

    def _target(self, indicator, date, value):
        target = Target.objects.filter(indicator=indicator, date=date).first()
        if target is None:
            self._created(goals.target_add(indicator=indicator, date=date, value=value))
        else:
            self.apply(target, {"value": value})  # there is no target_update: the page deletes and adds

    def _measurement(self, indicator, year, value, area, note):
        period = {"period_start": datetime.date(year, 1, 1), "period_end": datetime.date(year, 12, 31), "area": area}
        values = {"value": value, "source": indicator.source[:240], "note": note}
        measurement = Measurement.objects.filter(indicator=indicator, **period).first()
        if measurement is None:
            self._created(goals.measurement_create(indicator=indicator, data={**period, **values}, by=None))
        elif changed := self._changed(measurement, values):
            goals.measurement_update(measurement=measurement, data=changed, by=None)
            self.count_update(measurement)

    # --- the collaboration survey ------------------------------------------------------------------

    def _survey_rounds(self, initiative, key):
        survey = self.data["survey"]
        for spec in survey.get("round", []):
            year = spec["year"]
            title = survey["title"].format(year=year, initiative=initiative.short_name or initiative.name)
            if SurveyRound.objects.filter(initiative=initiative, title=title).exists():
                continue
            survey_round = surveys.round_create(
                initiative=initiative,
                data={
                    "title": title,
                    "period_start": datetime.date(year, 1, 1),
                    "period_end": datetime.date(year, 12, 31),
                    "opens": spec["opens"],
                    "closes": spec["closes"],
                },
            )
            self._created(survey_round)
            self._answers(survey_round, year, spec["lift"], self.org(_pick(spec["few_answers"], key)))
            self._participations(survey_round)

    def _answers(self, survey_round, year, lift, few):
        """Anonymous answers from fixed seeds, so a round always gets the same scores."""
        survey = self.data["survey"]
        seed = self.data["seed"]
        offsets = survey["dimension_offset"]
        rng = random.Random(f"{seed}|{survey_round.initiative.name}|{year}")
        organisations = list(survey_round.organisations.order_by("name"))
        days = (survey_round.closes - survey_round.opens).days
        responses, scores = [], []
        for rater in organisations:
            for _ in range(survey["few_answers_count"] if rater == few else rng.randint(*survey["answers"])):
                response = SurveyResponse(
                    round=survey_round,
                    respondent_organisation=rater,
                    submitted_on=survey_round.opens + datetime.timedelta(days=rng.randint(0, days)),
                )
                ratings = []
                for rated in organisations:
                    if rated == rater or rng.random() < survey["dont_know"]:
                        continue
                    base = random.Random(f"{seed}|{rater.name}|{rated.name}").uniform(*survey["base_score"]) + lift
                    for dimension in SurveyDimension.values:  # the model's order, whatever the file's
                        score = min(5, max(1, round(rng.gauss(base + offsets[dimension], survey["spread"]))))
                        ratings.append(SurveyRating(rated_organisation=rated, dimension=dimension, score=score))
                responses.append(response)
                scores.append(ratings)
        SurveyResponse.objects.bulk_create(responses)
        for response, ratings in zip(responses, scores, strict=True):
            for rating in ratings:
                rating.response = response
        SurveyRating.objects.bulk_create([r for ratings in scores for r in ratings], batch_size=2000)
        self.created[SurveyResponse] += len(responses)
        self.created[SurveyRating] += sum(map(len, scores))

    def _participations(self, survey_round):
        """Only a demo login of a taking-part organisation has "answered" (never linked to an answer)."""
        users = [self.user(name) for name in self.data["demo_users"]]
        taking_part = survey_round.organisations.all()
        members = set(Role.objects.filter(organisation__in=taking_part).values_list("user_id", flat=True))
        for user in sorted((u for u in users if u is not None and u.pk in members), key=lambda u: u.username):
            self._created(SurveyParticipation.objects.create(round=survey_round, user=user))

    def _survey_measurements(self, initiative, indicators, district):
        """The mean of all ratings of each round, as the survey indicator's yearly measurement."""
        survey_note = self.data["survey"]["note"]
        for indicator, entry in indicators.values():
            if not entry.get("from_survey"):
                continue
            for survey_round in SurveyRound.objects.filter(initiative=initiative).order_by("period_start"):
                mean = SurveyRating.objects.filter(response__round=survey_round).aggregate(m=Avg("score"))["m"]
                if mean is None:
                    continue
                n = SurveyResponse.objects.filter(round=survey_round).count()
                value = _decimal(mean).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                note = survey_note.format(title=survey_round.title, n=n)
                area = None if entry.get("city_level") else district
                self._measurement(indicator, survey_round.period_start.year, value, area, note)

    # --- experiences -------------------------------------------------------------------------------

    def _experiences(self, initiative, key, goal_tree):
        for entry in self.data["experience"]:
            if entry["initiative"] != key:
                continue
            organisation = self.org(entry["organisation"])
            author = self.user(entry.get("author", ""))
            if author is not None and not Role.objects.filter(user=author, organisation=organisation).exists():
                author = None  # only a member of the organisation writes on its behalf
            experience = self.upsert(
                Experience,
                {"initiative": initiative, "title": entry["title"]},
                {
                    "organisation": organisation,
                    "author": author,
                    "date": entry["date"],
                    "text": f"{entry['text']} ({self.data['illustrative']})",
                    "themes": entry["themes"],
                },
            )
            self.set_m2m(experience, "goals", [goal_tree[k] for k in entry["goals"]])

    # --- goal links ----------------------------------------------------------------------------------

    def _links(self, initiative, goal_tree):
        chief = initiative.chief
        by = chief.user if chief is not None else None
        for entry in self.data.get("outcome_link", []):
            outcomes = (
                Outcome.objects.filter(
                    agenda_item__meeting__initiative=initiative,
                    kind__in=[Outcome.Kind.DECISION, Outcome.Kind.ACTION],
                    text__icontains=entry["contains"],
                )
                .select_related("agenda_item__meeting")
                .order_by("agenda_item__meeting__start", "pk")[: entry["limit"]]
            )
            for outcome in outcomes:
                when = outcome.agenda_item.meeting.start + datetime.timedelta(days=1)
                self._link(goal_tree[entry["goal"]], {"outcome": outcome}, by, when)
        for entry in self.data.get("escalation_link", []):
            escalations = Escalation.objects.filter(initiative=initiative, **entry["where"])
            for escalation in escalations.order_by("created", "pk")[: entry["limit"]]:
                when = escalation.created + datetime.timedelta(days=1)
                self._link(goal_tree[entry["goal"]], {"escalation": escalation}, by, when)

    def _link(self, goal, target, by, when):
        if GoalLink.objects.filter(goal=goal, **target).exists():
            return
        self._created(goals.goallink_add(goal=goal, by=by, now=min(when, timezone.now()), **target))
