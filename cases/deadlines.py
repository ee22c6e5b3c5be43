"""Legal deadlines of cases: the plazo's last day (`Case.due_on`), its pauses, due-soon and overdue.

`due_on` is computed once at filing from the definition the case is filed under (its `plazo`),
counted with core.business_days (weekends, Mexico's national holidays and the government's own
non-working days skipped). While the case waits for the citizen (a transition with
`pauses_clock`), the clock stops; when the case leaves that state the business days paused, both
ends included, are added to `due_on`. Storing the date, not recomputing it on every read, is what
lets the inbox filter and sort a million cases by deadline on an index.

A case stops counting once resolved: it reached a final state or a state that issues a
resolution (`resolution_states`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from django.utils import timezone

from cases.models import Case
from catalog.definition import Definition
from core.business_days import (
    PlazoUnit,
    add_business_days,
    business_days_between,
    deadline_for,
    is_business_day,
    tenant_non_working_days,
)

# "Due soon": the plazo ends within this many business days from today.
DUE_SOON_BUSINESS_DAYS = 3
_ONE_DAY = timedelta(days=1)
# Holidays are loaded for the years a plazo can plausibly span (long plazos, long pauses).
_YEARS_AHEAD = 2


class DeadlineState(StrEnum):
    NONE = "none"  # no plazo (or not computed)
    RESOLVED = "resolved"
    PAUSED = "paused"  # waiting for the citizen
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"


def plazo_of(definition: Mapping[str, Any]) -> tuple[int, PlazoUnit] | None:
    plazo = Definition(definition).plazo_days
    if plazo is None:
        return None
    value, unit = plazo
    return value, PlazoUnit(unit)


def resolution_states(definition: Mapping[str, Any]) -> frozenset[str]:
    """States where the authority has answered: final ones, and those that issue a resolution."""
    return Definition(definition).resolution_states


def non_working_days_from(start: date) -> set[date]:
    """Holidays and the government's non-working days from `start`'s year on."""
    return tenant_non_working_days(range(start.year, start.year + _YEARS_AHEAD + 1))


def due_on_at_filing(*, definition: Mapping[str, Any], filed_on: date) -> date | None:
    """The plazo's last day for a case filed on `filed_on` (None when the app has no plazo)."""
    plazo = plazo_of(definition)
    if plazo is None:
        return None
    value, unit = plazo
    return deadline_for(filed_on, value, unit, non_working=non_working_days_from(filed_on))


def due_soon_until(today: date) -> date:
    """Cases due on or before this day (and not before today) are "due soon"."""
    return add_business_days(
        today, DUE_SOON_BUSINESS_DAYS, non_working=non_working_days_from(today)
    )


def deadline_state(case: Case, *, today: date, due_soon_limit: date | None = None) -> str:
    """Where the case stands against its plazo today. Pass `due_soon_limit` (`due_soon_until`)
    when classifying many cases, to compute it once."""
    if case.resolved_at is not None:
        return DeadlineState.RESOLVED
    if case.due_on is None:
        return DeadlineState.NONE
    if case.clock_paused_since is not None:
        return DeadlineState.PAUSED
    if case.due_on < today:
        return DeadlineState.OVERDUE
    if case.due_on <= (due_soon_limit or due_soon_until(today)):
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TIME


def deadline_apply_move(
    case: Case, *, definition: Mapping[str, Any], step: Mapping[str, Any], now: datetime
) -> list[str]:
    """Update the case's clock for a transition it is taking (the caller saves): pause when the
    transition stops the clock, resume (moving `due_on`) when it leaves a pause, and mark the
    case resolved when it reaches a resolution. Returns the fields changed."""
    changed: list[str] = []
    if step.get("pauses_clock"):
        if case.clock_paused_since is None:
            case.clock_paused_since = now
            changed.append("clock_paused_since")
    elif case.clock_paused_since is not None:
        changed += _resume(case, definition=definition, now=now)
    if case.resolved_at is None and str(step.get("to")) in resolution_states(definition):
        case.resolved_at = now
        changed.append("resolved_at")
    return changed


def _resume(case: Case, *, definition: Mapping[str, Any], now: datetime) -> list[str]:
    assert case.clock_paused_since is not None
    first = timezone.localdate(case.clock_paused_since)
    last = timezone.localdate(now)
    non_working = non_working_days_from(first)
    paused = business_days_between(first - _ONE_DAY, last, non_working=non_working)
    case.paused_business_days += paused
    case.clock_paused_since = None
    changed = ["clock_paused_since", "paused_business_days"]
    plazo = plazo_of(definition)
    if case.due_on is not None and plazo is not None:
        if plazo[1] is PlazoUnit.BUSINESS_DAYS:
            case.due_on = add_business_days(case.due_on, paused, non_working=non_working)
        else:
            # Calendar plazos stop for every calendar day paused, then end on a business day.
            due = case.due_on + timedelta(days=(last - first).days + 1)
            while not is_business_day(due, non_working=non_working):
                due += _ONE_DAY
            case.due_on = due
        changed.append("due_on")
    return changed
