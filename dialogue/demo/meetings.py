"""A year of meetings for the Nørrebro demo (September 2012 – June 2013), read from meetings.toml.

Run by ``python manage.py seed_demo`` after the actors' seed: the people, organisations
and bodies the data names must exist. Everything is written through
``dialogue.meetings.services``, so history rows and search vectors are as if a user had
typed it. A meeting is looked up by (initiative, title, start) and skipped entirely if it
exists, so a rerun creates and changes nothing, history included. The random choices come
from a generator seeded per meeting, so a meeting always gets the same content whatever
else exists; the order of the draws below is part of the demo, do not reorder them.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.core.management.base import CommandError
from django.utils import timezone

from actors.demo.seeder import Seeder, aware, keys
from actors.models import Seat
from dialogue.meetings import services
from dialogue.models import Meeting, MeetingSeries, MinutesVersion, Outcome

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# The shape of meetings.toml: a key maps to a type, a table (dict) or an array of tables
# ([dict]); a key ending in "?" may be left out; a table keyed by ``str`` has entries of any name.
NUMBER = (int, float)
OUTCOME = {"kind": str, "text": str, "owner?": str, "political?": bool, "review_months?": int}
TOPIC = {
    "key": str,
    "title": str,
    "kinds": list,
    "origin": str,
    "origin_organisation?": str,
    "owner": str,
    "themes": list,
    "not_before?": datetime.date,
    "initiative?": str,
    "description?": str,
    "minutes": list,
    "outcomes": [OUTCOME],
    "follow_ups?": [OUTCOME],
}
INITIATIVE = {
    "name": str,
    "label": str,
    "office": str,
    "places": list,
    "paths": list,
    "walk_ins": list,
    "series": {
        "title": str,
        "body": str,
        "place": str,
        "weekday": str,
        "time": datetime.time,
        "invited_organisations": list,
        "invited_people": list,
    },
    "local_bodies": [
        {"body": str, "phrase": str, "label": str, "organisation": str, "contact": str, "until?": datetime.date}
    ],
    "meetings": [{"kind": str, "title": str, "body": str, "dates": list}],
}
SCHEMA = {
    "seed": int,
    "illustrative": str,
    "forum": str,
    "season": {"start": datetime.date, "end": datetime.date},
    "month_names": list,
    "attendance": {"present": NUMBER, "excused": NUMBER, "walk_in": NUMBER},
    "agenda": {"planned_minutes": list},
    "outcomes": {
        "further": NUMBER,
        "due_days": list,
        "open_statuses": list,
        "open_base": NUMBER,
        "open_growth": NUMBER,
        "open_from": NUMBER,
        "late_days_from_due": list,
        "done": NUMBER,
        "done_days_after_meeting": int,
        "done_days_from_due": list,
        "dropped_days_from_due": list,
        "review_days_per_month": int,
    },
    "minutes": {"latest": list, "published_after_days": list, "published_time": datetime.time},
    "roles": {str: {"organisation?": str, "person?": str, "chief?": bool, "local_body?": bool}},
    "kinds": {
        str: {
            "purpose": str,
            "time?": datetime.time,
            "duration_minutes": int,
            "fixed_topics?": list,
            "extra_topics": list,
            "local_topic?": bool,
        }
    },
    "series": {
        "recurrence": str,
        "week": int,
        "previous_minutes": str,
        "round_count": list,
        "round_news": list,
        "agenda": [{"title": str, "planned_minutes": int, "minutes": str}],
    },
    "topics": [TOPIC],
    "initiatives": [INITIATIVE],
}


def check(data, shape=SCHEMA, where=""):
    """Refuse a key the shape does not know, a required key left out, or a value of the wrong type."""
    if isinstance(shape, list):
        if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
            fail(f"{where} skal være en liste af tabeller ([[{where}]])")
        for i, entry in enumerate(data):
            name = entry.get("key") or entry.get("name") or entry.get("title")
            check(entry, shape[0], f"{where}[{i}]" + (f" ({name})" if isinstance(name, str) else ""))
    elif isinstance(shape, dict):
        if not isinstance(data, dict):
            fail(f"{where} skal være en tabel")
        if str in shape:
            for name, entry in data.items():
                check(entry, shape[str], f"{where}.{name}")
            return
        names = {key.rstrip("?"): key for key in shape}  # "key?" is optional
        keys(
            data,
            f"{MeetingsSeeder.data_file}, {where or 'filens top'}",
            required=[name for name, key in names.items() if name == key],
            optional=[name for name, key in names.items() if name != key],
        )
        for key, value in data.items():
            check(value, shape[names[key]], f"{where}.{key}" if where else key)
    elif not isinstance(data, shape) or (isinstance(data, bool) and shape is not bool):
        fail(f"{where} har en værdi af forkert type: {data!r}")


def check_references(data):
    """Names the loader looks up inside the file itself: kinds, fixed topics, owner roles, weekdays."""
    topics = {topic["key"] for topic in data["topics"]}
    for kind, spec in data["kinds"].items():
        for key in set(spec.get("fixed_topics", [])) - topics:
            fail(f"kinds.{kind}.fixed_topics nævner emnet »{key}«, som ikke findes under [[topics]]")
    for topic in data["topics"]:
        owners = [topic["owner"]] + [out.get("owner") for out in topic["outcomes"] + topic.get("follow_ups", [])]
        for role in set(filter(None, owners)) - set(data["roles"]):
            fail(f"topics ({topic['key']}) nævner rollen »{role}«, som ikke findes under [roles]")
        for kind in set(topic["kinds"]) - set(data["kinds"]):
            fail(f"topics ({topic['key']}) nævner mødetypen »{kind}«, som ikke findes under [kinds]")
    for spec in data["initiatives"]:
        if spec["series"]["weekday"] not in WEEKDAYS:
            fail(f"initiatives ({spec['name']}).series.weekday skal være en af {', '.join(WEEKDAYS)}")
        for meetings in spec["meetings"]:
            if "time" not in data["kinds"].get(meetings["kind"], {}):
                fail(
                    f"initiatives ({spec['name']}).meetings: mødetypen »{meetings['kind']}« mangler under [kinds] med time"
                )


def fail(message):
    raise CommandError(f"{MeetingsSeeder.data_file}: {message}")


def read():
    return MeetingsSeeder(None).data


def seed(*, stdout):
    """Create the demo year of meetings; return {"created": n, "existing": m}."""
    return MeetingsSeeder(stdout).run()


@dataclass
class Plan:
    """A meeting to create, with its agenda topics chosen up front."""

    kind: str
    title: str
    start: datetime.datetime
    body: str | None
    status: str
    rng: random.Random
    topics: list = field(default_factory=list)  # [(topic, how many times it came up before)]


class MeetingsSeeder(Seeder):
    data_file = "meetings.toml"

    def seed(self):
        check(self.data)
        check_references(self.data)
        self.topics = {topic["key"]: topic for topic in self.data["topics"]}
        for spec in self.data["initiatives"]:
            self.initiative_demo(self.initiative(spec["name"]), spec)
        actions = Outcome.objects.actions().filter(
            agenda_item__meeting__description__startswith=self.data["illustrative"],
            agenda_item__meeting__initiative__name__in=[spec["name"] for spec in self.data["initiatives"]],
        )
        self.stdout.write(
            f"Mødedemo: {self.created[Meeting]} møder oprettet, {self.existing} fandtes allerede; "
            f"{actions.count()} handlinger, heraf {actions.filter(status__in=Outcome.OPEN_STATUSES).count()} åbne."
        )

    def summary(self):
        """Meetings created and found, as seed_demo reports them."""
        return {"created": self.created[Meeting], "existing": self.existing}

    def initiative_demo(self, initiative, spec):
        self.spec, self.chief = spec, initiative.chief
        self.by = self.chief.user if self.chief else None
        series = self.series(initiative, spec["series"])
        for plan in self.plan(spec):
            if Meeting.objects.filter(initiative=initiative, title=plan.title, start=plan.start).exists():
                self.existing += 1
                continue
            self.meeting(initiative, plan, series=series if plan.kind == series.kind else None)
            self.created[Meeting] += 1

    def series(self, initiative, spec):
        shared, kind = self.data["series"], "dialogue_platform"
        series = self.upsert(
            MeetingSeries,
            {"initiative": initiative, "title": spec["title"]},
            {
                "body": self.body(spec["body"]),
                "kind": kind,
                "recurrence": shared["recurrence"],
                "place": spec["place"],
                "duration_minutes": self.data["kinds"][kind]["duration_minutes"],
                "template_agenda": "\n".join(item["title"] for item in shared["agenda"]),
            },
        )
        self.set_m2m(series, "invited_organisations", [self.org(name) for name in spec["invited_organisations"]])
        people = [self.chief] + [self.person(name) for name in spec["invited_people"]]
        self.set_m2m(series, "invited_people", [p for p in people if p is not None])
        return series

    # --- the plan: pure, so every run plans the same --------------------------------

    def plan(self, spec):
        """The initiative's meetings in date order with their topics.

        Topics rotate: the least used that fit come first, so a topic returns (as a
        follow-up) only after the others had a turn.
        """
        series, latest = spec["series"], self.data["minutes"]["latest"]
        weekday = WEEKDAYS.index(series["weekday"])
        days = [nth_weekday(year, month, weekday, self.data["series"]["week"]) for year, month in self.months()]
        rows = [
            ("dialogue_platform", series["title"], aware(day, series["time"]), None, status)
            for day, status in zip(days, published_but_latest(len(days), latest), strict=True)
        ]
        for meetings in spec["meetings"]:
            time = self.data["kinds"][meetings["kind"]]["time"]
            rows += [
                (meetings["kind"], meetings["title"], aware(d, time), meetings["body"], "published")
                for d in meetings["dates"]
            ]
        used = Counter()
        plans = []
        for kind, title, start, body, status in sorted(rows, key=lambda row: row[2]):
            rng = random.Random(f"{self.data['seed']}|{spec['name']}|{title}|{start.isoformat()}")
            plan = Plan(kind, title, start, body, status, rng)
            for topic in self.choose_topics(spec["name"], kind, timezone.localtime(start).date(), rng, used):
                plan.topics.append((topic, used[topic["key"]]))
                used[topic["key"]] += 1
            plans.append(plan)
        return plans

    def months(self):
        season = self.data["season"]
        year, month = season["start"].year, season["start"].month
        while (year, month) <= (season["end"].year, season["end"].month):
            yield year, month
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def choose_topics(self, name, kind, day, rng, used):
        spec = self.data["kinds"][kind]
        fixed = [self.topics[key] for key in spec.get("fixed_topics", [])]
        fits = [
            t
            for t in self.data["topics"]
            if kind in t["kinds"]
            and t not in fixed
            and day >= t.get("not_before", day)
            and t.get("initiative", name) == name
        ]
        rng.shuffle(fits)
        fits.sort(key=lambda t: used[t["key"]])  # stable: least used first, shuffled among equals
        chosen = list(fixed)
        if spec.get("local_topic"):
            chosen.append(next(t for t in fits if t["origin"] == "local_body"))
        low, high = spec["extra_topics"]
        count = rng.randint(low, high) + len(fixed)
        return chosen + [t for t in fits if t not in chosen][: count - len(chosen)]

    # --- one meeting ------------------------------------------------------------------

    def meeting(self, initiative, plan, *, series):
        kind, start, rng = self.data["kinds"][plan.kind], plan.start, plan.rng
        day = timezone.localtime(start).date()
        description = f"{self.data['illustrative']}\n{kind['purpose']}"
        end = start + datetime.timedelta(minutes=kind["duration_minutes"])
        if series:
            meeting = services.series_next_meeting(series=series, by=self.by, first_start=start)
            meeting = services.meeting_update(
                meeting=meeting, data={"start": start, "end": end, "description": description}
            )
        else:
            body = self.body(plan.body)
            data = {"initiative": initiative, "body": body, "kind": plan.kind, "title": plan.title}
            data |= {"start": start, "end": end, "place": self.spec["office"], "description": description}
            meeting = services.meeting_create(data=data, by=self.by)
            services.invite(meeting=meeting, people=self.seat_holders(body, day))
        self.attendance(meeting, rng)
        if series:
            self.template_minutes(meeting, rng, day)
        for topic, occurrence in plan.topics:
            self.agenda_item(meeting, topic, occurrence, rng, day)
        if plan.status in (Meeting.MinutesStatus.CIRCULATED, Meeting.MinutesStatus.PUBLISHED):
            services.minutes_circulate(meeting=meeting)
        if plan.status == Meeting.MinutesStatus.PUBLISHED:
            services.minutes_publish(meeting=meeting, by=self.by)
            minutes = self.data["minutes"]
            published = aware(day + days(rng, minutes["published_after_days"]), minutes["published_time"])
            MinutesVersion.objects.filter(meeting=meeting).update(published_at=published)

    def seat_holders(self, body, day):
        seats = Seat.objects.filter(body=body).select_related("person").order_by("person__name")
        people = [s.person for s in seats if (s.start is None or s.start <= day) and (s.end is None or s.end >= day)]
        if self.chief is not None and self.chief not in people:
            people.append(self.chief)
        return people

    def attendance(self, meeting, rng):
        """Every invitation gets a status (the chief is always there); now and then a walk-in."""
        rates = self.data["attendance"]
        statuses = {}
        for invitation in meeting.invitations.order_by("pk"):
            roll = rng.random()
            if (self.chief is not None and invitation.person_id == self.chief.pk) or roll < rates["present"]:
                statuses[invitation.pk] = "present"
            else:
                statuses[invitation.pk] = "excused" if roll < rates["excused"] else "absent"
        services.attendance_record(meeting=meeting, statuses=statuses)
        if rng.random() < rates["walk_in"]:
            invited = set(meeting.invitations.exclude(person=None).values_list("person_id", flat=True))
            candidates = [p for p in map(self.person, self.spec["walk_ins"]) if p.pk not in invited]
            services.attendee_add(meeting=meeting, person=rng.choice(candidates), walk_in=True)

    def context(self, rng, day):
        """The local body, place and path an agenda item (or a line of news) is about."""
        local = rng.choice([lb for lb in self.spec["local_bodies"] if lb.get("until", day) >= day])
        text = {"label": self.spec["label"], "lokal": local["label"], "organ": local["phrase"]}
        text |= {"Organ": local["phrase"][0].upper() + local["phrase"][1:]}
        text |= {"sted": rng.choice(self.spec["places"]), "sti": rng.choice(self.spec["paths"])}
        return local, text

    def template_minutes(self, meeting, rng, day):
        """Minutes of the series' template items (the chief's): approval and the round of news."""
        shared = self.data["series"]
        previous = meeting.series.meetings.filter(start__lt=meeting.start).order_by("-start").first()
        texts = {"previous": ""}
        if previous:
            texts["previous"] = shared["previous_minutes"].format(date=self.danish_date(previous.start))
        count = rng.randint(*shared["round_count"])
        news = [line.format(**self.context(rng, day)[1]) for line in rng.sample(shared["round_news"], count)]
        texts["news"] = "\n".join(f"- {line}" for line in news)
        items = meeting.agenda_items.order_by("position")
        for item, template in zip(items, shared["agenda"], strict=False):
            data = {"minutes": template["minutes"].format(**texts), "planned_minutes": template["planned_minutes"]}
            services.agenda_item_update(item=item, data=data | {"owner_person": self.chief, "origin": "chief"})

    def danish_date(self, moment):
        day = timezone.localtime(moment).date()
        return f"{day.day}. {self.data['month_names'][day.month - 1]} {day.year}"

    def agenda_item(self, meeting, topic, occurrence, rng, day):
        local, text = self.context(rng, day)
        org, person = self.owner(topic["owner"], local)
        minutes = topic["minutes"][min(occurrence, len(topic["minutes"]) - 1)]
        data = {
            "title": topic["title"].format(**text)[:200],
            "description": topic.get("description", "").format(**text),
            "owner_organisation": org,
            "owner_person": person,
            "planned_minutes": rng.choice(self.data["agenda"]["planned_minutes"]),
            "themes": list(topic["themes"]),
            "minutes": minutes.format(**text),
            "origin": topic["origin"],
        }
        if topic["origin"] == "local_body":
            data["origin_body"] = self.body(local["body"])
        if "origin_organisation" in topic:
            data["origin_organisation"] = self.org(topic["origin_organisation"])
        item = services.agenda_item_add(meeting=meeting, data=data)
        first, *rest = topic["follow_ups"] if occurrence and topic.get("follow_ups") else topic["outcomes"]
        for out in [first] + [o for o in rest if rng.random() < self.data["outcomes"]["further"]]:
            self.outcome(meeting, item, out, text, local, rng, day)

    def owner(self, role, local):
        """(organisation, person) answering for a role in this initiative."""
        who = self.data["roles"][role]
        if who.get("local_body"):
            return self.org(local["organisation"]), self.person(local["contact"])
        if who.get("chief"):
            return self.org(who["organisation"]), self.chief
        return self.org(who["organisation"]), self.person(who["person"].format(label=self.spec["label"]))

    def outcome(self, meeting, item, out, text, local, rng, day):
        rules = self.data["outcomes"]
        data = {"kind": out["kind"], "text": out["text"].format(**text), "themes": item.themes}
        if out["kind"] == Outcome.Kind.DECISION:
            data["decided_by"] = meeting.body
            data["needs_political_approval"] = out.get("political", False)
            if out.get("review_months"):
                data["review_date"] = day + datetime.timedelta(
                    days=rules["review_days_per_month"] * out["review_months"]
                )
        elif out["kind"] == Outcome.Kind.ACTION:
            org, person = self.owner(out["owner"], local)
            due = day + days(rng, rules["due_days"])
            data.update(owner_organisation=org, owner_person=person, due=due, **self.follow_up(rng, day, due))
        services.outcome_add(item=item, data=data, by=self.by, now=meeting.start)

    def follow_up(self, rng, day, due):
        """Late for some, more often the later in the season; else closed in time (or dropped).

        A late one is done weeks after its due date, or, from the season's last meetings, still open when
        the Hotspots end: the hand-over (hotspot/demo/handover.toml) decides what happens to it.
        """
        rules, season = self.data["outcomes"], self.data["season"]
        progress = (day - season["start"]).days / (season["end"] - season["start"]).days
        if rng.random() < rules["open_base"] + rules["open_growth"] * progress:
            if progress >= rules["open_from"]:
                return {"status": rng.choice(rules["open_statuses"])}
            return {"status": "done", "completed_on": due + days(rng, rules["late_days_from_due"])}
        if rng.random() < rules["done"]:
            earliest = day + datetime.timedelta(days=rules["done_days_after_meeting"])
            return {"status": "done", "completed_on": max(earliest, due + days(rng, rules["done_days_from_due"]))}
        return {"status": "dropped", "completed_on": due + days(rng, rules["dropped_days_from_due"])}


def days(rng, span):
    """A random number of days in [low, high]."""
    return datetime.timedelta(days=rng.randint(*span))


def published_but_latest(count, latest):
    """Minutes states of a series of ``count`` meetings: ``latest`` counted from the end, the rest published."""
    return [latest[count - 1 - i] if count - i <= len(latest) else "published" for i in range(count)]


def nth_weekday(year, month, weekday, n):
    """The n-th given weekday (0 = Monday) of a month."""
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


# dialogue/demo/escalations.py builds its forum meeting from these; PURPOSES keeps its one-letter keys.
_DATA = read()
ILLUSTRATIVE = _DATA["illustrative"]
BSF = _DATA["forum"]
PURPOSES = {
    letter: _DATA["kinds"][kind]["purpose"]
    for letter, kind in {"S": "steering_group", "N": "coordination_network", "F": "forum"}.items()
}
