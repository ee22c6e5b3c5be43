"""Case deadlines: the plazo's last day at filing in business days (weekends, national holidays
and the government's own non-working days skipped), the clock paused while the case waits for
the citizen, and due-soon / overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cases.deadlines import (
    DeadlineState,
    deadline_apply_move,
    deadline_state,
    due_on_at_filing,
    due_soon_until,
    resolution_states,
)
from cases.models import Case
from core.actors import Actor, ActorRole
from core.business_days import deadline_for, non_working_day_add, tenant_non_working_days
from tests.cases.case_factory import make_case
from tests.cases.definitions import filing_definition

pytestmark = pytest.mark.usefixtures("in_sonora")

MEXICO_CITY = ZoneInfo("America/Mexico_City")
PREVENIR = {"id": "prevenir", "to": "prevencion", "pauses_clock": True}
ATENDER = {"id": "atender_prevencion", "to": "en_revision", "pauses_clock": False}
APROBAR = {"id": "aprobar", "to": "aprobada", "pauses_clock": False}


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=MEXICO_CITY)


def definition(value: int = 5, unit: str = "business_days") -> dict[str, Any]:
    return {**filing_definition(), "plazo": {"value": value, "unit": unit}}


def test_the_plazo_skips_the_weekend():
    # Monday 1 June 2026 + 5 business days
    assert due_on_at_filing(definition=definition(), filed_on=date(2026, 6, 1)) == date(2026, 6, 8)


def test_the_plazo_skips_a_national_holiday():
    # Friday 30 January; Monday 2 February is Constitution Day
    assert due_on_at_filing(definition=definition(), filed_on=date(2026, 1, 30)) == date(2026, 2, 9)


def test_the_plazo_skips_the_governments_own_non_working_days():
    non_working_day_add(day=date(2026, 2, 4), description="Día del estado", actor_email="a@x.mx")

    assert due_on_at_filing(definition=definition(), filed_on=date(2026, 1, 30)) == date(
        2026, 2, 10
    )


def test_a_calendar_plazo_ending_on_a_holiday_moves_to_the_next_business_day():
    # 14 September + 2 calendar days = Wednesday 16 September (Independence Day) → Thursday 17
    assert due_on_at_filing(
        definition=definition(2, "calendar_days"), filed_on=date(2026, 9, 14)
    ) == date(2026, 9, 17)


def test_an_app_without_plazo_has_no_deadline():
    without = {key: value for key, value in filing_definition().items() if key != "plazo"}

    assert due_on_at_filing(definition=without, filed_on=date(2026, 6, 1)) is None


def test_a_prevencion_pauses_the_clock_and_the_answer_moves_the_deadline(sonora_app):
    # given a case filed Monday 1 June, due Monday 8 June
    case = make_case(sonora_app, status="en_revision", due_on=date(2026, 6, 8))

    # when the office asks for a correction on Wednesday and the citizen answers on Friday
    paused = deadline_apply_move(
        case, definition=definition(), step=PREVENIR, now=at(date(2026, 6, 3))
    )
    state_while_paused = deadline_state(case, today=date(2026, 6, 9))
    resumed = deadline_apply_move(
        case, definition=definition(), step=ATENDER, now=at(date(2026, 6, 5))
    )

    # then the three business days paused (both ends included) move the deadline by three
    assert paused == ["clock_paused_since"]
    assert state_while_paused == DeadlineState.PAUSED
    assert resumed == ["clock_paused_since", "paused_business_days", "due_on"]
    assert (case.clock_paused_since, case.paused_business_days, case.due_on) == (
        None,
        3,
        date(2026, 6, 11),
    )
    # the same date business_days.deadline_for gives with the pause as a period
    non_working = tenant_non_working_days([2026])
    assert case.due_on == deadline_for(
        date(2026, 6, 1),
        5,
        "business_days",
        non_working=non_working,
        paused_periods=[(date(2026, 6, 3), date(2026, 6, 5))],
    )


def test_a_pause_over_a_weekend_and_a_holiday_counts_business_days_only(sonora_app):
    # paused Friday 13 March, answered Tuesday 17 March (Monday 16 is a national holiday)
    case = make_case(sonora_app, status="en_revision", due_on=date(2026, 3, 18))

    deadline_apply_move(case, definition=definition(), step=PREVENIR, now=at(date(2026, 3, 13)))
    deadline_apply_move(case, definition=definition(), step=ATENDER, now=at(date(2026, 3, 17)))

    assert (case.paused_business_days, case.due_on) == (2, date(2026, 3, 20))


def test_pauses_add_up(sonora_app):
    case = make_case(sonora_app, status="en_revision", due_on=date(2026, 6, 8))

    for first, last in ((date(2026, 6, 2), date(2026, 6, 2)), (date(2026, 6, 4), date(2026, 6, 5))):
        deadline_apply_move(case, definition=definition(), step=PREVENIR, now=at(first))
        deadline_apply_move(case, definition=definition(), step=ATENDER, now=at(last))

    assert (case.paused_business_days, case.due_on) == (3, date(2026, 6, 11))


def test_the_pause_is_counted_in_mexico_city_time(sonora_app):
    # 23:30 on Friday 5 June in Mexico City is already Saturday in UTC
    case = make_case(sonora_app, status="en_revision", due_on=date(2026, 6, 8))
    deadline_apply_move(case, definition=definition(), step=PREVENIR, now=at(date(2026, 6, 5)))

    deadline_apply_move(
        case,
        definition=definition(),
        step=ATENDER,
        now=datetime(2026, 6, 6, 5, 30, tzinfo=UTC),
    )

    assert (case.paused_business_days, case.due_on) == (1, date(2026, 6, 9))


def test_reaching_a_resolution_stops_the_clock_once(sonora_app):
    case = make_case(sonora_app, status="en_revision", due_on=date(2026, 6, 8))

    changed = deadline_apply_move(
        case, definition=definition(), step=APROBAR, now=at(date(2026, 6, 8))
    )
    again = deadline_apply_move(
        case,
        definition=definition(),
        step={"id": "entregar", "to": "entregada", "pauses_clock": False},
        now=at(date(2026, 6, 9)),
    )

    assert (changed, again) == (["resolved_at"], [])
    assert case.resolved_at == at(date(2026, 6, 8))
    assert deadline_state(case, today=date(2026, 7, 1)) == DeadlineState.RESOLVED


def test_resolution_states_are_the_final_ones_and_those_issuing_a_resolution():
    assert resolution_states(filing_definition()) == {
        "aprobada",
        "rechazada",
        "entregada",
        "desechada",
        "cancelada",
    }


@pytest.mark.parametrize(
    ("due_on", "expected"),
    [
        (date(2026, 6, 5), DeadlineState.OVERDUE),  # yesterday
        (date(2026, 6, 8), DeadlineState.DUE_SOON),  # today
        (date(2026, 6, 11), DeadlineState.DUE_SOON),  # 3 business days ahead
        (date(2026, 6, 12), DeadlineState.ON_TIME),  # 4 business days ahead
        (None, DeadlineState.NONE),
    ],
)
def test_due_soon_and_overdue(sonora_app, due_on, expected):
    case = make_case(sonora_app, due_on=due_on)

    assert deadline_state(case, today=date(2026, 6, 8)) == expected


def test_due_soon_counts_business_days_across_holidays():
    # Friday 11 September + 3 business days, skipping Wednesday 16 (Independence Day)
    assert due_soon_until(date(2026, 9, 11)) == date(2026, 9, 17)


def test_the_case_transition_service_pauses_and_resumes_the_clock(sonora_app, make_user, sonora):
    from cases.office.services import case_transition
    from core.models import Role

    officer = make_user(sonora, roles=[Role.CASE_OFFICER])
    case = make_case(sonora_app, status="en_revision", due_on=date(2026, 6, 8))

    case_transition(
        case=case,
        transition_id="prevenir",
        actor=Actor.named(officer.email, ActorRole.CASE_OFFICER),
        message="Falta el comprobante de domicilio.",
    )
    stored = Case.objects.get(pk=case.pk)

    assert stored.status == "prevencion"
    assert stored.clock_paused_since is not None
    assert stored.due_on == date(2026, 6, 8)
