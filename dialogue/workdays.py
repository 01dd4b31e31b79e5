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


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
