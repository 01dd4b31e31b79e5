"""Build the Nørrebro demo setting: ``python manage.py seed_actors``.

``python manage.py seed_demo`` (hotspot/management/commands/seed_demo.py) runs this
first and then seeds the higher layers on top of it.

Creates, from the tables below:

* the areas (Nørrebro, police districts 8 and 12, patrol zone 157, the quarters);
* Københavns Kommune and its seven administrations with their committees and
  mayors (persons named by office, never by the real mayors' names);
* the housing organisations, BL 1. kreds, the self-governing institutions
  (Askovgården, Sjakket), the ten housing-social master plans, the area renewal
  in Haraldsgadekvarteret, the police, SSP and Center for Sikker By;
* the governance bodies from Borgmesterforum and Partnerskabsforum down to the
  Hotspot teams, the local boards and steering groups and the SSP chain, each
  with a few seats;
* the two Hotspot initiatives with their linked bodies and engagements (Indre
  Nørrebro covers every professional field but lacks ØKF; Ydre Nørrebro lacks
  health, so the coverage matrix shows both states);
* five demo users (password ``hotspot-demo``) with their roles.

Facts DOMAIN.md marks as plausible but unconfirmed (p) are stored with
``is_illustrative=True``; where a model has no such flag (areas, initiatives,
engagements) the text a user sees says "illustrativ". Every person is
illustrative.

Each row is looked up by its natural key and saved only when a value differs,
so a second run changes nothing, not even the history tables.
"""

from collections import Counter
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from actors.models import (
    Area,
    Body,
    BodyLink,
    Engagement,
    Initiative,
    Organisation,
    Person,
    ProfessionalField,
    Role,
    Seat,
)

User = get_user_model()

AreaKind, OrgKind, BodyKind = Area.Kind, Organisation.Kind, Body.Kind
F = ProfessionalField
POLITICAL, ADMIN, RESIDENT, OTHER = Seat.Kind.POLITICAL, Seat.Kind.ADMINISTRATIVE, Seat.Kind.RESIDENT, Seat.Kind.OTHER
CHAIR, VICE, MEMBER, SECRETARY = Seat.Role.CHAIR, Seat.Role.VICE_CHAIR, Seat.Role.MEMBER, Seat.Role.SECRETARY

DEMO_PASSWORD = "hotspot-demo"
MUNICIPALITY = "Københavns Kommune"
BL = "BL – Danmarks Almene Boliger, 1. kreds"
BSF = "Boligsocialt Forum Nørrebro"
HOTSPOT_START, HOTSPOT_END = date(2011, 3, 1), date(2014, 12, 31)
PLAN_START, PLAN_END = date(2011, 1, 1), date(2014, 12, 31)
FUNDERS = "Landsbyggefonden (LBF) og Københavns Kommune (ca. 12,5 % medfinansiering)"
P8, P12, R157 = "Politikreds 8 – Blågårdskvarteret", "Politikreds 12", "Rode 157 – Tagensvej"
PLACEMENT_NOTE = "Placeringen i politikredsen er illustrativ."
ILLUSTRATIVE_NOTE = "Rolle og fagområder er illustrative (demodata)."

# (name, kind, parent, description)
AREAS = [
    ("Nørrebro", AreaKind.DISTRICT, None, "Bydel i København; et af de seks udsatte byområder i politikken fra 2011."),
    (P8, AreaKind.DISTRICT, "Nørrebro", "Politikreds 8 på indre Nørrebro; Hotspot Indre Nørrebro."),
    (P12, AreaKind.DISTRICT, "Nørrebro", "Politikreds 12 på ydre Nørrebro; Hotspot Ydre Nørrebro."),
    (R157, AreaKind.PATROL_ZONE, P12, "Rode 157 omkring Tagensvej; del af Hotspot Ydre Nørrebro."),
    ("Blågården", AreaKind.QUARTER, P8, "Almen boligafdeling ved Blågårds Plads."),
    ("Hothers Plads", AreaKind.QUARTER, P8, PLACEMENT_NOTE),
    ("Mjølnerparken", AreaKind.QUARTER, P12, "560 boliger. " + PLACEMENT_NOTE),
    ("Lundtoftegade", AreaKind.QUARTER, P12, PLACEMENT_NOTE),
    ("Den Grønne Trekant", AreaKind.QUARTER, P12, "Aldersrogade-kvarteret. " + PLACEMENT_NOTE),
    ("Haraldsgadekvarteret", AreaKind.QUARTER, P12, "Områdefornyelse 2006–12 på ydre Nørrebro. " + PLACEMENT_NOTE),
]

# (short name, administration, committee, its mayor named by office)
DEPARTMENTS = [
    ("ØKF", "Økonomiforvaltningen", "Økonomiudvalget (ØU)", "Overborgmester (ØU)"),
    ("BUF", "Børne- og Ungdomsforvaltningen", "Børne- og Ungdomsudvalget (BUU)", "Børne- og Ungdomsborgmester"),
    ("SUF", "Sundheds- og Omsorgsforvaltningen", "Sundheds- og Omsorgsudvalget", "Sundheds- og Omsorgsborgmester"),
    ("SOF", "Socialforvaltningen", "Socialudvalget", "Socialborgmester"),
    ("TMF", "Teknik- og Miljøforvaltningen", "Teknik- og Miljøudvalget (TMU)", "Teknik- og Miljøborgmester"),
    ("KFF", "Kultur- og Fritidsforvaltningen", "Kultur- og Fritidsudvalget", "Kultur- og Fritidsborgmester"),
    (
        "BIF",
        "Beskæftigelses- og Integrationsforvaltningen",
        "Beskæftigelses- og Integrationsudvalget",
        "Beskæftigelses- og Integrationsborgmester",
    ),
]
OVERBORGMESTER = DEPARTMENTS[0][3]

HOUSING_ORGANISATIONS = [
    "AAB",
    "fsb",
    "Vibo",
    "Lejerbo",
    "AKB København",
    "Hovedstadens Almennyttige Boligselskab",
    "Bo-Vita",
]

# Local actors and other organisations. "parent" and "areas" are names.
ORGANISATIONS = [
    {
        "name": BL,
        "kind": OrgKind.OTHER,
        "short_name": "BL 1. kreds",
        "description": "Kredsbestyrelsen sidder sammen med de syv borgmestre i Partnerskabsforum.",
    },
    {
        "name": "Askovgården",
        "kind": OrgKind.SELF_GOVERNING_INSTITUTION,
        "areas": ["Nørrebro"],
        "description": "Selvejende settlement på Nørrebro, grundlagt 1943.",
    },
    {
        "name": "Sjakket",
        "kind": OrgKind.SELF_GOVERNING_INSTITUTION,
        "areas": ["Nørrebro"],
        "description": "Selvejende ungdomsinstitution med særlig kontakt til mange af områdets unge.",
    },
    {
        "name": "Områdeløft Haraldsgadekvarteret",
        "kind": OrgKind.AREA_RENEWAL,
        "areas": ["Haraldsgadekvarteret"],
        "period_start": date(2006, 1, 1),
        "period_end": date(2012, 12, 31),
        "budget": 54_000_000,
        "description": "Områdefornyelse vedtaget 2006: 54 mio. kr. for 2006–12; koordinerende indsats for børn og unge.",
    },
    {
        "name": "Københavns Politi",
        "kind": OrgKind.POLICE,
        "areas": ["Nørrebro"],
        "description": "Forebyggelsesafdelingen deltager i SSP-samarbejdet (retsplejelovens § 115).",
    },
    {
        "name": "SSP København",
        "kind": OrgKind.SSP,
        "description": "Samarbejdet mellem skole, socialforvaltning og politi.",
    },
    {
        "name": "Center for Sikker By",
        "kind": OrgKind.OTHER,
        "parent": MUNICIPALITY,
        "description": "Partner i partnerskabet “For et Trygt Indre Nørrebro” (2013).",
    },
    {
        "name": "Kvartermanager Nørrebro",
        "kind": OrgKind.OTHER,
        "areas": ["Nørrebro"],
        "description": "Kvartermanager for handelslivet, tilknyttet Hotspot-indsatsen.",
    },
    {
        "name": "Nørrebro Lokaludvalg",
        "kind": OrgKind.OTHER,
        "parent": MUNICIPALITY,
        "areas": ["Nørrebro"],
        "description": "Lokaludvalgets sekretær deltager i Boligsocialt Forum Nørrebro.",
    },
]

# The ten master plans: (name, housing organisation, period, budget, areas, illustrative, note).
# Budgets and (except Lundtoftegade's) periods are illustrative; Mjølnerparken is the largest.
MASTER_PLANS = [
    ("Helhedsplan Mjølnerparken", "Lejerbo", None, 32_000_000, ["Mjølnerparken"], False,
     "560 boliger; boligorganisation Lejerbo, senere Bo-Vita. Den økonomisk største helhedsplan på Nørrebro."),
    ("Helhedsplan Lundtoftegade", "AKB København", (date(2007, 1, 1), date(2011, 12, 31)), 12_000_000,
     ["Lundtoftegade"], False, "Med kvartersforum, netværksgruppe, områdesekretariat og områdekoordinator."),
    ("Helhedsplan Aldersrogade / Den Grønne Trekant", "Bo-Vita", None, 14_000_000, ["Den Grønne Trekant"], False, ""),
    ("Helhedsplan Hothers Plads", "AAB", None, 10_000_000, ["Hothers Plads"], False, ""),
    ("Helhedsplan Blågården", "fsb", None, 16_000_000, ["Blågården"], False, ""),
    ("Helhedsplan Rantzausgade", "Vibo", None, 8_000_000, [P8], True, ""),
    ("Helhedsplan Stengade", "Hovedstadens Almennyttige Boligselskab", None, 9_000_000, [P8], True, ""),
    ("Helhedsplan Titangade", "Vibo", None, 11_000_000, [P12], True, ""),
    ("Helhedsplan Nannasgade", "fsb", None, 7_500_000, [P12], True, ""),
    ("Helhedsplan Ørholmgade", "Hovedstadens Almennyttige Boligselskab", None, 6_000_000, [R157], True, ""),
]  # fmt: skip


def plan_label(plan_name):
    return plan_name.removeprefix("Helhedsplan ")


# Illustrative people, named by office: (name, title, organisation). Organisations may be short names.
PEOPLE = [
    ("Kredsformand, BL 1. kreds", "Formand for kredsbestyrelsen", BL),
    ("Kredsnæstformand, BL 1. kreds", "Næstformand for kredsbestyrelsen", BL),
    ("Kredsbestyrelsesmedlem, BL 1. kreds", "Medlem af kredsbestyrelsen", BL),
    ("Lokaludvalgssekretær, Nørrebro", "Sekretær for Nørrebro Lokaludvalg", "Nørrebro Lokaludvalg"),
    ("Boligsocial koordinator, Lejerbo", "Boligsocial koordinator", "Lejerbo"),
    ("Boligsocial koordinator, AKB København", "Boligsocial koordinator", "AKB København"),
    ("Boligsocial koordinator, fsb", "Boligsocial koordinator", "fsb"),
    ("Hotspotchef Indre Nørrebro", "Hotspotchef", "BIF"),
    ("Hotspotchef Ydre Nørrebro", "Hotspotchef", "BIF"),
    ("Projektmedarbejder, Hotspot Indre Nørrebro", "Projektmedarbejder", "BIF"),
    ("Projektmedarbejder, Hotspot Ydre Nørrebro", "Projektmedarbejder", "BIF"),
    ("Gadeplansmedarbejder, Hotspot Indre Nørrebro", "Gadeplansmedarbejder", "SOF"),
    ("Gadeplansmedarbejder, Hotspot Ydre Nørrebro", "Gadeplansmedarbejder", "SOF"),
    ("Politikommissær, Nørrebro", "Politikommissær", "Københavns Politi"),
    ("Forebyggelsesbetjent, Nørrebro", "Forebyggelsesafdelingen", "Københavns Politi"),
    ("SSP-chef, København", "Chef for SSP København", "SSP København"),
    ("SSP-konsulent, Nørrebro", "SSP-konsulent", "SSP København"),
    ("Skoleleder, Nørrebro", "Skoleleder", "BUF"),
    ("Forstander, Askovgården", "Forstander", "Askovgården"),
    ("Bestyrelsesformand, Askovgården", "Bestyrelsesformand (brugerrepræsentant)", None),
    ("Leder, Sjakket", "Leder", "Sjakket"),
    ("Bestyrelsesformand, Sjakket", "Bestyrelsesformand (forældrerepræsentant)", None),
    ("Sekretariatsleder, Områdeløft Haraldsgadekvarteret", "Sekretariatsleder", "Områdeløft Haraldsgadekvarteret"),
    ("Beboerrepræsentant, Haraldsgadekvarteret", "Beboerrepræsentant", None),
    ("Chef, Center for Sikker By", "Centerchef", "Center for Sikker By"),
    ("Kvartermanager, Nørrebro", "Kvartermanager", "Kvartermanager Nørrebro"),
    # The people behind two demo logins.
    ("Kasper Nielsen", "Lokal koordinator", "Askovgården"),
    ("Karin Thomsen", "Forvaltningskontakt for Hotspot-indsatsen", "TMF"),
]


def department_lead(short):
    """The illustrative manager each administration sends to Boligsocialt Forum Nørrebro."""
    return f"Leder, {short} Nørrebro"


# Bodies whose existence DOMAIN.md confirms: (name, kind, organisation, reports to, residents have seats,
# meeting frequency, mandate). Hotspot and master-plan bodies are generated in _bodies().
BODIES = [
    ("Borgmesterforum", BodyKind.FORUM, MUNICIPALITY, None, False, "",
     "De syv borgmestre. Står i spidsen for organisationen for udsatte byområder."),
    ("Partnerskabsforum", BodyKind.FORUM, MUNICIPALITY, None, False, "Årligt",
     "De syv borgmestre og kredsbestyrelsen for BL 1. kreds: samarbejdet med de almene boligorganisationer."),
    (BSF, BodyKind.FORUM, MUNICIPALITY, "Borgmesterforum", False, "",
     "Ledere fra alle syv forvaltninger, boligsociale medarbejdere, boligorganisationernes koordinatorer og "
     "lokaludvalgets sekretær. Den almene sektors ene indgang til kommunen på Nørrebro."),
    ("SSP København – styregruppe", BodyKind.STEERING_GROUP, "SSP København", None, False, "",
     "Den bydækkende SSP-styregruppe."),
    ("SSP-ledergruppe", BodyKind.STEERING_GROUP, "SSP København", "SSP København – styregruppe", False, "Kvartalsvis",
     "Behandler alvorlige sager og rapporterer kvartalsvis til udvalgene."),
    ("SSP-lokaludvalg Nørrebro", BodyKind.WORKING_GROUP, "SSP København", "SSP-ledergruppe", False, "Månedligt",
     "Skole, socialforvaltning og politi på Nørrebro; informationsudveksling efter retsplejelovens § 115."),
    ("Bestyrelsen for Askovgården", BodyKind.BOARD, "Askovgården", None, True, "", "Den selvejende institutions bestyrelse."),
    ("Bestyrelsen for Sjakket", BodyKind.BOARD, "Sjakket", None, True, "", "Den selvejende institutions bestyrelse."),
    ("Styregruppe for Områdeløft Haraldsgadekvarteret", BodyKind.STEERING_GROUP, "Områdeløft Haraldsgadekvarteret", BSF,
     True, "", "Beboere og borgere har indsigt i og indflydelse på områdeløftet."),
    ("Partnerskabet For et Trygt Indre Nørrebro", BodyKind.NETWORK, "Center for Sikker By", None, False, "",
     "Partnerskab fra 2013: Center for Sikker By, SSP København, Hotspot Indre Nørrebro og Københavns Politi."),
]  # fmt: skip

INITIATIVES = [
    {
        "name": "Hotspot Indre Nørrebro",
        "short_name": "Indre Nørrebro",
        "need_category": "markant",
        "areas": [P8],
        "budget": 14_000_000,
        "description": (
            "Midlertidig, områdebaseret indsats i politikreds 8 (Blågårdskvarteret) med klare mål og klart "
            "ledelsesansvar, der samordner kommunens indsats for at mindske kriminalitet og øge trygheden. "
            "De to Hotspots har tilsammen 28 mio. kr. (17,5 mio. kommunale og 10,5 mio. statslige midler); "
            "fordelingen mellem dem er illustrativ."
        ),
        "vision": (
            "Et trygt Indre Nørrebro, hvor børn og unge vælger uddannelse og fællesskab frem for kriminalitet, "
            "og hvor kommunen optræder som én kommune – også lokalt. (Illustrativ formulering.)"
        ),
        "chief": "Hotspotchef Indre Nørrebro",
        "local_bodies": [
            "Bestyrelsen for Askovgården",
            "Styregruppe for Helhedsplan Blågården",
            "Styregruppe for Helhedsplan Hothers Plads",
            "Partnerskabet For et Trygt Indre Nørrebro",
        ],
        "local_network": [
            "Kasper Nielsen",
            "Forstander, Askovgården",
            "Boligsocial koordinator, Blågården",
            "Boligsocial koordinator, Hothers Plads",
        ],
        # ØKF is deliberately absent; every professional field is covered.
        "engagements": [
            ("BIF", [F.EMPLOYMENT_EDUCATION, F.CHILDREN_YOUTH], "Ansvarlig forvaltning", None, None),
            ("BUF", [F.CHILDREN_YOUTH], "Skoler, fritidstilbud og myndighed for børn og unge", None, None),
            ("SOF", [F.SOCIAL_SERVICES], "Myndighedsarbejde og gadeplansarbejde", None, None),
            ("TMF", [F.PHYSICAL_ENVIRONMENT, F.PUBLIC_SAFETY], "Tryghed i byens rum", date(2010, 12, 1), None),
            ("KFF", [F.CULTURE_LEISURE], "Kultur- og fritidstilbud", None, None),
            ("SUF", [F.HEALTH], "Sundhedspleje og forebyggelse", None, None),
            ("Københavns Politi", [F.POLICING, F.PUBLIC_SAFETY], "Politiindsats og forebyggelse", None, None),
            ("SSP København", [F.CHILDREN_YOUTH], "SSP-samarbejdet", None, None),
            ("Askovgården", [F.CHILDREN_YOUTH, F.SOCIAL_SERVICES, F.CULTURE_LEISURE], "Selvejende institution",
             None, None),
            ("Helhedsplan Blågården", [F.CHILDREN_YOUTH, F.EMPLOYMENT_EDUCATION], "Boligsocial helhedsplan",
             None, None),
            ("Helhedsplan Hothers Plads", [F.CHILDREN_YOUTH], "Boligsocial helhedsplan", None, None),
            ("Helhedsplan Rantzausgade", [F.CHILDREN_YOUTH], "Boligsocial helhedsplan", None, None),
            ("Helhedsplan Stengade", [F.CHILDREN_YOUTH], "Boligsocial helhedsplan", None, None),
            ("Center for Sikker By", [F.PUBLIC_SAFETY], "Partnerskabet For et Trygt Indre Nørrebro",
             date(2013, 1, 1), None),
        ],
    },
    {
        "name": "Hotspot Ydre Nørrebro",
        "short_name": "Ydre Nørrebro",
        "need_category": "intensiveret",
        "areas": [P12, R157],
        "budget": 14_000_000,
        "description": (
            "Midlertidig, områdebaseret indsats i politikreds 12 og rode 157 omkring Tagensvej. "
            "De to Hotspots har tilsammen 28 mio. kr.; fordelingen mellem dem er illustrativ."
        ),
        "vision": (
            "Et Ydre Nørrebro, hvor beboerne føler sig trygge i gader, parker og opgange, og hvor de unge "
            "får den støtte, de har brug for. (Illustrativ formulering.)"
        ),
        "chief": "Hotspotchef Ydre Nørrebro",
        "local_bodies": [
            "Bestyrelsen for Sjakket",
            "Styregruppe for Helhedsplan Mjølnerparken",
            "Styregruppe for Områdeløft Haraldsgadekvarteret",
        ],
        "local_network": [
            "Leder, Sjakket",
            "Boligsocial koordinator, Mjølnerparken",
            "Sekretariatsleder, Områdeløft Haraldsgadekvarteret",
            "Kvartermanager, Nørrebro",
        ],
        # SUF is absent and no one else covers health: the coverage matrix shows a gap.
        "engagements": [
            ("ØKF", [], "Økonomisk opfølgning", None, None),
            ("BIF", [F.EMPLOYMENT_EDUCATION, F.CHILDREN_YOUTH], "Ansvarlig forvaltning", None, None),
            ("BUF", [F.CHILDREN_YOUTH], "Skoler, fritidstilbud og myndighed for børn og unge", None, None),
            ("SOF", [F.SOCIAL_SERVICES], "Myndighedsarbejde og gadeplansarbejde", None, None),
            ("TMF", [F.PHYSICAL_ENVIRONMENT, F.PUBLIC_SAFETY], "Tryghed i byens rum", date(2010, 12, 1), None),
            ("KFF", [F.CULTURE_LEISURE], "Kultur- og fritidstilbud", None, None),
            ("Københavns Politi", [F.POLICING, F.PUBLIC_SAFETY], "Politiindsats og forebyggelse", None, None),
            ("SSP København", [F.CHILDREN_YOUTH], "SSP-samarbejdet", None, None),
            ("Sjakket", [F.CHILDREN_YOUTH], "Selvejende ungdomsinstitution", None, None),
            ("Helhedsplan Mjølnerparken", [F.CHILDREN_YOUTH, F.EMPLOYMENT_EDUCATION, F.CULTURE_LEISURE],
             "Boligsocial helhedsplan", None, None),
            ("Helhedsplan Lundtoftegade", [F.CHILDREN_YOUTH], "Boligsocial helhedsplan (udløb 2011)", None,
             date(2011, 12, 31)),
            ("Helhedsplan Aldersrogade / Den Grønne Trekant", [F.CHILDREN_YOUTH], "Boligsocial helhedsplan",
             None, None),
            ("Helhedsplan Titangade", [F.CHILDREN_YOUTH], "Boligsocial helhedsplan", None, None),
            ("Helhedsplan Nannasgade", [F.EMPLOYMENT_EDUCATION], "Boligsocial helhedsplan", None, None),
            ("Helhedsplan Ørholmgade", [F.CHILDREN_YOUTH], "Boligsocial helhedsplan", None, None),
            ("Områdeløft Haraldsgadekvarteret", [F.PHYSICAL_ENVIRONMENT, F.CHILDREN_YOUTH], "Områdefornyelse",
             None, date(2012, 12, 31)),
        ],
    },
]  # fmt: skip

TMF_NOTE = "TMF indgår i arbejdet fra december 2010 (høringssvaret fra Teknik- og Miljøforvaltningen)."

# (username, first name, last name, superuser, role, initiative, organisation, person)
USERS = [
    ("admin", "Ada", "Andersen", True, Role.Kind.ADMINISTRATOR, None, None, None),
    ("chef", "Camilla", "Holm", False, Role.Kind.CHIEF, "Hotspot Indre Nørrebro", None, "Hotspotchef Indre Nørrebro"),
    ("koordinator", "Kasper", "Nielsen", False, Role.Kind.COORDINATOR, "Hotspot Indre Nørrebro", "Askovgården",
     "Kasper Nielsen"),
    ("kontakt", "Karin", "Thomsen", False, Role.Kind.LIAISON, None, "TMF", "Karin Thomsen"),
    ("observatoer", "Ole", "Bech", False, Role.Kind.OBSERVER, None, None, None),
]  # fmt: skip

SUMMARY_MODELS = [Area, Organisation, Person, Body, Seat, Initiative, BodyLink, Engagement, User, Role]


class Command(BaseCommand):
    help = "Opretter (eller opdaterer) demodata for Hotspot Nørrebro 2011–2014. Kan køres flere gange."

    @transaction.atomic
    def handle(self, *args, **options):
        self.created, self.updated = Counter(), Counter()
        self.fresh = set()  # (model, pk) created in this run: later touches are not "updates"
        self.areas, self.orgs, self.people, self.bodies, self.initiatives = {}, {}, {}, {}, {}
        self._areas()
        self._organisations()
        self._people()
        self._bodies()
        self._seats()
        self._initiatives()
        self._users()
        self._print_summary()

    # --- the generic upsert -------------------------------------------------

    def _upsert(self, model, lookup, values=None, *, clean=True):
        """Get the row matching ``lookup``; create it or save only the fields whose value differs."""
        values = values or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            if clean:
                _validate(obj)
            obj.save()
            self.created[model] += 1
            self.fresh.add((model, obj.pk))
            return obj
        self._apply(obj, values, clean=clean)
        return obj

    def _apply(self, obj, values, *, clean=True):
        changed = [name for name, value in values.items() if not _same(obj, name, value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            if clean:
                _validate(obj)
            obj.save(update_fields=changed)
            self._count_update(obj)

    def _set_areas(self, obj, names):
        wanted = {self.areas[name].pk for name in names}
        if set(obj.areas.values_list("pk", flat=True)) != wanted:
            obj.areas.set(wanted)
            self._count_update(obj)

    def _count_update(self, obj):
        if (type(obj), obj.pk) not in self.fresh:
            self.updated[type(obj)] += 1

    def _org(self, key):
        return self.orgs[key] if key else None

    # --- the setting ----------------------------------------------------------

    def _areas(self):
        for name, kind, parent, description in AREAS:
            self.areas[name] = self._upsert(
                Area,
                {"kind": kind, "name": name},
                {"parent": self.areas.get(parent), "description": description},
            )

    def _organisations(self):
        municipality = self._upsert(Organisation, {"kind": OrgKind.OTHER, "name": MUNICIPALITY})
        self._set_areas(municipality, ["Nørrebro"])
        self.orgs[MUNICIPALITY] = municipality

        for short, name, committee, mayor_title in DEPARTMENTS:
            department = self._upsert(
                Organisation,
                {"kind": OrgKind.MUNICIPAL_DEPARTMENT, "name": name},
                {"short_name": short, "committee": committee, "parent": municipality},
            )
            mayor = self._person(mayor_title, "Borgmester", department)
            self._apply(department, {"mayor": mayor})
            self._set_areas(department, ["Nørrebro"])
            self.orgs[short] = self.orgs[name] = department

        for name in HOUSING_ORGANISATIONS:
            self.orgs[name] = self._upsert(Organisation, {"kind": OrgKind.HOUSING_ORGANISATION, "name": name})

        for spec in ORGANISATIONS:
            spec = dict(spec)
            lookup = {"kind": spec.pop("kind"), "name": spec.pop("name")}
            areas = spec.pop("areas", [])
            spec["parent"] = self._org(spec.pop("parent", None))
            org = self._upsert(Organisation, lookup, spec)
            self._set_areas(org, areas)
            self.orgs[org.name] = org

        for name, housing_org, period, budget, areas, illustrative, note in MASTER_PLANS:
            start, end = period or (PLAN_START, PLAN_END)
            if illustrative:
                description = "Illustrativ: en af de ti helhedsplaner på Nørrebro; navnet er ikke bekræftet."
            else:
                caveat = "Budgettet er illustrativt." if period else "Budget og periode er illustrative."
                description = f"{note} {caveat}"
            plan = self._upsert(
                Organisation,
                {"kind": OrgKind.MASTER_PLAN, "name": name},
                {
                    "housing_organisation": self.orgs[housing_org],
                    "funders": FUNDERS,
                    "period_start": start,
                    "period_end": end,
                    "budget": budget,
                    "is_illustrative": illustrative,
                    "description": description.strip(),
                },
            )
            self._set_areas(plan, areas)
            self.orgs[name] = plan

    def _person(self, name, title, organisation):
        person = self._upsert(
            Person,
            {"name": name},
            {"title": title, "organisation": organisation, "is_illustrative": True},
        )
        self.people[name] = person
        return person

    def _people(self):
        for short, name, *_ in DEPARTMENTS:
            self._person(department_lead(short), f"Leder i {name}, Nørrebro", self.orgs[short])
        for name, title, organisation in PEOPLE:
            self._person(name, title, self._org(organisation))
        for name, *_ in MASTER_PLANS:
            label = plan_label(name)
            self._person(f"Beboerformand, {label}", "Beboerformand", None)
            self._person(f"Boligsocial koordinator, {label}", "Boligsocial koordinator", self.orgs[name])

    def _body(
        self, name, kind, organisation, reports_to, *, residents=False, frequency="", mandate="", illustrative=False
    ):
        self.bodies[name] = self._upsert(
            Body,
            {"name": name},
            {
                "kind": kind,
                "organisation": self._org(organisation),
                "reports_to": self.bodies.get(reports_to),
                "residents_have_seats": residents,
                "meeting_frequency": frequency,
                "mandate": mandate,
                "is_illustrative": illustrative,
            },
        )

    def _bodies(self):
        for name, kind, organisation, reports_to, residents, frequency, mandate in BODIES:
            self._body(name, kind, organisation, reports_to, residents=residents, frequency=frequency, mandate=mandate)
        for initiative in INITIATIVES:
            name = initiative["name"]
            steering = f"Styregruppe for {name}"
            self._body(
                steering,
                BodyKind.STEERING_GROUP,
                "BIF",
                BSF,
                mandate=f"Styrer {name} og sikrer de gensidigt forpligtende relationer til {BSF}.",
            )
            self._body(
                hotspot_team(name),
                BodyKind.PROJECT_TEAM,
                "BIF",
                steering,
                frequency="Ugentligt",
                mandate="Hotspotchefen og projektmedarbejderne.",
            )
            self._body(
                hotspot_network(name),
                BodyKind.NETWORK,
                "BIF",
                steering,
                mandate="Lokal platform for dialog med institutioner, helhedsplaner og områdeløftet.",
            )
        for plan, *_, illustrative, _note in MASTER_PLANS:
            self._body(
                f"Styregruppe for {plan}",
                BodyKind.STEERING_GROUP,
                plan,
                BSF,
                residents=True,
                mandate="Beboerne har indsigt i og indflydelse på helhedsplanens arbejde.",
                illustrative=illustrative,
            )
        self._body(
            "Kvartersforum Lundtoftegade",
            BodyKind.FORUM,
            "Helhedsplan Lundtoftegade",
            "Styregruppe for Helhedsplan Lundtoftegade",
            residents=True,
            mandate="Beboernes forum i helhedsplanen.",
        )

    # --- seats -----------------------------------------------------------------

    def _seat(self, body, person, role, kind, start=None, end=None):
        person = self.people[person]
        representing = None if kind == RESIDENT else person.organisation
        self._upsert(
            Seat,
            {"person": person, "body": self.bodies[body], "start": start},
            {"role": role, "kind": kind, "representing": representing, "end": end},
        )

    def _seats(self):
        for _short, _name, _committee, mayor in DEPARTMENTS:
            role = CHAIR if mayor == OVERBORGMESTER else MEMBER
            self._seat("Borgmesterforum", mayor, role, POLITICAL)
            self._seat("Partnerskabsforum", mayor, role, POLITICAL)
        self._seat("Partnerskabsforum", "Kredsformand, BL 1. kreds", VICE, OTHER)
        self._seat("Partnerskabsforum", "Kredsnæstformand, BL 1. kreds", MEMBER, OTHER)
        self._seat("Partnerskabsforum", "Kredsbestyrelsesmedlem, BL 1. kreds", MEMBER, OTHER)

        for short, *_ in DEPARTMENTS:
            self._seat(BSF, department_lead(short), CHAIR if short == "BIF" else MEMBER, ADMIN)
        self._seat(BSF, "Lokaludvalgssekretær, Nørrebro", SECRETARY, OTHER)
        for housing_org in ("Lejerbo", "AKB København", "fsb"):
            self._seat(BSF, f"Boligsocial koordinator, {housing_org}", MEMBER, OTHER)

        for initiative in INITIATIVES:
            name, chief = initiative["name"], initiative["chief"]
            period = (HOTSPOT_START, HOTSPOT_END)
            label = name.removeprefix("Hotspot ")
            steering = f"Styregruppe for {name}"
            self._seat(steering, department_lead("BIF"), CHAIR, ADMIN, *period)
            for short in ("BUF", "SOF", "TMF"):
                self._seat(steering, department_lead(short), MEMBER, ADMIN, *period)
            self._seat(steering, "Politikommissær, Nørrebro", MEMBER, OTHER, *period)
            self._seat(steering, chief, SECRETARY, ADMIN, *period)

            team = hotspot_team(name)
            self._seat(team, chief, CHAIR, ADMIN, *period)
            self._seat(team, f"Projektmedarbejder, Hotspot {label}", MEMBER, ADMIN, *period)
            self._seat(team, f"Gadeplansmedarbejder, Hotspot {label}", MEMBER, ADMIN, *period)

            network = hotspot_network(name)
            self._seat(network, chief, CHAIR, ADMIN, *period)
            self._seat(network, "Forebyggelsesbetjent, Nørrebro", MEMBER, OTHER, *period)
            self._seat(network, "SSP-konsulent, Nørrebro", MEMBER, OTHER, *period)
            for person in initiative["local_network"]:
                self._seat(network, person, MEMBER, OTHER, *period)
        self._seat("Styregruppe for Hotspot Ydre Nørrebro", "Karin Thomsen", MEMBER, ADMIN, HOTSPOT_START, HOTSPOT_END)

        for name, *_ in MASTER_PLANS:
            label = plan_label(name)
            self._seat(f"Styregruppe for {name}", f"Beboerformand, {label}", CHAIR, RESIDENT)
            self._seat(f"Styregruppe for {name}", f"Boligsocial koordinator, {label}", SECRETARY, OTHER)
            self._seat(f"Styregruppe for {name}", department_lead("SOF"), MEMBER, ADMIN)
        self._seat("Kvartersforum Lundtoftegade", "Beboerformand, Lundtoftegade", CHAIR, RESIDENT)
        self._seat("Kvartersforum Lundtoftegade", "Boligsocial koordinator, Lundtoftegade", SECRETARY, OTHER)

        local_seats = [
            (
                "Styregruppe for Områdeløft Haraldsgadekvarteret",
                "Beboerrepræsentant, Haraldsgadekvarteret",
                CHAIR,
                RESIDENT,
            ),
            (
                "Styregruppe for Områdeløft Haraldsgadekvarteret",
                "Sekretariatsleder, Områdeløft Haraldsgadekvarteret",
                SECRETARY,
                OTHER,
            ),
            ("Styregruppe for Områdeløft Haraldsgadekvarteret", department_lead("TMF"), MEMBER, ADMIN),
            ("Bestyrelsen for Askovgården", "Bestyrelsesformand, Askovgården", CHAIR, RESIDENT),
            ("Bestyrelsen for Askovgården", "Forstander, Askovgården", SECRETARY, OTHER),
            ("Bestyrelsen for Sjakket", "Bestyrelsesformand, Sjakket", CHAIR, RESIDENT),
            ("Bestyrelsen for Sjakket", "Leder, Sjakket", SECRETARY, OTHER),
            ("SSP-lokaludvalg Nørrebro", "SSP-konsulent, Nørrebro", CHAIR, OTHER),
            ("SSP-lokaludvalg Nørrebro", "Skoleleder, Nørrebro", MEMBER, ADMIN),
            ("SSP-lokaludvalg Nørrebro", "Forebyggelsesbetjent, Nørrebro", MEMBER, OTHER),
            ("SSP-lokaludvalg Nørrebro", department_lead("SOF"), MEMBER, ADMIN),
            ("SSP-ledergruppe", "Politikommissær, Nørrebro", CHAIR, OTHER),
            ("SSP-ledergruppe", department_lead("BUF"), MEMBER, ADMIN),
            ("SSP-ledergruppe", department_lead("SOF"), MEMBER, ADMIN),
            ("SSP København – styregruppe", "SSP-chef, København", CHAIR, OTHER),
            ("SSP København – styregruppe", "Chef, Center for Sikker By", MEMBER, ADMIN),
            ("Partnerskabet For et Trygt Indre Nørrebro", "Chef, Center for Sikker By", CHAIR, ADMIN),
            ("Partnerskabet For et Trygt Indre Nørrebro", "SSP-chef, København", MEMBER, OTHER),
            ("Partnerskabet For et Trygt Indre Nørrebro", "Hotspotchef Indre Nørrebro", MEMBER, ADMIN),
            ("Partnerskabet For et Trygt Indre Nørrebro", "Politikommissær, Nørrebro", MEMBER, OTHER),
        ]
        for row in local_seats:
            self._seat(*row)

    # --- initiatives ---------------------------------------------------------

    def _initiatives(self):
        for spec in INITIATIVES:
            name = spec["name"]
            initiative = self._upsert(
                Initiative,
                {"name": name},
                {
                    "short_name": spec["short_name"],
                    "description": spec["description"],
                    "vision": spec["vision"],
                    "need_category": spec["need_category"],
                    "start": HOTSPOT_START,
                    "end": HOTSPOT_END,
                    "budget": spec["budget"],
                    "lead_department": self.orgs["BIF"],
                    "chief": self.people[spec["chief"]],
                },
            )
            self._set_areas(initiative, spec["areas"])
            self.initiatives[name] = initiative

            project = [f"Styregruppe for {name}", hotspot_team(name), hotspot_network(name)]
            for body in project:
                self._link(initiative, body, BodyLink.Relation.PROJECT, "")
            for body in ("Partnerskabsforum", BSF):
                self._link(initiative, body, BodyLink.Relation.BINDING, "Den nye organisering for udsatte byområder")
            for body in spec["local_bodies"]:
                self._link(initiative, body, BodyLink.Relation.BINDING, "Lokal platform for dialog")

            for org, fields, role, start, end in spec["engagements"]:
                organisation = self.orgs[org]
                self._upsert(
                    Engagement,
                    {"initiative": initiative, "organisation": organisation, "start": start or HOTSPOT_START},
                    {
                        "role": role,
                        "professional_fields": [str(f) for f in fields],
                        "end": end,
                        "note": TMF_NOTE if org == "TMF" else ILLUSTRATIVE_NOTE,
                    },
                )

    def _link(self, initiative, body, relation, note):
        self._upsert(
            BodyLink,
            {"initiative": initiative, "body": self.bodies[body]},
            {"relation": relation, "note": note},
        )

    # --- users ---------------------------------------------------------------

    def _users(self):
        for username, first, last, superuser, kind, initiative, organisation, person in USERS:
            user = self._upsert(
                User,
                {"username": username},
                {
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@kk.example",
                    "is_staff": superuser,
                    "is_superuser": superuser,
                    "is_active": True,
                },
                clean=False,  # a new user has no password yet; set_password follows
            )
            # Keep the demo login working, but leave an unchanged hash alone (a rerun changes nothing).
            if not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                self._count_update(user)
            self._upsert(
                Role,
                {
                    "user": user,
                    "kind": kind,
                    "initiative": self.initiatives.get(initiative),
                    "organisation": self._org(organisation),
                },
            )
            if person:
                self._apply(self.people[person], {"user": user, "email": user.email})

    def _print_summary(self):
        self.stdout.write("Demodata for Hotspot Nørrebro:")
        for model in SUMMARY_MODELS:
            self.stdout.write(
                f"  {str(model._meta.verbose_name_plural):<20} {model.objects.count():>4} i alt"
                f"  ({self.created[model]} oprettet, {self.updated[model]} opdateret)"
            )
        self.stdout.write("")
        self.stdout.write(f"Demo-logins (adgangskode: {DEMO_PASSWORD}):")
        self.stdout.write(f"  {'brugernavn':<13} {'navn':<16} rolle")
        for username, first, last, *_ in USERS:
            roles = ", ".join(str(r) for r in Role.objects.filter(user__username=username))
            self.stdout.write(f"  {username:<13} {first + ' ' + last:<16} {roles}")
        self.stdout.write(self.style.SUCCESS("Færdig."))


def hotspot_team(initiative_name):
    return initiative_name.replace("Hotspot ", "Hotspotteam ", 1)


def hotspot_network(initiative_name):
    return initiative_name.replace("Hotspot ", "Koordinationsnetværk ", 1)


def _validate(obj):
    """Field and model rules (choices, lengths, ``clean()``).

    Uniqueness and foreign keys come from our own lookups and the database enforces
    them; skipping them saves full_clean's query per key and per constraint.
    """
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def _same(obj, name, value):
    """Whether ``obj.name`` already holds ``value`` (foreign keys compared by id, without a query)."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) == (value.pk if value is not None else None)
    return getattr(obj, name) == value
