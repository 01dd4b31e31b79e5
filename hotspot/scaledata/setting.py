"""The actors at scale: municipalities with their seven departments, police and SSP; local actors
with a Zipf-like activity; areas, bodies with their reporting lines and seats (resident seats on the
local boards); initiatives in every phase with engagements, linked bodies and a few users' roles."""

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Case, IntegerField, Value, When

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

from .bulk import as_json
from .plan import DEPARTMENTS, MARK, USER_PREFIX, InitiativePlan, Municipality, Pool, apportion, zipf_weights

Kind = Organisation.Kind
LOCAL_KINDS = [
    (Kind.SELF_GOVERNING_INSTITUTION, 30), (Kind.MASTER_PLAN, 15), (Kind.HOUSING_ORGANISATION, 10),
    (Kind.AREA_RENEWAL, 5), (Kind.NETWORK, 10), (Kind.OTHER, 30),
]  # fmt: skip
# Initiatives after the first (which is always the largest and running) cycle through the phases.
PHASES = ["ended", "ending", "running", "ended", "running"]
FIELDS = ProfessionalField.values
FIRST_NAMES = ["Anne", "Bo", "Camilla", "Dennis", "Emine", "Frederik", "Gitte", "Hassan", "Ida", "Jonas", "Karin",
               "Lars", "Maja", "Nadia", "Ole", "Pia", "Rasmus", "Sara", "Tobias", "Yasmin"]  # fmt: skip
LAST_NAMES = ["Hansen", "Jensen", "Nielsen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
              "Ali", "Yilmaz", "Madsen", "Kristensen", "Olsen", "Thomsen"]  # fmt: skip


def _name(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _day(rng, start, end):
    return start + datetime.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def build(ctx):
    """Everything in actors, in foreign-key order. Fills ctx.municipalities and ctx.initiatives."""
    rng, scale, w, today = ctx.rng, ctx.scale, ctx.writer, ctx.today
    n_muni = max(1, -(-scale.initiatives // 4))
    ctx.municipalities = [Municipality(k + 1, f"Kommune {k + 1:02d}") for k in range(n_muni)]

    # Initiatives: the plan first (periods, phases, sizes), rows later.
    init_ids = w.reserve(Initiative, scale.initiatives)
    weights = [1 / (i + 1) ** 0.8 for i in range(scale.initiatives)]
    for i, pk in enumerate(init_ids):
        phase = "running" if i == 0 else PHASES[(i - 1) % len(PHASES)]
        if i == 0:
            start, end = today - relativedelta(years=4), today + relativedelta(years=2)
        elif phase == "running":
            start = today - datetime.timedelta(days=rng.randrange(365, 5 * 365))
            end = today + datetime.timedelta(days=rng.randrange(240, 4 * 365))
        elif phase == "ending":
            start = today - datetime.timedelta(days=rng.randrange(3 * 365, 5 * 365))
            end = today + datetime.timedelta(days=rng.randrange(20, 150))
        else:
            end = today - datetime.timedelta(days=rng.randrange(90, 3 * 365))
            start = end - datetime.timedelta(days=rng.randrange(3 * 365, 5 * 365))
        plan = InitiativePlan(
            index=i, id=pk, name=f"{MARK}Indsats {i + 1:03d}", phase=phase, start=start, end=end,
            weight=weights[i], municipality=ctx.municipalities[i % n_muni], today=today,
        )  # fmt: skip
        if phase == "ended":
            closed_on = min(end + datetime.timedelta(days=rng.randrange(1, 21)), today - datetime.timedelta(days=1))
            plan.closed_at = datetime.datetime.combine(closed_on, datetime.time(14, 0), ctx.tz)
        ctx.initiatives.append(plan)

    _areas(ctx)
    _organisations(ctx)
    _people_and_bodies(ctx)
    _users(ctx)
    _initiative_rows(ctx)
    _engagements(ctx)
    _roles(ctx)


def _areas(ctx):
    rng, w = ctx.rng, ctx.writer
    n_quarters = [rng.randint(4, 10) for _ in ctx.initiatives]
    ids = iter(w.reserve(Area, len(ctx.municipalities) + 2 * len(ctx.initiatives) + sum(n_quarters)))
    rows = []
    for m in ctx.municipalities:
        m.district = next(ids)
        rows.append((m.district, f"{MARK}{m.name}", Area.Kind.DISTRICT, None))
    for plan, n in zip(ctx.initiatives, n_quarters, strict=True):
        district = next(ids)
        rows.append(
            (district, f"{MARK}Politikreds {plan.index + 1:03d}", Area.Kind.DISTRICT, plan.municipality.district)
        )
        zone = next(ids)
        rows.append((zone, f"{MARK}Rode {plan.index + 1:03d}", Area.Kind.PATROL_ZONE, district))
        plan.areas = [district, zone]
        for q in range(n):
            pk = next(ids)
            rows.append((pk, f"{MARK}Kvarter {plan.index + 1:03d}-{q + 1:02d}", Area.Kind.QUARTER, district))
            plan.areas.append(pk)
    w.copy(Area, ["id", "name", "kind", "parent_id"], rows)


def _organisations(ctx):
    rng, scale, w = ctx.rng, ctx.scale, ctx.writer
    fixed = len(DEPARTMENTS) + 2
    n_local = max(len(ctx.initiatives) * 4, scale.organisations - fixed * len(ctx.municipalities))
    ids = iter(w.reserve(Organisation, fixed * len(ctx.municipalities) + n_local))
    rows = []  # id, name, short_name, kind, parent_id, committee, housing_organisation_id, period, budget
    for m in ctx.municipalities:
        for short, name, committee, _fields in DEPARTMENTS:
            pk = next(ids)
            m.departments.append(pk)
            rows.append((pk, f"{MARK}{m.name} · {name}", short, Kind.MUNICIPAL_DEPARTMENT, None, committee,
                         None, None, None, None))  # fmt: skip
        m.police, m.ssp = next(ids), next(ids)
        rows.append((m.police, f"{MARK}{m.name} · Politi", "", Kind.POLICE, None, "", None, None, None, None))
        rows.append((m.ssp, f"{MARK}{m.name} · SSP", "SSP", Kind.SSP, m.departments[1], "", None, None, None, None))

    # Local actors go to initiatives by size (the larger ones have more), each at least four.
    shares = apportion(n_local, [p.weight**0.6 for p in ctx.initiatives], minimum=4)
    kinds, kind_weights = zip(*LOCAL_KINDS, strict=True)
    org_areas = []
    for plan, n in zip(ctx.initiatives, shares, strict=True):
        m = plan.municipality
        housing = []
        for k in range(n):
            pk = next(ids)
            kind = Kind.HOUSING_ORGANISATION if k == 1 else rng.choices(kinds, kind_weights)[0]
            name = f"{MARK}{Kind(kind).label} {plan.index + 1:03d}-{k + 1:03d}"
            parent = housing_org = period_start = period_end = budget = None
            if kind == Kind.HOUSING_ORGANISATION:
                housing.append(pk)
            elif kind == Kind.MASTER_PLAN and housing:
                housing_org = rng.choice(housing)
            elif kind == Kind.SELF_GOVERNING_INSTITUTION and rng.random() < 0.3:
                parent = m.departments[rng.choice([1, 3, 5])]  # under BUF, SOF or KFF
            if kind in (Kind.MASTER_PLAN, Kind.AREA_RENEWAL):
                period_start = plan.start - datetime.timedelta(days=rng.randrange(0, 400))
                period_end = period_start + datetime.timedelta(days=4 * 365)
                budget = rng.randrange(2, 60) * 500_000
            rows.append((pk, name, "", kind, parent, "", housing_org, period_start, period_end, budget))
            plan.locals.append(pk)
            org_areas.append((pk, rng.choice(plan.areas)))
    ctx.organisation_ids = [r[0] for r in rows]
    ctx.kinds = {r[0]: r[3] for r in rows}
    w.copy(
        Organisation,
        ["id", "name", "short_name", "kind", "parent_id", "committee", "housing_organisation_id", "period_start",
         "period_end", "budget"],
        rows,
    )  # fmt: skip
    through = Organisation.areas.through
    w.copy(
        through,
        ["id", "organisation_id", "area_id"],
        ((a, *r) for a, r in zip(w.reserve(through, len(org_areas)), org_areas, strict=True)),
    )


def _people_and_bodies(ctx):
    rng, w, today = ctx.rng, ctx.writer, ctx.today
    people = []  # id, name, title, organisation_id
    person_ids = iter(range(0))

    def person(name, title, organisation):
        pk = len(people)  # an index now; real ids below
        people.append([pk, name, title, organisation])
        return pk

    bodies = []  # id (index), name, kind, organisation_id, reports_to (index), residents
    seats = []  # person (index), body (index), role, kind, representing, start

    def body(name, kind, organisation=None, reports_to=None, residents=False):
        bodies.append([len(bodies), f"{MARK}{name}", kind, organisation, reports_to, residents])
        return len(bodies) - 1

    for m in ctx.municipalities:
        m.mayors = [
            person(_name(rng), f"Borgmester, {d[2]}", dep) for d, dep in zip(DEPARTMENTS, m.departments, strict=True)
        ]
        m.forum = body(f"{m.name} · Borgmesterforum", Body.Kind.FORUM)
        m.partnership = body(f"{m.name} · Partnerskabsforum", Body.Kind.FORUM)
        for k, mayor in enumerate(m.mayors):
            role = Seat.Role.CHAIR if k == 0 else Seat.Role.MEMBER
            seats.append((mayor, m.forum, role, Seat.Kind.POLITICAL, m.departments[k]))
            seats.append((mayor, m.partnership, role, Seat.Kind.POLITICAL, m.departments[k]))
        for dep in m.departments:
            person(_name(rng), "Kontaktperson", dep)
    for plan in ctx.initiatives:
        m = plan.municipality
        n = plan.index + 1
        plan.chief_person = person(_name(rng), "Chef for indsatsen", plan.municipality.departments[6])
        plan.steering = body(f"Styregruppe, indsats {n:03d}", Body.Kind.STEERING_GROUP, reports_to=m.forum)
        plan.project_team = body(f"Indsatsteam {n:03d}", Body.Kind.PROJECT_TEAM, reports_to=plan.steering)
        plan.network = body(f"Koordinationsnetværk {n:03d}", Body.Kind.NETWORK, reports_to=plan.steering)
        seats.append((plan.chief_person, plan.steering, Seat.Role.SECRETARY, Seat.Kind.ADMINISTRATIVE, None))
        seats.append((plan.chief_person, plan.project_team, Seat.Role.CHAIR, Seat.Kind.ADMINISTRATIVE, None))
        for k, dep in enumerate(m.departments):
            if k:
                contact = person(_name(rng), "Chefkonsulent", dep)
                seats.append((contact, plan.steering, Seat.Role.MEMBER, Seat.Kind.ADMINISTRATIVE, dep))
        for rank, org in enumerate(plan.locals):
            staff = [person(_name(rng), "Medarbejder", org) for _ in range(3 if rank < 5 else 1)]
            plan.people.extend(staff)
            if rank < 6:
                seats.append((staff[0], plan.network, Seat.Role.MEMBER, Seat.Kind.ADMINISTRATIVE, org))
            if ctx.kinds[org] in (Kind.HOUSING_ORGANISATION, Kind.MASTER_PLAN, Kind.AREA_RENEWAL):
                board = body(
                    f"Bestyrelse/styregruppe for {org}", Body.Kind.BOARD if ctx.kinds[org] == Kind.HOUSING_ORGANISATION
                    else Body.Kind.STEERING_GROUP, organisation=org, reports_to=plan.steering, residents=True,
                )  # fmt: skip
                plan.resident_bodies.append(board)
                seats.append((staff[0], board, Seat.Role.SECRETARY, Seat.Kind.ADMINISTRATIVE, org))
                for r in range(2):
                    resident = person(_name(rng), "Beboer", None)
                    plan.people.append(resident)
                    seats.append(
                        (resident, board, Seat.Role.CHAIR if r == 0 else Seat.Role.MEMBER, Seat.Kind.RESIDENT, None)
                    )

    person_ids = list(w.reserve(Person, len(people)))
    body_ids = list(w.reserve(Body, len(bodies)))
    P = person_ids.__getitem__
    B = body_ids.__getitem__
    ctx.person_rows = [(P(i), name, title, org) for i, name, title, org in people]  # written with the users
    w.copy(
        Body, ["id", "name", "kind", "organisation_id", "reports_to_id", "residents_have_seats"],
        ((B(i), name, kind, org, None if up is None else B(up), res) for i, name, kind, org, up, res in bodies),
    )  # fmt: skip
    for m in ctx.municipalities:
        m.mayors = [P(i) for i in m.mayors]
        m.forum, m.partnership = B(m.forum), B(m.partnership)
    for plan in ctx.initiatives:
        plan.chief_person = P(plan.chief_person)
        plan.steering, plan.project_team, plan.network = B(plan.steering), B(plan.project_team), B(plan.network)
        plan.resident_bodies = [B(b) for b in plan.resident_bodies]
        plan.people = [P(p) for p in plan.people]
    ctx.seat_rows = []
    seen = set()
    for p, b, role, kind, representing in seats:
        if (p, b) in seen:
            continue
        seen.add((p, b))
        start = today - datetime.timedelta(days=rng.randrange(30, 6 * 365))
        end = start + datetime.timedelta(days=rng.randrange(365, 4 * 365)) if rng.random() < 0.2 else None
        ctx.seat_rows.append((P(p), B(b), role, kind, representing, start, end))
    del person_ids


def _users(ctx):
    """Five users per initiative (chief, administrator, observer, coordinator, liaison), unusable passwords;
    then the people (the chief's person carries the chief's user) and their seats."""
    User = get_user_model()
    unusable = make_password(None)
    users = []
    for plan in ctx.initiatives:
        for kind in ("chief", "administrator", "observer", "coordinator", "liaison"):
            users.append(
                User(username=f"{USER_PREFIX}{plan.index + 1:03d}-{kind}", password=unusable, first_name=kind.title(),
                     email=f"{USER_PREFIX}{plan.index + 1:03d}-{kind}@kommune.example")
            )  # fmt: skip
    created = User.objects.bulk_create(users, batch_size=5000)
    it = iter(created)
    chief_user = {}
    for plan in ctx.initiatives:
        for kind in ("chief", "administrator", "observer", "coordinator", "liaison"):
            plan.users[kind] = next(it).pk
        chief_user[plan.chief_person] = plan.users["chief"]
    w = ctx.writer
    w.copy(
        Person, ["id", "name", "title", "organisation_id", "user_id", "email"],
        ((pk, name, title, org, chief_user.get(pk), "") for pk, name, title, org in ctx.person_rows),
    )  # fmt: skip
    w.copy(
        Seat,
        ["person_id", "body_id", "role", "kind", "representing_id", "start", "end", "id"],
        (row + (pk,) for row, pk in zip(ctx.seat_rows, w.reserve(Seat, len(ctx.seat_rows)), strict=True)),
    )
    for m in ctx.municipalities:
        Organisation.objects.filter(pk__in=m.departments).update(
            mayor_id=Case(*(When(pk=d, then=Value(p)) for d, p in zip(m.departments, m.mayors, strict=True)),
                          output_field=IntegerField())
        )  # fmt: skip
    del ctx.person_rows, ctx.seat_rows


def _initiative_rows(ctx):
    rng, w = ctx.rng, ctx.writer
    rows = []
    for plan in ctx.initiatives:
        plan.lead_department = plan.municipality.departments[rng.choice([1, 3, 6])]
        rows.append((
            plan.id, plan.name, f"Indsats {plan.index + 1}", plan.start, plan.end, plan.lead_department,
            plan.chief_person, rng.randrange(5, 60) * 1_000_000, rng.choice(["markant", "intensiveret", "forebyggende"]),
            "Et trygt kvarter, hvor børn og unge har gode muligheder.",
            plan.closed_at, plan.users["chief"] if plan.closed_at else None,
            "Afsluttet efter plan; overdragelsen er besluttet." if plan.closed_at else "",
        ))  # fmt: skip
    w.copy(
        Initiative,
        ["id", "name", "short_name", "start", "end", "lead_department_id", "chief_id", "budget", "need_category",
         "vision", "closed_at", "closed_by_id", "closing_note"],
        rows,
    )  # fmt: skip
    through = Initiative.areas.through
    pairs = [(p.id, a) for p in ctx.initiatives for a in p.areas]
    w.copy(
        through,
        ["id", "initiative_id", "area_id"],
        ((i, *r) for i, r in zip(w.reserve(through, len(pairs)), pairs, strict=True)),
    )
    links = []
    for plan in ctx.initiatives:
        m = plan.municipality
        links += [
            (plan.id, plan.steering, "project"),
            (plan.id, plan.project_team, "project"),
            (plan.id, plan.network, "project"),
            (plan.id, m.forum, "binding"),
            (plan.id, m.partnership, "binding"),
        ]
        links += [(plan.id, b, "binding") for b in plan.resident_bodies[:5]]
    w.copy(BodyLink, ["id", "initiative_id", "body_id", "relation"],
           ((i, *r) for i, r in zip(w.reserve(BodyLink, len(links)), links, strict=True)))  # fmt: skip


def _engagements(ctx):
    rng, w, today = ctx.rng, ctx.writer, ctx.today
    rows = []
    for plan in ctx.initiatives:
        m = plan.municipality
        # A department now and then is missing (a coverage gap); the lead department never is.
        plan.departments = [d for d in m.departments if d == plan.lead_department or rng.random() > 0.15]
        by_dep = dict(zip(m.departments, (d[3] for d in DEPARTMENTS), strict=True))
        for dep in plan.departments:
            start = plan.start - datetime.timedelta(days=rng.randrange(0, 120))
            rows.append((plan.id, dep, "Forvaltning", as_json(by_dep[dep]), start, None))
        rows.append((plan.id, m.police, "Politiet", as_json(["policing", "public_safety"]), plan.start, None))
        rows.append((plan.id, m.ssp, "SSP", as_json(["children_youth", "public_safety"]), plan.start, None))
        for org in plan.locals:
            start = plan.start + datetime.timedelta(days=rng.randrange(0, 300))
            end = None
            if rng.random() < 0.1 and start + datetime.timedelta(days=200) < min(plan.end, today):
                end = _day(rng, start + datetime.timedelta(days=180), min(plan.end, today))
            fields = rng.sample(FIELDS, rng.choice([1, 1, 2]))
            rows.append((plan.id, org, "Lokal aktør", as_json(fields), start, end))
        weights = zipf_weights(len(plan.locals))
        top = weights[0]
        # Departments take part often, police and SSP a little less; local actors by their rank.
        plan.pool = Pool(plan.departments + [m.police, m.ssp] + plan.locals,
                         [top * 0.5] * len(plan.departments) + [top * 0.4, top * 0.4] + weights)  # fmt: skip
        plan.raisers = Pool(plan.locals + plan.departments, weights + [top * 0.05] * len(plan.departments))
    w.copy(Engagement, ["initiative_id", "organisation_id", "role", "professional_fields", "start", "end", "id"],
           (r + (pk,) for r, pk in zip(rows, w.reserve(Engagement, len(rows)), strict=True)))  # fmt: skip


def _roles(ctx):
    w = ctx.writer
    rows = []
    for plan in ctx.initiatives:
        u = plan.users
        rows += [
            (u["chief"], Role.Kind.CHIEF, plan.id, None),
            (u["administrator"], Role.Kind.ADMINISTRATOR, plan.id, None),
            (u["observer"], Role.Kind.OBSERVER, plan.id, None),
            (u["coordinator"], Role.Kind.COORDINATOR, plan.id, plan.locals[0]),
            (u["liaison"], Role.Kind.LIAISON, plan.id, plan.lead_department),
        ]
    w.copy(Role, ["user_id", "kind", "initiative_id", "organisation_id", "id"],
           (r + (pk,) for r, pk in zip(rows, w.reserve(Role, len(rows)), strict=True)))  # fmt: skip
