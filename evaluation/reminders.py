"""What falls due in the evaluation: survey rounds opening and closing, measurements to report.

Asked by the top layer's scan (hotspot/notifications/scan.py); see dialogue/reminders.py.
A closing survey reminds only those who have not answered, and says nothing of who has.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from actors.reminders import Due, running_initiatives
from dialogue.meetings.selectors import organisation_users
from dialogue.workdays import add_working_days
from evaluation.models import Indicator, Measurement, SurveyRound

CLOSING_DAYS = 3  # working days before a round closes


def surveys_opened(today):
    rounds = SurveyRound.objects.filter(opens__lte=today, closes__gte=today, initiative__in=running_initiatives(today))
    for survey_round in rounds:
        organisations = survey_round.organisations.values_list("pk", flat=True)
        yield Due("survey.opened", survey_round, "opened", list(organisation_users(organisations)))


def surveys_closing(today):
    rounds = SurveyRound.objects.filter(
        closes__gte=today, closes__lte=add_working_days(today, CLOSING_DAYS), opens__lte=today,
        initiative__in=running_initiatives(today),
    )  # fmt: skip
    for survey_round in rounds:
        organisations = survey_round.organisations.values_list("pk", flat=True)
        answered = survey_round.participations.values_list("user_id", flat=True)
        waiting = organisation_users(organisations).exclude(pk__in=answered)
        yield Due("reminder.survey_closing", survey_round, "closing", list(waiting))


def last_period(frequency, today):
    """The last whole period before today: (first day, last day)."""
    if frequency == Indicator.Frequency.MONTHLY:
        start = today.replace(day=1) - relativedelta(months=1)
        return start, today.replace(day=1) - datetime.timedelta(days=1)
    if frequency == Indicator.Frequency.QUARTERLY:
        this_quarter = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return this_quarter - relativedelta(months=3), this_quarter - datetime.timedelta(days=1)
    return datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)


def measurements_due(today):
    """Typed-in indicators whose last whole period has no measurement yet (the responsible organisation reports)."""
    indicators = Indicator.objects.filter(
        method=Indicator.Method.MANUAL, responsible__isnull=False,
        goal__initiative__in=running_initiatives(today),
    ).select_related("goal__initiative")  # fmt: skip
    for indicator in indicators:
        start, end = last_period(indicator.frequency, today)
        if end < indicator.goal.initiative.start:
            continue
        reported = Measurement.objects.filter(indicator=indicator, period_start__lte=end, period_end__gte=start)
        if not reported.exists():
            yield Due(
                "reminder.measurement_due", indicator, f"period:{start}",
                list(organisation_users([indicator.responsible_id])), {"period": (start, end)},
            )  # fmt: skip


def due(now):
    today = timezone.localdate(now)
    yield from surveys_opened(today)
    yield from surveys_closing(today)
    yield from measurements_due(today)
