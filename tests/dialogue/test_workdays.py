"""SLA arithmetic on the Danish working-day calendar (dialogue/workdays.py). No database.

Convention under test: add_working_days(start, n) counts n working days *after*
start (start itself never counts), and working_days_between(start, end) counts
the working days in (start, end].
"""

import datetime

import holidays
import pytest

from dialogue.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


def test_a_weekday_is_a_working_day_and_a_weekend_is_not():
    assert is_working_day(D(2012, 3, 2))  # Friday
    assert not is_working_day(D(2012, 3, 3))  # Saturday
    assert not is_working_day(D(2012, 3, 4))  # Sunday


def test_one_working_day_after_a_friday_is_the_following_monday():
    assert add_working_days(D(2012, 3, 2), 1) == D(2012, 3, 5)


def test_a_clock_started_on_a_saturday_or_sunday_lands_on_monday():
    assert add_working_days(D(2012, 3, 3), 1) == D(2012, 3, 5)
    assert add_working_days(D(2012, 3, 4), 1) == D(2012, 3, 5)


def test_five_working_days_after_a_monday_is_the_next_monday():
    assert add_working_days(D(2012, 3, 5), 5) == D(2012, 3, 12)


def test_zero_working_days_leaves_the_date_unchanged_even_on_a_holiday_or_weekend():
    for day in (D(2012, 3, 5), D(2012, 3, 3), D(2012, 12, 25), D(2012, 4, 6)):
        assert add_working_days(day, 0) == day


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2012, 3, 5), -1)


def test_easter_from_maundy_thursday_to_easter_monday_is_off():
    for day in (D(2012, 4, 5), D(2012, 4, 6), D(2012, 4, 7), D(2012, 4, 8), D(2012, 4, 9)):
        assert not is_working_day(day), day
    assert is_working_day(D(2012, 4, 4))  # Wednesday before Easter
    assert is_working_day(D(2012, 4, 10))  # Tuesday after Easter Monday


def test_two_working_days_raised_the_wednesday_before_easter_run_to_the_wednesday_after():
    # Raised Wed 4 Apr 2012. Thu 5 (Maundy Thursday), Fri 6 (Good Friday), Sat 7, Sun 8
    # and Mon 9 (Easter Monday) are off; Tue 10 is day 1, Wed 11 is day 2.
    assert add_working_days(D(2012, 4, 4), 2) == D(2012, 4, 11)
    assert working_days_between(D(2012, 4, 4), D(2012, 4, 11)) == 2


def test_christmas_eve_christmas_new_years_eve_and_new_years_day_are_off():
    for day in (D(2012, 12, 24), D(2012, 12, 25), D(2012, 12, 26), D(2012, 12, 31), D(2013, 1, 1)):
        assert not is_working_day(day), day
    assert is_working_day(D(2012, 12, 27))
    assert is_working_day(D(2013, 1, 2))


def test_three_working_days_raised_the_friday_before_christmas_run_into_the_new_year():
    # Raised Fri 21 Dec 2012:
    #   Sat 22, Sun 23         weekend
    #   Mon 24                 Christmas Eve (a day off in our module)
    #   Tue 25, Wed 26         Christmas Day, Second Day of Christmas
    #   Thu 27                 day 1
    #   Fri 28                 day 2
    #   Sat 29, Sun 30         weekend
    #   Mon 31                 New Year's Eve (a day off in our module)
    #   Tue 1 Jan 2013         New Year's Day
    #   Wed 2 Jan 2013         day 3
    assert add_working_days(D(2012, 12, 21), 3) == D(2013, 1, 2)
    assert working_days_between(D(2012, 12, 21), D(2013, 1, 2)) == 3
    # Only two working days (27 and 28 Dec) fall between Christmas and the new year.
    assert working_days_between(D(2012, 12, 21), D(2013, 1, 1)) == 2


def test_great_prayer_day_2012_is_off():
    assert not is_working_day(D(2012, 5, 4))  # Friday, Store Bededag
    # Raised Thu 3 May 2012: Fri 4 is Great Prayer Day, then the weekend; Mon 7 is day 1.
    assert add_working_days(D(2012, 5, 3), 1) == D(2012, 5, 7)


def test_great_prayer_day_is_a_working_day_from_2024_when_it_was_abolished():
    # The installed `holidays` package (checked: 0.109) lists Great Prayer Day up to
    # 2023 (5 May 2023) and not from 2024. In 2024 it would have been Friday 26 April
    # (the fourth Friday after Easter Sunday, 31 March 2024).
    assert "Great Prayer Day" in holidays.country_holidays("DK", years=2023).values()
    assert "Great Prayer Day" not in holidays.country_holidays("DK", years=2024).values()
    assert not is_working_day(D(2023, 5, 5))
    assert is_working_day(D(2024, 4, 26))
    assert add_working_days(D(2024, 4, 25), 1) == D(2024, 4, 26)


def test_constitution_day_the_fifth_of_june_is_treated_as_a_day_off():
    # Grundlovsdag is not a public holiday in `holidays`, but our module treats it as off.
    assert D(2012, 6, 5) not in holidays.country_holidays("DK", years=2012)
    assert not is_working_day(D(2012, 6, 5))  # Tuesday
    assert add_working_days(D(2012, 6, 4), 1) == D(2012, 6, 6)
    assert not is_working_day(D(2024, 6, 5))  # Wednesday, also after the 2024 reform


def test_ascension_day_is_off():
    assert not is_working_day(D(2012, 5, 17))  # Thursday
    assert add_working_days(D(2012, 5, 16), 1) == D(2012, 5, 18)


def test_whit_monday_is_off():
    assert not is_working_day(D(2012, 5, 28))
    # Raised Fri 25 May 2012: weekend, then Whit Monday; Tue 29 is day 1.
    assert add_working_days(D(2012, 5, 25), 1) == D(2012, 5, 29)


def test_working_days_between_a_date_and_itself_is_zero():
    assert working_days_between(D(2012, 3, 5), D(2012, 3, 5)) == 0


def test_working_days_between_is_zero_when_the_end_comes_before_the_start():
    # Not a signed difference: swapping the arguments gives 0, never a negative count.
    assert working_days_between(D(2012, 3, 5), D(2012, 3, 12)) == 5
    assert working_days_between(D(2012, 3, 12), D(2012, 3, 5)) == 0


def test_working_days_between_adds_up_over_consecutive_spans():
    a, b, c = D(2012, 12, 14), D(2012, 12, 27), D(2013, 1, 10)
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)


def test_working_days_between_counts_the_end_day_but_not_the_start_day():
    # Mon 5 → Tue 6 March 2012: one working day (Tuesday), Monday itself not counted.
    assert working_days_between(D(2012, 3, 5), D(2012, 3, 6)) == 1
    # Fri 2 → Sun 4 March 2012: the weekend adds nothing.
    assert working_days_between(D(2012, 3, 2), D(2012, 3, 4)) == 0


def _every_day(first, last):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 20])
def test_adding_working_days_to_any_day_of_2011_to_2014_lands_on_a_working_day_n_working_days_later(n):
    for day in _every_day(D(2011, 1, 1), D(2014, 12, 31)):
        due = add_working_days(day, n)
        assert due > day, day
        assert is_working_day(due), (day, due)
        assert working_days_between(day, due) == n, (day, due)
        # And it is the first such day: one calendar day earlier is one working day short.
        assert working_days_between(day, due - datetime.timedelta(days=1)) == n - 1, (day, due)


def test_working_days_between_matches_counting_day_by_day():
    """The arithmetic count against the plain definition, over many spans across years and holidays."""
    import random

    def by_day(start, end):
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            count += is_working_day(day)
        return count

    rng = random.Random(8)
    for _ in range(400):
        start = D(2011, 1, 1) + datetime.timedelta(days=rng.randrange(0, 5000))
        end = start + datetime.timedelta(days=rng.randrange(-5, 900))
        assert working_days_between(start, end) == by_day(start, end), (start, end)
