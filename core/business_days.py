"""Legal deadlines (plazos) in business days.

A business day is a weekday that is neither one of Mexico's national holidays (the `holidays`
library) nor one of the current government's own non-working days (`NonWorkingDay`, in its
schema). Counting follows the usual administrative rule: the plazo starts the day after the start
date, so one business day after a Friday filing is the next Monday.

While a case waits for the citizen (prevención) the clock stops: days inside a pause, both ends
included, are not counted, which moves the deadline later by the business days paused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays
from django.db import transaction

from core.audit import AuditAction, audit_record
from core.models import NonWorkingDay

Pause = tuple[date, date]
_ONE_DAY = timedelta(days=1)
# A plazo longer than this many years is a data error, not a deadline; stop instead of looping.
_MAX_SPAN = timedelta(days=366 * 20)


class PlazoUnit(StrEnum):
    BUSINESS_DAYS = "business_days"
    CALENDAR_DAYS = "calendar_days"


def is_business_day(day: date, *, non_working: set[date]) -> bool:
    return day.weekday() < 5 and day not in non_working


def add_business_days(start: date, days: int, *, non_working: set[date]) -> date:
    """The date `days` business days after `start` (`start` itself never counts)."""
    return _count_forward(start, days, non_working=non_working, paused=())


def business_days_between(
    start: date, end: date, *, non_working: set[date], paused: Sequence[Pause] = ()
) -> int:
    """Business days the clock ran after `start` up to and including `end` (0 if end ≤ start)."""
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        if is_business_day(day, non_working=non_working) and not _in_pause(day, paused):
            count += 1
        day += _ONE_DAY
    return count


def deadline_for(
    start: date,
    plazo_value: int,
    unit: PlazoUnit | str,
    *,
    non_working: set[date],
    paused_periods: Sequence[Pause] = (),
) -> date:
    """The last day of a plazo that started on `start`.

    For a pause still running, pass today as its end: the result is then the deadline if the
    citizen answered today, and moves later each day the pause goes on.

    Calendar-day plazos count every day the clock runs; one that ends on a non-business day is
    carried to the next business day (Ley Federal de Procedimiento Administrativo, art. 28).
    """
    if plazo_value < 0:
        raise ValueError("A plazo cannot be negative")
    unit = PlazoUnit(unit)
    if unit is PlazoUnit.BUSINESS_DAYS:
        return _count_forward(start, plazo_value, non_working=non_working, paused=paused_periods)
    day = _count_forward(
        start, plazo_value, non_working=set(), paused=paused_periods, weekends=True
    )
    while not is_business_day(day, non_working=non_working):
        day += _ONE_DAY
    return day


def tenant_non_working_days(years: Iterable[int]) -> set[date]:
    """Mexico's national holidays plus the current schema's own non-working days, for `years`."""
    years = sorted(set(years))
    if not years:
        return set()
    own = set(NonWorkingDay.objects.filter(day__year__in=years).values_list("day", flat=True))
    return own | national_holidays(tuple(years))


@lru_cache(maxsize=64)
def national_holidays(years: tuple[int, ...]) -> frozenset[date]:
    """Mexico's national holidays (Ley Federal del Trabajo, art. 74) for `years`: fixed by law,
    so computed once per process."""
    return frozenset(holidays.Mexico(years=years).keys())


def non_working_day_add(*, day: date, description: str, actor_email: str) -> NonWorkingDay:
    """Declare a day the government's offices are closed; audited."""
    with transaction.atomic():
        entry, _ = NonWorkingDay.objects.update_or_create(
            day=day, defaults={"description": description.strip()}
        )
        audit_record(
            action=AuditAction.CALENDAR_DAY_ADDED,
            actor_email=actor_email,
            object_type="non_working_day",
            object_id=day.isoformat(),
            data={"description": entry.description},
        )
    return entry


def non_working_day_remove(*, day: date, actor_email: str) -> bool:
    """Make a declared non-working day a business day again; audited. False if it was not one."""
    with transaction.atomic():
        deleted, _ = NonWorkingDay.objects.filter(day=day).delete()
        if deleted:
            audit_record(
                action=AuditAction.CALENDAR_DAY_REMOVED,
                actor_email=actor_email,
                object_type="non_working_day",
                object_id=day.isoformat(),
                data={},
            )
    return bool(deleted)


def _count_forward(
    start: date,
    days: int,
    *,
    non_working: set[date],
    paused: Sequence[Pause],
    weekends: bool = False,
) -> date:
    if days < 0:
        raise ValueError("Cannot count a negative number of days")
    day = start
    remaining = days
    limit = start + _MAX_SPAN
    while remaining:
        day += _ONE_DAY
        if day > limit:
            raise ValueError("Plazo too long or pause without end")
        if _in_pause(day, paused):
            continue
        if weekends or is_business_day(day, non_working=non_working):
            remaining -= 1
    return day


def _in_pause(day: date, paused: Sequence[Pause]) -> bool:
    return any(begin <= day <= end for begin, end in paused)
