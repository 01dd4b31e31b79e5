"""The days of a calendar month or ISO week, and the meetings on each day.

Danish calendars start the week on Monday and number weeks by ISO 8601 (week 1
holds the year's first Thursday), which is exactly `datetime.date.isocalendar`.
A month is shown as whole weeks, so its first and last rows carry days of the
neighbouring months.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

# Far enough either way for any initiative; outside it the URL answers 404 instead of an OverflowError.
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass
class Day:
    date: datetime.date
    in_period: bool  # False for the neighbouring months' days in a month's first and last week
    is_today: bool
    meetings: list = field(default_factory=list)


@dataclass
class Week:
    year: int  # the ISO year, which differs from the calendar year around New Year
    number: int
    days: list

    @property
    def has_meetings(self):
        return any(day.meetings for day in self.days if day.in_period)


def valid_year(year):
    return FIRST_YEAR <= year <= LAST_YEAR


def month_first_day(year, month):
    """The month's first day, or None for a month that does not exist (or is out of range)."""
    if not valid_year(year) or not 1 <= month <= 12:
        return None
    return datetime.date(year, month, 1)


def week_monday(year, week):
    """The Monday of ISO week `week` of ISO year `year`, or None (week 53 exists only in some years)."""
    if not valid_year(year):
        return None
    try:
        return datetime.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def shift_month(first, months):
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_weeks(first, today):
    """The whole ISO weeks that cover the month starting on `first`, as Weeks of Days."""
    start = first - datetime.timedelta(days=first.weekday())
    following = shift_month(first, 1)
    weeks = []
    while start < following:
        weeks.append(_week(start, today, lambda d: d.month == first.month))
        start += datetime.timedelta(days=7)
    return weeks


def one_week(monday, today):
    return _week(monday, today, lambda d: True)


def _week(monday, today, in_period):
    year, number, _ = monday.isocalendar()
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    return Week(year, number, [Day(d, in_period(d), d == today) for d in days])


def day_bounds(first_day, last_day):
    """Aware datetimes: the start of `first_day` and the start of the day after `last_day`, local time."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


def place_meetings(weeks, meetings):
    """Put each meeting on the (local) day it starts; meetings arrive ordered by start."""
    days = {day.date: day for week in weeks for day in week.days}
    for meeting in meetings:
        day = days.get(timezone.localtime(meeting.start).date())
        if day is not None:
            day.meetings.append(meeting)
    return weeks
