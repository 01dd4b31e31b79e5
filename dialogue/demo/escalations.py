"""Escalations and a safety walk for the Nørrebro demo (September 2012 – June 2013).

Called by ``python manage.py seed_demo`` (hotspot/management/commands/seed_demo.py)
after ``dialogue.demo.seed``; the actors and the meetings it names must exist.

* Each Hotspot initiative gets its four-level ladder (``LADDER``): the local
  dialogue platform / coordination network, the Hotspot chief and steering group,
  Boligsocialt Forum Nørrebro and Borgmesterforum (Partnerskabsforum when the case
  concerns the social housing sector). Levels are upserted by (initiative, level)
  and saved only when a value differs.
* ``CASES``: concrete problems raised by the local actors, each with a timeline of
  steps (acknowledge, assign to a department, comment, question and reply,
  escalate, put on an agenda, decide, resolve, reject, merge, reopen). Together
  they cover every status and every level, cases on the way to Partnerskabsforum
  and to Boligsocialt Forum Nørrebro (resolved there by a decision), and children
  or young people who need support from the authorities — without any personal
  data, some with the need met and some not.
* ``WALK``: a safety walk in Haraldsgadekvarteret whose findings become
  escalations routed to TMF (``dialogue.safetywalks``), some of them resolved.

Every step goes through the services (``dialogue.escalations``,
``dialogue.safetywalks``, ``dialogue.services``), so state, version and timeline
are as if a user had done it. The services stamp "now"; as in ``dialogue.demo``
the dates are then moved back to the demo's dates with queryset updates: the
case's clocks (created, ack_due, resolve_due, sla_due, acknowledged_at,
closed_at, recomputed in working days from the demo dates the way the services
compute them) and the time of each new timeline event. Timeline events are
append-only for the application; only seeding moves them. Every case still open
is therefore past its deadline, as it would be in 2013.

An escalation is looked up by (initiative, title) and a safety walk by
(initiative, date, area) first and skipped entirely if it exists: a rerun
creates nothing and changes nothing. Every description ends with
"Illustrativt demoeksempel."
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from actors.models import Area, Body, Initiative, Organisation, Role, Seat
from dialogue.demo.meetings import BSF, ILLUSTRATIVE, PURPOSES
from dialogue.escalations import services as esc
from dialogue.escalations.selectors import open_meetings_for
from dialogue.meetings import services
from dialogue.models import (
    Escalation,
    EscalationEvent,
    LadderLevel,
    Meeting,
    MeetingKind,
    Outcome,
    SafetyWalk,
    SafetyWalkFinding,
)
from dialogue.safetywalks import services as safetywalks
from dialogue.themes import Theme
from dialogue.workdays import add_working_days

ILLUSTRATIVE_CASE = "Illustrativt demoeksempel."
INDRE, YDRE = "Hotspot Indre Nørrebro", "Hotspot Ydre Nørrebro"
T = Theme
Status, Category, Urgency, Kind = Escalation.Status, Escalation.Category, Escalation.Urgency, EscalationEvent.Kind

# (level, name, body, housing-sector body, responsible role, ack days, resolve days).
# "{network}" and "{steering}" are the initiative's own bodies.
LADDER = [
    (1, "Lokal dialogplatform / koordinationsnetværk", "{network}", None, Role.Kind.CHIEF, 2, 15),
    (2, "Hotspotchef og styregruppe", "{steering}", None, Role.Kind.CHIEF, 2, 20),
    (3, BSF, BSF, None, Role.Kind.ADMINISTRATOR, 5, 30),
    (4, "Borgmesterforum", "Borgmesterforum", "Partnerskabsforum", Role.Kind.ADMINISTRATOR, 10, 60),
]

# Who acts in a step: the initiative's chief, the one who raised the case, the administrator,
# or a department by its short name (TMF has a demo login: its liaison; the others act without one).
USERNAMES = {"admin": "admin", "TMF": "kontakt"}
RAISERS = {"Askovgården": "koordinator"}  # organisations with a demo login

# The new Boligsocialt Forum meeting, when the demo's own forum meeting has published (locked) minutes.
FORUM_DAY, FORUM_TIME = datetime.date(2013, 6, 26), datetime.time(14, 0)
FORUM_PLACE = "Nørrebro Medborgerhus, mødesal 1 (illustrativt)"


@dataclass(frozen=True)
class Case:
    """An escalation and its timeline.

    ``steps`` are ``(when, op, *args)``; ``when`` is "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"
    (steps without a time on the same day follow each other from 9:00). Ops:

    * ``raise``
    * ``ack who`` / ``start who``
    * ``assign who department``
    * ``comment|question|reply who text``
    * ``escalate who justification`` (one level up)
    * ``resolve who answer [need_met]`` / ``reject who reason`` / ``reopen who reason``
    * ``merge who title-of-the-case-it-goes-into`` (a case earlier in ``CASES``)
    * ``agenda who forum|platform minutes``: on the agenda of the next Boligsocialt Forum
      meeting, or of the initiative's next unpublished meeting, with the minutes of the item
    * ``decide who text``: a decision on that agenda item, which resolves the case
    """

    initiative: str
    title: str
    organisation: str
    description: str
    theme: str
    steps: tuple
    category: str = Category.GENERAL
    department: str = ""  # short name of the department the raiser thinks it concerns; "" = don't know
    urgency: str = Urgency.NORMAL
    area: str = ""
    street: str = ""
    housing_sector: bool = False


CASES = [
    # --- Hotspot Indre Nørrebro ---------------------------------------------------------------
    Case(
        INDRE,
        "Defekt belysning i gården ved Blågårds Plads",
        "Helhedsplan Blågården",
        "Beboerne i helhedsplanens styregruppe melder, at flere lamper i gården og ved cykelkælderen har været "
        "slukket i over en måned. Gården er mørk fra sidst på eftermiddagen, og især ældre beboere undgår at gå "
        "over den om aftenen.",
        T.PHYSICAL_ENVIRONMENT,
        (
            ("2012-09-10", "raise"),
            ("2012-09-11", "ack", "chef"),
            ("2012-09-11", "assign", "chef", "TMF"),
            (
                "2012-09-14",
                "comment",
                "TMF",
                "Lamperne i selve gården hører under boligorganisationen, mens stien ud mod pladsen er kommunal. "
                "TMF tager kontakt til ejendomskontoret, så det bliver løst samlet.",
            ),
            ("2012-09-17", "start", "TMF"),
            (
                "2012-10-02",
                "resolve",
                "TMF",
                "TMF har udskiftet tre armaturer på stien, og ejendomskontoret har skiftet pærerne i gårdlamperne. "
                "Gården er oplyst igen; ejendomskontoret melder fremover defekte lamper direkte til TMF's driftsvagt.",
            ),
        ),
        department="TMF",
        area="Blågården",
        street="Gården ved Blågårds Plads",
    ),
    Case(
        INDRE,
        "Unge samles i opgangen i Stengade om natten",
        "Helhedsplan Stengade",
        "Beboerne oplever, at en gruppe unge samles i opgangen og ved kælderindgangen om natten, især i "
        "weekenderne. Der er larm, affald og røg, og flere beboere er utrygge ved at komme hjem. Helhedsplanen "
        "ønsker en fælles indsats med gadeplansmedarbejderne og ejendomskontoret – ikke blot bortvisning.",
        T.PUBLIC_SAFETY,
        (
            ("2013-04-08", "raise"),
            ("2013-04-09", "ack", "chef"),
            (
                "2013-04-09",
                "question",
                "chef",
                "Hvilke dage og tidsrum er det værst, og har ejendomskontoret allerede talt med de unge?",
            ),
            (
                "2013-04-11",
                "reply",
                "raiser",
                "Det er værst fredag og lørdag mellem kl. 23 og 2. Ejendomskontoret har hængt opslag op, men ikke "
                "talt med de unge.",
            ),
            ("2013-04-12", "assign", "chef", "SOF"),
            ("2013-04-22", "start", "SOF"),
            (
                "2013-05-06",
                "comment",
                "SOF",
                "Gadeplansmedarbejderne er i området fredag og lørdag aften og har fået kontakt med de unge. "
                "Ejendomskontoret undersøger, om kælderindgangen kan låses om natten.",
            ),
        ),
        department="SOF",
        urgency=Urgency.HIGH,
        area="Politikreds 8 – Blågårdskvarteret",
        street="Opgangene i Stengade",
    ),
    Case(
        INDRE,
        "Fritidsjobordning for unge fra Askovgårdens klub",
        "Askovgården",
        "Flere af de 14–17-årige i Askovgårdens klubtilbud spørger efter fritidsjob, men klubben har ikke kontakt "
        "til arbejdsgivere. Askovgården foreslår en fritidsjobordning, hvor en medarbejder formidler jobbene og "
        "følger de unge de første uger, gerne sammen med kvartermanageren og butikkerne på Nørrebrogade.",
        T.EMPLOYMENT_EDUCATION,
        (
            ("2013-01-14", "raise"),
            ("2013-01-15", "ack", "chef"),
            ("2013-01-16", "assign", "chef", "BUF"),
            (
                "2013-02-04",
                "comment",
                "raiser",
                "Vi har endnu ikke hørt fra BUF. De unge spørger stadig, og vi vil gerne kunne give dem et svar "
                "inden sommerferien.",
            ),
            (
                "2013-02-12",
                "escalate",
                "chef",
                "BUF har ikke kunnet svare inden for fristen, og ordningen kræver samarbejde mellem BUF og BIF. "
                "Sagen løftes til styregruppen.",
            ),
            ("2013-02-13", "ack", "chef"),
            (
                "2013-03-19 11:30",
                "comment",
                "chef",
                "Styregruppen drøftede sagen på mødet den 19. marts og bad BIF om at tage ejerskab, da fritidsjob "
                "ligger tæt på beskæftigelsesindsatsen.",
            ),
            ("2013-03-20", "assign", "chef", "BIF"),
        ),
        department="BUF",
        area="Politikreds 8 – Blågårdskvarteret",
    ),
    Case(
        INDRE,
        "Manglende koordinering mellem SSP og de boligsociale medarbejdere",
        "Helhedsplan Hothers Plads",
        "Helhedsplanens medarbejdere hører sjældent fra SSP-lokaludvalget, når de har rejst en bekymring, og er "
        "ikke med, når SSP drøfter tendenser i området. De boligsociale medarbejdere kender mange af de unge og "
        "deres familier og vil gerne bidrage – inden for reglerne for udveksling af oplysninger.",
        T.HOUSING_AUTHORITY,
        (
            ("2012-11-12", "raise"),
            ("2012-11-13", "ack", "chef"),
            (
                "2012-11-20",
                "comment",
                "chef",
                "SSP-konsulenten er orienteret. SSP-samarbejdet efter retsplejelovens § 115 omfatter ikke "
                "helhedsplanernes medarbejdere, så der skal findes en anden form for dialog.",
            ),
            (
                "2012-12-04",
                "escalate",
                "chef",
                "Sagen kræver en aftale mellem SSP København, SOF og BUF, som ikke kan indgås lokalt. Løftes til "
                "styregruppen.",
            ),
            ("2012-12-05", "ack", "chef"),
            (
                "2013-01-21",
                "escalate",
                "chef",
                "Styregruppen vurderer, at problemet findes i hele bydelen og hører hjemme i Boligsocialt Forum "
                "Nørrebro, hvor alle syv forvaltninger og boligorganisationerne er repræsenteret.",
            ),
            ("2013-01-29", "ack", "admin"),
            (
                "2013-02-18",
                "comment",
                "admin",
                "Forummets sekretariat samler erfaringer fra de øvrige helhedsplaner på Nørrebro, før sagen sættes "
                "på dagsordenen.",
            ),
        ),
        area="Hothers Plads",
    ),
    Case(
        INDRE,
        "Overgroet buskads ved stien gennem Hans Tavsens Park",
        "Askovgården",
        "Buskadset langs stien er vokset så højt, at man ikke kan se, hvem der kommer imod én, og stien bruges af "
        "mange børn på vej til og fra Askovgården. Forældrene beder børnene gå udenom, når det er mørkt.",
        T.PHYSICAL_ENVIRONMENT,
        (
            ("2013-05-21", "raise"),
            ("2013-05-22", "ack", "chef"),
            ("2013-05-22", "assign", "chef", "TMF"),
            (
                "2013-05-27",
                "comment",
                "TMF",
                "Beskæring kan ske inden for driftsbudgettet, men en ændring af beplantningen kræver dialog med "
                "beboerne og parkens brugere. TMF foreslår, at sagen drøftes på dialogplatformen.",
            ),
            (
                "2013-05-28",
                "agenda",
                "chef",
                "platform",
                "TMF og Askovgården redegjorde for sagen. Mødet var enigt om, at buskadset beskæres i øjenhøjde "
                "nu, og at en ny beplantning drøftes med parkens brugere i efteråret. Beslutningen afventer TMF's "
                "tilbagemelding om økonomien.",
            ),
        ),
        department="TMF",
        area="Politikreds 8 – Blågårdskvarteret",
        street="Stien gennem Hans Tavsens Park",
    ),
    Case(
        INDRE,
        "Buskene ved stien i Hans Tavsens Park spærrer for udsynet",
        "Helhedsplan Stengade",
        "Beboere fra Stengade fortæller, at stien gennem parken er blevet utryg, fordi buskene er vokset helt ind "
        "over stien. Flere vælger en omvej om aftenen.",
        T.PHYSICAL_ENVIRONMENT,
        (
            ("2013-05-23", "raise"),
            (
                "2013-05-24",
                "comment",
                "chef",
                "Samme sted som sagen fra Askovgården; beboernes oplevelser fra Stengade tages med dér.",
            ),
            ("2013-05-24", "merge", "chef", "Overgroet buskads ved stien gennem Hans Tavsens Park"),
        ),
        department="TMF",
        area="Politikreds 8 – Blågårdskvarteret",
        street="Stien gennem Hans Tavsens Park",
    ),
    Case(
        INDRE,
        "Affald omkring containergården ved Hothers Plads",
        "Helhedsplan Hothers Plads",
        "Der ligger jævnligt storskrald og sække rundt om containergården, især efter weekenderne. Det tiltrækker "
        "rotter, og beboerne oplever pladsen som uplejet og utryg. Helhedsplanen ønsker en fast aftale mellem "
        "ejendomskontoret og kommunens renhold.",
        T.PHYSICAL_ENVIRONMENT,
        (
            ("2012-11-05", "raise"),
            ("2012-11-06", "ack", "chef"),
            ("2012-11-06", "assign", "chef", "TMF"),
            ("2012-11-08", "start", "TMF"),
            (
                "2012-11-20",
                "resolve",
                "TMF",
                "TMF har ryddet omkring containergården og sat ekstra tømning ind i to uger.",
            ),
            (
                "2012-12-03",
                "reopen",
                "raiser",
                "Affaldet var tilbage allerede den følgende weekend. Ekstra tømning i to uger løser ikke problemet; "
                "der er brug for en fast aftale.",
            ),
            (
                "2012-12-10",
                "comment",
                "TMF",
                "TMF og ejendomskontoret mødes på pladsen og ser på, om containergården kan aflåses og flyttes "
                "tættere på opgangene.",
            ),
            (
                "2013-01-10",
                "resolve",
                "TMF",
                "Fra januar tømmes containerne fast mandag og fredag, ejendomskontoret har aflåst containergården "
                "med beboernes nøgler, og storskrald hentes efter aftale. Helhedsplanen melder tilbage, hvis "
                "problemet vender tilbage.",
            ),
        ),
        department="TMF",
        area="Hothers Plads",
        street="Containergården ved Hothers Plads",
    ),
    Case(
        INDRE,
        "Barn i lektiecaféen har brug for støtte fra myndighederne",
        "Askovgården",
        "En frivillig i Askovgårdens lektiecafé er bekymret for et barn i indskolingsalderen, som ofte går alene "
        "og sent hjem. Askovgården har sendt en underretning ad den sædvanlige vej. Her rejses kun, at "
        "underretningen skal modtages og følges op; oplysninger om barnet står ikke i sagen.",
        T.CHILDREN_YOUTH,
        (
            ("2012-10-15", "raise"),
            ("2012-10-15", "ack", "chef"),
            ("2012-10-16", "assign", "chef", "SOF"),
            (
                "2012-10-18",
                "comment",
                "SOF",
                "Underretningen er modtaget og fordelt til en rådgiver. Af hensyn til tavshedspligten kan SOF kun "
                "oplyse, at sagen behandles.",
            ),
            (
                "2012-10-22",
                "question",
                "SOF",
                "Må rådgiveren kontakte lektiecaféens leder, hvis der er brug for at høre mere om barnets hverdag "
                "i lektiecaféen?",
            ),
            (
                "2012-10-23",
                "reply",
                "raiser",
                "Ja, lederen af lektiecaféen kan kontaktes via Askovgårdens hovednummer.",
            ),
            (
                "2012-11-12",
                "resolve",
                "SOF",
                "SOF har fulgt op på underretningen, og familien har fået tilbudt støtte. Askovgården har fået en "
                "fast kontaktperson i SOF til lignende bekymringer.",
                True,
            ),
        ),
        category=Category.CHILD_SUPPORT,
        department="SOF",
        urgency=Urgency.HIGH,
        area="Politikreds 8 – Blågårdskvarteret",
    ),
    Case(
        INDRE,
        "Ung har brug for støtte – ingen kvittering for underretning",
        "Helhedsplan Blågården",
        "Helhedsplanens ungemedarbejder er bekymret for en ung, som ikke længere kommer i skole og opholder sig på "
        "gaden om natten. Der er sendt en underretning, men helhedsplanen har ikke fået kvittering, og den unge "
        "spørger selv, hvad der sker. Oplysninger om den unge står ikke i sagen.",
        T.CHILDREN_YOUTH,
        (
            ("2012-12-03", "raise"),
            ("2012-12-04", "ack", "chef"),
            ("2012-12-04", "assign", "chef", "SOF"),
            (
                "2013-01-07",
                "comment",
                "raiser",
                "Vi har stadig ikke fået kvittering for underretningen, og den unge er ikke kommet i skole efter "
                "juleferien.",
            ),
            (
                "2013-01-08",
                "escalate",
                "chef",
                "Fristen er overskredet, og sagen drejer sig om en ung, der har brug for myndighedernes støtte. "
                "Løftes til styregruppen, så SOF og BUF kan aftale, hvem der handler.",
            ),
            ("2013-01-09", "ack", "chef"),
            ("2013-01-10", "assign", "chef", "BUF"),
            (
                "2013-02-15",
                "resolve",
                "BUF",
                "Skolen og SOF har holdt møde med familien og tilbudt et særligt skoleforløb og en kontaktperson, "
                "men tilbuddet er ikke taget imod, og behovet for støtte er endnu ikke mødt. SOF følger sagen; "
                "helhedsplanen har fået kvittering for underretningen og en fast kontaktperson i BUF.",
                False,
            ),
        ),
        category=Category.CHILD_SUPPORT,
        department="SOF",
        urgency=Urgency.HIGH,
        area="Blågården",
    ),
    Case(
        INDRE,
        "Knallertkørsel på stien langs Assistens Kirkegård",
        "Askovgården",
        "Unge kører på knallert på stien langs kirkegården, også om eftermiddagen, hvor mange børn og ældre går "
        "der. Askovgården spørger, om kommunen kan sætte bomme op eller på anden måde stoppe kørslen.",
        T.POLICING,
        (
            ("2013-03-04", "raise"),
            ("2013-03-05", "ack", "chef"),
            (
                "2013-03-06",
                "comment",
                "TMF",
                "Stien er en cykelsti, og bomme vil også spærre for cyklister og barnevogne. Kørsel på stien er "
                "et anliggende for politiet.",
            ),
            (
                "2013-03-07",
                "reject",
                "chef",
                "Knallertkørsel er en sag for politiet, ikke for forvaltningerne. Sagen er givet videre til "
                "Københavns Politis forebyggelsesbetjent via SSP-lokaludvalget, og Askovgården opfordres til at "
                "anmelde konkrete episoder til politiet.",
            ),
        ),
        area="Politikreds 8 – Blågårdskvarteret",
        street="Stien langs Assistens Kirkegård",
    ),
    Case(
        INDRE,
        "Lokaler til forældrenetværket om aftenen",
        "Askovgården",
        "Forældrenetværket, der går aftenture i området, mangler et sted at mødes før og efter turene. "
        "Askovgårdens lokaler er optaget om aftenen. Netværket spørger, om et af kommunens kultur- og "
        "fritidslokaler kan stilles til rådighed fredag aften.",
        T.CULTURE_LEISURE,
        (
            ("2013-04-29", "raise"),
            ("2013-04-30", "ack", "chef"),
            ("2013-05-02", "assign", "chef", "KFF"),
            (
                "2013-05-21",
                "comment",
                "raiser",
                "Netværket har lånt et lokale hos helhedsplanen i maj, men har brug for en fast løsning fra august.",
            ),
        ),
        department="KFF",
        area="Politikreds 8 – Blågårdskvarteret",
    ),
    Case(
        INDRE,
        "Graffiti og tags på gavlen i Rantzausgade",
        "Helhedsplan Rantzausgade",
        "Gavlen ud mod legepladsen er fyldt med tags, som har fået lov at stå i flere uger. Noget af det er grove "
        "tekster rettet mod beboerne. Gavlen tilhører boligafdelingen, men muren ud mod fortovet er kommunal.",
        T.PHYSICAL_ENVIRONMENT,
        (("2013-06-24", "raise"),),
        department="TMF",
        area="Politikreds 8 – Blågårdskvarteret",
        street="Gavlen ved legepladsen i Rantzausgade",
    ),
    # --- Hotspot Ydre Nørrebro ----------------------------------------------------------------
    Case(
        YDRE,
        "Fritidsjob til unge fra Mjølnerparken",
        "Helhedsplan Mjølnerparken",
        "Helhedsplanens jobbank har en venteliste af unge, der gerne vil have et fritidsjob, men mangler "
        "arbejdsgivere. Helhedsplanen beder om hjælp til kontakt med butikker og virksomheder i området og om en "
        "ordning, hvor de unge får en voksen kontaktperson de første uger.",
        T.EMPLOYMENT_EDUCATION,
        (
            ("2012-09-24", "raise"),
            ("2012-09-25", "ack", "chef"),
            ("2012-09-27", "assign", "chef", "BIF"),
            ("2012-10-01", "start", "BIF"),
            (
                "2012-10-11",
                "comment",
                "BIF",
                "BIF's virksomhedskonsulenter og kvartermanageren har holdt møde med butikkerne i området; otte "
                "butikker vil tage unge i fritidsjob.",
            ),
            (
                "2012-10-25",
                "resolve",
                "BIF",
                "Der er aftalt en fritidsjobordning: kvartermanageren formidler kontakten til butikkerne, jobbanken "
                "finder de unge, og BIF betaler en mentor de første fire uger. De første unge er startet "
                "(illustrative tal).",
            ),
        ),
        department="BIF",
        area="Mjølnerparken",
    ),
    Case(
        YDRE,
        "Unge samles i opgangene i Mjølnerparken om natten",
        "Helhedsplan Mjølnerparken",
        "Beboerne oplever, at grupper af unge samles i opgangene og kælderrummene om natten. Der har været "
        "hærværk og småbrande i kældrene, og mange beboere er utrygge. Helhedsplanen og boligorganisationen ønsker "
        "en fælles indsats med tilstedeværelse om natten, som afdelingen ikke kan finansiere alene.",
        T.PUBLIC_SAFETY,
        (
            ("2012-10-01", "raise"),
            ("2012-10-02", "ack", "chef"),
            ("2012-10-03", "assign", "chef", "SOF"),
            (
                "2012-10-15",
                "comment",
                "SOF",
                "Gadeplansmedarbejderne er mere til stede i Mjølnerparken om aftenen, men har ikke folk til at "
                "være der om natten.",
            ),
            (
                "2012-10-29",
                "escalate",
                "chef",
                "Tilstedeværelse om natten kræver samarbejde mellem SOF, politiet og boligorganisationen og penge, "
                "som ingen af dem har lokalt. Løftes til styregruppen.",
            ),
            ("2012-10-30", "ack", "chef"),
            (
                "2012-12-05 11:30",
                "comment",
                "chef",
                "Styregruppen drøftede sagen den 5. december. Politiet har øget patruljeringen, men styregruppen "
                "kan ikke beslutte en fast natteordning på tværs af boligorganisationerne.",
            ),
            (
                "2012-12-10",
                "escalate",
                "chef",
                "En natteordning angår flere helhedsplaner og boligorganisationer på Nørrebro og løftes til "
                "Boligsocialt Forum Nørrebro.",
            ),
            ("2012-12-14", "ack", "admin"),
            (
                "2013-02-25",
                "escalate",
                "admin",
                "Forummet anbefaler en fælles natteordning for de almene afdelinger, men finansieringen kræver en "
                "aftale mellem kommunen og boligorganisationerne i BL 1. kreds. Sagen angår den almene sektor og "
                "løftes derfor til Partnerskabsforum.",
            ),
            ("2013-03-01", "ack", "admin"),
            ("2013-03-11", "start", "admin"),
            (
                "2013-05-13",
                "comment",
                "admin",
                "Sagen er sat på dagsordenen for Partnerskabsforums årlige møde. Sekretariatet forbereder et "
                "oplæg om fælles finansiering sammen med BL 1. kreds.",
            ),
        ),
        department="SOF",
        urgency=Urgency.HIGH,
        area="Mjølnerparken",
        street="Opgangene og kælderrummene i Mjølnerparken",
        housing_sector=True,
    ),
    Case(
        YDRE,
        "Uro og hærværk i kælderrummene i Mjølnerparken",
        "Sjakket",
        "Sjakkets medarbejdere hører fra de unge, at kælderrummene i Mjølnerparken bruges som mødested om natten, "
        "og at der har været småbrande. Sjakket vil gerne bidrage til en løsning, hvor de unge får et andet sted "
        "at være.",
        T.PUBLIC_SAFETY,
        (
            ("2012-10-04", "raise"),
            (
                "2012-10-05",
                "comment",
                "chef",
                "Sagen handler om det samme som helhedsplanens sag fra i mandags. Sjakkets forslag om et andet "
                "mødested for de unge tages med dér.",
            ),
            ("2012-10-05", "merge", "chef", "Unge samles i opgangene i Mjølnerparken om natten"),
        ),
        department="SOF",
        area="Mjølnerparken",
        street="Kælderrummene i Mjølnerparken",
    ),
    Case(
        YDRE,
        "Defekt belysning i gården bag Heimdalsgade",
        "Områdeløft Haraldsgadekvarteret",
        "Gården og gangstien bag Heimdalsgade er næsten uden lys, efter at to master blev påkørt i sommer. "
        "Beboerne i områdeløftets styregruppe oplever, at især unge kvinder undgår stien om aftenen.",
        T.PHYSICAL_ENVIRONMENT,
        (
            ("2012-11-26", "raise"),
            ("2012-11-27", "ack", "chef"),
            ("2012-11-27", "assign", "chef", "TMF"),
            ("2012-12-03", "start", "TMF"),
            (
                "2012-12-17",
                "comment",
                "TMF",
                "Nye master er bestilt; leveringstiden er otte uger. Der er sat midlertidig belysning op.",
            ),
            ("2013-02-18", "question", "TMF", "Er den midlertidige belysning nok, indtil masterne kommer?"),
            ("2013-02-20", "reply", "raiser", "Den hjælper ved stien, men gården er stadig mørk ved cykelstativerne."),
        ),
        department="TMF",
        area="Haraldsgadekvarteret",
        street="Gården bag Heimdalsgade",
    ),
    Case(
        YDRE,
        "Fælles praksis for tilbagemelding fra SOF til de boligsociale medarbejdere",
        "Helhedsplan Aldersrogade / Den Grønne Trekant",
        "Helhedsplanens medarbejdere opdager ofte tidligt, når et barn eller en ung mistrives, og sender "
        "underretninger. De får sjældent at vide, om underretningen er modtaget, og kan derfor hverken svare "
        "familierne eller planlægge deres eget arbejde. Helhedsplanen ønsker en fælles praksis for tilbagemelding "
        "inden for tavshedspligten – i hele bydelen.",
        T.HOUSING_AUTHORITY,
        (
            ("2013-02-04", "raise"),
            ("2013-02-05", "ack", "chef"),
            ("2013-02-06", "assign", "chef", "SOF"),
            (
                "2013-02-25",
                "comment",
                "SOF",
                "SOF kan kvittere for modtagelsen af en underretning, men en fælles praksis for alle helhedsplaner "
                "kræver en aftale på tværs af forvaltningerne.",
            ),
            (
                "2013-03-04",
                "escalate",
                "chef",
                "Praksis for tilbagemelding kan ikke aftales for én helhedsplan ad gangen. Løftes til styregruppen.",
            ),
            ("2013-03-05", "ack", "chef"),
            (
                "2013-03-20 11:30",
                "comment",
                "chef",
                "Styregruppen bakker op om en fælles praksis og anbefaler, at den aftales i Boligsocialt Forum "
                "Nørrebro, så den gælder alle helhedsplaner i bydelen.",
            ),
            (
                "2013-04-29",
                "escalate",
                "chef",
                "Styregruppen anbefaler en fælles praksis for hele Nørrebro; den skal aftales i Boligsocialt Forum "
                "Nørrebro.",
            ),
            ("2013-05-03", "ack", "admin"),
            (
                "2013-06-10",
                "agenda",
                "admin",
                "forum",
                "SOF fremlagde et udkast til en fælles praksis: kvittering for modtagelsen inden for seks hverdage "
                "og en generel tilbagemelding, når sagen er afsluttet – uden oplysninger, der er omfattet af "
                "tavshedspligten. Boligorganisationernes koordinatorer og helhedsplanerne bakkede op.",
            ),
            (
                "2013-06-26 15:10",
                "decide",
                "admin",
                "Boligsocialt Forum Nørrebro vedtager den fælles praksis: SOF kvitterer for underretninger fra de "
                "boligsociale medarbejdere inden for seks hverdage og giver en generel tilbagemelding, når sagen er "
                "afsluttet. Praksis gælder alle helhedsplaner på Nørrebro fra 1. august 2013 og følges op om et "
                "halvt år.",
            ),
        ),
        department="SOF",
        area="Den Grønne Trekant",
    ),
    Case(
        YDRE,
        "Ung fra Sjakket har brug for støtte fra myndighederne",
        "Sjakket",
        "Sjakkets medarbejdere har i flere måneder fulgt en ung, som har brug for hjælp til bolig og uddannelse. "
        "Sjakket har hjulpet den unge med at kontakte kommunen, men der er ikke sket noget. Oplysninger om den "
        "unge er givet direkte til SOF og står ikke i sagen.",
        T.CHILDREN_YOUTH,
        (
            ("2013-05-06", "raise"),
            ("2013-05-07", "ack", "chef"),
            ("2013-05-08", "assign", "chef", "SOF"),
            (
                "2013-05-27",
                "question",
                "SOF",
                "Har den unge givet samtykke til, at Sjakkets medarbejder deltager i et møde med rådgiveren?",
            ),
            ("2013-05-29", "reply", "raiser", "Ja, den unge ønsker, at Sjakkets medarbejder deltager."),
            (
                "2013-06-03",
                "comment",
                "raiser",
                "Der er endnu ikke aftalt et møde, og den unge er ved at miste tilliden til, at der sker noget.",
            ),
            (
                "2013-06-04",
                "escalate",
                "chef",
                "Fristen er overskredet for en ung, der har brug for myndighedernes støtte. Løftes til "
                "styregruppen, så SOF's ledelse kan sikre et møde.",
            ),
        ),
        category=Category.CHILD_SUPPORT,
        department="SOF",
        urgency=Urgency.HIGH,
        area="Politikreds 12",
    ),
    Case(
        YDRE,
        "Overgroede buske ved stien gennem Nørrebroparken",
        "Sjakket",
        "Buskene langs stien fra Sjakket gennem Nørrebroparken er så høje, at man ikke kan se ind på stien fra "
        "vejen. De unge fra Sjakket går der om aftenen, og forældre har spurgt, om stien er tryg.",
        T.PHYSICAL_ENVIRONMENT,
        (
            ("2012-10-08", "raise"),
            ("2012-10-09", "ack", "chef"),
            ("2012-10-09", "assign", "chef", "TMF"),
            ("2012-10-16", "start", "TMF"),
            (
                "2012-11-05",
                "resolve",
                "TMF",
                "Buskadset langs stien er beskåret til en meters højde, og to buske ved indgangen er fjernet. TMF "
                "har lagt stien ind i den faste beskæring to gange om året.",
            ),
        ),
        department="TMF",
        area="Politikreds 12",
        street="Stien gennem Nørrebroparken",
    ),
    Case(
        YDRE,
        "Affald og storskrald ved containerpladsen i Titangade",
        "Helhedsplan Titangade",
        "Containerpladsen bruges som losseplads for storskrald, også af folk udefra. Der flyder med affald, og der "
        "har to gange været brand i en container. Ejendomskontoret rydder op hver mandag, men problemet vender "
        "tilbage.",
        T.PHYSICAL_ENVIRONMENT,
        (
            ("2013-01-21", "raise"),
            ("2013-01-22", "ack", "chef"),
            ("2013-01-23", "assign", "chef", "TMF"),
            (
                "2013-02-04",
                "comment",
                "TMF",
                "Pladsen ligger på boligafdelingens grund; TMF kan hjælpe med skiltning og ekstra afhentning, men "
                "ikke med aflåsning.",
            ),
            (
                "2013-02-19",
                "escalate",
                "chef",
                "Ansvaret er delt mellem boligafdelingen, TMF's renhold og brandvæsenet, og parterne er ikke enige "
                "om en løsning. Løftes til styregruppen.",
            ),
            ("2013-02-20", "ack", "chef"),
            (
                "2013-03-20 11:45",
                "comment",
                "chef",
                "Styregruppen besluttede, at TMF koordinerer en samlet plan med boligafdelingen og brandvæsenet.",
            ),
            ("2013-03-21", "assign", "chef", "TMF"),
            ("2013-04-02", "start", "TMF"),
        ),
        department="TMF",
        area="Politikreds 12",
        street="Containerpladsen i Titangade",
    ),
    Case(
        YDRE,
        "Belysning på den private fællesvej ved Nannasgade",
        "Helhedsplan Nannasgade",
        "Den lille vej mellem boligblokkene ved Nannasgade har kun to lamper, og den ene er gået. Beboerne beder "
        "kommunen om at sætte flere lamper op.",
        T.PHYSICAL_ENVIRONMENT,
        (
            ("2012-11-19", "raise"),
            ("2012-11-20", "ack", "chef"),
            ("2012-11-21", "assign", "chef", "TMF"),
            (
                "2012-11-28",
                "reject",
                "TMF",
                "Vejen er en privat fællesvej, hvor grundejerne har ansvaret for belysningen. TMF har sendt "
                "vejledning til boligafdelingen om, hvordan den kan søge om at få vejen optaget som offentlig vej.",
            ),
        ),
        department="TMF",
        area="Politikreds 12",
        street="Privat fællesvej ved Nannasgade",
    ),
    Case(
        YDRE,
        "Sommeraktiviteter for de 15–17-årige omkring Ørholmgade",
        "Helhedsplan Ørholmgade",
        "Klubberne holder lukket i tre uger af sommerferien, og der er ingen tilbud til de 15–17-årige i området. "
        "Sidste sommer samlede de unge sig ved Tagensvej om aftenen. Helhedsplanen vil gerne stå for aktiviteter, "
        "men mangler lokaler og et tilskud til ture.",
        T.CULTURE_LEISURE,
        (
            ("2013-05-13", "raise"),
            ("2013-05-14", "ack", "chef"),
            (
                "2013-05-21",
                "comment",
                "chef",
                "Hotspotchefen undersøger, om KFF eller BUF kan tage sagen, og om puljen til sommeraktiviteter "
                "stadig har midler.",
            ),
        ),
        department="KFF",
        area="Rode 157 – Tagensvej",
        street="Ørholmgade",
    ),
    Case(
        YDRE,
        "Videreførelse af ungetilbuddene efter områdeløftets afslutning",
        "Områdeløft Haraldsgadekvarteret",
        "Områdeløftet slutter ved udgangen af 2012, og med det forsvinder finansieringen af to aftenåbne "
        "ungetilbud i kvarteret. Styregruppen for områdeløftet beder kommunen tage stilling til, om tilbuddene "
        "kan videreføres i kommunalt regi.",
        T.CULTURE_LEISURE,
        (
            ("2012-10-29", "raise"),
            ("2012-10-30", "ack", "chef"),
            ("2012-10-31", "assign", "chef", "KFF"),
            ("2012-11-26", "comment", "KFF", "KFF kan ikke finde midler inden for det eksisterende budget i 2013."),
            (
                "2012-11-28",
                "escalate",
                "chef",
                "Videreførelsen kræver en prioritering af midler, som kun styregruppen kan foretage.",
            ),
            ("2012-11-29", "ack", "chef"),
            (
                "2012-12-05 11:45",
                "comment",
                "chef",
                "Styregruppen bad KFF og BUF om et fælles forslag til, hvordan et af tilbuddene kan videreføres, "
                "eventuelt i samarbejde med Sjakket.",
            ),
            ("2012-12-06", "assign", "chef", "KFF"),
        ),
        department="KFF",
        area="Haraldsgadekvarteret",
    ),
]

# The safety walk. Each finding: (category, place, description, steps after it was raised and sent to TMF).
WALK = {
    "initiative": YDRE,
    "date": datetime.date(2012, 10, 17),
    "recorded": "2012-10-18",
    "area": "Haraldsgadekvarteret",
    "route": (
        "Start ved Områdeløftets kontor i Haraldsgade – Glasvej – stien mellem Haraldsgade og Rovsingsgade – "
        "legepladsen i Rovsingsgade – cykelparkeringen i Vermundsgade – containerpladsen ved Haraldsgade – "
        "retur til kontoret. Ca. to timer fra kl. 16, da det begyndte at blive mørkt. Ruten er illustrativ."
    ),
    "organisations": ["Områdeløft Haraldsgadekvarteret", "Københavns Politi", "TMF", "AKB København"],
    "raised_for": "Områdeløft Haraldsgadekvarteret",
    "notes": (
        "Beboere, Områdeløftets sekretariat, ejendomskontoret (AKB København), nærpolitiet og TMF's driftsfolk "
        "gik ruten sammen. Hvert fund er sendt til TMF som en sag. " + ILLUSTRATIVE_CASE
    ),
    "follow_up_done": datetime.date(2013, 4, 23),
    "findings": [
        (
            "lighting",
            "Stien mellem Haraldsgade og Rovsingsgade",
            "Tre af stiens lamper virker ikke, og stien er helt mørk fra sidst på eftermiddagen. Beboerne undgår "
            "den og går en lang omvej.",
            (
                ("2012-10-22", "start", "TMF"),
                (
                    "2012-11-08",
                    "resolve",
                    "TMF",
                    "De tre lamper er repareret, og en ekstra lampe er sat op midt på stien.",
                ),
            ),
        ),
        (
            "sightlines",
            "Hjørnet af Glasvej og Haraldsgade",
            "Høje hække og parkerede trailere ved hjørnet gør det umuligt at se, hvem der kommer rundt om hjørnet. "
            "Både fodgængere og cyklister bliver overraskede.",
            (
                (
                    "2012-11-05",
                    "comment",
                    "TMF",
                    "Hækken står på privat grund; TMF har skrevet til ejeren om klipning. Trailerparkeringen "
                    "undersøges med parkeringskontrollen.",
                ),
                (
                    "2013-04-23",
                    "comment",
                    "raiser",
                    "Ved opfølgningsvandringen var hækken klippet, men trailerne holder der stadig.",
                ),
            ),
        ),
        (
            "shrubs",
            "Legepladsen i Rovsingsgade",
            "Buskadset rundt om legepladsen er så tæt, at forældre ikke kan se børnene fra bænkene, og om aftenen "
            "bruges buskene som skjulested.",
            (
                ("2012-10-29", "start", "TMF"),
                (
                    "2012-11-20",
                    "resolve",
                    "TMF",
                    "Buskadset er tyndet ud og beskåret, så der er frit udsyn til legepladsen fra bænkene og fra vejen.",
                ),
            ),
        ),
        (
            "graffiti",
            "Gavlen ved cykelparkeringen i Vermundsgade",
            "Gavlen og cykelskuret er dækket af tags, der har fået lov at stå i flere måneder.",
            (
                (
                    "2012-10-24",
                    "resolve",
                    "TMF",
                    "Graffitien er fjernet, og gavlen er behandlet med antigraffiti-belægning.",
                ),
            ),
        ),
        (
            "cleaning",
            "Containerpladsen ved Haraldsgade",
            "Der ligger storskrald og affaldssække rundt om containerne, og pladsen virker forladt og utryg.",
            (
                ("2012-10-25", "start", "TMF"),
                (
                    "2013-01-14",
                    "comment",
                    "TMF",
                    "Der er sat ekstra tømning ind om fredagen; ejendomskontoret og TMF ser på en ny indretning af "
                    "pladsen i foråret.",
                ),
            ),
        ),
    ],
}


def seed(*, stdout):
    """Create the ladders, the escalations and the safety walk; return {"created": n, "existing": m}."""
    return Seeder(stdout).run()


def illustrative(text):
    return f"{text} {ILLUSTRATIVE_CASE}"


class Seeder:
    def __init__(self, stdout):
        self.stdout = stdout
        self.created = self.existing = 0
        self.ladder_created = self.ladder_updated = 0
        self._cache = {}
        self.users = {}
        self.started = None

    # --- lookups: the actors seed (and the meetings demo) must have run -------------------

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

    def body(self, name):
        return self._get(Body, name=name)

    def area(self, name):
        return self._get(Area, name=name) if name else None

    def user(self, username):
        if username not in self.users:
            self.users[username] = get_user_model().objects.filter(username=username).first()
        return self.users[username]

    # --- the run --------------------------------------------------------------------------

    def run(self):
        with transaction.atomic():
            self.started = timezone.now()
            initiatives = {name: self._get(Initiative, name=name) for name in (INDRE, YDRE)}
            self.levels = {}
            for initiative in initiatives.values():
                self._ladder(initiative)
            for case in CASES:
                self._case(initiatives[case.initiative], case)
            self._walk(initiatives[WALK["initiative"]])
        demo = Escalation.objects.filter(description__endswith=ILLUSTRATIVE_CASE)
        open_cases = demo.open()
        overdue = open_cases.filter(sla_due__lt=timezone.localdate()).count()
        self.stdout.write(
            f"Eskaleringsdemo: {self.created} sager oprettet, {self.existing} fandtes allerede; "
            f"eskaleringstrappe {self.ladder_created} trin oprettet, {self.ladder_updated} opdateret; "
            f"{open_cases.count()} åbne sager, heraf {overdue} over fristen; "
            f"{SafetyWalk.objects.filter(notes__endswith=ILLUSTRATIVE_CASE).count()} tryghedsvandring med "
            f"{SafetyWalkFinding.objects.filter(escalation__in=demo).count()} fund."
        )
        return {"created": self.created, "existing": self.existing}

    def _ladder(self, initiative):
        network = initiative.name.replace("Hotspot ", "Koordinationsnetværk ", 1)
        steering = f"Styregruppe for {initiative.name}"
        existing = {lvl.level: lvl for lvl in LadderLevel.objects.filter(initiative=initiative)}
        for number, name, body, housing_body, role, ack_days, resolve_days in LADDER:
            values = {
                "name": name,
                "body": self.body(body.format(network=network, steering=steering)),
                "housing_sector_body": self.body(housing_body) if housing_body else None,
                "responsible_role": role,
                "ack_days": ack_days,
                "resolve_days": resolve_days,
            }
            level = existing.get(number)
            if level is None:
                level = LadderLevel(initiative=initiative, level=number, **values)
                level.full_clean()
                level.save()
                self.ladder_created += 1
            else:
                changed = [k for k, v in values.items() if not _same(level, k, v)]
                if changed:
                    for k in changed:
                        setattr(level, k, values[k])
                    level.full_clean()
                    level.save(update_fields=changed)
                    self.ladder_updated += 1
            self.levels[(initiative.pk, number)] = level

    # --- one case --------------------------------------------------------------------------

    def _case(self, initiative, case):
        if Escalation.objects.filter(initiative=initiative, title=case.title).exists():
            self.existing += 1
            return
        when, _op, *_args = case.steps[0]
        at = self._at(when, {})
        escalation = esc.escalation_raise(
            initiative=initiative,
            organisation=self.org(case.organisation),
            by=self.user(RAISERS.get(case.organisation)),
            data={
                "title": case.title,
                "description": illustrative(case.description),
                "category": case.category,
                "theme": case.theme,
                "department": self.org(case.department) if case.department else None,
                "urgency": case.urgency,
                "area": self.area(case.area),
                "street": case.street,
                "housing_sector": case.housing_sector,
            },
        )
        self._timeline(initiative, escalation, at, case.steps[1:])
        self.created += 1

    def _timeline(self, initiative, escalation, raised_at, steps, *, assigned=False):
        """Run the steps through the services, then move the clocks and events to the demo dates.

        `assigned`: the case was sent to a department when it was raised (a safety-walk finding).
        """
        day = raised_at.date()
        ack_due, resolve_due = self._clocks(initiative, 1, day)
        clock = {
            "created": raised_at,
            "ack_due": ack_due,
            "resolve_due": resolve_due,
            "sla_due": ack_due,
            "acknowledged_at": None,
            "closed_at": None,
        }
        if assigned:
            clock.update(acknowledged_at=raised_at, sla_due=resolve_due)
        self._stamp(raised_at)
        per_day, previous, level, item = {raised_at.date(): 1}, raised_at, 1, None
        for when, op, who, *args in steps:
            at = self._at(when, per_day)
            if at < previous:
                raise ValueError(f"{escalation.title}: step {op} at {at} comes before the previous one")
            previous = at
            escalation.refresh_from_db()
            by = self._actor(initiative, escalation, who)
            version = escalation.version
            if op == "ack":
                esc.escalation_acknowledge(escalation=escalation, by=by, version=version)
                clock.update(acknowledged_at=at, sla_due=clock["resolve_due"])
            elif op in ("assign", "start"):
                if op == "assign":
                    esc.escalation_assign(escalation=escalation, department=self.org(args[0]), by=by, version=version)
                else:
                    esc.escalation_start(escalation=escalation, by=by, version=version)
                clock.update(acknowledged_at=clock["acknowledged_at"] or at, sla_due=clock["resolve_due"])
            elif op in ("comment", "question", "reply"):
                esc.escalation_comment(escalation=escalation, by=by, text=args[0], kind=op)
            elif op == "escalate":
                level += 1
                esc.escalation_escalate(
                    escalation=escalation, by=by, justification=args[0], version=version, to_level=level
                )
                ack_due, resolve_due = self._clocks(initiative, level, at.date())
                clock.update(acknowledged_at=None, ack_due=ack_due, resolve_due=resolve_due, sla_due=ack_due)
            elif op == "resolve":
                need_met = args[1] if len(args) > 1 else None
                esc.escalation_resolve(escalation=escalation, by=by, answer=args[0], version=version, need_met=need_met)
                clock.update(closed_at=at, acknowledged_at=clock["acknowledged_at"] or at)
            elif op == "reject":
                esc.escalation_reject(escalation=escalation, by=by, reason=args[0], version=version)
                clock.update(closed_at=at)
            elif op == "merge":
                into = Escalation.objects.get(initiative=initiative, title=args[0])
                esc.escalation_merge(escalation=escalation, into=into, by=by, version=version)
                clock.update(closed_at=at)
            elif op == "reopen":
                esc.escalation_reopen(escalation=escalation, by=by, reason=args[0], version=version)
                resolve_due = self._clocks(initiative, level, at.date())[1]
                clock.update(closed_at=None, resolve_due=resolve_due, sla_due=resolve_due)
            elif op == "agenda":
                where, minutes = args
                meeting = (
                    self._forum_meeting(initiative, at) if where == "forum" else self._open_meeting(escalation, at)
                )
                item = services.agenda_item_add_for_escalation(
                    meeting=meeting, escalation=escalation, by=by, version=version
                )
                services.agenda_item_update(item=item, data={"minutes": minutes})
            elif op == "decide":
                services.outcome_add(
                    item=item,
                    data={
                        "kind": Outcome.Kind.DECISION,
                        "text": args[0],
                        "themes": item.themes,
                        "decided_by": item.meeting.body,
                        "review_date": at.date() + datetime.timedelta(days=182),
                    },
                    by=by,
                )
                clock.update(closed_at=at, acknowledged_at=clock["acknowledged_at"] or at)
            else:
                raise ValueError(f"Unknown step {op!r}")
            self._stamp(at)
        Escalation.objects.filter(pk=escalation.pk).update(**clock)

    def _stamp(self, at):
        """Move the events the last step created (stamped "now" by the services) to the demo time."""
        EscalationEvent.objects.filter(at__gte=self.started).update(at=at)

    def _clocks(self, initiative, number, day):
        level = self.levels[(initiative.pk, number)]
        return add_working_days(day, level.ack_days), add_working_days(day, level.resolve_days)

    def _actor(self, initiative, escalation, who):
        if who == "chef":
            chief = initiative.chief
            return chief.user if chief else None
        if who == "raiser":
            return escalation.raised_by
        return self.user(USERNAMES.get(who))

    @staticmethod
    def _at(when, per_day):
        """A demo time: the given one, or 9:00, 9:40 … for the steps of a day without a time."""
        if " " in when:
            return timezone.make_aware(datetime.datetime.fromisoformat(when))
        day = datetime.date.fromisoformat(when)
        n = per_day.get(day, 0)
        per_day[day] = n + 1
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0))) + datetime.timedelta(
            minutes=40 * n
        )

    # --- meetings ---------------------------------------------------------------------------

    def _open_meeting(self, escalation, at):
        """The initiative's next meeting after `at` whose minutes are not published, with room on its agenda."""
        meetings = open_meetings_for(escalation).filter(start__gt=at).annotate(items=Count("agenda_items"))
        meeting = meetings.filter(items__lt=6).order_by("start").first() or meetings.order_by("start").first()
        if meeting is None:
            raise CommandError(f"Ingen åbne møder i {escalation.initiative} efter {at:%d.%m.%Y} til sagen.")
        return meeting

    def _forum_meeting(self, initiative, at):
        """The next Boligsocialt Forum meeting after `at` with minutes not yet published.

        The demo's forum meeting has published (locked) minutes, so normally this makes
        a new draft meeting of the forum, with attendance and two items of its own.
        """
        forum = self.body(BSF)
        meeting = (
            Meeting.objects.filter(initiative=initiative, body=forum, kind=MeetingKind.FORUM, start__gt=at)
            .exclude(cancelled=True)
            .exclude(minutes_status=Meeting.MinutesStatus.PUBLISHED)
            .order_by("start")
            .first()
        )
        if meeting is not None:
            return meeting
        chief = initiative.chief
        start = timezone.make_aware(datetime.datetime.combine(FORUM_DAY, FORUM_TIME))
        previous = Meeting.objects.filter(initiative=initiative, body=forum, start__lt=start).order_by("-start").first()
        meeting = services.meeting_create(
            data={
                "initiative": initiative,
                "body": forum,
                "kind": MeetingKind.FORUM,
                "title": BSF,
                "start": start,
                "end": start + datetime.timedelta(hours=2),
                "place": FORUM_PLACE,
                "description": f"{ILLUSTRATIVE}\n{PURPOSES['F']}",
            },
            by=chief.user if chief else None,
        )
        people = [
            seat.person
            for seat in Seat.objects.filter(body=forum).select_related("person").order_by("person__name")
            if (seat.start is None or seat.start <= FORUM_DAY) and (seat.end is None or seat.end >= FORUM_DAY)
        ]
        if chief is not None and chief not in people:
            people.append(chief)
        services.invite(meeting=meeting, people=people)
        invitations = list(meeting.invitations.order_by("pk"))
        services.attendance_record(
            meeting=meeting,
            statuses={
                inv.pk: "excused" if i % 5 == 4 and inv.person_id != getattr(chief, "pk", None) else "present"
                for i, inv in enumerate(invitations)
            },
        )
        approval = "Dagsordenen blev godkendt."
        if previous is not None:
            approval += f" Referatet fra mødet den {timezone.localtime(previous.start):%d.%m.%Y} blev godkendt."
        services.agenda_item_add(
            meeting=meeting,
            data={
                "title": "Godkendelse af dagsorden og referat",
                "origin": "chief",
                "owner_person": chief,
                "planned_minutes": 5,
                "minutes": approval,
            },
        )
        status = services.agenda_item_add(
            meeting=meeting,
            data={
                "title": "Sager løftet til forummet fra de lokale aktører",
                "origin": "chief",
                "owner_person": chief,
                "planned_minutes": 15,
                "themes": [T.HOUSING_AUTHORITY],
                "minutes": (
                    "Sekretariatet gennemgik de sager, der er løftet til forummet fra Hotspot-indsatserne, og hvor "
                    "langt de er. Forummet bad om, at sager, der angår den almene sektor som helhed, fremover "
                    "forberedes sammen med boligorganisationernes koordinatorer."
                ),
            },
        )
        services.outcome_add(
            item=status,
            data={
                "kind": Outcome.Kind.INFORMATION,
                "text": "Oversigten over de løftede sager blev taget til efterretning.",
                "themes": status.themes,
            },
        )
        return meeting

    # --- the safety walk ------------------------------------------------------------------------

    def _walk(self, initiative):
        area = self.area(WALK["area"])
        if SafetyWalk.objects.filter(initiative=initiative, date=WALK["date"], area=area).exists():
            self.existing += len(WALK["findings"])
            return
        walk = safetywalks.safetywalk_record(
            initiative=initiative,
            data={
                "date": WALK["date"],
                "area": area,
                "route": WALK["route"],
                "raised_for": self.org(WALK["raised_for"]),
                "notes": WALK["notes"],
            },
            organisations=[self.org(name) for name in WALK["organisations"]],
            by=None,
        )
        recorded = {}
        for category, place, description, steps in WALK["findings"]:
            at = self._at(WALK["recorded"], recorded)
            finding = safetywalks.finding_add(
                walk=walk,
                data={"category": category, "place": place, "description": illustrative(description)},
                by=self._actor(initiative, None, "chef"),
                department=self.org(safetywalks.DEFAULT_DEPARTMENT),
            )
            self._timeline(initiative, finding.escalation, at, steps, assigned=True)
            self.created += 1
        safetywalks.followup_done(walk=walk, on=WALK["follow_up_done"], by=None)


def _same(obj, name, value):
    """Whether ``obj.name`` already holds ``value`` (foreign keys compared by id, without a query)."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) == (value.pk if value is not None else None)
    return getattr(obj, name) == value
