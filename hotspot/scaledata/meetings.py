"""Meetings at scale: series, meetings spread over each initiative's period, invitations with
attendance (active organisations come more often), agenda items from every origin and outcomes of
every kind, action items owned by the organisations at the table, done or open."""

import datetime
import json

from dialogue.models import AgendaItem, Invitation, Meeting, MeetingKind, MeetingSeries, Outcome
from dialogue.themes import Theme

from .plan import apportion

A = Invitation.Attendance
Origin = AgendaItem.Origin
SERIES = [
    (MeetingKind.DIALOGUE_PLATFORM, "Dialogplatform", "monthly", 40),
    (MeetingKind.STEERING_GROUP, "Styregruppemøde", "quarterly", 15),
    (MeetingKind.COORDINATION_NETWORK, "Koordinationsnetværk", "biweekly", 30),
    (MeetingKind.PROFESSIONAL_NETWORK, "Fagligt netværk", "monthly", 10),
    (MeetingKind.LOCAL_BOARD, "Bestyrelsesmøde", "monthly", 5),
]
AGENDA = ["Nyt fra politiet", "Status på handlinger", "Belysning og oversigt", "Børn og unge i området",
          "Sager fra beboerne", "Tryghedsvandring", "Sommeraktiviteter", "Samarbejde med skolerne",
          "Evaluering og målinger", "Eventuelt"]  # fmt: skip
ACTIONS = ["Kortlæg mørke stier", "Kontakt boligorganisationen", "Følg op med skolen", "Indkald til møde",
           "Send oversigt til styregruppen", "Bestil ny belysning", "Undersøg mulighederne for aftenåbent"]  # fmt: skip
THEMES = Theme.values
KINDS, KIND_WEIGHTS = [s[0] for s in SERIES], [s[3] for s in SERIES]


def _weekday(day):
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def build(ctx):
    rng, w, tz, today, now = ctx.rng, ctx.writer, ctx.tz, ctx.today, ctx.now
    series_rows = []
    for plan in ctx.initiatives:
        bodies = {MeetingKind.STEERING_GROUP: plan.steering, MeetingKind.COORDINATION_NETWORK: plan.network,
                  MeetingKind.DIALOGUE_PLATFORM: plan.project_team}  # fmt: skip
        for kind, title, recurrence, _w in SERIES[:3]:
            series_rows.append([plan.id, bodies.get(kind), kind, f"{title} {plan.index + 1:03d}", recurrence])
    for row, pk in zip(series_rows, w.reserve(MeetingSeries, len(series_rows)), strict=True):
        row.append(pk)
    by_initiative = {}
    for row in series_rows:
        by_initiative.setdefault(row[0], {})[row[2]] = (row[5], row[1])
    for plan in ctx.initiatives:
        plan.series = by_initiative[plan.id]
    w.copy(MeetingSeries, ["initiative_id", "body_id", "kind", "title", "recurrence", "id"], map(tuple, series_rows))

    per_initiative = apportion(ctx.scale.meetings, [p.weight for p in ctx.initiatives], minimum=6)
    per_meeting = ctx.scale.invitations / max(1, ctx.scale.meetings)
    meeting_ids = iter(w.reserve(Meeting, sum(per_initiative)))
    meetings, invitations, items, outcomes = [], [], [], []
    for plan, n in zip(ctx.initiatives, per_initiative, strict=True):
        # Meetings run to the end (or two months ahead for one still running).
        last = plan.end if plan.phase == "ended" else min(plan.end, today + datetime.timedelta(days=60))
        span = max(1, (last - plan.start).days)
        pool = plan.pool
        top = pool.weights[len(plan.departments) + 2] if len(pool.weights) > len(plan.departments) + 2 else 1
        escalations = plan.escalations
        weight = dict(zip(pool.ids, pool.weights, strict=True))
        for _k in range(n):
            pk = next(meeting_ids)
            day = _weekday(plan.start + datetime.timedelta(days=rng.randrange(span)))
            start = datetime.datetime.combine(day, datetime.time(rng.choice([9, 10, 13, 14, 16, 17])), tz)
            end = start + datetime.timedelta(minutes=rng.choice([60, 90, 120, 180]))
            kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
            series, body = plan.series.get(kind, (None, None))
            if kind == MeetingKind.LOCAL_BOARD and plan.resident_bodies:
                body = rng.choice(plan.resident_bodies)
            past = end < now
            cancelled = rng.random() < 0.03
            if past:
                minutes = rng.choices(["published", "circulated", "draft"], [85, 5, 10])[0]
            else:
                minutes = "draft"
            meetings.append((
                pk, plan.id, body, series if rng.random() < 0.7 else None, kind,
                f"{kind.label} {day:%d.%m.%Y}", start, end, "Kvarterhuset", cancelled, minutes,
                start - datetime.timedelta(days=7) if past or rng.random() < 0.5 else None,
            ))  # fmt: skip

            # Invitations: the meeting's invitees, active organisations more often; a few named people.
            k = max(2, round(rng.gauss(per_meeting, per_meeting / 3)))
            invited = pool.some(rng, k)
            for org in invited:
                if not past or cancelled:
                    attendance = A.UNKNOWN
                else:
                    p_present = 0.55 + 0.4 * min(1.0, weight[org] / top)
                    r = rng.random()
                    # Of those who do not come, most send apologies.
                    attendance = (
                        A.PRESENT if r < p_present else A.EXCUSED if r < p_present + 0.6 * (1 - p_present) else A.ABSENT
                    )
                    if rng.random() < 0.03:
                        attendance = A.UNKNOWN
                invitations.append((pk, org, None, attendance))
            if plan.people and rng.random() < 0.2:
                invitations.append(
                    (pk, None, rng.choice(plan.people), A.PRESENT if past and not cancelled else A.UNKNOWN)
                )

            # Agenda: one to five items; outcomes once the meeting is held.
            for position in range(1, rng.randint(1, 5) + 1):
                origin = rng.choices(
                    [Origin.CHIEF, Origin.LOCAL_BODY, Origin.DEPARTMENT, Origin.ESCALATION, Origin.OTHER],
                    [40, 20, 25, 10, 5],
                )[0]
                origin_body = origin_org = escalation = None
                if origin == Origin.LOCAL_BODY:
                    origin_body = rng.choice(plan.resident_bodies) if plan.resident_bodies else plan.network
                elif origin == Origin.DEPARTMENT:
                    origin_org = rng.choice(plan.departments)
                elif origin == Origin.ESCALATION and escalations:
                    escalation = rng.choice(escalations)
                items.append((pk, position, rng.choice(AGENDA), origin, origin_body, origin_org, escalation,
                              rng.choice([5, 10, 15, 20, 30]), _themes(rng)))  # fmt: skip
                if not past or cancelled:
                    continue
                for _o in range(rng.choices([0, 1, 2], [25, 45, 30])[0]):
                    outcomes.append(_outcome(rng, len(items) - 1, day, invited, plan, today))
    item_ids = list(w.reserve(AgendaItem, len(items)))
    w.copy(
        Meeting,
        ["id", "initiative_id", "body_id", "series_id", "kind", "title", "start", "end", "place", "cancelled",
         "minutes_status", "agenda_sent_at"],
        meetings,
    )  # fmt: skip
    del meetings
    w.copy(Invitation, ["meeting_id", "organisation_id", "person_id", "attendance", "id"],
           (r + (pk,) for r, pk in zip(invitations, w.reserve(Invitation, len(invitations)), strict=True)))  # fmt: skip
    del invitations
    w.copy(
        AgendaItem,
        ["meeting_id", "position", "title", "origin", "origin_body_id", "origin_organisation_id", "escalation_id",
         "planned_minutes", "themes", "id"],
        (r + (pk,) for r, pk in zip(items, item_ids, strict=True)),
    )  # fmt: skip
    del items
    w.copy(
        Outcome,
        ["agenda_item_id", "kind", "text", "themes", "decided_by_id", "review_date", "owner_organisation_id", "due",
         "status", "completed_on", "id"],
        ((item_ids[r[0]], *r[1:], pk) for r, pk in zip(outcomes, w.reserve(Outcome, len(outcomes)), strict=True)),
    )  # fmt: skip


def _themes(rng):
    return json.dumps(rng.sample(THEMES, rng.choice([0, 1, 1, 2])))


def _outcome(rng, item_index, day, invited, plan, today):
    kind = rng.choices(["information", "decision", "action"], [40, 25, 35])[0]
    decided_by = review = owner = due = completed = None
    status = "open"
    if kind == "decision":
        decided_by = rng.choice([plan.steering, plan.network])
        review = day + datetime.timedelta(days=rng.randrange(60, 240)) if rng.random() < 0.3 else None
        text = "Styregruppen beslutter at gå videre med forslaget."
    elif kind == "action":
        owner = rng.choice(invited[: max(1, len(invited) // 2)])  # the more active half takes the actions
        due = day + datetime.timedelta(days=rng.choice([7, 14, 21, 30, 45, 60, 90]))
        if plan.phase == "ended":
            status = rng.choices(["done", "dropped"], [90, 10])[0]
        elif due < today:
            status = rng.choices(["done", "dropped", "open", "in_progress"], [70, 5, 15, 10])[0]
        else:
            status = rng.choices(["open", "in_progress", "done"], [50, 30, 20])[0]
        if status == "done":
            completed = min(today, due + datetime.timedelta(days=rng.randrange(-20, 15)))
            completed = max(completed, day)
        text = rng.choice(ACTIONS)
    else:
        text = "Orientering om status i området."
    return (item_index, kind, text, _themes(rng), decided_by, review, owner, due, status, completed)
