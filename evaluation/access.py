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
from actors.models import Engagement
from evaluation.models import Experience, Goal, Indicator, Measurement, SurveyRound


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


def get_indicator_for_user(user, pk, write=False):
    indicator = get_object_or_404(Indicator.objects.select_related("goal__initiative", "responsible"), pk=pk)
    get_goal_for_user(user, indicator.goal_id, write=write)
    return indicator


def may_enter_measurements(user, indicator):
    acc = access_for(user)
    return acc.manages_initiative(indicator.goal.initiative_id) or indicator.responsible_id in acc.organisation_ids()


def get_indicator_for_measuring(user, pk):
    indicator = get_indicator_for_user(user, pk)
    if not may_enter_measurements(user, indicator):
        raise PermissionDenied
    return indicator


def get_measurement_for_user(user, pk):
    measurement = get_object_or_404(Measurement.objects.select_related("indicator__goal__initiative"), pk=pk)
    measurement.indicator = get_indicator_for_measuring(user, measurement.indicator_id)
    return measurement


def get_round_for_user(user, pk, write=False):
    survey_round = get_object_or_404(SurveyRound.objects.select_related("initiative"), pk=pk)
    get_initiative_for_user(user, survey_round.initiative_id, write=write)
    return survey_round


def get_experience_for_user(user, pk, write=False):
    experience = get_object_or_404(Experience.objects.select_related("initiative", "organisation"), pk=pk)
    get_initiative_for_user(user, experience.initiative_id)
    if write and not (can_manage(user, experience.initiative) or experience.author_id == user.pk):
        raise PermissionDenied
    return experience
