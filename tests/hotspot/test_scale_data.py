"""generate_scale_data: the data it makes, its refusals, and the dashboards' query counts at two sizes."""

import io
import statistics
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q
from django.urls import reverse

from actors.models import Initiative, Organisation
from dialogue.models import Escalation, EscalationEvent, Invitation, Outcome
from evaluation.models import Indicator
from hotspot.scaledata.plan import MARK, USER_PREFIX
from tests.conftest import FRAME_QUERIES, count_queries


def generate(*args):
    call_command("generate_scale_data", "--scale", "t", *args, stdout=io.StringIO())


@dataclass(frozen=True)
class Page:
    """A dashboard page whose query count must not grow with the data."""

    url_name: str
    args: object  # (largest initiative, its lead department) -> URL args
    user: str  # which generated user of the largest initiative views it (plan.USER_PREFIX + "001-" + user)
    budget: int  # the page's own queries (the frame's come on top)
    query: str = "?period=all"


# Every dashboard page, pinned.
PAGES = [
    Page("hotspot:initiative_dashboard", lambda i, d: [i.pk], "administrator", 39),
    Page("hotspot:initiative_dashboard", lambda i, d: [i.pk], "administrator", 34, query=""),  # this quarter
    Page("hotspot:network", lambda i, d: [i.pk], "administrator", 13),
    Page("hotspot:overview", lambda i, d: [], "administrator", 19),
    Page("hotspot:department", lambda i, d: [d.pk], "liaison", 13),
]


def _url(page, initiative):
    return reverse(page.url_name, args=page.args(initiative, initiative.lead_department)) + page.query


def _largest():
    return Initiative.objects.select_related("lead_department").get(name=f"{MARK}Indsats 001")


def _count(client, page):
    initiative = _largest()
    url = _url(page, initiative)
    client.force_login(get_user_model().objects.get(username=f"{USER_PREFIX}001-{page.user}"))
    cache.clear()  # cold: every block computed, as after any change
    return count_queries(client, url)


def test_tiny_scale_fills_every_table_the_dashboards_read_with_skewed_activity(db):
    generate()
    for label in [
        "actors.Area", "actors.Organisation", "actors.Body", "actors.Person", "actors.Seat", "actors.Initiative",
        "actors.BodyLink", "actors.Engagement", "actors.Role", "dialogue.Meeting", "dialogue.MeetingSeries",
        "dialogue.AgendaItem", "dialogue.Invitation", "dialogue.Outcome", "dialogue.LadderLevel",
        "dialogue.Escalation", "dialogue.EscalationEvent", "evaluation.Goal", "evaluation.Indicator",
        "evaluation.Target", "evaluation.Measurement", "evaluation.SurveyRound", "evaluation.SurveyResponse",
        "evaluation.SurveyRating", "evaluation.Experience",
    ]:  # fmt: skip
        assert apps.get_model(label).objects.exists(), f"{label} is empty"
    assert Initiative.objects.count() == 4 and not Initiative.objects.exclude(name__startswith=MARK).exists()
    assert set(Escalation.objects.values_list("status", flat=True)) == set(Escalation.Status.values)
    phases = {i.phase for i in Initiative.objects.all()}
    assert phases == {"running", "ending", "ended"}
    assert Initiative.objects.closed().filter(closed_by__isnull=False).exists()
    assert not Escalation.objects.open().filter(initiative__closed_at__isnull=False).exists()
    assert set(Organisation.objects.values_list("kind", flat=True)) >= {"department", "police", "ssp", "master_plan"}
    assert Organisation.objects.departments().count() == 7
    assert set(Invitation.objects.values_list("attendance", flat=True)) == set(Invitation.Attendance.values)
    assert set(Outcome.objects.values_list("kind", flat=True)) == set(Outcome.Kind.values)
    assert Outcome.objects.overdue().exists() and Outcome.objects.actions().filter(status="done").exists()
    assert set(Indicator.objects.values_list("dimension", flat=True)) == set(Indicator.Dimension.values)

    # Every case has its raise on the timeline, every closed one its end; the deadline follows the status.
    assert not Escalation.objects.exclude(events__kind="raised").exists()
    closed = Escalation.objects.filter(status__in=Escalation.CLOSED_STATUSES)
    assert not closed.filter(Q(closed_at__isnull=True) | Q(closed_at__lt=F("created"))).exists()
    assert EscalationEvent.objects.filter(kind="resolved").count() == closed.filter(status="resolved").count()
    for case in Escalation.objects.all()[:50]:
        assert case.sla_due == Escalation.deadline_for(case.status, case.ack_due, case.resolve_due)

    # Skew: the most active tenth of the local actors attend far more than the median one.
    present = sorted(
        Organisation.objects.local_actors()
        .annotate(n=Count("invitations", filter=Q(invitations__attendance="present")))
        .values_list("n", flat=True),
        reverse=True,
    )
    top = present[: max(1, len(present) // 10)]
    assert statistics.mean(top) > 4 * max(1, statistics.median(present))
    sizes = list(Initiative.objects.annotate(n=Count("escalations")).order_by("name").values_list("n", flat=True))
    assert sizes[0] == max(sizes) and sizes[0] > sizes[-1]


def test_the_same_seed_gives_the_same_data(db):
    generate("--seed", "7")
    first = list(Escalation.objects.order_by("pk").values_list("status", "level", "sla_due", "organisation__name"))
    generate("--seed", "7", "--replace")
    assert (
        list(Escalation.objects.order_by("pk").values_list("status", "level", "sla_due", "organisation__name")) == first
    )


def test_refuses_a_database_with_data_that_was_not_generated_unless_forced(world):
    with pytest.raises(CommandError, match="not generated"):
        generate()
    assert not Initiative.objects.filter(name__startswith=MARK).exists()
    with pytest.raises(CommandError, match="not generated"):
        generate("--replace")  # --replace never empties tables that hold real data
    generate("--force")
    assert Initiative.objects.filter(pk=world["initiative"].pk).exists()
    assert Initiative.objects.filter(name__startswith=MARK).count() == 4


def test_refuses_to_run_twice_without_replace(db):
    generate()
    with pytest.raises(CommandError, match="already holds generated data"):
        generate()
    generate("--factor", "2", "--replace")
    assert Initiative.objects.count() == 4 and Escalation.objects.count() == 120


def test_dashboard_pages_run_the_same_number_of_queries_at_two_sizes(client, db):
    generate("--factor", "1")
    small = {page: _count(client, page) for page in PAGES}
    escalations = Escalation.objects.filter(initiative=_largest()).count()
    generate("--factor", "3", "--replace")
    assert Escalation.objects.filter(initiative=_largest()).count() > 2 * escalations
    large = {page: _count(client, page) for page in PAGES}
    for page in PAGES:
        name = page.url_name + page.query
        assert small[page] == large[page], f"{name}: {small[page]} queries at factor 1, {large[page]} at factor 3"
        assert large[page] <= page.budget + FRAME_QUERIES, f"{name}: {large[page]} queries"
