"""Danish working days for SLA clocks.

Weekends and the public holidays of the `holidays` package (Easter, Great
Prayer Day until its abolition in 2024, Ascension, Whit Monday, Christmas …)
are not working days. Christmas Eve, New Year's Eve and Constitution Day are
not public holidays, but municipal offices close on them, so they count as
days off too (DK_EXTRA_DAYS_OFF).
"""

import datetime
from functools import lru_cache

import holidays

DK_EXTRA_DAYS_OFF = {(12, 24), (12, 31), (6, 5)}


@lru_cache(maxsize=64)
def _holidays(year):
    return frozenset(holidays.country_holidays("DK", years=year))


def is_working_day(day):
    return day.weekday() < 5 and day not in _holidays(day.year) and (day.month, day.day) not in DK_EXTRA_DAYS_OFF


def add_working_days(start, days):
    """The date `days` working days after `start` (start itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


@lru_cache(maxsize=64)
def _weekday_days_off(year):
    """The year's days off that fall on a weekday (a holiday on a Sunday costs no working day)."""
    extra = {datetime.date(year, month, day) for month, day in DK_EXTRA_DAYS_OFF}
    return tuple(sorted(d for d in _holidays(year) | extra if d.weekday() < 5))


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (0 when end <= start).

    Counted by arithmetic, not day by day: the weekdays in whole weeks, the few days left over,
    minus the weekday days off in between — a dashboard computes this for every case resolved in a
    period, tens of thousands at national scale."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    count = 5 * weeks
    day = start + datetime.timedelta(days=7 * weeks)
    for _ in range(rest):
        day += datetime.timedelta(days=1)
        count += day.weekday() < 5
    for year in range(start.year, end.year + 1):
        count -= sum(1 for d in _weekday_days_off(year) if start < d <= end)
    return count
