"""The evaluation of the Nørrebro demo: goals, indicators, measurements, surveys, experiences.

Called by ``python manage.py seed_demo`` (hotspot/management/commands/seed_demo.py)
after the actors and the dialogue demo; the initiatives, organisations, areas,
meetings and escalations it refers to must exist (missing outcomes or escalations
only mean fewer goal links).

For each Hotspot initiative:

* a goal tree (``GOALS``): the vision (the initiative's vision text), three
  long-term goals and two sub-goals under each;
* indicators in all three dimensions (``INDICATORS``): effect for the target
  group (the Tryghedsindeks share of residents feeling unsafe, charged under-18s,
  reports of citizen-directed crime), internal collaboration and municipal
  effort (derived from the platform's own data, see evaluation/derived.py, plus
  the survey mean and the number of safety walks), with targets per year and
  measurements per year for the manual ones;
* two rounds of the collaboration survey (2012 and 2013), with anonymous answers;
* experiences (``EXPERIENCES``) from departments and local actors, tied to goals
  and themes;
* links from goals to decisions and action items of the demo meetings and to
  escalations (``OUTCOME_LINKS``, ``ESCALATION_LINKS``).

Facts and what is illustrative (DOMAIN.md's (v)/(p) rule): the share of residents
feeling unsafe was 10.9 % in 2009 and 7.1 % in 2014 for the whole city (v); the
years between are interpolated. Charged under-18s fell by a third 2009–2013 (v);
the absolute numbers are invented. Every other number is invented. Each such
indicator has ``is_illustrative=True`` and each such measurement says so in its
note; survey answers and experiences are demo data and say so.

Each row is looked up by its natural key (goal: initiative, parent and title;
indicator: goal and name; target: indicator and date; measurement: indicator,
period and area; experience: initiative and title; survey round: initiative and
title) and saved only when a value differs, so a rerun creates and changes
nothing, history included. A survey round that exists is skipped entirely. The
survey scores come from fixed random seeds, so they are the same on every run.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Avg
from django.utils import timezone

from actors.management.commands.seed_actors import P8, P12, USERS
from actors.models import Area, Initiative, Organisation, Role
from dialogue.models import Escalation, Outcome
from dialogue.themes import Theme
from evaluation.derived import DERIVED_UNITS
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

SEED = 2011
ILLUSTRATIVE = "Illustrativt demoeksempel."
T = Theme
D = Indicator.Dimension
UP, DOWN = Indicator.Direction.UP, Indicator.Direction.DOWN
YEARLY, QUARTERLY = Indicator.Frequency.YEARLY, Indicator.Frequency.QUARTERLY

INITIATIVES = {
    "Hotspot Indre Nørrebro": {"key": "indre", "district": P8},
    "Hotspot Ydre Nørrebro": {"key": "ydre", "district": P12},
}


# The goal tree ----------------------------------------------------------------------

# (key, title, description, [(key, title, description)]): three long-term goals under the vision.
GOALS = [
    (
        "crime",
        "Færre unge begår kriminalitet",
        "Effekt for målgruppen: mindre kriminalitet blandt børn og unge og større tryghed for beboerne.",
        [
            ("charged", "Færre unge sigtes for kriminalitet", "Færre børn og unge under 18 år sigtes."),
            (
                "safe",
                "Beboerne føler sig trygge i gader, gårde og parker",
                "Færre beboere føler sig utrygge i deres kvarter; tryghed i byens rum er også fysisk: "
                "belysning, oversigtsforhold og renhold.",
            ),
        ],
    ),
    (
        "collab",
        "Et tættere og mere forpligtende samarbejde",
        "Internt samarbejde: forvaltningerne og de lokale aktører arbejder sammen i gensidigt forpligtende "
        "relationer, og konkrete problemer kan løftes til et strategisk niveau.",
        [
            (
                "platform",
                "Parterne mødes og deltager aktivt i den lokale dialogplatform",
                "Forvaltninger, selvejende institutioner, helhedsplaner og områdeløftet er til stede, når der "
                "træffes beslutninger.",
            ),
            (
                "solved",
                "Konkrete problemer løses hurtigt og i fællesskab",
                "Sager, som de lokale aktører rejser, bliver kvitteret, sendt det rette sted hen og løst inden "
                "for fristen.",
            ),
        ],
    ),
    (
        "one",
        "Kommunen optræder som én kommune lokalt",
        "Kommunal indsats: forvaltningerne leverer det aftalte og samordner deres arbejde i området "
        "(„én kommune også lokalt“).",
        [
            (
                "fields",
                "Alle relevante forvaltninger og fagområder er med",
                "Når indsatsen starter, er alle relevante fagområder dækket af en forvaltning eller lokal aktør.",
            ),
            (
                "support",
                "Børn og unge, der har brug for myndighedernes støtte, får den",
                "Samspillet mellem det boligsociale arbejde og myndighedsarbejdet er synligt, og behovet bliver mødt.",
            ),
        ],
    ),
]


# Indicators -------------------------------------------------------------------------

TRYGHED_NOTE_FACT = (
    "Tryghedsindekset {year}: {value} % af byens beboere føler sig utrygge i deres kvarter "
    "(offentliggjort tal for hele byen)."
)
TRYGHED_NOTE_ILLUSTRATIVE = (
    "Illustrativ værdi: interpoleret mellem Tryghedsindeksets offentliggjorte tal for hele byen "
    "(10,9 % i 2009 og 7,1 % i 2014); ikke et offentliggjort tal."
)
CHARGED_NOTE = (
    "Illustrativt tal. Den endelige evaluering (2015) viste, at antallet af sigtede under 18 år faldt med en "
    "tredjedel fra 2009 til 2013; de absolutte tal her er opfundet til demoen."
)
ILLUSTRATIVE_NOTE = "Illustrativt tal (demodata), ikke en faktisk opgørelse."


@dataclass(frozen=True)
class Ind:
    """An indicator template. Per-initiative numbers are keyed by "indre"/"ydre" (or "*" for both)."""

    goal: str
    name: str
    dimension: str
    unit: str
    direction: str
    source: str = ""
    verification: str = ""
    responsible: str = ""  # an organisation name or a department's short name
    derived_key: str = ""
    frequency: str = YEARLY
    illustrative: bool = False
    baseline: dict = field(default_factory=dict)  # {initiative: (date, value)}
    targets: dict = field(default_factory=dict)  # {initiative: {year: value}}
    measurements: dict = field(default_factory=dict)  # {initiative: {year: value}}
    city_level: bool = False  # measurements are the whole city's (no area)
    note: object = None  # note(year, value) -> str
    from_survey: bool = False  # measurements are the survey rounds' mean score


def _tryghed_note(year, value):
    return (
        TRYGHED_NOTE_FACT.format(year=year, value=str(value).replace(".", ","))
        if year == 2014
        else (TRYGHED_NOTE_ILLUSTRATIVE)
    )


INDICATORS = [
    Ind(
        "safe",
        "Andel beboere, der føler sig utrygge i kvarteret",
        D.EFFECT,
        "%",
        DOWN,
        source="Københavns Kommunes Tryghedsindeks (BIF og Københavns Politi), byens samlede tal",
        verification="2009 (10,9 %) og 2014 (7,1 %) er offentliggjorte tal; årene imellem er illustrative.",
        responsible="BIF",
        illustrative=True,
        baseline={"*": (datetime.date(2009, 12, 31), "10.9")},
        targets={"*": {2011: "10.2", 2012: "9.5", 2013: "8.5", 2014: "7.5"}},
        measurements={"*": {2011: "9.6", 2012: "8.8", 2013: "7.9", 2014: "7.1"}},
        city_level=True,
        note=_tryghed_note,
    ),
    Ind(
        "charged",
        "Sigtede under 18 år",
        D.EFFECT,
        "antal",
        DOWN,
        source="Københavns Politi: sigtede under 18 år med bopæl i politikredsen",
        verification="Faldet på en tredjedel 2009–2013 er fra den endelige evaluering; tallene er illustrative.",
        responsible="Københavns Politi",
        illustrative=True,
        baseline={"indre": (datetime.date(2009, 12, 31), "57"), "ydre": (datetime.date(2009, 12, 31), "69")},
        targets={
            "indre": {2011: "55", 2012: "50", 2013: "45", 2014: "40"},
            "ydre": {2011: "66", 2012: "60", 2013: "54", 2014: "48"},
        },
        measurements={"indre": {2011: "52", 2012: "45", 2013: "38"}, "ydre": {2011: "63", 2012: "55", 2013: "46"}},
        note=lambda year, value: CHARGED_NOTE,
    ),
    Ind(
        "charged",
        "Anmeldelser af borgerrettet kriminalitet pr. 1.000 indbyggere",
        D.EFFECT,
        "anmeldelser pr. 1.000 indbyggere",
        DOWN,
        source="Københavns Politi: anmeldelser af borgerrettet kriminalitet i politikredsen",
        verification="Illustrative tal.",
        responsible="Københavns Politi",
        illustrative=True,
        baseline={"indre": (datetime.date(2009, 12, 31), "92"), "ydre": (datetime.date(2009, 12, 31), "84")},
        targets={
            "indre": {2011: "90", 2012: "86", 2013: "82", 2014: "78"},
            "ydre": {2011: "82", 2012: "79", 2013: "76", 2014: "73"},
        },
        measurements={
            "indre": {2011: "88", 2012: "83", 2013: "79", 2014: "76"},
            "ydre": {2011: "81", 2012: "78", 2013: "76", 2014: "72"},
        },
        note=lambda year, value: ILLUSTRATIVE_NOTE,
    ),
    Ind(
        "platform",
        "Fremmøde på møderne",
        D.COLLABORATION,
        "%",
        UP,
        source="Platformens mødedata (fremmøde pr. invitation)",
        derived_key="attendance_rate",
        frequency=QUARTERLY,
        targets={"*": {2012: "75", 2013: "80", 2014: "85"}},
    ),
    Ind(
        "solved",
        "Eskaleringer løst inden for fristen",
        D.COLLABORATION,
        "%",
        UP,
        source="Platformens eskaleringer",
        derived_key="escalations_within_sla",
        targets={"*": {2012: "70", 2013: "80", 2014: "85"}},
    ),
    Ind(
        "collab",
        "Samarbejdsvurdering (gennemsnit)",
        D.COLLABORATION,
        "gennemsnit på skala 1–5",
        UP,
        source="Samarbejdsmålingen: alle vurderinger i årets spørgeskemarunde",
        verification="Beregnet fra platformens spørgeskemarunder; besvarelserne er illustrative demodata.",
        responsible="BIF",
        illustrative=True,
        targets={"*": {2012: "3.3", 2013: "3.5", 2014: "3.7"}},
        from_survey=True,
    ),
    Ind(
        "fields",
        "Andel af forvaltningerne, der er engageret i indsatsen",
        D.EFFORT,
        "%",
        UP,
        source="Platformens register over engagementer",
        derived_key="departments_engaged",
        targets={"*": {2011: "85", 2012: "85", 2013: "90", 2014: "90"}},
    ),
    Ind(
        "one",
        "Handlinger udført inden fristen",
        D.EFFORT,
        "%",
        UP,
        source="Handlinger fra platformens møder",
        derived_key="actions_on_time",
        frequency=QUARTERLY,
        targets={"*": {2012: "75", 2013: "80", 2014: "85"}},
    ),
    Ind(
        "support",
        "Børn og unge, hvis behov for støtte blev mødt",
        D.EFFORT,
        "%",
        UP,
        source="Platformens eskaleringer om børn og unge med behov for støtte",
        derived_key="child_support_met",
        targets={"*": {2012: "80", 2013: "85", 2014: "90"}},
    ),
    Ind(
        "one",
        "Antal tryghedsvandringer",
        D.EFFORT,
        "antal",
        UP,
        source="TMF og Hotspotsekretariatet: gennemførte tryghedsvandringer i politikredsen",
        verification="Illustrative tal; omfatter også vandringer fra før platformen blev taget i brug.",
        responsible="TMF",
        illustrative=True,
        targets={"*": {2011: "2", 2012: "4", 2013: "4", 2014: "4"}},
        measurements={
            "indre": {2011: "2", 2012: "4", 2013: "5", 2014: "3"},
            "ydre": {2011: "1", 2012: "3", 2013: "4", 2014: "4"},
        },
        note=lambda year, value: ILLUSTRATIVE_NOTE,
    ),
]


# The collaboration survey ------------------------------------------------------------

SURVEY_YEARS = [2012, 2013]
# The one organisation per round with only two answers, so the results show "too few answers".
FEW_ANSWERS = {
    ("indre", 2012): "SUF",
    ("indre", 2013): "Helhedsplan Stengade",
    ("ydre", 2012): "ØKF",
    ("ydre", 2013): "Helhedsplan Ørholmgade",
}
YEAR_LIFT = {2012: 0.0, 2013: 0.3}  # 2013 is slightly better than 2012
DIMENSION_OFFSET = {
    SurveyDimension.FREQUENT: 0.0,
    SurveyDimension.TIMELY: -0.3,
    SurveyDimension.ACCURATE: 0.1,
    SurveyDimension.PROBLEM_SOLVING: -0.2,
    SurveyDimension.SHARED_GOALS: 0.2,
    SurveyDimension.SHARED_KNOWLEDGE: -0.25,
    SurveyDimension.RESPECT: 0.35,
}
DONT_KNOW = 0.12  # the share of rated organisations a respondent answers "don't know" about


# Experiences ------------------------------------------------------------------------


@dataclass(frozen=True)
class Exp:
    initiative: str
    organisation: str
    date: datetime.date
    title: str
    text: str
    goals: tuple
    themes: tuple
    author: str = ""  # a demo username


EXPERIENCES = [
    Exp(
        "indre",
        "TMF",
        datetime.date(2012, 11, 20),
        "En fælles gennemgang af belysningen gav resultater på få uger",
        "Da beboerne fra Blågården selv viste os de mørke gårde og stier, kunne vi prioritere udskiftningen af "
        "armaturer på de kommunale arealer med det samme. Før sendte vi sagerne frem og tilbage mellem kommunen og "
        "boligorganisationen, fordi ansvaret for belysningen er delt. Nu gennemgår vi belysningen samlet og tager "
        "den op igen efter vinterhalvåret.",
        ("safe", "solved"),
        (T.PHYSICAL_ENVIRONMENT, T.PUBLIC_SAFETY),
        author="kontakt",
    ),
    Exp(
        "indre",
        "Askovgården",
        datetime.date(2013, 2, 14),
        "Forældrenetværket når flere, når klubberne er med",
        "Forældrenes aftenture fik først for alvor fat, da klubbernes medarbejdere gik med de første gange og "
        "præsenterede forældrene for de unge. Det er stadig svært at nå fædrene; det lykkedes bedst, når en "
        "far inviterede en anden.",
        ("crime", "platform"),
        (T.CHILDREN_YOUTH,),
        author="koordinator",
    ),
    Exp(
        "indre",
        "SOF",
        datetime.date(2013, 4, 10),
        "En fast kontaktperson gør samspillet med myndighedsarbejdet synligt",
        "Helhedsplanernes medarbejdere vidste ikke, hvad der skete efter en underretning, og holdt derfor igen. "
        "Med en fast kontaktperson i SOF kan vi give en generel tilbagemelding inden for tavshedspligten, og "
        "medarbejderne henvender sig tidligere. Vi ville have gjort det fra starten.",
        ("support",),
        (T.HOUSING_AUTHORITY, T.CHILDREN_YOUTH),
    ),
    Exp(
        "indre",
        "Helhedsplan Blågården",
        datetime.date(2013, 5, 22),
        "Fritidsjob kræver en voksen, der følger op",
        "Det var ikke svært at finde butikker, der ville tage unge ind; det svære var de første uger. De unge, "
        "der havde en voksen kontaktperson fra jobbanken, blev i jobbet. Vi knytter nu en kontaktperson til "
        "hver ung fra dag ét.",
        ("charged",),
        (T.EMPLOYMENT_EDUCATION, T.CHILDREN_YOUTH),
    ),
    Exp(
        "ydre",
        "Sjakket",
        datetime.date(2012, 10, 30),
        "Aftenåbent i vinterhalvåret flyttede de unge fra gaden",
        "Da vi holdt åbent til kl. 22 i vinterhalvåret, samledes færre unge ved butikkerne på Tagensvej om "
        "aftenen. Det krævede ekstra personale, som vi kun kunne få med midler fra Hotspot-indsatsen.",
        ("charged", "crime"),
        (T.CHILDREN_YOUTH, T.CULTURE_LEISURE),
    ),
    Exp(
        "ydre",
        "Helhedsplan Mjølnerparken",
        datetime.date(2013, 1, 17),
        "Lokale sager skal have et svar – også når svaret er nej",
        "Beboerne i styregruppen mistede tilliden, når en sag forsvandt i systemet. Siden eskaleringerne fik en "
        "frist og en status, kan vi fortælle beboerne, hvor sagen er. Et begrundet nej er bedre end ingen svar.",
        ("solved", "collab"),
        (T.HOUSING_AUTHORITY,),
    ),
    Exp(
        "ydre",
        "Københavns Politi",
        datetime.date(2013, 3, 5),
        "Aflåste containergårde gav færre brande",
        "Efter at boligorganisationen låste containergårdene af og satte bevægelsesstyret lys op, faldt antallet "
        "af brande i containere og kælderrum. Det virkede, fordi politiet, brandvæsenet og ejendomskontoret delte "
        "deres registreringer på koordinationsmøderne.",
        ("safe",),
        (T.PUBLIC_SAFETY, T.POLICING, T.PHYSICAL_ENVIRONMENT),
    ),
    Exp(
        "ydre",
        "BUF",
        datetime.date(2013, 6, 12),
        "Skoler og klubber deler viden om de ældste elever",
        "Forsøget med videndeling mellem skoler og klubber om elever i 8. og 9. klasse viste, at lektiecaféerne "
        "er et vigtigt mellemled. Samarbejdet blev først konkret, da lektiecaféerne kom med i netværksmøderne.",
        ("fields", "one"),
        (T.CHILDREN_YOUTH, T.EMPLOYMENT_EDUCATION),
    ),
    Exp(
        "ydre",
        "Områdeløft Haraldsgadekvarteret",
        datetime.date(2012, 12, 10),
        "Områdeløftets erfaringer skal videre, når det slutter",
        "Områdeløftet slutter med udgangen af 2012. Beboergrupperne og netværkene om tryghed og belysning lever "
        "videre, hvis de får en ny tovholder. Vi har overdraget dem til helhedsplanerne og Hotspot-sekretariatet.",
        ("collab",),
        (T.PHYSICAL_ENVIRONMENT, T.HOUSING_AUTHORITY),
    ),
]


# Goal links ---------------------------------------------------------------------------

# (goal key, words the decision or action item contains, at most how many)
OUTCOME_LINKS = [
    ("safe", "belysningen", 2),
    ("safe", "tryghedsvandring", 1),
    ("charged", "fritidsjob", 2),
    ("support", "fast kontaktperson", 1),
    ("collab", "erfaringer med samarbejdet", 1),
    ("one", "kontaktpersoner i de syv forvaltninger", 1),
]
# (goal key, escalation filter, at most how many)
ESCALATION_LINKS = [
    ("support", {"category": Escalation.Category.CHILD_SUPPORT}, 2),
    ("safe", {"theme": T.PHYSICAL_ENVIRONMENT}, 2),
    ("solved", {"housing_sector": True}, 1),
]


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
    return Seeder(stdout).run()


def _decimal(value):
    return Decimal(str(value))


def _validate(obj):
    """Field and model rules; uniqueness and keys come from our own lookups (see seed_actors._validate)."""
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


class Seeder:
    def __init__(self, stdout):
        self.stdout = stdout
        self.created, self.updated = Counter(), Counter()
        self.fresh = set()  # (model, pk) created in this run: setting their relations is no "update"
        self._cache = {}

    # --- lookups: the actors seed must have run ------------------------------

    def _get(self, model, **lookup):
        key = (model, tuple(sorted(lookup.items())))
        if key not in self._cache:
            obj = model.objects.filter(**lookup).first()
            if obj is None:
                raise CommandError(
                    f"Demodata mangler: {model._meta.verbose_name} {', '.join(map(str, lookup.values()))} findes ikke. "
                    "Kør først `python manage.py seed_actors` (eller `seed_demo`, som kører den)."
                )
            self._cache[key] = obj
        return self._cache[key]

    def org(self, key):
        """An organisation by name, or a department by its short name (TMF, BUF …)."""
        if key.isupper():
            return self._get(Organisation, short_name=key, kind=Organisation.Kind.MUNICIPAL_DEPARTMENT)
        return self._get(Organisation, name=key)

    # --- the generic upsert ----------------------------------------------------

    def _upsert(self, model, lookup, values=None):
        """Get the row matching ``lookup``; create it, or save only the fields whose value differs."""
        values = values or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            _validate(obj)
            obj.save()
            self.created[model] += 1
            self.fresh.add((model, obj.pk))
            return obj
        changed = [name for name, value in values.items() if not self._same(obj, name, value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            _validate(obj)
            obj.save(update_fields=changed)
            self.updated[model] += 1
        return obj

    @staticmethod
    def _same(obj, name, value):
        field_ = obj._meta.get_field(name)
        if field_.is_relation:
            return getattr(obj, field_.attname) == (value.pk if value is not None else None)
        return getattr(obj, name) == value

    def _set_m2m(self, obj, name, wanted):
        manager = getattr(obj, name)
        if set(manager.values_list("pk", flat=True)) != {o.pk for o in wanted}:
            manager.set(wanted)
            if (type(obj), obj.pk) not in self.fresh:
                self.updated[type(obj)] += 1

    # --- the run ----------------------------------------------------------------

    def run(self):
        with transaction.atomic():
            for name, spec in INITIATIVES.items():
                initiative = self._get(Initiative, name=name)
                goals = self._goals(initiative)
                self._indicators(initiative, spec, goals)
                self._survey_rounds(initiative, spec)
                self._survey_measurements(initiative, spec, goals)
                self._experiences(initiative, spec, goals)
                self._links(initiative, goals)
        made = ", ".join(f"{self.created[model]} {label}" for model, label in SUMMARY if self.created[model])
        self.stdout.write(
            f"Evalueringsdemo: oprettet {made or 'intet'}; {sum(self.updated.values())} rækker opdateret. "
            f"I alt {Goal.objects.count()} mål, {Indicator.objects.count()} indikatorer, "
            f"{SurveyResponse.objects.count()} besvarelser, {Experience.objects.count()} erfaringer."
        )
        return {model._meta.label: n for model, n in self.created.items()}

    # --- goals ---------------------------------------------------------------------

    def _goals(self, initiative):
        vision_text = (initiative.vision or initiative.name).strip()
        vision = Goal.objects.filter(initiative=initiative, level=Goal.Level.VISION, parent=None).first()
        values = {"title": vision_text[:240], "description": vision_text, "order": 0}
        if vision is None:
            vision = self._upsert(Goal, {"initiative": initiative, "level": Goal.Level.VISION, "parent": None}, values)
        else:
            vision = self._upsert(Goal, {"pk": vision.pk}, values)
        goals = {"vision": vision}
        for order, (key, title, description, subs) in enumerate(GOALS, start=1):
            goals[key] = goal = self._upsert(
                Goal,
                {"initiative": initiative, "parent": vision, "title": title},
                {"level": Goal.Level.LONG_TERM, "description": description, "order": order},
            )
            for sub_order, (sub_key, sub_title, sub_description) in enumerate(subs, start=1):
                goals[sub_key] = self._upsert(
                    Goal,
                    {"initiative": initiative, "parent": goal, "title": sub_title},
                    {"level": Goal.Level.SUB_GOAL, "description": sub_description, "order": sub_order},
                )
        return goals

    # --- indicators, targets, measurements -------------------------------------------

    def _indicators(self, initiative, spec, goals):
        district = self._get(Area, name=spec["district"])
        orders = Counter()
        self.indicators = {}
        for ind in INDICATORS:
            goal = goals[ind.goal]
            orders[ind.goal] += 1
            baseline = ind.baseline.get(spec["key"]) or ind.baseline.get("*")
            values = {
                "dimension": ind.dimension,
                "unit": DERIVED_UNITS[ind.derived_key] if ind.derived_key else ind.unit,
                "direction": ind.direction,
                "baseline_value": _decimal(baseline[1]) if baseline else None,
                "baseline_date": baseline[0] if baseline else None,
                "frequency": ind.frequency,
                "source": ind.source,
                "verification": ind.verification,
                "responsible": self.org(ind.responsible) if ind.responsible else None,
                "method": Indicator.Method.DERIVED if ind.derived_key else Indicator.Method.MANUAL,
                "derived_key": ind.derived_key,
                "is_illustrative": ind.illustrative,
                "order": orders[ind.goal],
            }
            indicator = self._upsert(Indicator, {"goal": goal, "name": ind.name}, values)
            indicator.goal = goal  # Measurement.clean reads indicator.goal.initiative
            self.indicators[ind.name] = indicator
            targets = ind.targets.get(spec["key"]) or ind.targets.get("*") or {}
            for year, value in targets.items():
                self._upsert(
                    Target, {"indicator": indicator, "date": datetime.date(year, 12, 31)}, {"value": _decimal(value)}
                )
            measurements = ind.measurements.get(spec["key"]) or ind.measurements.get("*") or {}
            for year, value in measurements.items():
                self._measurement(
                    indicator,
                    year,
                    _decimal(value),
                    None if ind.city_level else district,
                    ind.source,
                    ind.note(year, value),
                )

    def _measurement(self, indicator, year, value, area, source, note):
        self._upsert(
            Measurement,
            {
                "indicator": indicator,
                "period_start": datetime.date(year, 1, 1),
                "period_end": datetime.date(year, 12, 31),
                "area": area,
            },
            {"value": value, "source": source[:240], "note": note},
        )

    # --- the collaboration survey ---------------------------------------------------

    def _survey_rounds(self, initiative, spec):
        for year in SURVEY_YEARS:
            title = f"Samarbejdsmåling {year} – {initiative.short_name or initiative.name}"
            if SurveyRound.objects.filter(initiative=initiative, title=title).exists():
                continue
            survey_round = surveys.round_create(
                initiative=initiative,
                data={
                    "title": title,
                    "period_start": datetime.date(year, 1, 1),
                    "period_end": datetime.date(year, 12, 31),
                    "opens": datetime.date(year, 11, 12),
                    "closes": datetime.date(year, 12, 7),
                },
            )
            self.created[SurveyRound] += 1
            self._answers(survey_round, spec, year)

    def _answers(self, survey_round, spec, year):
        """Anonymous answers: 3–5 per organisation, 2 for the one in FEW_ANSWERS; fixed seeds, so stable."""
        rng = random.Random(f"{SEED}|{survey_round.initiative.name}|{year}")
        organisations = list(survey_round.organisations.order_by("name"))
        few = self.org(FEW_ANSWERS[(spec["key"], year)])
        days = (survey_round.closes - survey_round.opens).days
        responses, scores = [], []
        for rater in organisations:
            for _ in range(2 if rater == few else rng.randint(3, 5)):
                response = SurveyResponse(
                    round=survey_round,
                    respondent_organisation=rater,
                    submitted_on=survey_round.opens + datetime.timedelta(days=rng.randint(0, days)),
                )
                ratings = []
                for rated in organisations:
                    if rated == rater or rng.random() < DONT_KNOW:
                        continue
                    base = random.Random(f"{SEED}|{rater.name}|{rated.name}").uniform(2.5, 4.0) + YEAR_LIFT[year]
                    for dimension, offset in DIMENSION_OFFSET.items():
                        score = min(5, max(1, round(rng.gauss(base + offset, 0.8))))
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
        # Demo respondents are not users: the answers above stand for colleagues who have no login. Only
        # where a demo login belongs to a taking-part organisation is a participation recorded, so that user
        # sees the round as answered. (Participation is never linked to an answer, as in surveys.survey_submit.)
        demo_users = (
            get_user_model()
            .objects.filter(
                username__in=[row[0] for row in USERS],
                hotspot_roles__organisation__in=organisations,
            )
            .distinct()
        )
        for user in demo_users.order_by("username"):
            SurveyParticipation.objects.create(round=survey_round, user=user)
            self.created[SurveyParticipation] += 1

    def _survey_measurements(self, initiative, spec, goals):
        """The mean of all ratings of each round, as the manual indicator's yearly measurement."""
        district = self._get(Area, name=spec["district"])
        indicator = self.indicators["Samarbejdsvurdering (gennemsnit)"]
        for survey_round in SurveyRound.objects.filter(initiative=initiative).order_by("period_start"):
            mean = SurveyRating.objects.filter(response__round=survey_round).aggregate(m=Avg("score"))["m"]
            if mean is None:
                continue
            n = SurveyResponse.objects.filter(round=survey_round).count()
            value = _decimal(mean).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            note = (
                f"Gennemsnit af alle vurderinger i runden „{survey_round.title}“ ({n} besvarelser). "
                "Besvarelserne er illustrative demodata."
            )
            self._measurement(indicator, survey_round.period_start.year, value, district, indicator.source, note)

    # --- experiences -------------------------------------------------------------------

    def _experiences(self, initiative, spec, goals):
        users = {u.username: u for u in get_user_model().objects.filter(username__in=[row[0] for row in USERS])}
        for exp in EXPERIENCES:
            if exp.initiative != spec["key"]:
                continue
            organisation = self.org(exp.organisation)
            author = users.get(exp.author)
            if author is not None and not Role.objects.filter(user=author, organisation=organisation).exists():
                author = None  # only a member of the organisation writes on its behalf
            experience = self._upsert(
                Experience,
                {"initiative": initiative, "title": exp.title},
                {
                    "organisation": organisation,
                    "author": author,
                    "date": exp.date,
                    "text": f"{exp.text} ({ILLUSTRATIVE})",
                    "themes": [str(t) for t in exp.themes],
                },
            )
            self._set_m2m(experience, "goals", [goals[key] for key in exp.goals])

    # --- goal links ------------------------------------------------------------------

    def _links(self, initiative, goals):
        chief = initiative.chief
        by = chief.user if chief is not None else None
        for key, words, limit in OUTCOME_LINKS:
            outcomes = (
                Outcome.objects.filter(
                    agenda_item__meeting__initiative=initiative,
                    kind__in=[Outcome.Kind.DECISION, Outcome.Kind.ACTION],
                    text__icontains=words,
                )
                .select_related("agenda_item__meeting")
                .order_by("agenda_item__meeting__start", "pk")[:limit]
            )
            for outcome in outcomes:
                when = outcome.agenda_item.meeting.start + datetime.timedelta(days=1)
                self._link(goals[key], {"outcome": outcome}, by, when)
        for key, filters, limit in ESCALATION_LINKS:
            escalations = Escalation.objects.filter(initiative=initiative, **filters).order_by("created", "pk")[:limit]
            for escalation in escalations:
                self._link(goals[key], {"escalation": escalation}, by, escalation.created + datetime.timedelta(days=1))

    def _link(self, goal, target, by, when):
        if GoalLink.objects.filter(goal=goal, **target).exists():
            return
        link = GoalLink(goal=goal, created_by=by, created=min(when, timezone.now()), **target)
        link.full_clean(exclude=["goal", "outcome", "escalation", "created_by"], validate_constraints=False)
        link.save()
        self.created[GoalLink] += 1
