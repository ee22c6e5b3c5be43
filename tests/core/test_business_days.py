from __future__ import annotations

from datetime import date

import holidays
import pytest
from django_tenants.utils import schema_context

from core.audit import audit_events_for_object
from core.business_days import (
    PlazoUnit,
    add_business_days,
    business_days_between,
    deadline_for,
    is_business_day,
    non_working_day_add,
    non_working_day_remove,
    tenant_non_working_days,
)
from core.models import NonWorkingDay

# November 2026 starts on a Sunday; Monday 16 is Revolution Day (third Monday of November).
MEXICO_2026 = set(holidays.Mexico(years=2026).keys())


def test_the_holidays_library_gives_the_2026_dates_these_tests_rely_on():
    assert date(2026, 9, 16) in MEXICO_2026
    assert date(2026, 11, 16) in MEXICO_2026
    assert date(2026, 11, 20) not in MEXICO_2026
    assert date(2026, 12, 25) in MEXICO_2026


def test_one_business_day_after_a_friday_is_the_next_monday():
    assert add_business_days(date(2026, 11, 6), 1, non_working=set()) == date(2026, 11, 9)


def test_zero_business_days_is_the_start_date():
    assert add_business_days(date(2026, 11, 7), 0, non_working=set()) == date(2026, 11, 7)


def test_independence_day_is_skipped():
    # Tuesday 15 September → Wednesday 16 is a holiday → Thursday 17.
    assert add_business_days(date(2026, 9, 15), 1, non_working=MEXICO_2026) == date(2026, 9, 17)


def test_revolution_day_third_monday_is_skipped():
    # Friday 13 November → weekend → Monday 16 (holiday) → Tuesday 17.
    assert add_business_days(date(2026, 11, 13), 1, non_working=MEXICO_2026) == date(2026, 11, 17)


def test_ten_business_days_across_a_weekend_and_a_holiday():
    # 3,4,5,6 · 9,10,11,12,13 · (16 holiday) · 17
    assert add_business_days(date(2026, 11, 2), 10, non_working=MEXICO_2026) == date(2026, 11, 17)


def test_is_business_day():
    assert is_business_day(date(2026, 11, 17), non_working=MEXICO_2026)
    assert not is_business_day(date(2026, 11, 16), non_working=MEXICO_2026)
    assert not is_business_day(date(2026, 11, 14), non_working=set())


def test_a_pause_moves_the_deadline_by_the_business_days_paused():
    # given a 10-business-day plazo whose clock stopped Wednesday 4 to Friday 6 (3 business days)
    paused = [(date(2026, 11, 4), date(2026, 11, 6))]

    # when
    deadline = deadline_for(
        date(2026, 11, 2),
        10,
        PlazoUnit.BUSINESS_DAYS,
        non_working=MEXICO_2026,
        paused_periods=paused,
    )

    # then the deadline is 3 business days after the unpaused one (17 → 18, 19, 20)
    assert deadline == date(2026, 11, 20)


def test_a_pause_over_a_weekend_only_costs_its_business_days():
    paused = [(date(2026, 11, 6), date(2026, 11, 9))]  # Friday to Monday: 2 business days

    deadline = deadline_for(
        date(2026, 11, 2), 10, "business_days", non_working=MEXICO_2026, paused_periods=paused
    )

    assert deadline == date(2026, 11, 19)


def test_business_days_between_leaves_out_paused_days():
    paused = [(date(2026, 11, 4), date(2026, 11, 6))]

    elapsed = business_days_between(
        date(2026, 11, 2), date(2026, 11, 17), non_working=MEXICO_2026, paused=paused
    )

    # 3,4,5,6,9,10,11,12,13,17 are 10 business days; 4,5,6 were paused.
    assert elapsed == 7


def test_business_days_between_is_zero_when_the_end_is_not_after_the_start():
    assert business_days_between(date(2026, 11, 9), date(2026, 11, 9), non_working=set()) == 0
    assert business_days_between(date(2026, 11, 9), date(2026, 11, 2), non_working=set()) == 0


def test_calendar_day_plazo_ending_on_a_weekend_moves_to_the_next_business_day():
    deadline = deadline_for(date(2026, 11, 2), 5, PlazoUnit.CALENDAR_DAYS, non_working=MEXICO_2026)

    assert deadline == date(2026, 11, 9)  # 5 calendar days end on Saturday 7


def test_calendar_day_plazo_ending_on_a_holiday_moves_to_the_next_business_day():
    deadline = deadline_for(date(2026, 11, 6), 10, "calendar_days", non_working=MEXICO_2026)

    assert deadline == date(2026, 11, 17)  # Monday 16 is Revolution Day


def test_calendar_day_plazo_counts_weekends_and_stops_during_a_pause():
    deadline = deadline_for(
        date(2026, 11, 2),
        3,
        PlazoUnit.CALENDAR_DAYS,
        non_working=MEXICO_2026,
        paused_periods=[(date(2026, 11, 3), date(2026, 11, 4))],
    )

    assert deadline == date(2026, 11, 9)  # 5, 6, 7 run; Saturday 7 → Monday 9


def test_a_plazo_across_new_year_uses_both_years_holidays(cdmx):
    with schema_context(cdmx.schema_name):
        non_working = tenant_non_working_days(range(2026, 2028))

    # Thursday 31 Dec 2026 → Friday 1 Jan 2027 is a holiday → Monday 4 Jan.
    assert add_business_days(date(2026, 12, 31), 1, non_working=non_working) == date(2027, 1, 4)


def test_negative_plazos_are_refused():
    with pytest.raises(ValueError):
        deadline_for(date(2026, 11, 2), -1, "business_days", non_working=set())


def test_unknown_units_are_refused():
    with pytest.raises(ValueError):
        deadline_for(date(2026, 11, 2), 1, "weeks", non_working=set())


def test_tenant_calendar_is_national_holidays_plus_its_own_days(cdmx):
    with schema_context(cdmx.schema_name):
        NonWorkingDay.objects.create(day=date(2026, 11, 18), description="Día inhábil (Gaceta)")
        NonWorkingDay.objects.create(day=date(2025, 11, 18), description="Otro año")

        non_working = tenant_non_working_days([2026])

    assert non_working == MEXICO_2026 | {date(2026, 11, 18)}


def test_a_tenants_own_day_off_moves_its_deadlines(cdmx):
    with schema_context(cdmx.schema_name):
        NonWorkingDay.objects.create(day=date(2026, 11, 18), description="Día inhábil (Gaceta)")
        non_working = tenant_non_working_days([2026])

    assert add_business_days(date(2026, 11, 17), 1, non_working=non_working) == date(2026, 11, 19)


def test_sonoras_days_off_do_not_affect_cdmx(cdmx, sonora):
    # given a day off declared by Sonora only
    with schema_context(sonora.schema_name):
        NonWorkingDay.objects.create(day=date(2026, 11, 18), description="Asueto estatal")
        sonora_days = tenant_non_working_days([2026])

    # when CDMX computes the same deadline
    with schema_context(cdmx.schema_name):
        cdmx_days = tenant_non_working_days([2026])
        cdmx_rows = NonWorkingDay.objects.count()

    # then only Sonora's deadline moves
    assert date(2026, 11, 18) in sonora_days
    assert date(2026, 11, 18) not in cdmx_days
    assert cdmx_rows == 0
    start = date(2026, 11, 17)
    assert add_business_days(start, 1, non_working=sonora_days) == date(2026, 11, 19)
    assert add_business_days(start, 1, non_working=cdmx_days) == date(2026, 11, 18)


def test_adding_and_removing_a_day_off_is_audited(cdmx):
    with schema_context(cdmx.schema_name):
        non_working_day_add(
            day=date(2026, 12, 24), description=" Nochebuena ", actor_email="admin@cdmx.gob.mx"
        )
        added = NonWorkingDay.objects.get(day=date(2026, 12, 24))
        removed = non_working_day_remove(day=date(2026, 12, 24), actor_email="admin@cdmx.gob.mx")
        removed_again = non_working_day_remove(
            day=date(2026, 12, 24), actor_email="admin@cdmx.gob.mx"
        )
        history = list(
            audit_events_for_object(object_type="non_working_day", object_id="2026-12-24")
        )
        remaining = NonWorkingDay.objects.filter(day=date(2026, 12, 24)).exists()

    assert added.description == "Nochebuena"
    assert (removed, removed_again, remaining) == (True, False, False)
    assert [event.action for event in history] == ["calendar.day_added", "calendar.day_removed"]
    assert history[0].data == {"description": "Nochebuena"}
