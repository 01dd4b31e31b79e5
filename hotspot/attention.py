"""'What needs my attention' on the front page: counts with links, a few queries whatever the data size."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.access import access_for
from dialogue.access import full_escalations, visible_actions, visible_meetings
from dialogue.models import Escalation
from evaluation.models import SurveyParticipation, SurveyRound


@dataclass
class Item:
    label: str
    count: int
    url: str
    urgent: bool = False


def attention(user):
    acc = access_for(user)
    today = timezone.localdate()
    items = []
    managed = acc.managed_initiative_ids()
    if acc.has_inbox:
        inbox = full_escalations(user).open().filter(initiative__closed_at__isnull=True)  # as the inbox shows
        if not acc.is_global_admin:
            inbox = inbox.filter(initiative_id__in=managed)
        url = reverse("dialogue:escalation_inbox")
        items.append(Item(_("Åbne sager i indbakken"), inbox.count(), url))
        items.append(Item(_("Sager med overskredet frist"), inbox.breached(today).count(), url + "?breached=on", True))
    orgs = acc.organisation_ids()
    if acc.liaison_organisation_ids():
        queue = Escalation.objects.open().filter(assigned_department_id__in=orgs)
        items.append(Item(_("Sager i forvaltningens kø"), queue.count(), reverse("dialogue:escalation_queue")))
    if orgs:
        own = Escalation.objects.filter(organisation_id__in=orgs)
        items.append(Item(_("Din organisations åbne sager"), own.open().count(), reverse("dialogue:escalation_list")))
        overdue = visible_actions(user).filter(owner_organisation_id__in=orgs).overdue(today)
        items.append(
            Item(
                _("Din organisations overskredne handlinger"),
                overdue.count(),
                reverse("dialogue:action_list") + "?scope=org&overdue=on",
                True,
            )
        )
        answered = SurveyParticipation.objects.filter(user=user).values("round_id")
        rounds = SurveyRound.objects.filter(organisations__in=orgs, opens__lte=today, closes__gte=today).exclude(
            pk__in=answered
        )
        first = rounds.order_by("closes").first()
        if first is not None:
            items.append(
                Item(
                    _("Spørgeskemaer om samarbejdet, du kan besvare"),
                    rounds.distinct().count(),
                    reverse("evaluation:survey_answer", args=[first.pk]),
                )
            )
    next_meeting = visible_meetings(user).filter(start__gte=timezone.now(), cancelled=False).order_by("start").first()
    return [i for i in items if i.count or not i.urgent], next_meeting
