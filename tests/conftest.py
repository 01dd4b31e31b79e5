"""The shared cast: one user per role, a small world they work in, and helpers.

Roles (CONVENTIONS.md §7): a chief, a coordinator, a liaison, an administrator,
an observer and a stranger (a signed-in user with no role).
"""

import datetime
import functools
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actors.models import Area, Body, BodyLink, Engagement, Initiative, Organisation, Person, Role, Seat

PASSWORD = "correct-horse-battery-staple"
ROLES = ["chief", "coordinator", "liaison", "administrator", "observer", "stranger"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests create many users. Production hashing is
    # asserted in tests/hotspot/test_settings.py.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world(db):
    """A small organisation: two departments, a local actor, bodies, an initiative."""
    district = Area.objects.create(name="Politikreds 8", kind=Area.Kind.DISTRICT)
    tmf = Organisation.objects.create(name="Teknik- og Miljøforvaltningen", short_name="TMF", kind="department")
    buf = Organisation.objects.create(name="Børne- og Ungdomsforvaltningen", short_name="BUF", kind="department")
    askov = Organisation.objects.create(name="Askovgården", kind=Organisation.Kind.SELF_GOVERNING_INSTITUTION)
    askov.areas.add(district)
    other = Organisation.objects.create(name="Sjakket", kind=Organisation.Kind.SELF_GOVERNING_INSTITUTION)
    forum = Body.objects.create(name="Borgmesterforum", kind=Body.Kind.FORUM)
    steering = Body.objects.create(name="Styregruppe Indre", kind=Body.Kind.STEERING_GROUP, reports_to=forum)
    person = Person.objects.create(name="Hanne Hansen", organisation=askov)
    seat = Seat.objects.create(
        person=person, body=steering, kind=Seat.Kind.ADMINISTRATIVE, start=datetime.date(2011, 3, 1)
    )
    initiative = Initiative.objects.create(
        name="Hotspot Indre Nørrebro",
        start=datetime.date(2011, 3, 1),
        end=datetime.date(2014, 12, 31),
        lead_department=buf,
    )
    initiative.areas.add(district)
    other_initiative = Initiative.objects.create(
        name="Hotspot Ydre Nørrebro", start=datetime.date(2011, 3, 1), end=datetime.date(2014, 12, 31)
    )
    engagement = Engagement.objects.create(
        initiative=initiative,
        organisation=tmf,
        start=datetime.date(2010, 12, 1),
        professional_fields=["physical_environment", "public_safety"],
    )
    Engagement.objects.create(
        initiative=initiative,
        organisation=askov,
        start=datetime.date(2011, 3, 1),
        professional_fields=["children_youth"],
    )
    Engagement.objects.create(
        initiative=other_initiative, organisation=other, start=datetime.date(2011, 3, 1), professional_fields=[]
    )
    link = BodyLink.objects.create(initiative=initiative, body=steering)
    dialogue_world = _dialogue_world(initiative, askov, steering, tmf)
    return {
        **dialogue_world,
        "area": district,
        "tmf": tmf,
        "buf": buf,
        "askov": askov,
        "other_org": other,
        "forum": forum,
        "body": steering,
        "person": person,
        "seat": seat,
        "initiative": initiative,
        "other_initiative": other_initiative,
        "engagement": engagement,
        "bodylink": link,
    }


PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _png_upload(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")
    upload.safe_name, upload.sniffed_type = name, "image/png"
    return upload


def _evaluation_world(initiative, askov, escalation):
    """A vision with one indicator (Askovgården responsible), a target, a measurement and a goal link."""
    from evaluation.goals import services as goal_services

    goal = goal_services.goal_create(
        initiative=initiative, data={"level": "vision", "title": "Tryghed for alle i kvarteret"}
    )
    indicator = goal_services.indicator_create(
        goal=goal,
        data={
            "name": "Andel utrygge beboere (tryghedsindeks)",
            "dimension": "effect",
            "unit": "%",
            "direction": "down",
            "responsible": askov,
        },
    )
    target = goal_services.target_add(indicator=indicator, date=datetime.date(2014, 12, 31), value=Decimal("7.1"))
    measurement = goal_services.measurement_create(
        indicator=indicator,
        data={
            "period_start": datetime.date(2011, 1, 1),
            "period_end": datetime.date(2011, 12, 31),
            "value": Decimal("10.9"),
        },
        by=None,
    )
    goallink = goal_services.goallink_add(goal=goal, escalation=escalation, by=None)
    return {"goal": goal, "indicator": indicator, "target": target, "measurement": measurement, "goallink": goallink}


def _dialogue_world(initiative, askov, body, tmf):
    """A series, a draft meeting and a published meeting, Askovgården invited to both."""
    from dialogue.escalations import services as escalations
    from dialogue.meetings import services
    from dialogue.models import LadderLevel, MeetingSeries
    from dialogue.safetywalks import services as safetywalks
    from evaluation.models import Experience
    from evaluation.surveys import services as surveys

    start = datetime.datetime(2012, 5, 3, 9, 0, tzinfo=datetime.UTC)
    series = MeetingSeries.objects.create(
        initiative=initiative, body=body, kind="dialogue_platform", title="Dialogplatform Indre Nørrebro"
    )
    meeting = services.meeting_create(
        data={
            "initiative": initiative,
            "body": body,
            "kind": "dialogue_platform",
            "title": "Dialogplatform maj",
            "start": start,
            "end": start + datetime.timedelta(hours=2),
        },
        by=None,
    )
    meeting.series = series
    meeting.save(update_fields=["series"])
    invitation = services.invite(meeting=meeting, organisations=[askov])[0]
    item = services.agenda_item_add(meeting=meeting, data={"title": "Belysning i gården", "planned_minutes": 20})
    action = services.outcome_add(
        item=item,
        data={
            "kind": "action",
            "text": "Kortlæg mørke stier",
            "owner_organisation": askov,
            "due": datetime.date(2012, 6, 1),
        },
    )
    published = services.meeting_create(
        data={
            "initiative": initiative,
            "kind": "steering_group",
            "title": "Styregruppemøde april",
            "start": start - datetime.timedelta(days=30),
            "end": start - datetime.timedelta(days=30) + datetime.timedelta(hours=1),
        },
        by=None,
    )
    services.invite(meeting=published, organisations=[askov])
    services.minutes_publish(meeting=published, by=None)
    for level, name, days in [
        (1, "Lokal dialogplatform", 10),
        (2, "Hotspotchef og styregruppe", 20),
        (3, "Boligsocialt Forum", 30),
    ]:
        LadderLevel.objects.create(initiative=initiative, level=level, name=name, ack_days=2, resolve_days=days)
    escalation = escalations.escalation_raise(
        initiative=initiative,
        organisation=askov,
        by=None,
        data={
            "title": "Mørk gård ved Stengade",
            "description": "Lamperne i gården er gået.",
            "theme": "physical_environment",
        },
    )
    safetywalk = safetywalks.safetywalk_record(
        initiative=initiative,
        data={"date": datetime.date(2012, 4, 12), "route": "Stengade, Korsgade", "raised_for": askov},
        organisations=[askov],
        by=None,
    )
    attachment = escalations.attachment_add(escalation=escalation, upload=_png_upload("gaarden.png"), by=None)
    survey_round = surveys.round_create(
        initiative=initiative,
        data={
            "title": "Samarbejdsmåling 2012",
            "period_start": datetime.date(2012, 1, 1),
            "period_end": datetime.date(2012, 12, 31),
            "opens": timezone.localdate(),
            "closes": timezone.localdate() + datetime.timedelta(days=14),
        },
        organisations=[askov, tmf],
    )
    experience = Experience.objects.create(
        initiative=initiative,
        organisation=askov,
        date=datetime.date(2012, 6, 1),
        title="Fælles gårdvandring",
        text="Belysningen blev bedre.",
        themes=["physical_environment"],
    )
    return {
        **_evaluation_world(initiative, askov, escalation),
        "survey_round": survey_round,
        "experience": experience,
        "escalation": escalation,
        "attachment": attachment,
        "safetywalk": safetywalk,
        "series": series,
        "meeting": meeting,
        "invitation": invitation,
        "item": item,
        "action": action,
        "published_meeting": published,
    }


def make_user(username, **extra):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@kk.example", first_name=username.title(), **extra
    )
    return user


@pytest.fixture
def users(world):
    """One user per role, scoped into `world`."""
    w = world
    cast = {name: make_user(name) for name in ROLES}
    Role.objects.create(user=cast["chief"], kind=Role.Kind.CHIEF, initiative=w["initiative"])
    Role.objects.create(
        user=cast["coordinator"], kind=Role.Kind.COORDINATOR, organisation=w["askov"], initiative=w["initiative"]
    )
    Role.objects.create(user=cast["liaison"], kind=Role.Kind.LIAISON, organisation=w["tmf"])
    Role.objects.create(user=cast["administrator"], kind=Role.Kind.ADMINISTRATOR)
    Role.objects.create(user=cast["observer"], kind=Role.Kind.OBSERVER)
    return cast


@pytest.fixture
def client_for(client, users):
    """`client_for("chief")` returns the test client signed in as that role's user."""

    def _login(role):
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return _login


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(ctx.captured_queries)


# Queries every signed-in page makes besides its own: the bell's count of unread notifications.
FRAME_QUERIES = 1


def assert_query_budget(client, url, grow, budget):
    """Render `url` at two data sizes; fail if the query count changes or exceeds `budget` (+ the frame's).

    `grow()` adds rows (e.g. from 10 to 500) between the two renders. A count that
    grows with the data means an N+1 somewhere on the page.
    """
    budget += FRAME_QUERIES
    small = count_queries(client, url)
    grow()
    large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries at small size, {large} at large size"
    assert large <= budget, f"{url}: {large} queries, budget {budget}"
    return large


@functools.cache
def _checksum_sql():
    tables = sorted(
        {
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.app_label in {"auth", "actors", "dialogue", "evaluation", "hotspot"}
            and m._meta.managed
            and not m._meta.proxy
        }
    )
    quote = connection.ops.quote_name
    parts = [
        f"SELECT %s, (SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) FROM {quote(t)} r)"
        for t in tables
    ]
    return " UNION ALL ".join(parts), tables


def db_checksum():
    """{table: md5 of its rows} for the project's apps and auth, in one query (PostgreSQL).

    Sessions are not included: signing in and out changes them. Compare two checksums
    taken in the same test to see which tables a request wrote to, updates included.
    """
    sql, tables = _checksum_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        return dict(cursor.fetchall())
