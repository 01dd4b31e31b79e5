"""Escalation ladders, cases in every state and their timelines.

A case is raised on level 1 on a working-day clock; some climb the ladder, and
the clocks restart on the level they reach. Open cases are mostly recent, a few
long overdue; a closed initiative has no open case left. The timeline has a row
for every step the case's state implies (raised, acknowledged, assigned,
escalated, on the agenda or in progress, and how it closed).
"""

import datetime
import functools

from dialogue.models import Escalation, EscalationEvent, LadderLevel
from dialogue.themes import Theme
from dialogue.workdays import add_working_days

from .plan import apportion

S = Escalation.Status
E = EscalationEvent.Kind
LADDER = [("Lokal dialogplatform", 2, 10), ("Indsatsens chef og styregruppe", 2, 20),
          ("Tværgående forvaltningsgruppe", 3, 30), ("Borgmesterforum", 5, 40)]  # fmt: skip
RECENT_OPEN = [(S.NEW, 12), (S.ACKNOWLEDGED, 10), (S.ASSIGNED, 12), (S.IN_PROGRESS, 12), (S.ON_AGENDA, 6),
               (S.RESOLVED, 38), (S.REJECTED, 7), (S.MERGED, 3)]  # fmt: skip
OLD = [(S.NEW, 1), (S.ACKNOWLEDGED, 1), (S.ASSIGNED, 2), (S.IN_PROGRESS, 3), (S.ON_AGENDA, 1),
       (S.RESOLVED, 75), (S.REJECTED, 12), (S.MERGED, 5)]  # fmt: skip
CLOSED = [(S.RESOLVED, 80), (S.REJECTED, 14), (S.MERGED, 6)]
LEVELS = [70, 20, 8, 2]
TITLES = ["Mørk sti ved legepladsen", "Graffiti på muren", "Unge samles ved indgangen om aftenen",
          "Knust gadelampe", "Barn har brug for støtte", "Affald i gården", "Utryg passage under banen",
          "Beplantning skjuler udsynet", "Knallertkørsel på stien", "Manglende opfølgning fra forvaltningen"]  # fmt: skip
THEMES = Theme.values


def _split(choices):
    values, weights = zip(*choices, strict=True)
    return list(values), list(weights)


def build(ctx):
    rng, w, tz, now = ctx.rng, ctx.writer, ctx.tz, ctx.now
    due = functools.cache(add_working_days)

    ladder_rows = []
    for plan in ctx.initiatives:
        n_levels = 3 if plan.index % 3 else 4
        for level, (name, ack, resolve) in enumerate(LADDER[:n_levels], start=1):
            body = {1: plan.network, 2: plan.steering}.get(level, plan.municipality.forum)
            housing = plan.municipality.partnership if level == n_levels else None
            ladder_rows.append((plan.id, level, name, body, housing, "chief", ack, resolve))
            plan.ladder[level] = (ack, resolve)
    w.copy(LadderLevel, ["initiative_id", "level", "name", "body_id", "housing_sector_body_id", "responsible_role",
                         "ack_days", "resolve_days", "id"],
           (r + (pk,) for r, pk in zip(ladder_rows, w.reserve(LadderLevel, len(ladder_rows)), strict=True)))  # fmt: skip

    per_initiative = apportion(ctx.scale.escalations, [p.weight for p in ctx.initiatives], minimum=5)
    ids = iter(w.reserve(Escalation, sum(per_initiative)))
    recent, old, closed = _split(RECENT_OPEN), _split(OLD), _split(CLOSED)
    cases, events = [], []
    for plan, n in zip(ctx.initiatives, per_initiative, strict=True):
        last = plan.active_until
        span = max(1, (last - plan.start).days)
        created_days = sorted(plan.start + datetime.timedelta(days=rng.randrange(span)) for _ in range(n))
        # The first cases of every initiative cover every status, so each state shows at any scale.
        forced = list(S.values) if plan.phase != "ended" else [S.RESOLVED, S.REJECTED, S.MERGED]
        for k, day in enumerate(created_days):
            pk = next(ids)
            if plan.phase == "ended":
                pool = closed
            else:
                pool = recent if (ctx.today - day).days < 120 else old
            status = forced[k - 1] if 0 < k <= len(forced) else rng.choices(*pool)[0]
            if status == S.MERGED and not plan.escalations:
                status = S.RESOLVED
            created = datetime.datetime.combine(day, datetime.time(8 + rng.randrange(9), rng.randrange(60)), tz)
            created = min(created, now - datetime.timedelta(hours=1))
            level = min(rng.choices(range(1, 5), LEVELS)[0], len(plan.ladder))
            department = rng.choice(plan.departments) if rng.random() < 0.7 else None
            assigned = None
            t = created
            timeline = [(E.RAISED, t, None, None, None, None)]
            acknowledged_at = None
            if status != S.NEW:
                t = t + datetime.timedelta(hours=rng.randrange(2, 72))
                acknowledged_at = t
                timeline.append((E.ACKNOWLEDGED, t, None, None, None, None))
            level_day = day
            if status not in (S.NEW, S.ACKNOWLEDGED) or rng.random() < 0.2:
                if status not in (S.NEW, S.ACKNOWLEDGED) and status != S.MERGED and rng.random() < 0.85:
                    assigned = department or rng.choice(plan.departments)
                    t = t + datetime.timedelta(hours=rng.randrange(2, 96))
                    timeline.append((E.ASSIGNED, t, None, None, assigned, None))
            if level > 1 and status != S.NEW:
                t = t + datetime.timedelta(days=rng.randrange(3, 30))
                timeline.append((E.ESCALATED, t, 1, level, None, None))
                level_day = t.date()
            if status == S.IN_PROGRESS or (status == S.RESOLVED and rng.random() < 0.5):
                t = t + datetime.timedelta(days=rng.randrange(1, 10))
                timeline.append((E.IN_PROGRESS, t, None, None, None, None))
            if status == S.ON_AGENDA:
                t = t + datetime.timedelta(days=rng.randrange(1, 10))
                timeline.append((E.ON_AGENDA, t, None, None, None, None))
            ack_days, resolve_days = plan.ladder[level]
            ack_due, resolve_due = due(level_day, ack_days), due(level_day, resolve_days)
            closed_at = merged_into = None
            if status in Escalation.CLOSED_STATUSES:
                t = t + datetime.timedelta(days=rng.choice([1, 3, 7, 14, 21, 30, 45, 60, 90]), hours=rng.randrange(8))
                ceiling = plan.closed_at or now
                closed_at = min(t, ceiling - datetime.timedelta(hours=1))
                if status == S.MERGED:
                    merged_into = rng.choice(plan.escalations[-50:])
                kind = {S.RESOLVED: E.RESOLVED, S.REJECTED: E.REJECTED, S.MERGED: E.MERGED}[status]
                timeline.append((kind, closed_at, None, None, None, merged_into))
            # No step after the case closed, or after now for an open one.
            cap = closed_at or now - datetime.timedelta(minutes=5)
            timeline = [(kind, min(at, cap), *rest) for kind, at, *rest in timeline]
            if acknowledged_at:
                acknowledged_at = min(acknowledged_at, cap)
            cases.append((
                pk, plan.id, plan.raisers.one(rng), rng.choice(TITLES), "Beskrivelse af problemet.",
                Escalation.Category.CHILD_SUPPORT if rng.random() < 0.08 else Escalation.Category.GENERAL,
                rng.choice(THEMES), department, rng.choices(["low", "normal", "high"], [2, 7, 1])[0],
                rng.choice(plan.areas), rng.random() < 0.2, level, status, assigned, created, ack_due, resolve_due,
                Escalation.deadline_for(status, ack_due, resolve_due), acknowledged_at, closed_at,
                "Løst i samarbejde med forvaltningen." if status == S.RESOLVED else "",
                (rng.random() < 0.8) if status == S.RESOLVED else None, merged_into, len(timeline),
            ))  # fmt: skip
            # (kind, at, from_level, to_level, department, other)
            events += [(pk, kind, at, lo, hi, other, dep) for kind, at, lo, hi, dep, other in timeline]
            plan.escalations.append(pk)
    w.copy(
        Escalation,
        ["id", "initiative_id", "organisation_id", "title", "description", "category", "theme", "department_id",
         "urgency", "area_id", "housing_sector", "level", "status", "assigned_department_id", "created", "ack_due",
         "resolve_due", "sla_due", "acknowledged_at", "closed_at", "answer", "need_met", "merged_into_id", "version"],
        cases,
    )  # fmt: skip
    del cases
    w.copy(
        EscalationEvent,
        ["escalation_id", "kind", "at", "from_level", "to_level", "other_id", "department_id", "id"],
        (r + (pk,) for r, pk in zip(events, w.reserve(EscalationEvent, len(events)), strict=True)),
    )
