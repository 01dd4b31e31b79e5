"""The end of the two Hotspots (hotspot/demo/handover.toml): every hand-over decision made, then closed."""

import datetime

from django.utils import timezone

from actors.models import Initiative, Organisation
from dialogue.models import Escalation, Outcome
from evaluation.models import Indicator
from evaluation.status import indicator_series
from hotspot.demo import handover as demo
from hotspot.handover.models import HandoverItem
from hotspot.handover.selectors import candidates, handover_list, received_by

DATA = demo.HandoverSeeder(stdout=None).data
HOTSPOTS = [spec["name"] for spec in DATA["initiatives"]]


def test_both_hotspots_are_closed_on_their_end_date_with_every_hand_over_item_decided(demo_db):
    for spec in DATA["initiatives"]:
        initiative = Initiative.objects.get(name=spec["name"])
        assert initiative.is_closed and initiative.phase == Initiative.Phase.ENDED
        assert timezone.localdate(initiative.closed_at) == initiative.end == datetime.date(2014, 12, 31)
        assert initiative.closing_note == spec["closing_note"]
        listing = handover_list(initiative)
        assert listing.things and not listing.undecided
        # Every open thing it left behind has its decision, none decided outside the hand-over's months.
        decided = {(item.kind, item.object_id) for item in HandoverItem.objects.filter(initiative=initiative)}
        assert {(t.kind, t.object_id) for t in candidates(initiative)} <= decided
        for item in HandoverItem.objects.filter(initiative=initiative):
            assert initiative.handover_opens <= timezone.localdate(item.decided_at) <= initiative.end, item


def test_no_open_action_item_or_case_of_a_closed_initiative_is_overdue_without_a_decision(demo_db):
    today = timezone.localdate()
    closed = Initiative.objects.closed()
    assert closed.count() == len(HOTSPOTS)
    decided = set(HandoverItem.objects.values_list("kind", "object_id"))
    overdue = Outcome.objects.overdue().filter(agenda_item__meeting__initiative__in=closed)
    assert overdue.exists()  # the few the hand-over passed on
    assert all((HandoverItem.Kind.ACTION, a.pk) in decided for a in overdue)
    breached = Escalation.objects.breached(today).filter(initiative__in=closed)
    assert all((HandoverItem.Kind.ESCALATION, e.pk) in decided for e in breached)


def test_every_decision_of_the_data_file_is_used(demo_db):
    for spec in DATA["initiatives"]:
        for entry in spec["decisions"]:
            items = HandoverItem.objects.filter(
                initiative__name=spec["name"], kind=entry["kind"], decision=entry["decision"], note=entry["note"]
            )
            assert items.exists(), entry


def test_the_citizen_dialogue_went_to_the_area_renewal_and_the_youth_cases_to_ssp(demo_db):
    renewal = Organisation.objects.get(name="Områdefornyelsen Nørrebro")
    kinds = set(received_by(renewal).values_list("kind", flat=True))
    assert {HandoverItem.Kind.SERIES, HandoverItem.Kind.ESCALATION, HandoverItem.Kind.ACTION} <= kinds
    ssp = Organisation.objects.get(name="SSP København")
    assert (
        received_by(ssp).filter(kind=HandoverItem.Kind.ESCALATION, to_body__name="SSP-lokaludvalg Nørrebro").count()
        == 2
    )
    decisions = set(HandoverItem.objects.values_list("decision", flat=True))
    assert decisions == set(HandoverItem.Decision.values)


def test_the_evaluation_shows_cases_solved_within_the_deadline_in_every_year_of_both_hotspots(demo_db):
    for name in HOTSPOTS:
        indicator = Indicator.objects.get(goal__initiative__name=name, derived_key="escalations_within_sla")
        values = [point.value for point in indicator_series(indicator)]
        assert values and all(0 < value < 100 for value in values), (name, values)


def test_the_hotspots_cases_were_closed_before_they_ended(demo_db):
    closed = Escalation.objects.filter(initiative__name__in=HOTSPOTS, closed_at__isnull=False)
    assert closed.exists() and not closed.filter(closed_at__year__gt=2014).exists()
    done = Outcome.objects.actions().filter(agenda_item__meeting__initiative__name__in=HOTSPOTS, status="done")
    assert done.exists() and not done.filter(completed_on__year__gt=2014).exists()
