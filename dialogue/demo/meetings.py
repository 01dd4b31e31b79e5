"""A year of meetings for the Nørrebro demo (September 2012 – June 2013).

Called by ``python manage.py seed_demo`` (hotspot/management/commands/seed_demo.py)
after ``seed_actors``; the people, organisations and bodies it names must exist.

For each Hotspot initiative:

* a monthly series "Dialogplatform <Indre/Ydre> Nørrebro" with a template agenda
  and the local actors and departments invited; its ten meetings are made with
  ``series_next_meeting``, then moved to the second Tuesday/Thursday of the month;
* four quarterly steering-group meetings, three coordination-network meetings and
  one meeting in Boligsocialt Forum Nørrebro, with the bodies' seat holders invited.

Every meeting gets agenda items drawn from ``TOPICS`` (owners, themes, where the
item comes from: a local body where residents have seats, a department or the
Hotspot chief), minutes per item, outcomes (information, decisions by the
meeting's body, action items with an owner and a due date 2–6 weeks on),
attendance for every invitation and now and then a walk-in. Minutes are
published, except the latest two of each series: one circulated, one draft.

Every date lies in the past, so an action item still open or in progress is
overdue: about a quarter are left that way (more of them in the later months),
the rest are done or dropped with a completion date.

Everything is written through ``dialogue.services``, so history rows and search
vectors are as if a user had typed it. A meeting is looked up by (initiative,
title, start) first and skipped entirely if it exists: a rerun creates nothing
and changes nothing, history included. The texts are illustrative (each meeting's
description says so); the random choices come from a fixed seed per meeting, so
a meeting always gets the same content whatever else exists.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from actors.models import Body, Initiative, Organisation, Person, Seat
from dialogue.meetings import services
from dialogue.models import Meeting, MeetingKind, MeetingSeries, MinutesVersion, Outcome
from dialogue.themes import Theme

SEED = 2011
ILLUSTRATIVE = "Illustrativt demoreferat."
DEMO_START, DEMO_END = datetime.date(2012, 9, 1), datetime.date(2013, 6, 30)
BSF = "Boligsocialt Forum Nørrebro"
MONTHS = "januar februar marts april maj juni juli august september oktober november december".split()

T = Theme


@dataclass(frozen=True)
class LocalBody:
    """A local board or steering group where residents (or users) have seats."""

    body: str
    phrase: str  # the body in a sentence, definite form
    label: str  # the place it stands for
    organisation: str
    contact: str  # the person who answers for it
    until: datetime.date | None = None


@dataclass(frozen=True)
class Out:
    """An outcome template: kind "information", "decision" or "action"."""

    kind: str
    text: str
    owner: str = ""  # action items: an owner role (see Seeder._owner)
    political: bool = False
    review_months: int | None = None


def info(text):
    return Out("information", text)


def decision(text, *, political=False, review=None):
    return Out("decision", text, political=political, review_months=review)


def action(owner, text):
    return Out("action", text, owner=owner)


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    kinds: str  # where it is discussed: P dialogue platform, S steering group, N network, F forum
    origin: str  # "local" (a LocalBody), "chief", "dept:<short name>" or "other:<owner role>"
    owner: str  # owner role
    themes: tuple
    minutes: tuple
    outcomes: tuple
    description: str = ""
    not_before: datetime.date | None = None
    only: str = ""  # an initiative name, if the topic belongs to one
    follow_ups: tuple = ()  # outcomes when the topic comes up again (default: ``outcomes``)


# The n-th time a topic comes up in an initiative it gets minutes[n] (the last one from then on)
# and, after the first time, its follow_ups. Placeholders in titles and texts: {label} the initiative's area, {lokal} the local place,
# {organ}/{Organ} the local body in a sentence, {sted} a place, {sti} a path.
TOPICS = [
    Topic(
        "belysning",
        "Belysning i gårdene omkring {lokal}",
        "PN",
        "local",
        "TMF",
        (T.PHYSICAL_ENVIRONMENT, T.PUBLIC_SAFETY),
        (
            "Beboerrepræsentanterne i {organ} fortalte, at flere gårde og gangstier omkring {lokal} står mørke "
            "fra sidst på eftermiddagen, især ved cykelkældrene. TMF oplyste, at belysningen i gårdene er "
            "boligorganisationens ansvar, mens stierne ud mod {sted} er kommunale. Mødet var enigt om at se på "
            "det samlet i stedet for at sende sagen frem og tilbage.",
            "{Organ} har sammen med ejendomskontoret gennemgået belysningen og fundet defekte armaturer og "
            "steder, hvor træerne skygger for lyset. TMF kan prioritere udskiftning på de kommunale arealer "
            "inden for det eksisterende driftsbudget. Boligorganisationen undersøger, om gårdlamperne kan "
            "skiftes i forbindelse med den planlagte renovering.",
        ),
        (
            action("TMF", "Gennemgå belysningen på de kommunale stier omkring {lokal} og melde tilbage til {organ}."),
            action("LOKAL", "Indsamle beboernes konkrete steder med manglende lys og sende listen til TMF."),
            decision("Belysningen omkring {lokal} tages op igen efter vinterhalvåret.", review=5),
        ),
        description="Rejst af {organ}: beboerne oplever mørke gårde og stier om aftenen.",
        follow_ups=(
            action("TMF", "Udskifte de defekte armaturer på de kommunale stier omkring {lokal}."),
            info("Boligorganisationen har bestilt nye gårdlamper, som sættes op i forbindelse med renoveringen."),
        ),
    ),
    Topic(
        "oversigt",
        "Oversigtsforhold ved {sti}",
        "PN",
        "dept:TMF",
        "TMF",
        (T.PHYSICAL_ENVIRONMENT, T.PUBLIC_SAFETY),
        (
            "TMF præsenterede en gennemgang af {sti}, hvor buskads og hække gør det svært at se, hvem der kommer "
            "imod én. Flere deltagere bekræftede, at især ældre beboere og forældre undgår stien efter mørkets "
            "frembrud. Beskæring kan ske inden for driftsbudgettet, mens en ændring af beplantningen kræver "
            "dialog med beboerne.",
            "Punktet kommer fra TMF efter den seneste tryghedsvandring. Det blev drøftet, om beskæringen ved "
            "{sti} skal suppleres med bedre belysning eller flytning af bænkene. Helhedsplanerne tilbød at "
            "inddrage beboerne i, hvordan stien skal se ud.",
        ),
        (
            action("TMF", "Beskære buskadset langs {sti}, så der er frit udsyn i øjenhøjde."),
            info(
                "TMF oplyste, at beskæringen på kommunale arealer sker to gange om året og kan fremrykkes "
                "ved konkrete tryghedsproblemer."
            ),
            action("LOKAL", "Invitere beboerne til en kort gennemgang af {sti}, før beplantningen ændres."),
        ),
    ),
    Topic(
        "renhold",
        "Renhold og graffiti ved {sted}",
        "PN",
        "local",
        "TMF",
        (T.PHYSICAL_ENVIRONMENT,),
        (
            "{Organ} har rejst, at affald og storskrald samler sig ved {sted}, og at graffiti bliver stående i "
            "ugevis. TMF forklarede, hvordan henvendelser til kommunen prioriteres, og at graffiti på kommunale "
            "bygninger fjernes inden for en uge. Mødet drøftede, hvordan beboerne kan melde det hurtigere.",
            "Renholdet ved {sted} er blevet bedre siden sidste møde, men weekenderne er stadig et problem. "
            "Ejendomskontoret og TMF aftalte at koordinere tømningen af affaldskurvene fredag eftermiddag.",
        ),
        (
            action("TMF", "Tømme affaldskurvene ved {sted} ekstra fredag og lørdag i en prøveperiode."),
            action("LOKAL", "Registrere graffiti ved {sted} og melde det samlet til TMF hver uge."),
        ),
    ),
    Topic(
        "unge",
        "Unge i gaderne om aftenen ved {sted}",
        "PNS",
        "chief",
        "GADEPLAN",
        (T.CHILDREN_YOUTH, T.PUBLIC_SAFETY, T.POLICING),
        (
            "Hotspotchefen orienterede om grupper af unge, der samles ved {sted} om aftenen, og om beboernes "
            "oplevelse af utryghed. Politiet bekræftede flere anmeldelser om uro, men få om egentlig kriminalitet. "
            "Gadeplansmedarbejderne kender de fleste af de unge og vurderer, at mange mangler et sted at være "
            "efter klubbernes lukketid.",
            "Situationen ved {sted} er roligere end i foråret. Gadeplansmedarbejderne har fået kontakt med en "
            "mindre gruppe ældre unge, som SOF følger op på. Mødet drøftede, om klubberne kan holde længere "
            "åbent i vinterhalvåret.",
        ),
        (
            action("GADEPLAN", "Lægge aftenvagter ved {sted} torsdag til lørdag den kommende måned."),
            info(
                "Politiet orienterede om anmeldelser og patruljering i området. Referatet indeholder ingen "
                "oplysninger om enkeltpersoner."
            ),
            action("KFF", "Undersøge muligheden for udvidet aftenåbning i klubberne i vinterhalvåret."),
        ),
    ),
    Topic(
        "ssp",
        "SSP-samarbejdet: nyt fra SSP-lokaludvalget",
        "PNS",
        "other:SSP",
        "SSP",
        (T.CHILDREN_YOUTH, T.POLICING),
        (
            "SSP-konsulenten orienterede om arbejdet i SSP-lokaludvalget. Sager om enkelte unge drøftes kun i "
            "SSP-regi efter retsplejelovens § 115 og indgår ikke i dette referat. Mødet drøftede, hvordan de "
            "lokale aktører får en tilbagemelding, når de har rejst en bekymring.",
            "Der er god kontakt mellem skolerne, SOF og politiet, men helhedsplanernes medarbejdere oplever at "
            "stå uden for. SSP foreslog faste dialogmøder, hvor mønstre og tendenser drøftes uden "
            "personoplysninger.",
        ),
        (
            decision("SSP giver en kort, anonymiseret status på hvert andet møde.", review=6),
            action("SSP", "Beskrive, hvordan lokale aktører får tilbagemelding på en bekymringshenvendelse."),
        ),
        follow_ups=(
            action("SSP", "Invitere helhedsplanernes medarbejdere til et dialogmøde om tendenser blandt de unge."),
            info("SSP gav en anonymiseret status; der er færre unge i kontakt med politiet end sidste år."),
        ),
    ),
    Topic(
        "fritidsjob",
        "Fritidsjob til unge fra {lokal}",
        "PN",
        "dept:BUF",
        "BUF",
        (T.EMPLOYMENT_EDUCATION, T.CHILDREN_YOUTH),
        (
            "BUF fremlagde et overblik over, hvor mange unge i området der har et fritidsjob; andelen er lavere "
            "end i resten af byen. Kvartermanageren har kontakt til butikker, der gerne vil tage unge ind. "
            "Helhedsplanen ved {lokal} har en jobbank, som kan bruges.",
            "Fritidsjobindsatsen er i gang, og de første unge er formidlet til butikker og ejendomskontorer. "
            "Udfordringen er at fastholde de unge de første uger. Der var enighed om at knytte en voksen "
            "kontaktperson til hver ung.",
        ),
        (
            action("KVM", "Holde et møde med butikkerne og jobbanken ved {lokal} om fritidsjob til unge."),
            decision("Fritidsjob prioriteres som indsatsområde resten af året."),
            action("BUF", "Opgøre antallet af unge i fritidsjob til næste kvartal."),
        ),
        follow_ups=(
            action("LOKAL", "Finde voksne kontaktpersoner til de unge i fritidsjob via jobbanken ved {lokal}."),
            info("De første unge er i fritidsjob i butikker og på ejendomskontorer (illustrative tal)."),
        ),
    ),
    Topic(
        "foraeldre",
        "Forældrenetværk omkring {lokal}",
        "PN",
        "local",
        "LOKAL",
        (T.CHILDREN_YOUTH,),
        (
            "{Organ} vil styrke netværket af forældre, der går aftenture i området. Omkring femten forældre er "
            "aktive, men det er svært at nå fædrene. SOF og BUF tilbød at deltage i et forældremøde og fortælle, "
            "hvor man kan få hjælp.",
            "Forældrenetværket har gået aftenture hver fredag siden sidste møde, og de unge tager godt imod dem. "
            "Netværket har brug for et fast mødelokale og for kontakt til politiets forebyggelsesbetjent.",
        ),
        (
            action("LOKAL", "Invitere til et forældremøde om fællesskab og tryghed omkring {lokal}."),
            action("POLITI", "Forebyggelsesbetjenten deltager i forældrenetværkets næste møde."),
        ),
        follow_ups=(
            action("LOKAL", "Skaffe forældrenetværket et fast mødelokale omkring {lokal}."),
            action("POLITI", "Forebyggelsesbetjenten deltager i forældrenetværkets næste møde."),
        ),
    ),
    Topic(
        "samspil",
        "Samspil mellem boligsocialt arbejde og myndighedsarbejde",
        "PSF",
        "chief",
        "SOF",
        (T.HOUSING_AUTHORITY, T.CHILDREN_YOUTH),
        (
            "Hotspotchefen rejste, at de boligsociale medarbejdere ofte opdager bekymringer om børn og unge "
            "tidligt, men ikke ved, hvad der sker efter en underretning. SOF forklarede rammerne for "
            "tavshedspligt og tilbagemelding. Der var enighed om, at samarbejdet skal være synligt, så de unge, "
            "der har brug for myndighedernes støtte, også får den.",
            "Punktet fulgte op på drøftelsen af samspillet mellem det boligsociale arbejde og myndighedsarbejdet. "
            "SOF har udpeget en fast kontaktperson for helhedsplanerne, og helhedsplanerne oplever allerede "
            "kortere vej til rådgiverne. Der mangler stadig en fælles praksis for tilbagemelding.",
        ),
        (
            decision("SOF udpeger en fast kontaktperson for de boligsociale medarbejdere i området.", review=4),
            action("SOF", "Holde et fælles møde for rådgivere og boligsociale medarbejdere om underretninger."),
        ),
        follow_ups=(
            action("SOF", "Beskrive en fælles praksis for tilbagemelding til de boligsociale medarbejdere."),
            info("SOF's kontaktperson har holdt de første møder med helhedsplanerne."),
        ),
    ),
    Topic(
        "tryghedsvandring",
        "Tryghedsvandring omkring {lokal}: opfølgning",
        "PN",
        "local",
        "TMF",
        (T.PUBLIC_SAFETY, T.PHYSICAL_ENVIRONMENT),
        (
            "{Organ} har gennemført en tryghedsvandring med beboere, ejendomskontor, politi og TMF's driftsfolk. "
            "Der blev registreret mangler ved belysning, buskads og hærværk ved {sted}, hver med en ansvarlig. "
            "Gennemgangen gentages om et halvt år.",
            "De fleste punkter fra tryghedsvandringen er løst, men to lamper ved {sted} mangler stadig. "
            "Beboerne oplever en tydelig forskel ved {sti}.",
        ),
        (
            action("TMF", "Udbedre manglerne fra tryghedsvandringen på de kommunale arealer ved {sted}."),
            decision("Ny tryghedsvandring om seks måneder med de samme deltagere.", review=6),
        ),
        follow_ups=(
            action("TMF", "Sætte de to manglende lamper ved {sted} op."),
            info("Beboerne oplever en tydelig forskel ved {sti} efter beskæringen."),
        ),
    ),
    Topic(
        "indeks",
        "Tryghedsindeks 2012: resultater for {label}",
        "PSF",
        "chief",
        "CHEF",
        (T.PUBLIC_SAFETY,),
        (
            "Hotspotchefen gennemgik resultaterne af tryghedsindekset for {label}. Andelen af beboere, der føler "
            "sig utrygge, er faldet, men ligger fortsat over byens gennemsnit. Mødet drøftede, hvordan "
            "resultaterne formidles til beboerne uden at skabe ny utryghed.",
            "Formidlingen af tryghedsindekset er sendt ud via beboerbladene. Flere beboere har spurgt, hvorfor "
            "tallene ikke svarer til deres egen oplevelse; det tages med i dialogen med {organ}.",
        ),
        (
            info("Tryghedsindekset viser et fald i utrygheden i {label}, men niveauet er fortsat højere end i byen."),
            action("CHEF", "Lave en kort, letlæst formidling af resultaterne til beboerbladene."),
        ),
        not_before=datetime.date(2013, 1, 1),
        follow_ups=(info("Resultaterne er formidlet i beboerbladene og på helhedsplanernes opslagstavler."),),
    ),
    Topic(
        "kvartermanager",
        "Handelslivet og kvartermanagerens arbejde ved {sted}",
        "PN",
        "other:KVM",
        "KVM",
        (T.EMPLOYMENT_EDUCATION, T.PUBLIC_SAFETY),
        (
            "Kvartermanageren fortalte om dialogen med de erhvervsdrivende ved {sted}. Flere butikker oplever "
            "tyverier og uro om aftenen, men også at situationen er bedret. Butikkerne vil gerne være med til at "
            "skabe fritidsjob og holde lys i facaderne.",
            "Mødet med de erhvervsdrivende ved {sted} er holdt, og flere butikker har lovet at holde lys i "
            "vinduerne om aftenen. Butikkerne ønsker hurtigere kontakt til politiet ved uro.",
        ),
        (
            action("KVM", "Samle de erhvervsdrivende ved {sted} til et møde om tryghed og lys i facaderne."),
            info("Flere butikker holder nu lys i vinduerne om aftenen."),
        ),
        follow_ups=(action("POLITI", "Give butikkerne ved {sted} et fast kontaktnummer til nærpolitiet."),),
    ),
    Topic(
        "sommer",
        "Sommerferieaktiviteter for børn og unge",
        "PN",
        "dept:BUF",
        "KFF",
        (T.CULTURE_LEISURE, T.CHILDREN_YOUTH),
        (
            "BUF og KFF gennemgik planerne for sommerferien, hvor klubberne traditionelt holder lukket en periode. "
            "Helhedsplanerne og {lokal} tilbyder ture og aktiviteter og har brug for, at kommunens tilbud hænger "
            "sammen med deres. Der var enighed om en fælles oversigt.",
            "Oversigten over sommeraktiviteterne er næsten færdig. Der mangler tilbud til de 15–17-årige i "
            "de sidste to uger af ferien, og {organ} tilbød at bruge beboerlokalerne.",
        ),
        (
            action("KFF", "Udarbejde en fælles oversigt over sommeraktiviteter for børn og unge i området."),
            decision("Forslag om åbne klubber hele sommeren forelægges Børne- og Ungdomsudvalget.", political=True),
        ),
        not_before=datetime.date(2013, 3, 1),
        follow_ups=(action("KFF", "Finde tilbud til de 15–17-årige i de sidste to uger af sommerferien."),),
    ),
    Topic(
        "brande",
        "Hærværk og brande i containere",
        "PNS",
        "other:POLITI",
        "POLITI",
        (T.PUBLIC_SAFETY, T.POLICING, T.PHYSICAL_ENVIRONMENT),
        (
            "Politiet og brandvæsenet har registreret flere brande i containere og kælderrum omkring {sted}. "
            "Boligorganisationen har låst containergårdene af og sat ekstra lys op. Mødet drøftede, hvordan "
            "beboerne hurtigt kan melde mistænkelig adfærd.",
            "Der har været færre brande siden containergårdene blev låst af. Politiet opfordrede til, at "
            "hærværk fortsat anmeldes, så udviklingen kan følges.",
        ),
        (
            action("LOKAL", "Aflåse containergårdene ved {sted} og sætte bevægelsesstyret lys op."),
            info("Politiet orienterede om, at antallet af brande og hærværk er faldet siden sommer."),
        ),
        follow_ups=(info("Færre brande i containere og kælderrum efter aflåsningen af containergårdene."),),
    ),
    Topic(
        "skole",
        "Samarbejde mellem skoler og klubber om de ældste elever",
        "PN",
        "dept:BUF",
        "BUF",
        (T.CHILDREN_YOUTH, T.EMPLOYMENT_EDUCATION),
        (
            "BUF fortalte om et forsøg, hvor skolerne og klubberne deler viden om elever i 8. og 9. klasse, der "
            "risikerer ikke at komme videre i uddannelse. Helhedsplanernes lektiecaféer kan spille en større "
            "rolle. Deltagerne drøftede, hvordan forældrene inddrages.",
            "Forsøget med videndeling mellem skoler og klubber fortsætter. Lektiecaféerne er nu med i "
            "netværksmøderne, og skolerne oplever bedre kontakt til de ældste elevers forældre.",
        ),
        (
            action("BUF", "Invitere lektiecaféerne til skolernes netværksmøde om overgangen til ungdomsuddannelse."),
            info("Lektiecaféen ved {lokal} har fået flere frivillige og holder åbent fire dage om ugen."),
        ),
        follow_ups=(action("BUF", "Samle erfaringerne fra forsøget til skolernes ledermøde."),),
    ),
    Topic(
        "status",
        "Status på indsatsområderne",
        "S",
        "chief",
        "CHEF",
        (T.CHILDREN_YOUTH, T.PUBLIC_SAFETY),
        (
            "Hotspotchefen gennemgik status for indsatsområderne: børn og unge, tryghed i byens rum og "
            "samarbejdet med de lokale aktører. Gadeplansindsatsen og fritidsjobbene er godt i gang, mens "
            "arbejdet med de fysiske forhold går langsommere. Styregruppen bad om en tydeligere kobling til "
            "effektmålene.",
            "Status viser fremdrift i alle indsatsområder. Samarbejdet med helhedsplanerne fungerer godt, mens "
            "koordineringen med forvaltningernes drift stadig tager tid. Styregruppen noterede, at de lokale "
            "bestyrelser har rejst flere sager end forventet.",
        ),
        (
            info("Statusnotatet blev udsendt med dagsordenen."),
            action("CHEF", "Koble statusrapporteringen til indsatsens effektmål til næste møde."),
        ),
    ),
    Topic(
        "budget",
        "Budgetopfølgning for Hotspot {label}",
        "S",
        "chief",
        "CHEF",
        (),
        (
            "Hotspotchefen fremlagde budgetopfølgningen. Forbruget følger planen, men aktiviteterne for unge i "
            "fritiden er dyrere end forventet, mens midlerne til fysiske tiltag ikke er brugt. Styregruppen "
            "drøftede en omprioritering mellem indsatsområderne.",
            "Forbruget svarer til budgettet. Styregruppen drøftede, hvilke aktiviteter der skal videreføres "
            "efter 2014, og hvordan det forberedes i god tid.",
        ),
        (
            decision(
                "Styregruppen indstiller en omprioritering af 0,5 mio. kr. fra fysiske tiltag til fritidstilbud; "
                "den forelægges Beskæftigelses- og Integrationsudvalget.",
                political=True,
            ),
            info("Budgettet for {label} er disponeret til og med 2014 (illustrative tal)."),
        ),
        follow_ups=(
            decision("Styregruppen godkender budgetopfølgningen."),
            action("CHEF", "Beskrive, hvilke aktiviteter der kan videreføres efter 2014, og hvad de koster."),
        ),
    ),
    Topic(
        "lokal_sag",
        "Sag fra de lokale bestyrelser: tryghed ved {sted}",
        "SF",
        "local",
        "CHEF",
        (T.PUBLIC_SAFETY, T.HOUSING_AUTHORITY),
        (
            "{Organ} har bedt om at få løftet en sag om utryghed ved {sted}, fordi den går på tværs af flere "
            "forvaltninger. Hotspotchefen gennemgik, hvad der allerede er gjort lokalt. Der var enighed om, at "
            "sagen kræver en fælles plan fra TMF, SOF og politiet.",
            "{Organ} har rejst en ny sag om utryghed ved {sted}. Den fælles plan fra TMF, SOF og politiet for det "
            "forrige sted virker, og samme model kan bruges her.",
        ),
        (
            decision("TMF, SOF og politiet laver en fælles plan for {sted}.", review=3),
            action("CHEF", "Give {organ} skriftlig tilbagemelding på beslutningen."),
        ),
        description="Løftet fra {organ}, hvor beboerne har sæde.",
    ),
    Topic(
        "midtvejs",
        "Midtvejsevaluering af Hotspot-indsatsen",
        "S",
        "chief",
        "CHEF",
        (T.HOUSING_AUTHORITY,),
        (
            "Styregruppen drøftede midtvejsevalueringen. Den peger på, at indsatsen har fået privilegeret adgang "
            "til ledelsesniveauet, og at samarbejdet mellem forvaltningerne skal styrkes yderligere. Styregruppen "
            "var enig i, at forvaltningernes egne erfaringer skal gøres tydelige i den endelige evaluering.",
            "Forvaltningerne har sendt de første beskrivelser af deres erfaringer med samarbejdet. De viser, at "
            "samarbejdet er tættest, hvor der er faste kontaktpersoner.",
        ),
        (
            decision(
                "Hver forvaltning beskriver sine erfaringer med samarbejdet til den endelige evaluering.", review=6
            ),
            action("CHEF", "Sende evalueringens anbefalinger til forvaltningernes kontaktpersoner."),
        ),
        follow_ups=(info("Forvaltningernes erfaringsbeskrivelser samles i et notat til den endelige evaluering."),),
        not_before=datetime.date(2013, 3, 1),
    ),
    Topic(
        "helhedsplaner",
        "Videreførelse af helhedsplanerne efter 2014",
        "SF",
        "local",
        "LOKAL",
        (T.HOUSING_AUTHORITY,),
        (
            "{Organ} gjorde opmærksom på, at helhedsplanens støtte fra Landsbyggefonden udløber, og at en ny "
            "ansøgning skal forberedes i god tid. Kommunens medfinansiering skal afklares, før ansøgningen kan "
            "sendes. Mødet drøftede, hvordan Hotspot-indsatsens erfaringer kan indgå.",
            "Udkastet til en ny ansøgning til Landsbyggefonden er drøftet i {organ}. Beboerne lægger vægt på, "
            "at børne- og ungeindsatsen og beskæftigelsesindsatsen fortsætter.",
        ),
        (
            decision("Kommunens medfinansiering af en ny helhedsplan forelægges Økonomiudvalget.", political=True),
            action("LOKAL", "Udarbejde et udkast til en ny ansøgning til Landsbyggefonden."),
        ),
        follow_ups=(action("LOKAL", "Indarbejde beboernes prioriteringer i ansøgningen til Landsbyggefonden."),),
    ),
    Topic(
        "indgang",
        "Én indgang til kommunen for den almene sektor",
        "F",
        "dept:BIF",
        "BIF",
        (T.HOUSING_AUTHORITY,),
        (
            "Forummet drøftede erfaringerne med, at den almene sektor har én indgang til kommunen. "
            "Boligorganisationernes koordinatorer oplever, at konkrete problemer nu kan løftes til et strategisk "
            "niveau, men at svartiderne varierer mellem forvaltningerne. Der var ønske om en fælles oversigt over "
            "kontaktpersoner.",
        ),
        (
            action("BIF", "Udarbejde en fælles oversigt over kontaktpersoner i de syv forvaltninger."),
            decision("Svartiderne på henvendelser fra den almene sektor følges op om et halvt år.", review=6),
        ),
    ),
    Topic(
        "partnerskab",
        "Partnerskabet For et Trygt Indre Nørrebro",
        "SN",
        "other:CSB",
        "CSB",
        (T.PUBLIC_SAFETY, T.POLICING),
        (
            "Center for Sikker By orienterede om partnerskabet med SSP København, Hotspot Indre Nørrebro og "
            "Københavns Politi. Partnerskabet skal samle indsatsen for tryghed på Indre Nørrebro og undgå "
            "dobbeltarbejde. Mødet drøftede, hvordan de lokale aktører inddrages.",
            "Partnerskabet har holdt sine første koordinationsmøder. De lokale aktører har kommenteret "
            "aftaleteksten, og der er enighed om fælles indsatser omkring {sted}.",
        ),
        (
            decision("Hotspot Indre Nørrebro indgår i partnerskabet og deltager i dets koordinationsmøder."),
            action("CSB", "Sende partnerskabets aftaletekst til kommentering blandt de lokale aktører."),
        ),
        follow_ups=(action("CSB", "Planlægge partnerskabets fælles indsats omkring {sted}."),),
        not_before=datetime.date(2013, 1, 1),
        only="Hotspot Indre Nørrebro",
    ),
]
TOPIC = {topic.key: topic for topic in TOPICS}

# The template agenda of each dialogue platform; its items get minutes from these.
TEMPLATE_AGENDA = ["Godkendelse af dagsorden og referat", "Runde: nyt fra de lokale aktører"]
ROUND_NEWS = [
    "{lokal}: beboerfesten i gården samlede mange familier, og flere forældre har meldt sig til netværket.",
    "Politiet: roligere weekender ved {sted}, men fortsat knallertkørsel på {sti}.",
    "TMF: nye lamper er sat op ved {sted}.",
    "SSP: der er holdt forældremøder på to skoler om unge og nattelivet.",
    "{lokal}: lektiecaféen har fået flere frivillige.",
    "BUF: klubberne har ansat to medarbejdere med godt kendskab til området.",
    "SOF: gadeplansmedarbejderne har fået kontakt med flere nye unge ved {sted}.",
    "Kvartermanageren: to butikker ved {sted} har tilbudt fritidsjob.",
    "{lokal}: ejendomskontoret oplever mindre hærværk i opgangene.",
]

# Meeting types: the fixed topics first, then a random number of others that fit.
PLANS = {
    "P": {"kind": MeetingKind.DIALOGUE_PLATFORM, "fixed": [], "extra": (2, 4)},
    "S": {"kind": MeetingKind.STEERING_GROUP, "fixed": ["status", "budget"], "extra": (1, 3)},
    "N": {"kind": MeetingKind.COORDINATION_NETWORK, "fixed": [], "extra": (3, 5)},
    "F": {"kind": MeetingKind.FORUM, "fixed": ["indgang", "samspil"], "extra": (1, 2)},
}

INITIATIVES = [
    {
        "name": "Hotspot Indre Nørrebro",
        "label": "Indre Nørrebro",
        "platform": {"weekday": 1, "time": datetime.time(16, 30), "place": "Askovgården, mødesalen"},
        "office": "Hotspot-sekretariatet, Indre Nørrebro",
        "invited": [
            "Askovgården",
            "Helhedsplan Blågården",
            "Helhedsplan Hothers Plads",
            "Helhedsplan Rantzausgade",
            "Helhedsplan Stengade",
            "SSP København",
            "Københavns Politi",
            "TMF",
            "BUF",
            "SOF",
            "KFF",
            "Center for Sikker By",
        ],
        "invited_people": ["Gadeplansmedarbejder, Hotspot Indre Nørrebro"],
        "local_bodies": [
            LocalBody(
                "Styregruppe for Helhedsplan Blågården",
                "styregruppen for Helhedsplan Blågården",
                "Blågården",
                "Helhedsplan Blågården",
                "Boligsocial koordinator, Blågården",
            ),
            LocalBody(
                "Styregruppe for Helhedsplan Hothers Plads",
                "styregruppen for Helhedsplan Hothers Plads",
                "Hothers Plads",
                "Helhedsplan Hothers Plads",
                "Boligsocial koordinator, Hothers Plads",
            ),
            LocalBody(
                "Bestyrelsen for Askovgården",
                "Askovgårdens bestyrelse",
                "Askovgården",
                "Askovgården",
                "Forstander, Askovgården",
            ),
            LocalBody(
                "Styregruppe for Helhedsplan Stengade",
                "styregruppen for Helhedsplan Stengade",
                "Stengade",
                "Helhedsplan Stengade",
                "Boligsocial koordinator, Stengade",
            ),
        ],
        "places": ["Blågårds Plads", "Hans Tavsens Park", "Korsgade", "Rantzausgade", "Nørrebrogade ved Elmegade"],
        "paths": [
            "stien gennem Hans Tavsens Park",
            "stien langs Assistens Kirkegård",
            "passagen mellem Blågårdsgade og Korsgade",
        ],
        "walk_ins": [
            "Beboerformand, Blågården",
            "Bestyrelsesformand, Askovgården",
            "Kvartermanager, Nørrebro",
            "Lokaludvalgssekretær, Nørrebro",
        ],
        "steering": ["2012-09-18", "2012-12-04", "2013-03-19", "2013-06-18"],
        "network": ["2012-10-23", "2013-02-19", "2013-05-21"],
        "forum": ["2012-11-21"],
    },
    {
        "name": "Hotspot Ydre Nørrebro",
        "label": "Ydre Nørrebro",
        "platform": {"weekday": 3, "time": datetime.time(16, 30), "place": "Mjølnerparkens beboerhus"},
        "office": "Hotspot-sekretariatet, Ydre Nørrebro",
        "invited": [
            "Sjakket",
            "Helhedsplan Mjølnerparken",
            "Helhedsplan Aldersrogade / Den Grønne Trekant",
            "Helhedsplan Titangade",
            "Helhedsplan Nannasgade",
            "Helhedsplan Ørholmgade",
            "Områdeløft Haraldsgadekvarteret",
            "SSP København",
            "Københavns Politi",
            "TMF",
            "BUF",
            "SOF",
            "Kvartermanager Nørrebro",
        ],
        "invited_people": ["Gadeplansmedarbejder, Hotspot Ydre Nørrebro"],
        "local_bodies": [
            LocalBody(
                "Styregruppe for Helhedsplan Mjølnerparken",
                "styregruppen for Helhedsplan Mjølnerparken",
                "Mjølnerparken",
                "Helhedsplan Mjølnerparken",
                "Boligsocial koordinator, Mjølnerparken",
            ),
            LocalBody(
                "Styregruppe for Områdeløft Haraldsgadekvarteret",
                "styregruppen for Områdeløft Haraldsgadekvarteret",
                "Haraldsgadekvarteret",
                "Områdeløft Haraldsgadekvarteret",
                "Sekretariatsleder, Områdeløft Haraldsgadekvarteret",
                until=datetime.date(2012, 12, 31),
            ),
            LocalBody(
                "Bestyrelsen for Sjakket",
                "Sjakkets bestyrelse",
                "Sjakket",
                "Sjakket",
                "Leder, Sjakket",
            ),
            LocalBody(
                "Styregruppe for Helhedsplan Aldersrogade / Den Grønne Trekant",
                "styregruppen for Helhedsplan Aldersrogade / Den Grønne Trekant",
                "Den Grønne Trekant",
                "Helhedsplan Aldersrogade / Den Grønne Trekant",
                "Boligsocial koordinator, Aldersrogade / Den Grønne Trekant",
            ),
        ],
        "places": ["Mjølnerparken", "Superkilen", "Nørrebroparken", "Heimdalsgade", "Tagensvej ved Lundtoftegade"],
        "paths": [
            "Nørrebroruten ved Mjølnerparken",
            "stien gennem Nørrebroparken",
            "stien langs banen ved Bispeengbuen",
        ],
        "walk_ins": [
            "Beboerformand, Mjølnerparken",
            "Beboerrepræsentant, Haraldsgadekvarteret",
            "Bestyrelsesformand, Sjakket",
            "Lokaludvalgssekretær, Nørrebro",
        ],
        "steering": ["2012-09-26", "2012-12-05", "2013-03-20", "2013-06-19"],
        "network": ["2012-10-24", "2013-02-20", "2013-05-22"],
        "forum": ["2013-04-24"],
    },
]

PLATFORM_PURPOSE = "Månedligt dialogmøde mellem Hotspot-indsatsen og de lokale aktører: lokal platform for dialog."
PURPOSES = {
    "S": "Kvartalsvist møde i indsatsens styregruppe.",
    "N": "Koordination på tværs af børne- og ungeindsatserne og tryghedsarbejdet.",
    "F": "Boligsocialt Forum Nørrebro: ledere fra de syv forvaltninger, boligsociale medarbejdere og koordinatorer.",
}
TIMES = {"S": datetime.time(9, 0), "N": datetime.time(13, 0), "F": datetime.time(14, 0)}
# The latest two dialogue platforms of each series: minutes still on their way (counted from the end).
LIFECYCLE = {1: "draft", 2: "circulated"}


@dataclass
class Plan:
    """A meeting to create, with its agenda topics chosen up front."""

    letter: str
    title: str
    start: datetime.datetime
    body: str | None
    status: str
    rng: random.Random
    topics: list = field(default_factory=list)  # [(Topic, how many times it came up before)]


def plan_meetings(name, spec, series_title):
    """The initiative's meetings in date order, with topics; pure, so every run plans the same.

    Each meeting draws from its own seeded generator. Topics rotate: the least used
    that fit come first, so a topic returns (as a follow-up) only after the others had a turn.
    """
    dates = platform_dates(spec["platform"]["weekday"])
    rows = [
        ("P", series_title, at(day, spec["platform"]["time"]), None, LIFECYCLE.get(len(dates) - i, "published"))
        for i, day in enumerate(dates)
    ]
    network = name.replace("Hotspot ", "Koordinationsnetværk ", 1)
    for letter, title, body, days in [
        ("S", f"Styregruppemøde, {name}", f"Styregruppe for {name}", spec["steering"]),
        ("N", network, network, spec["network"]),
        ("F", BSF, BSF, spec["forum"]),
    ]:
        rows += [(letter, title, at(datetime.date.fromisoformat(d), TIMES[letter]), body, "published") for d in days]
    used = Counter()
    plans = []
    for letter, title, start, body, status in sorted(rows, key=lambda row: row[2]):
        rng = random.Random(f"{SEED}|{name}|{title}|{start.isoformat()}")
        plan = Plan(letter, title, start, body, status, rng)
        for topic in choose_topics(name, letter, timezone.localtime(start).date(), rng, used):
            plan.topics.append((topic, used[topic.key]))
            used[topic.key] += 1
        plans.append(plan)
    return plans


def choose_topics(name, letter, day, rng, used):
    kind = PLANS[letter]
    fixed = [TOPIC[key] for key in kind["fixed"]]
    fits = [
        t
        for t in TOPICS
        if letter in t.kinds
        and t not in fixed
        and (t.not_before is None or day >= t.not_before)
        and (not t.only or t.only == name)
    ]
    rng.shuffle(fits)
    fits.sort(key=lambda t: used[t.key])  # stable: least used first, shuffled among equals
    chosen = list(fixed)
    if letter == "P":  # every dialogue platform hears at least one local body
        chosen.append(next(t for t in fits if t.origin == "local"))
    low, high = kind["extra"]
    count = rng.randint(low, high) + len(fixed)
    return chosen + [t for t in fits if t not in chosen][: count - len(chosen)]


def seed(*, stdout):
    """Create the demo year of meetings; return {"created": n, "existing": m}."""
    return Seeder(stdout).run()


def nth_weekday(year, month, weekday, n=2):
    """The n-th given weekday (0 = Monday) of a month."""
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def platform_dates(weekday):
    """Ten months, September 2012 to June 2013."""
    months = [(2012, m) for m in range(9, 13)] + [(2013, m) for m in range(1, 7)]
    return [nth_weekday(year, month, weekday) for year, month in months]


def at(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


def danish_date(day):
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


class Seeder:
    def __init__(self, stdout):
        self.stdout = stdout
        self.created = self.existing = 0
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

    def person(self, name):
        return self._get(Person, name=name)

    def body(self, name):
        return self._get(Body, name=name)

    def org(self, key):
        """An organisation by name, or a department by its short name (TMF, BUF …)."""
        if key.isupper():  # TMF, BUF …
            return self._get(Organisation, short_name=key, kind=Organisation.Kind.MUNICIPAL_DEPARTMENT)
        return self._get(Organisation, name=key)

    # --- the run ----------------------------------------------------------------

    def run(self):
        with transaction.atomic():
            for spec in INITIATIVES:
                initiative = self._get(Initiative, name=spec["name"])
                self.initiative_demo(initiative, spec)
        actions = Outcome.objects.actions().filter(agenda_item__meeting__description__startswith=ILLUSTRATIVE)
        self.stdout.write(
            f"Mødedemo: {self.created} møder oprettet, {self.existing} fandtes allerede; "
            f"{actions.count()} handlinger, heraf {actions.filter(status__in=OPEN).count()} åbne (overskredne)."
        )
        return {"created": self.created, "existing": self.existing}

    def initiative_demo(self, initiative, spec):
        chief = initiative.chief
        self.ctx_base = {"initiative": initiative, "spec": spec, "chief": chief, "by": chief.user if chief else None}
        series = self._series(initiative, spec)
        for plan in plan_meetings(initiative.name, spec, series.title):
            if Meeting.objects.filter(initiative=initiative, title=plan.title, start=plan.start).exists():
                self.existing += 1
                continue
            self._meeting(plan, series=series if plan.letter == "P" else None)
            self.created += 1

    def _series(self, initiative, spec):
        title = f"Dialogplatform {spec['label']}"
        series = MeetingSeries.objects.filter(initiative=initiative, title=title).first()
        if series is None:
            series = MeetingSeries(
                initiative=initiative,
                body=self.body(initiative.name.replace("Hotspot ", "Koordinationsnetværk ", 1)),
                kind=MeetingKind.DIALOGUE_PLATFORM,
                title=title,
                recurrence=MeetingSeries.Recurrence.MONTHLY,
                place=spec["platform"]["place"],
                duration_minutes=120,
                template_agenda="\n".join(TEMPLATE_AGENDA),
            )
            series.full_clean()
            series.save()
            series.invited_organisations.set([self.org(name) for name in spec["invited"]])
            people = [self.ctx_base["chief"]] + [self.person(name) for name in spec["invited_people"]]
            series.invited_people.set([p for p in people if p is not None])
        return series

    # --- one meeting ----------------------------------------------------------

    def _meeting(self, plan, *, series):
        initiative, spec, by = self.ctx_base["initiative"], self.ctx_base["spec"], self.ctx_base["by"]
        letter, start, rng, status = plan.letter, plan.start, plan.rng, plan.status
        body = self.body(plan.body) if plan.body else None
        day = timezone.localtime(start).date()
        with transaction.atomic():
            if series:
                meeting = services.series_next_meeting(series=series, by=by, first_start=start)
                meeting = services.meeting_update(
                    meeting=meeting,
                    data={
                        "start": start,
                        "end": start + datetime.timedelta(minutes=series.duration_minutes),
                        "description": f"{ILLUSTRATIVE}\n{PLATFORM_PURPOSE}",
                    },
                )
            else:
                meeting = services.meeting_create(
                    data={
                        "initiative": initiative,
                        "body": body,
                        "kind": PLANS[letter]["kind"],
                        "title": plan.title,
                        "start": start,
                        "end": start + datetime.timedelta(hours=2),
                        "place": spec["office"],
                        "description": f"{ILLUSTRATIVE}\n{PURPOSES[letter]}",
                    },
                    by=by,
                )
                services.invite(meeting=meeting, people=self._seat_holders(body, day))
            self._attendance(meeting, rng)
            if series:
                self._template_minutes(meeting, rng, day)
            for topic, occurrence in plan.topics:
                self._agenda_item(meeting, topic, occurrence, rng, day)
            if status in ("circulated", "published"):
                services.minutes_circulate(meeting=meeting)
            if status == "published":
                services.minutes_publish(meeting=meeting, by=by)
                published = at(day + datetime.timedelta(days=rng.randint(5, 12)), datetime.time(10, 0))
                MinutesVersion.objects.filter(meeting=meeting).update(published_at=published)

    def _seat_holders(self, body, day):
        people = [
            seat.person
            for seat in Seat.objects.filter(body=body).select_related("person").order_by("person__name")
            if (seat.start is None or seat.start <= day) and (seat.end is None or seat.end >= day)
        ]
        chief = self.ctx_base["chief"]
        if chief is not None and chief not in people:
            people.append(chief)
        return people

    def _attendance(self, meeting, rng):
        """Mostly present, some excused or absent; the chief is always there; now and then a walk-in."""
        chief = self.ctx_base["chief"]
        statuses = {}
        for invitation in meeting.invitations.order_by("pk"):
            roll = rng.random()
            is_chief = chief is not None and invitation.person_id == chief.pk
            if is_chief or roll < 0.8:
                statuses[invitation.pk] = "present"
            else:
                statuses[invitation.pk] = "excused" if roll < 0.93 else "absent"
        services.attendance_record(meeting=meeting, statuses=statuses)
        if rng.random() < 0.35:
            invited = set(meeting.invitations.exclude(person=None).values_list("person_id", flat=True))
            candidates = [p for p in map(self.person, self.ctx_base["spec"]["walk_ins"]) if p.pk not in invited]
            services.attendee_add(meeting=meeting, person=rng.choice(candidates), walk_in=True)

    def _context(self, rng, day):
        spec = self.ctx_base["spec"]
        local = rng.choice([lb for lb in spec["local_bodies"] if lb.until is None or lb.until >= day])
        return {
            "local": local,
            "text": {
                "label": spec["label"],
                "lokal": local.label,
                "organ": local.phrase,
                "Organ": local.phrase[0].upper() + local.phrase[1:],
                "sted": rng.choice(spec["places"]),
                "sti": rng.choice(spec["paths"]),
            },
        }

    def _template_minutes(self, meeting, rng, day):
        chief = self.ctx_base["chief"]
        previous = meeting.series.meetings.filter(start__lt=meeting.start).order_by("-start").first()
        approval = "Dagsordenen blev godkendt."
        if previous:
            approval += (
                f" Referatet fra mødet den {danish_date(timezone.localtime(previous.start).date())} blev godkendt."
            )
        news = [line.format(**self._context(rng, day)["text"]) for line in rng.sample(ROUND_NEWS, rng.randint(2, 3))]
        texts = [approval, "Runden bød på følgende:\n" + "\n".join(f"- {line}" for line in news)]
        for item, text, minutes in zip(meeting.agenda_items.order_by("position"), texts, (5, 20), strict=False):
            services.agenda_item_update(
                item=item,
                data={"minutes": text, "owner_person": chief, "planned_minutes": minutes, "origin": "chief"},
            )

    def _agenda_item(self, meeting, topic, occurrence, rng, day):
        ctx = self._context(rng, day)
        text, local = ctx["text"], ctx["local"]
        org, person = self._owner(topic.owner, local)
        data = {
            "title": topic.title.format(**text)[:200],
            "description": topic.description.format(**text),
            "owner_organisation": org,
            "owner_person": person,
            "planned_minutes": rng.choice((10, 15, 20, 20, 25, 30)),
            "themes": [str(t) for t in topic.themes],
            "minutes": topic.minutes[min(occurrence, len(topic.minutes) - 1)].format(**text),
        }
        data.update(self._origin(topic.origin, local))
        item = services.agenda_item_add(meeting=meeting, data=data)
        first, *rest = topic.follow_ups if occurrence and topic.follow_ups else topic.outcomes
        for out in [first] + [o for o in rest if rng.random() < 0.6]:
            self._outcome(meeting, item, out, text, local, rng, day)

    def _origin(self, origin, local):
        if origin == "local":
            return {"origin": "local_body", "origin_body": self.body(local.body)}
        if origin == "chief":
            return {"origin": "chief"}
        kind, key = origin.split(":")
        if kind == "dept":
            return {"origin": "department", "origin_organisation": self.org(key)}
        return {"origin": "other", "origin_organisation": self._owner(key, local)[0]}

    def _owner(self, role, local):
        """(organisation, person) answering for a role in this initiative."""
        label = self.ctx_base["spec"]["label"]
        chief = self.ctx_base["chief"]
        roles = {
            "CHEF": ("BIF", None),
            "GADEPLAN": ("SOF", f"Gadeplansmedarbejder, Hotspot {label}"),
            "SSP": ("SSP København", "SSP-konsulent, Nørrebro"),
            "POLITI": ("Københavns Politi", "Forebyggelsesbetjent, Nørrebro"),
            "KVM": ("Kvartermanager Nørrebro", "Kvartermanager, Nørrebro"),
            "CSB": ("Center for Sikker By", "Chef, Center for Sikker By"),
            "LOKAL": (local.organisation, local.contact),
        }
        org, person = roles.get(role, (role, f"Leder, {role} Nørrebro"))
        return self.org(org), (chief if role == "CHEF" else self.person(person))

    def _outcome(self, meeting, item, out, text, local, rng, day):
        data = {"kind": out.kind, "text": out.text.format(**text), "themes": item.themes}
        if out.kind == "decision":
            data["decided_by"] = meeting.body
            data["needs_political_approval"] = out.political
            if out.review_months:
                data["review_date"] = day + datetime.timedelta(days=30 * out.review_months)
        elif out.kind == "action":
            org, person = self._owner(out.owner, local)
            due = day + datetime.timedelta(days=rng.randint(14, 42))
            data.update(owner_organisation=org, owner_person=person, due=due, **self._follow_up(rng, day, due))
        services.outcome_add(item=item, data=data)

    @staticmethod
    def _follow_up(rng, day, due):
        """Open or in progress (overdue by now) for about a quarter, more often the later in the year."""
        progress = (day - DEMO_START).days / (DEMO_END - DEMO_START).days
        if rng.random() < 0.08 + 0.4 * progress:
            return {"status": rng.choice(OPEN)}
        if rng.random() < 0.85:
            completed = max(day + datetime.timedelta(days=3), due + datetime.timedelta(days=rng.randint(-10, 14)))
            return {"status": Outcome.Status.DONE, "completed_on": completed}
        return {"status": Outcome.Status.DROPPED, "completed_on": due + datetime.timedelta(days=rng.randint(0, 30))}


OPEN = [Outcome.Status.OPEN, Outcome.Status.IN_PROGRESS]
