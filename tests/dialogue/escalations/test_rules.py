"""The escalation rules that used to live in views, each where a test reaches it.

Rights per step (dialogue.access.EscalationRights.allows), the organisation a case is
raised for, the kind of a timeline entry, the reopen window, the SLA deadline after
every step, the breach filter and the ladder's levels.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actors.models import Role
from dialogue.access import EscalationRights, comment_kinds, raising_organisation
from dialogue.escalations import services as esc
from dialogue.meetings import services as meetings
from dialogue.models import Escalation, EscalationEvent, LadderLevel
from dialogue.workdays import add_working_days
from tests.conftest import make_user

Kind = EscalationEvent.Kind
DAY = datetime.timedelta(days=1)


def raised(world, now=None, **over):
    data = {"title": "Lampe gået", "description": "Mørkt i gården.", "theme": "physical_environment", **over}
    return esc.escalation_raise(
        initiative=world["initiative"], organisation=world["askov"], by=None, data=data, now=now
    )


# Rights per step --------------------------------------------------------------------


@pytest.mark.parametrize(
    "rights, right, allowed",
    [
        (EscalationRights(manage=True, work=False, raiser=False), "manage", True),
        (EscalationRights(manage=False, work=True, raiser=True), "manage", False),
        (EscalationRights(manage=True, work=False, raiser=False), "work", True),  # staff may answer directly
        (EscalationRights(manage=False, work=True, raiser=False), "work", True),
        (EscalationRights(manage=False, work=False, raiser=True), "work", False),
        (EscalationRights(manage=False, work=False, raiser=True), "raiser", True),
        (EscalationRights(manage=True, work=True, raiser=False), "raiser", False),  # reopening is the raiser's
    ],
)
def test_each_right_allows_exactly_its_holders(rights, right, allowed):
    assert rights.allows(right) is allowed


STEP_RIGHTS = {
    "escalation_acknowledge": "manage",
    "escalation_assign": "manage",
    "escalation_reject": "manage",
    "escalation_merge": "manage",
    "escalation_escalate": "manage",
    "escalation_put_on_agenda": "manage",
    "escalation_start": "work",
    "escalation_answer": "work",
    "escalation_reopen": "raiser",
}


@pytest.mark.parametrize("step", STEP_RIGHTS)
def test_the_raiser_may_not_take_a_staff_or_department_step(step, world, users, client_for):
    """The coordinator opens the case (it is their organisation's), but only 'reopen' is theirs."""
    escalation = world["escalation"]
    before = (escalation.status, escalation.version)
    response = client_for("coordinator").post(
        reverse(f"dialogue:{step}", args=[escalation.pk]), {"version": escalation.version}
    )
    escalation.refresh_from_db()
    expected = 302 if STEP_RIGHTS[step] == "raiser" else 403
    assert response.status_code == expected
    assert (escalation.status, escalation.version) == before


@pytest.mark.parametrize("step", [s for s, r in STEP_RIGHTS.items() if r != "raiser"])
def test_the_assigned_department_may_work_but_not_triage(step, world, users, client_for):
    escalation = esc.escalation_assign(
        escalation=world["escalation"], department=world["tmf"], by=None, version=world["escalation"].version
    )
    response = client_for("liaison").post(reverse(f"dialogue:{step}", args=[escalation.pk]), {})
    assert response.status_code == (302 if STEP_RIGHTS[step] == "work" else 403)


def test_the_chief_may_answer_directly_but_not_reopen(world, users, client_for):
    escalation = world["escalation"]
    chief = client_for("chief")
    response = chief.post(
        reverse("dialogue:escalation_answer", args=[escalation.pk]),
        {"svar-version": escalation.version, "svar-answer": "Lampen er skiftet.", "svar-close": "yes"},
    )
    escalation.refresh_from_db()
    assert response.status_code == 302 and escalation.status == Escalation.Status.RESOLVED
    response = chief.post(
        reverse("dialogue:escalation_reopen", args=[escalation.pk]),
        {"genaabn-version": escalation.version, "genaabn-reason": "Stadig mørkt"},
    )
    escalation.refresh_from_db()
    assert response.status_code == 403 and escalation.status == Escalation.Status.RESOLVED


# The organisation a case is raised for ----------------------------------------------


@pytest.fixture
def two_hats(world):
    """Coordinator at Sjakket (engaged in Ydre Nørrebro) — and, second, liaison at TMF (engaged in Indre)."""
    user = make_user("tohatte")
    Role.objects.create(user=user, kind=Role.Kind.COORDINATOR, organisation=world["other_org"])
    Role.objects.create(user=user, kind=Role.Kind.LIAISON, organisation=world["tmf"])
    return user


def test_a_case_is_raised_for_the_users_organisation_engaged_in_the_chosen_initiative(world, two_hats, client):
    client.force_login(two_hats)
    data = {
        "initiative": world["initiative"].pk,
        "title": "Lampen i gården er gået",
        "category": "general",
        "description": "Der er mørkt i gården ved opgang 12 om aftenen.",
        "theme": "physical_environment",
        "urgency": "normal",
    }
    response = client.post(reverse("dialogue:escalation_create"), data)
    assert response.status_code == 302
    case = Escalation.objects.get(title="Lampen i gården er gået")
    assert case.organisation == world["tmf"]  # not Sjakket, the user's first role: it is not engaged in Indre


def test_the_raising_organisation_follows_the_initiative(world, two_hats):
    assert raising_organisation(two_hats, world["initiative"]) == world["tmf"]
    assert raising_organisation(two_hats, world["other_initiative"]) == world["other_org"]


def test_a_role_scoped_to_the_initiative_decides_the_raising_organisation(world, two_hats):
    Role.objects.filter(user=two_hats, organisation=world["other_org"]).update(initiative=world["initiative"])
    two_hats._hotspot_access = None
    assert raising_organisation(two_hats, world["initiative"]) == world["other_org"]


def test_no_raising_organisation_outside_the_users_initiatives(world, users):
    assert raising_organisation(users["coordinator"], world["other_initiative"]) is None


# The kind of a timeline entry ---------------------------------------------------------


def test_comment_kinds_follow_the_rights():
    assert comment_kinds(EscalationRights(manage=False, work=False, raiser=False)) == [Kind.COMMENT]
    assert comment_kinds(EscalationRights(manage=False, work=False, raiser=False, observer=True)) == []
    assert comment_kinds(EscalationRights(manage=False, work=False, raiser=True, observer=True)) == [
        Kind.COMMENT,
        Kind.REPLY,
    ]
    assert comment_kinds(EscalationRights(manage=True, work=False, raiser=False)) == [
        Kind.COMMENT,
        Kind.QUESTION,
        Kind.ANSWER,
    ]
    assert set(comment_kinds(EscalationRights(manage=False, work=True, raiser=False))) == {
        Kind.COMMENT,
        Kind.QUESTION,
        Kind.ANSWER,
    }
    assert set(comment_kinds(EscalationRights(manage=False, work=False, raiser=True))) == {Kind.COMMENT, Kind.REPLY}


@pytest.mark.parametrize(
    "role, asked, stored",
    [
        ("coordinator", Kind.QUESTION, Kind.COMMENT),  # the raiser does not question themselves
        ("coordinator", Kind.REPLY, Kind.REPLY),
        ("chief", Kind.REPLY, Kind.COMMENT),  # only the raiser replies
        ("chief", Kind.QUESTION, Kind.QUESTION),
    ],
)
def test_the_service_decides_the_kind_by_the_authors_rights(role, asked, stored, world, users):
    event = esc.escalation_comment(escalation=world["escalation"], by=users[role], text="Hvor præcis?", kind=asked)
    assert event.kind == stored


def test_a_posted_question_from_the_raiser_becomes_a_comment(world, users, client_for):
    escalation = world["escalation"]
    client_for("coordinator").post(
        reverse("dialogue:escalation_comment", args=[escalation.pk]), {"kind": "question", "text": "Hmm?"}
    )
    assert escalation.events.get(text="Hmm?").kind == Kind.COMMENT


# The reopen window ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "after, allowed",
    [
        (datetime.timedelta(days=29, hours=23), True),
        (datetime.timedelta(days=30, hours=23), False),  # the page and the service agree on the boundary
        (datetime.timedelta(days=31), False),
    ],
)
def test_the_reopen_window_is_30_days_after_the_answer(after, allowed, world, users, client_for):
    answered = timezone.now() - after
    escalation = esc.escalation_resolve(
        escalation=world["escalation"], by=None, answer="Løst", version=world["escalation"].version, now=answered
    )
    assert escalation.can_reopen() is allowed
    page = client_for("coordinator").get(escalation.get_absolute_url()).content.decode()
    assert ("Genåbn sagen" in page) is allowed
    if allowed:
        esc.escalation_reopen(escalation=escalation, by=None, reason="Stadig mørkt", version=escalation.version)
        assert escalation.status == Escalation.Status.ACKNOWLEDGED
    else:
        with pytest.raises(ValidationError, match="30 dage"):
            esc.escalation_reopen(escalation=escalation, by=None, reason="Stadig mørkt", version=escalation.version)


def test_only_resolved_cases_can_be_reopened(world):
    escalation = world["escalation"]
    escalation = esc.escalation_reject(escalation=escalation, by=None, reason="Ikke vores", version=escalation.version)
    assert not escalation.can_reopen()
    with pytest.raises(ValidationError, match="Kun løste"):
        esc.escalation_reopen(escalation=escalation, by=None, reason="Jo", version=escalation.version)


# A closed case stays closed ----------------------------------------------------------------


CLOSED_STEPS = {
    "assign": lambda e, w: esc.escalation_assign(escalation=e, department=w["tmf"], by=None, version=e.version),
    "start": lambda e, w: esc.escalation_start(escalation=e, by=None, version=e.version),
    "resolve": lambda e, w: esc.escalation_resolve(escalation=e, by=None, answer="Løst", version=e.version),
    "partial answer": lambda e, w: esc.escalation_answer(
        escalation=e, by=None, answer="Delsvar", close=False, version=e.version
    ),
    "reject": lambda e, w: esc.escalation_reject(escalation=e, by=None, reason="Nej", version=e.version),
    "escalate": lambda e, w: esc.escalation_escalate(
        escalation=e, by=None, justification="Op", version=e.version, to_level=2
    ),
    "agenda": lambda e, w: meetings.agenda_item_add_for_escalation(
        meeting=w["meeting"], escalation=e, by=None, version=e.version
    ),
}


@pytest.mark.parametrize("step", CLOSED_STEPS)
def test_no_step_changes_a_closed_case(step, world):
    escalation = world["escalation"]
    esc.escalation_reject(escalation=escalation, by=None, reason="Dublet", version=escalation.version)
    events = escalation.events.count()
    with pytest.raises(ValidationError, match="afsluttet"):
        CLOSED_STEPS[step](escalation, world)
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.REJECTED and escalation.events.count() == events


# The SLA deadline after every step ---------------------------------------------------------


def test_the_sla_deadline_follows_every_step(world, users):
    """Acknowledge by while new; resolve by after that; a new level's clocks after escalating."""
    start = datetime.datetime(2013, 3, 4, 10, 0, tzinfo=datetime.UTC)  # a Monday
    day = start.date()
    case = raised(world, now=start)
    assert case.created == start
    assert case.sla_due == case.ack_due == add_working_days(day, 2)
    assert case.resolve_due == add_working_days(day, 10)

    esc.escalation_acknowledge(escalation=case, by=None, version=case.version, now=start + DAY)
    assert case.acknowledged_at == start + DAY and case.sla_due == case.resolve_due

    later = start + 7 * DAY
    esc.escalation_escalate(escalation=case, by=None, justification="Op", version=case.version, to_level=2, now=later)
    assert case.status == Escalation.Status.NEW and case.acknowledged_at is None
    assert case.ack_due == add_working_days(later.date(), 2) and case.sla_due == case.ack_due
    assert case.resolve_due == add_working_days(later.date(), 20)

    esc.escalation_assign(escalation=case, department=world["tmf"], by=None, version=case.version, now=later)
    assert case.sla_due == case.resolve_due and case.acknowledged_at == later

    esc.escalation_start(escalation=case, by=None, version=case.version, now=later)
    assert case.sla_due == case.resolve_due

    esc.escalation_resolve(escalation=case, by=None, answer="Løst", version=case.version, now=later + DAY)
    assert case.closed_at == later + DAY

    reopened = later + 3 * DAY
    esc.escalation_reopen(escalation=case, by=None, reason="Mørkt igen", version=case.version, now=reopened)
    assert case.resolve_due == add_working_days(reopened.date(), 20) and case.sla_due == case.resolve_due
    assert [e.at for e in case.events.order_by("id")] == [
        start,
        start + DAY,
        later,
        later,
        later,
        later + DAY,
        reopened,
    ]


def test_a_case_put_on_an_agenda_and_decided_there_takes_the_given_times(world):
    case = raised(world, now=datetime.datetime(2013, 3, 4, 10, 0, tzinfo=datetime.UTC))
    on_agenda = datetime.datetime(2013, 3, 6, 9, 0, tzinfo=datetime.UTC)
    decided = datetime.datetime(2013, 3, 20, 15, 0, tzinfo=datetime.UTC)
    item = meetings.agenda_item_add_for_escalation(
        meeting=world["meeting"], escalation=case, by=None, version=case.version, now=on_agenda
    )
    meetings.outcome_add(item=item, data={"kind": "decision", "text": "Lamperne skiftes"}, by=None, now=decided)
    case.refresh_from_db()
    assert case.status == Escalation.Status.RESOLVED and case.closed_at == decided
    assert case.events.get(kind=Kind.ON_AGENDA).at == on_agenda
    assert case.events.get(kind=Kind.RESOLVED).at == decided


def test_the_deadline_is_acknowledgement_while_new_and_resolution_after():
    ack, resolve = datetime.date(2013, 1, 2), datetime.date(2013, 1, 20)
    assert Escalation.deadline_for(Escalation.Status.NEW, ack, resolve) == ack
    for status in Escalation.Status:
        if status != Escalation.Status.NEW:
            assert Escalation.deadline_for(status, ack, resolve) == resolve


def test_breached_counts_open_cases_past_their_deadline_only(world):
    long_ago = timezone.now() - datetime.timedelta(days=60)
    late = raised(world, now=long_ago, title="For sent")
    closed = raised(world, now=long_ago, title="Afvist")
    esc.escalation_reject(escalation=closed, by=None, reason="Nej", version=closed.version, now=long_ago)
    fresh = raised(world, title="Ny")
    breached = set(Escalation.objects.breached())
    assert late in breached and closed not in breached and fresh not in breached
    assert late.breached() and not closed.breached() and not fresh.breached()
    assert not Escalation.objects.breached(today=long_ago.date()).filter(pk=late.pk).exists()


def test_the_inbox_filter_shows_only_breached_cases(world, users, client_for):
    late = raised(world, now=timezone.now() - datetime.timedelta(days=60), title="For sent")
    page = client_for("chief").get(reverse("dialogue:escalation_inbox") + "?breached=on").content.decode()
    assert late.title in page and world["escalation"].title not in page


def test_a_closed_initiatives_handed_over_cases_leave_the_inbox_until_it_is_chosen(world, users, client_for):
    from hotspot.attention import attention

    late = raised(world, now=timezone.now() - datetime.timedelta(days=60), title="For sent")
    world["initiative"].closed_at = timezone.now()
    world["initiative"].save()
    client = client_for("chief")
    inbox = reverse("dialogue:escalation_inbox")
    assert late.title not in client.get(inbox).content.decode()
    assert late.title in client.get(f"{inbox}?initiative={world['initiative'].pk}").content.decode()
    items, _next = attention(users["chief"])
    assert {i.label: i.count for i in items}["Åbne sager i indbakken"] == 0


# Putting a case on an agenda ---------------------------------------------------------------


def test_a_case_goes_on_an_agenda_through_the_meeting_and_both_roll_back_together(world, users):
    escalation = world["escalation"]
    stale = escalation.version
    esc.escalation_acknowledge(escalation=escalation, by=None, version=stale)
    items = world["meeting"].agenda_items.count()
    with pytest.raises(esc.ConcurrentChange):
        meetings.agenda_item_add_for_escalation(meeting=world["meeting"], escalation=escalation, by=None, version=stale)
    assert world["meeting"].agenda_items.count() == items  # no half-done step: the item went with the case


def test_a_case_cannot_go_on_another_initiatives_meeting(world, users):
    other = meetings.meeting_create(
        data={
            "initiative": world["other_initiative"],
            "kind": "dialogue_platform",
            "title": "Ydre",
            "start": world["meeting"].start,
            "end": world["meeting"].end,
        },
        by=None,
    )
    with pytest.raises(ValidationError, match="anden indsats"):
        meetings.agenda_item_add_for_escalation(
            meeting=other, escalation=world["escalation"], by=None, version=world["escalation"].version
        )


# The ladder --------------------------------------------------------------------------------


def _ladder_post(initiative, new_level=None, delete_level=None):
    """The ladder form as posted: the existing levels, optionally one deleted and one added."""
    existing = list(initiative.ladder.order_by("level"))
    forms = [(x.pk, x.level) for x in existing] + ([(None, new_level)] if new_level else [])
    data = {
        "ladder-TOTAL_FORMS": len(forms),
        "ladder-INITIAL_FORMS": len(existing),
        "ladder-MIN_NUM_FORMS": 0,
        "ladder-MAX_NUM_FORMS": 8,
    }
    for i, (pk, level) in enumerate(forms):
        prefix = f"ladder-{i}-"
        data.update(
            {
                prefix + "level": level,
                prefix + "name": f"Trin {level}",
                prefix + "responsible_role": "chief",
                prefix + "ack_days": 2,
                prefix + "resolve_days": 10,
            }
        )
        if pk:
            data[prefix + "id"] = pk
        if level == delete_level:
            data[prefix + "DELETE"] = "on"
    return data


@pytest.mark.parametrize(
    "change, saved",
    [
        ({"new_level": 4}, [1, 2, 3, 4]),
        ({"new_level": 5}, None),  # a gap above
        ({"delete_level": 2}, None),  # a gap in the middle
        ({"delete_level": 3}, [1, 2]),  # the top may go
    ],
)
def test_the_ladder_must_have_levels_one_two_three_without_gaps(change, saved, world, users, client_for):
    initiative = world["initiative"]
    response = client_for("administrator").post(
        reverse("dialogue:ladder_edit", args=[initiative.pk]), _ladder_post(initiative, **change)
    )
    levels = sorted(LadderLevel.objects.filter(initiative=initiative).values_list("level", flat=True))
    if saved:
        assert response.status_code == 302 and levels == saved
    else:
        assert "uden huller" in response.content.decode() and levels == [1, 2, 3]


def test_bad_queue_filter_values_are_ignored_not_an_error(world, users, client_for):
    response = client_for("chief").get(reverse("dialogue:escalation_inbox") + "?status=bogus&level=abc")
    assert response.status_code == 200 and world["escalation"].title in response.content.decode()
