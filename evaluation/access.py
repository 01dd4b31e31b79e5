"""Who may see and change the evaluation of an initiative.

Everyone who can see an initiative reads its goals, indicators, report,
survey results and experiences. Its staff (chief, administrators) edit goals
and indicators and enter or import measurements; the organisation responsible
for an indicator may enter its measurements too. Users whose organisation is
engaged answer surveys and record experiences.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from actors.access import access_for, get_initiative_for_user
from actors.models import Engagement, Organisation
from dialogue.access import published_or_managed, visible_meetings
from dialogue.models import Outcome
from evaluation.models import Experience, Goal, GoalLink, Indicator, Measurement, SurveyRound, Target


def engaged_organisation_ids(user, initiative):
    acc = access_for(user)
    engaged = set(Engagement.objects.filter(initiative=initiative).values_list("organisation_id", flat=True))
    return acc.organisation_ids() & engaged


def can_manage(user, initiative):
    return access_for(user).manages_initiative(initiative.pk)


def get_evaluation_initiative(user, pk, write=False):
    return get_initiative_for_user(user, pk, write=write)


def get_goal_for_user(user, pk, write=False):
    goal = get_object_or_404(Goal.objects.select_related("initiative", "parent"), pk=pk)
    goal.initiative = get_initiative_for_user(user, goal.initiative_id, write=write)
    return goal


def get_goallink_for_user(user, pk):
    """A link between a goal and what was done for it, for removing it (the goal's staff)."""
    link = get_object_or_404(GoalLink, pk=pk)
    link.goal = get_goal_for_user(user, link.goal_id, write=True)
    return link


def linkable_outcomes(user, initiative):
    """Decisions and action items in minutes the user may read: published, or any in initiatives they run."""
    meetings = published_or_managed(user, visible_meetings(user)).filter(initiative=initiative)
    return Outcome.objects.filter(
        kind__in=[Outcome.Kind.DECISION, Outcome.Kind.ACTION], agenda_item__meeting__in=meetings
    ).select_related("agenda_item__meeting")


def get_indicator_for_user(user, pk, write=False):
    indicator = get_object_or_404(Indicator.objects.select_related("goal__initiative", "responsible"), pk=pk)
    get_goal_for_user(user, indicator.goal_id, write=write)
    return indicator


def get_target_for_user(user, pk):
    """An indicator's target value, for removing it (the initiative's staff)."""
    target = get_object_or_404(Target, pk=pk)
    target.indicator = get_indicator_for_user(user, target.indicator_id, write=True)
    return target


def may_enter_measurements(user, indicator):
    acc = access_for(user)
    return acc.manages_initiative(indicator.goal.initiative_id) or indicator.responsible_id in acc.organisation_ids()


def get_indicator_for_measuring(user, pk):
    indicator = get_indicator_for_user(user, pk)
    if not may_enter_measurements(user, indicator):
        raise PermissionDenied
    return indicator


def may_import(user, initiative):
    """Staff import for any indicator; others only when their organisation is responsible for one."""
    if can_manage(user, initiative):
        return True
    orgs = access_for(user).organisation_ids()
    return bool(orgs) and Indicator.objects.filter(goal__initiative=initiative, responsible_id__in=orgs).exists()


def get_initiative_for_import(user, pk):
    """The initiative whose measurements the user may import from a file (see may_import)."""
    initiative = get_evaluation_initiative(user, pk)
    if not may_import(user, initiative):
        raise PermissionDenied
    return initiative


def get_measurement_for_user(user, pk):
    measurement = get_object_or_404(Measurement.objects.select_related("indicator__goal__initiative"), pk=pk)
    measurement.indicator = get_indicator_for_measuring(user, measurement.indicator_id)
    return measurement


def get_round_for_user(user, pk, write=False):
    survey_round = get_object_or_404(SurveyRound.objects.select_related("initiative"), pk=pk)
    get_initiative_for_user(user, survey_round.initiative_id, write=write)
    return survey_round


def recording_organisations(user, initiative):
    """The organisations `user` may record an experience for in `initiative`."""
    if can_manage(user, initiative):
        return Organisation.objects.engaged_in(initiative)
    return Organisation.objects.filter(pk__in=engaged_organisation_ids(user, initiative))


def may_record_experience(user, initiative):
    """Whether `user` may record an experience in `initiative` (one query); see recording_organisations."""
    engagements = Engagement.objects.filter(initiative=initiative)
    if not can_manage(user, initiative):
        engagements = engagements.filter(organisation_id__in=access_for(user).organisation_ids())
    return engagements.exists()


def may_edit_experience(user, experience):
    """The author and the initiative's staff edit an experience."""
    return can_manage(user, experience.initiative) or experience.author_id == user.pk


def get_experience_for_user(user, pk, write=False):
    experience = get_object_or_404(Experience.objects.select_related("initiative", "organisation"), pk=pk)
    get_initiative_for_user(user, experience.initiative_id)
    if write and not may_edit_experience(user, experience):
        raise PermissionDenied
    return experience
