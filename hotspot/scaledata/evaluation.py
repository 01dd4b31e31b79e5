"""Evaluation at scale: a goal tree per initiative, indicators in the three dimensions with yearly
targets, monthly measurements per area (from two years before the start, as baselines may be),
a yearly collaboration survey with anonymous responses, and a few experiences."""

import datetime
import uuid

from dateutil.relativedelta import relativedelta

from evaluation.models import (
    Experience,
    Goal,
    Indicator,
    Measurement,
    SurveyDimension,
    SurveyRating,
    SurveyResponse,
    SurveyRound,
    Target,
)

from .bulk import as_json
from .plan import INDICATORS_PER_INITIATIVE, apportion

DIMENSIONS = [
    ("effect", "Andel utrygge beboere", "%", "down"),
    ("effect", "Anmeldelser pr. 1.000 indbyggere", "anmeldelser pr. 1.000 indbyggere", "down"),
    ("collaboration", "Andel sager kvitteret til tiden", "%", "up"),
    ("collaboration", "Fremmøde på dialogplatformen", "%", "up"),
    ("effort", "Antal tryghedsvandringer", "antal", "up"),
    ("effort", "Antal unge i fritidsjob", "antal", "up"),
]
DIMS = SurveyDimension.values


def _months(first, last):
    month = first.replace(day=1)
    while month <= last:
        yield month, month + relativedelta(months=1, days=-1)
        month += relativedelta(months=1)


def build(ctx):
    rng, w = ctx.rng, ctx.writer
    goals, indicators, targets, slots = [], [], [], []
    goal_ids = iter(w.reserve(Goal, 10 * len(ctx.initiatives)))
    indicator_ids = iter(w.reserve(Indicator, INDICATORS_PER_INITIATIVE * len(ctx.initiatives)))
    for plan in ctx.initiatives:
        vision = next(goal_ids)
        goals.append((vision, plan.id, None, "vision", "Et trygt kvarter for alle", 0))
        attach = []
        for g in range(3):
            long_term = next(goal_ids)
            goals.append((long_term, plan.id, vision, "long_term", f"Langsigtet mål {g + 1}", g + 1))
            attach.append(long_term)
            for s in range(2):
                sub = next(goal_ids)
                goals.append((sub, plan.id, long_term, "sub_goal", f"Delmål {g + 1}.{s + 1}", 10 * (g + 1) + s))
                attach.append(sub)
        months = list(_months(plan.start - relativedelta(years=2), plan.active_until))
        areas = [None, *plan.areas]
        for k in range(INDICATORS_PER_INITIATIVE):
            pk = next(indicator_ids)
            dimension, name, unit, direction = DIMENSIONS[k % len(DIMENSIONS)]
            base = rng.uniform(10, 40) if unit == "%" else rng.uniform(5, 200)
            baseline_date = plan.start - relativedelta(years=1)
            indicators.append(
                (
                    pk,
                    attach[k % len(attach)],
                    f"{name} ({k + 1})",
                    dimension,
                    unit,
                    direction,
                    f"{base:.1f}",
                    baseline_date,
                    "monthly",
                    rng.choice(plan.locals + plan.departments),
                    k,
                )
            )
            year_end = datetime.date(plan.start.year, 12, 31)
            step = 0
            while year_end <= plan.end:
                step += 1
                goal_value = base * (1 - 0.05 * step) if direction == "down" else base * (1 + 0.05 * step)
                targets.append((pk, year_end, f"{min(goal_value, 100) if unit == '%' else goal_value:.1f}"))
                year_end = datetime.date(year_end.year + 1, 12, 31)
            slots.append((pk, base, direction, unit, months, areas))
    w.copy(Goal, ["id", "initiative_id", "parent_id", "level", "title", "order"], goals)
    w.copy(
        Indicator,
        ["id", "goal_id", "name", "dimension", "unit", "direction", "baseline_value", "baseline_date", "frequency",
         "responsible_id", "order"],
        indicators,
    )  # fmt: skip
    w.copy(Target, ["indicator_id", "date", "value", "id"],
           (r + (pk,) for r, pk in zip(targets, w.reserve(Target, len(targets)), strict=True)))  # fmt: skip

    # Measurements: each indicator's share of the total in proportion to the months × areas it can fill;
    # the whole-area series first, then area by area.
    capacity = [len(months) * len(areas) for *_x, months, areas in slots]
    shares = [
        min(c, s)
        for c, s in zip(capacity, apportion(min(ctx.scale.measurements, sum(capacity)), capacity), strict=True)
    ]

    def measurements():
        for (pk, base, direction, unit, months, areas), n in zip(slots, shares, strict=True):
            trend = -0.004 if direction == "down" else 0.004
            for j in range(n):
                area = areas[j // len(months)]
                m = j % len(months)
                start, end = months[m]
                value = base * (1 + trend * m) * rng.uniform(0.85, 1.15) * (0.3 if area else 1)
                if unit == "%":
                    value = min(value, 100)
                yield (pk, start, end, f"{value:.1f}", area, "Generede data")

    ids = iter(w.reserve(Measurement, sum(shares)))
    w.copy(Measurement, ["indicator_id", "period_start", "period_end", "value", "area_id", "source", "id"],
           (r + (next(ids),) for r in measurements()))  # fmt: skip

    _surveys(ctx)
    _experiences(ctx)


def _surveys(ctx):
    rng, w, today = ctx.rng, ctx.writer, ctx.today
    rounds, members, responses, ratings = [], [], [], []
    for plan in ctx.initiatives:
        year = plan.start.year
        participants = plan.departments[:4] + plan.locals[:16]
        while datetime.date(year, 12, 31) <= plan.active_until + datetime.timedelta(days=180):
            period_start = max(plan.start, datetime.date(year, 1, 1))
            period_end = datetime.date(year, 12, 31)
            opens = period_end - datetime.timedelta(days=20)
            closes = period_end + datetime.timedelta(days=14)
            rounds.append([plan.id, f"Samarbejdsmåling {year}", period_start, period_end, opens, closes, participants])
            year += 1
    round_ids = w.reserve(SurveyRound, len(rounds))
    for r, pk in zip(rounds, round_ids, strict=True):
        participants = r.pop()
        r.insert(0, pk)
        members += [(pk, org) for org in participants]
        if r[5] > today:  # still open: no answers yet
            continue
        for org in participants:
            for _n in range(rng.choices([0, 1, 2, 3], [15, 40, 30, 15])[0]):
                response = uuid.UUID(int=rng.getrandbits(128), version=4)
                day = r[4] + datetime.timedelta(days=rng.randrange(max(1, (r[5] - r[4]).days)))
                responses.append((response, pk, org, day))
                mood = rng.uniform(2.5, 4.5)
                for rated in rng.sample([o for o in participants if o != org], min(5, len(participants) - 1)):
                    for dim in DIMS:
                        score = max(1, min(5, round(rng.gauss(mood, 0.8))))
                        ratings.append((uuid.UUID(int=rng.getrandbits(128), version=4), response, rated, dim, score))
    w.copy(
        SurveyRound,
        ["id", "initiative_id", "title", "period_start", "period_end", "opens", "closes"],
        map(tuple, rounds),
    )
    through = SurveyRound.organisations.through
    w.copy(through, ["surveyround_id", "organisation_id", "id"],
           (r + (pk,) for r, pk in zip(members, w.reserve(through, len(members)), strict=True)))  # fmt: skip
    w.copy(SurveyResponse, ["id", "round_id", "respondent_organisation_id", "submitted_on"], responses)
    w.copy(SurveyRating, ["id", "response_id", "rated_organisation_id", "dimension", "score"], ratings)


def _experiences(ctx):
    """Experiences are written down steadily: at least one a quarter, more in the busier initiatives (so a
    dashboard's period always holds some, whatever the scale)."""
    rng, w = ctx.rng, ctx.writer
    rows = []
    for plan in ctx.initiatives:
        per_quarter = max(1, len(plan.escalations) // 200)
        quarter = datetime.date(plan.start.year, 3 * ((plan.start.month - 1) // 3) + 1, 1)  # calendar quarters
        while quarter <= plan.active_until:
            first = max(quarter, plan.start)
            last = min(quarter + relativedelta(months=3, days=-1), plan.active_until)
            for _k in range(rng.randint(1, per_quarter)):
                day = first + datetime.timedelta(days=rng.randrange((last - first).days + 1))
                rows.append((plan.id, plan.pool.one(rng), day, "Erfaring fra samarbejdet",
                             "Det virkede at mødes i gården.", as_json(["public_safety"])))  # fmt: skip
            quarter += relativedelta(months=3)
    w.copy(Experience, ["initiative_id", "organisation_id", "date", "title", "text", "themes", "id"],
           (r + (pk,) for r, pk in zip(rows, w.reserve(Experience, len(rows)), strict=True)))  # fmt: skip
