"""The demo's current, illustrative initiative, its dates relative to the seeding day (``current.toml``).

The Hotspots ended in 2014; this initiative runs today, so whoever starts the demo sees
reminders due, SLA clocks ticking (on time, close, breached), action items open and
overdue, a survey round just closed and one open. It lives in the top layer because it
spans all three below: the initiative and its engagements (actors), its ladder,
meetings and cases (dialogue), its goals, indicators and survey (evaluation), each
written through the app's services with ``now=`` at the step's time, as the other
loaders do. Case steps reuse the escalations demo's loader.

Every date is computed from ``timezone.localdate()`` on the run that creates the row;
rows are found again by name or title, never by date, so a second run — the same day
or a later one — creates nothing and moves nothing. Run by ``seed_demo`` last.
"""

import datetime
import random
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from actors.demo.seeder import Seeder, aware, keys
from actors.models import BodyLink, Engagement, Initiative, Role, Seat
from dialogue.demo.escalations import EscalationsSeeder, check_steps
from dialogue.demo.meetings import ILLUSTRATIVE
from dialogue.meetings import services as meetings
from dialogue.models import Escalation, LadderLevel, Meeting, MinutesVersion, Outcome
from dialogue.workdays import is_working_day
from evaluation.derived import DERIVED_UNITS
from evaluation.goals import services as goals
from evaluation.models import Goal, Indicator, SurveyDimension, SurveyRating, SurveyResponse, SurveyRound
from evaluation.surveys import services as surveys

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]
MEETING_HOURS = 2
PUBLISHED_AFTER = datetime.timedelta(days=6)
TOP = {"name", "short_name", "need_category", "budget", "lead_department", "chief", "areas", "months_before"}
TOP |= {"months_after", "description", "vision", "links", "engagements", "roles", "logins", "raisers", "ladder"}
TOP |= {"meetings", "cases", "goals", "survey"}


def seed(*, stdout):
    """Create (or complete) the current initiative; return what ``Seeder.summary`` says."""
    return CurrentSeeder(stdout).run()


def working_day(today, n):
    """The day `n` working days from `today` (n < 0: back; 0: today, or the working day before)."""
    day, step = today, (1 if n > 0 else -1)
    count = abs(n)
    if n == 0:
        while not is_working_day(day):
            day -= datetime.timedelta(days=1)
        return day
    while count:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            count -= 1
    return day


def decimal(value):
    return Decimal(str(value))  # via str: a TOML float 12.6 is Decimal("12.6"), not its binary expansion


class CaseSteps(EscalationsSeeder):
    """The escalations demo's case loader, with "chef" acting as the chief's login named in the data."""

    def __init__(self, stdout, *, data, chief_user):
        super().__init__(stdout, data=data)
        self.chief_user = chief_user

    def actor(self, initiative, escalation, who):
        if who == "chef":
            return self.chief_user
        return super().actor(initiative, escalation, who)


class CurrentSeeder(Seeder):
    data_file = "current.toml"

    def seed(self):
        data = self.data
        keys(data, "current.toml", required=TOP)
        self.today = timezone.localdate()
        initiative = self.initiative_row(data)
        chief_login = next((r["user"] for r in data["roles"] if r["kind"] == Role.Kind.CHIEF), "")
        self.by = self.user(chief_login)
        for level in data["ladder"]:
            self.upsert(
                LadderLevel,
                {"initiative": initiative, "level": level["level"]},
                {
                    "name": level["name"],
                    "body": self.body(level["body"]),
                    "responsible_role": level["responsible_role"],
                    "ack_days": level["ack_days"],
                    "resolve_days": level["resolve_days"],
                },
            )
        for spec in data["meetings"]:
            self.meeting(initiative, spec)
        self.cases(initiative)
        self.evaluation(initiative)
        self.survey(initiative)
        self.report(initiative)

    # --- the initiative ---------------------------------------------------------------------------

    def initiative_row(self, data):
        values = {
            "short_name": data["short_name"],
            "description": data["description"],
            "vision": data["vision"],
            "need_category": data["need_category"],
            "budget": data["budget"],
            "lead_department": self.org(data["lead_department"]),
            "chief": self.person(data["chief"]),
        }
        initiative = Initiative.objects.filter(name=data["name"]).first()
        if initiative is None:  # the period is fixed when the initiative is made: a later run keeps it
            month = self.today.replace(day=1)
            values["start"] = month - relativedelta(months=data["months_before"])
            values["end"] = month + relativedelta(months=data["months_after"] + 1) - datetime.timedelta(days=1)
        initiative = self.upsert(Initiative, {"name": data["name"]}, values)
        self._cache[(Initiative, (("name", data["name"]),))] = initiative
        self.set_m2m(initiative, "areas", [self.area(name) for name in data["areas"]])
        for link in data["links"]:
            self.upsert(
                BodyLink,
                {"initiative": initiative, "body": self.body(link["body"])},
                {"relation": link["relation"], "note": link.get("note", "")},
            )
        for spec in data["engagements"]:
            self.upsert(
                Engagement,
                {
                    "initiative": initiative,
                    "organisation": self.org(spec["organisation"]),
                    "start": initiative.start + relativedelta(months=spec["start_month"]),
                },
                {
                    "role": spec["role"],
                    "professional_fields": spec["fields"],
                    "note": "Rolle og fagområder er illustrative (demodata).",
                },
            )
        for spec in data["roles"]:
            user = self.user(spec["user"])
            if user is not None:
                lookup = {"user": user, "kind": spec["kind"], "initiative": initiative}
                self.upsert(Role, lookup | {"organisation": self.org(spec.get("organisation", ""))})
        return initiative

    # --- meetings ---------------------------------------------------------------------------------

    def day_of(self, week, weekday):
        monday = self.today - datetime.timedelta(days=self.today.weekday())
        return monday + datetime.timedelta(weeks=week, days=WEEKDAYS.index(weekday))

    def meeting(self, initiative, spec):
        if Meeting.objects.filter(initiative=initiative, title=spec["title"]).exists():
            self.existing += 1
            return
        start = aware(self.day_of(spec["week"], spec["weekday"]), spec["time"])
        held = start < timezone.now()
        body = self.body(spec["body"])
        meeting = meetings.meeting_create(
            data={
                "initiative": initiative,
                "body": body,
                "kind": spec["kind"],
                "title": spec["title"],
                "start": start,
                "end": start + datetime.timedelta(hours=MEETING_HOURS),
                "place": "Indsatsens lokale, Frederikssundsvej (illustrativt)",
                "description": f"{ILLUSTRATIVE}\n{body.mandate}",
            },
            by=self.by,
        )
        self.created[Meeting] += 1
        chief = initiative.chief
        people = [s.person for s in Seat.objects.filter(body=body).select_related("person").order_by("person__name")]
        if chief is not None and chief not in people:
            people.append(chief)
        # The organisations too, engaged ones only: the dashboard's attendance and coverage count them.
        engaged = set(initiative.engagements.values_list("organisation_id", flat=True))
        organisations = {p.organisation for p in people if p.organisation_id in engaged}
        meetings.invite(meeting=meeting, organisations=sorted(organisations, key=lambda o: o.name), people=people)
        if held:  # every fourth invitee excused, never the chief
            invitations = list(meeting.invitations.order_by("pk"))
            statuses = {
                inv.pk: "excused" if i % 4 == 3 and inv.person_id != getattr(chief, "pk", None) else "present"
                for i, inv in enumerate(invitations)
            }
            meetings.attendance_record(meeting=meeting, statuses=statuses)
        for n, item in enumerate(spec["items"]):
            self.agenda_item(meeting, item, held, n)
        if not held:
            return
        if spec["minutes"] in (Meeting.MinutesStatus.CIRCULATED, Meeting.MinutesStatus.PUBLISHED):
            comments_due = timezone.localtime(start).date() + datetime.timedelta(days=7)
            meetings.minutes_circulate(meeting=meeting, comments_due=comments_due)
        if spec["minutes"] == Meeting.MinutesStatus.PUBLISHED:
            meetings.minutes_publish(meeting=meeting, by=self.by)
            MinutesVersion.objects.filter(meeting=meeting).update(published_at=start + PUBLISHED_AFTER)

    def agenda_item(self, meeting, spec, held, n):
        owner = self.org(spec["owner"])
        item = meetings.agenda_item_add(
            meeting=meeting,
            data={
                "title": spec["title"],
                "origin": "chief",
                "owner_organisation": owner,
                "planned_minutes": 20,
                "themes": spec["themes"],
                "minutes": spec.get("minutes", "") if held else "",
            },
        )
        for m, out in enumerate(spec.get("outcomes", []) if held else []):
            data = {"kind": out["kind"], "text": out["text"], "themes": item.themes}
            if out["kind"] == Outcome.Kind.DECISION:
                data["decided_by"] = meeting.body
            elif out["kind"] == Outcome.Kind.ACTION:
                data |= {
                    "owner_organisation": self.org(out["owner"]),
                    "due": self.today + datetime.timedelta(out["due"]),
                }
                if "done" in out:
                    data |= {
                        "status": Outcome.Status.DONE,
                        "completed_on": self.today + datetime.timedelta(out["done"]),
                    }
                else:
                    data["status"] = Outcome.Status.IN_PROGRESS if (n + m) % 2 else Outcome.Status.OPEN
            meetings.outcome_add(item=item, data=data, by=self.by, now=meeting.start)

    # --- cases ------------------------------------------------------------------------------------

    def cases(self, initiative):
        steps = CaseSteps(self.stdout, data=self.data, chief_user=self.by)
        steps._cache = self._cache  # the initiative and the lookups already made
        logins = set(self.data["logins"])
        for spec in self.data["cases"]:
            dated = [
                {key: value for key, value in step.items() if key != "wd"} | {"at": working_day(self.today, step["wd"])}
                for step in spec["steps"]
            ]
            check_steps(f"current.toml, sagen „{spec['title']}“", dated, logins)
            steps.case(
                {key: value for key, value in spec.items() if key != "steps"}
                | {"steps": dated, "initiative": initiative.name}
            )
        self.created[Escalation] += steps.created[Escalation]
        self.existing += steps.existing

    # --- goals, indicators, the survey ------------------------------------------------------------

    def quarters(self, initiative, count):
        """The last `count` complete calendar quarters before today, oldest first, inside the period."""
        first_of_quarter = self.today.replace(month=(self.today.month - 1) // 3 * 3 + 1, day=1)
        spans = []
        for n in range(count, 0, -1):
            start = first_of_quarter - relativedelta(months=3 * n)
            spans.append((start, start + relativedelta(months=3) - datetime.timedelta(days=1)))
        return [(s, e) for s, e in spans if e >= initiative.start]

    def evaluation(self, initiative):
        text = initiative.vision
        vision = Goal.objects.filter(initiative=initiative, parent=None, level=Goal.Level.VISION).first()
        if vision is None:
            vision = goals.goal_create(
                initiative=initiative,
                data={"parent": None, "level": Goal.Level.VISION, "title": text[:240], "description": text},
            )
            self.created[Goal] += 1
        district = initiative.areas.first()
        for spec in self.data["goals"]:
            goal = Goal.objects.filter(initiative=initiative, parent=vision, title=spec["title"]).first()
            if goal is None:
                data = {"parent": vision, "level": Goal.Level.LONG_TERM, "title": spec["title"]}
                goal = goals.goal_create(initiative=initiative, data=data | {"description": spec["description"]})
                self.created[Goal] += 1
            for entry in spec["indicators"]:
                if Indicator.objects.filter(goal=goal, name=entry["name"]).exists():
                    self.existing += 1
                    continue
                self.indicator(goal, entry, district)

    def indicator(self, goal, entry, district):
        initiative = goal.initiative
        derived = entry.get("derived_key", "")
        indicator = goals.indicator_create(
            goal=goal,
            data={
                "name": entry["name"],
                "dimension": entry["dimension"],
                "unit": DERIVED_UNITS[derived] if derived else entry["unit"],
                "direction": entry["direction"],
                "baseline_value": decimal(entry["baseline"]) if "baseline" in entry else None,
                "baseline_date": initiative.start if "baseline" in entry else None,
                "frequency": Indicator.Frequency.QUARTERLY,
                "source": entry["source"],
                "responsible": self.org(entry.get("responsible", "")),
                "method": Indicator.Method.DERIVED if derived else Indicator.Method.MANUAL,
                "derived_key": derived,
                "is_illustrative": True,
            },
        )
        self.created[Indicator] += 1
        goals.target_add(indicator=indicator, date=initiative.end, value=decimal(entry["target"]))
        values = entry.get("quarters", [])
        for (start, end), value in zip(self.quarters(initiative, len(values)), values[-4:], strict=False):
            goals.measurement_create(
                indicator=indicator,
                data={
                    "period_start": start,
                    "period_end": end,
                    "area": district,
                    "value": decimal(value),
                    "source": entry["source"][:240],
                    "note": "Illustrative tal (demodata).",
                },
                by=None,
            )

    def survey(self, initiative):
        spec = self.data["survey"]
        for number, entry in enumerate(spec["rounds"]):
            if SurveyRound.objects.filter(initiative=initiative, title=entry["title"]).exists():
                self.existing += 1
                continue
            opens = self.today + datetime.timedelta(weeks=entry["opens"])
            closes = self.today + datetime.timedelta(weeks=entry["closes"])
            survey_round = surveys.round_create(
                initiative=initiative,
                data={
                    "title": entry["title"],
                    "period_start": max(initiative.start, opens - relativedelta(months=6)),
                    "period_end": closes,
                    "opens": opens,
                    "closes": closes,
                },
            )
            self.created[SurveyRound] += 1
            self.answers(survey_round, spec, entry, random.Random(f"{spec['seed']}|{number}"))

    def answers(self, survey_round, spec, entry, rng):
        """Anonymous answers written directly, as the evaluation demo does (no logins answer them)."""
        organisations = list(survey_round.organisations.order_by("name"))
        last = min(survey_round.closes, self.today)
        days = (last - survey_round.opens).days
        responses, ratings = [], []
        for rater in organisations:
            if rng.random() >= entry.get("answered_share", 1):
                continue
            for _ in range(rng.randint(*spec["answers"])):
                response = SurveyResponse(
                    round=survey_round,
                    respondent_organisation=rater,
                    submitted_on=survey_round.opens + datetime.timedelta(days=rng.randint(0, days)),
                )
                responses.append(response)
                for rated in organisations:
                    if rated == rater:
                        continue
                    base = random.Random(f"{spec['seed']}|{rater.name}|{rated.name}").uniform(*spec["base_score"])
                    for dimension in SurveyDimension.values:
                        score = min(5, max(1, round(rng.gauss(base + entry["lift"], spec["spread"]))))
                        ratings.append(
                            SurveyRating(response=response, rated_organisation=rated, dimension=dimension, score=score)
                        )
        SurveyResponse.objects.bulk_create(responses)
        SurveyRating.objects.bulk_create(ratings, batch_size=2000)
        self.created[SurveyResponse] += len(responses)

    # --- what it says -----------------------------------------------------------------------------

    def report(self, initiative):
        cases = Escalation.objects.filter(initiative=initiative)
        actions = Outcome.objects.actions().filter(agenda_item__meeting__initiative=initiative)
        self.stdout.write(
            f"Nuværende indsats ({initiative.name}, {initiative.start:%d.%m.%Y}–{initiative.end:%d.%m.%Y}): "
            f"{self.created[Meeting]} møder, {self.created[Escalation]} sager, {self.created[Indicator]} indikatorer, "
            f"{self.created[SurveyRound]} spørgeskemarunder oprettet, {self.existing} fandtes allerede; "
            f"{cases.open().count()} åbne sager, heraf {cases.breached().count()} over fristen; "
            f"{actions.filter(status__in=Outcome.OPEN_STATUSES).count()} åbne handlinger, "
            f"heraf {Outcome.objects.overdue().filter(pk__in=actions).count()} overskredne."
        )
