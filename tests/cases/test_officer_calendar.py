"""The calendar of non-working days: administrators add and remove days (audited), everyone
else of the case staff reads it, and another government's administrator changes nothing here."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from core.models import AuditEvent, NonWorkingDay, Role
from tests.cases.test_officer_views import signed_in

CALENDAR = "/gestion/expedientes/calendario/"
DAY = date(2026, 11, 27)


@pytest.fixture
def admin(sonora, make_user):
    return make_user(sonora, email="jefa@sonora.gob.mx", roles=[Role.ADMINISTRATOR])


def _days(tenant) -> list[tuple[date, str]]:
    with schema_context(tenant.schema_name):
        return list(NonWorkingDay.objects.values_list("day", "description"))


def test_an_administrator_adds_and_removes_a_non_working_day(sonora, admin):
    client = signed_in(sonora, admin)

    added = client.post(
        f"{CALENDAR}agregar/", {"day": "2026-11-27", "description": "Acuerdo 12/2026"}
    )

    assert (added.status_code, added.url) == (302, f"{CALENDAR}?anio=2026")
    assert _days(sonora) == [(DAY, "Acuerdo 12/2026")]
    page = client.get(CALENDAR, {"anio": "2026"}).content.decode()
    assert "Acuerdo 12/2026" in page
    assert "Día de la Constitución" in page  # national holidays listed, read-only

    removed = client.post(f"{CALENDAR}quitar/", {"day": "2026-11-27"})

    assert removed.status_code == 302
    assert _days(sonora) == []
    with schema_context(sonora.schema_name):
        actions = list(
            AuditEvent.objects.filter(object_type="non_working_day").values_list(
                "action", flat=True
            )
        )
    assert actions == ["calendar.day_added", "calendar.day_removed"]


def test_a_day_without_date_or_reason_is_refused(sonora, admin):
    response = signed_in(sonora, admin).post(f"{CALENDAR}agregar/", {"day": "", "description": ""})

    assert response.status_code == 422
    assert "Escriba la fecha del día inhábil." in response.content.decode()
    assert _days(sonora) == []


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.AUDITOR])
def test_case_staff_read_the_calendar_but_cannot_change_it(sonora, make_user, role):
    client = signed_in(sonora, make_user(sonora, email="persona@sonora.gob.mx", roles=[role]))

    page = client.get(CALENDAR)
    added = client.post(f"{CALENDAR}agregar/", {"day": "2026-11-27", "description": "X"})

    assert page.status_code == 200
    assert "Agregar día inhábil" not in page.content.decode()
    assert added.status_code == 403
    assert _days(sonora) == []


def test_another_governments_administrator_cannot_touch_sonoras_calendar(cdmx, sonora, make_user):
    with schema_context(sonora.schema_name):
        NonWorkingDay.objects.create(day=DAY, description="Acuerdo de Sonora")
    cdmx_admin = make_user(cdmx, email="jefe@cdmx.gob.mx", roles=[Role.ADMINISTRATOR])
    client = signed_in(cdmx, cdmx_admin)

    listed = client.get(CALENDAR, {"anio": "2026"})
    removed = client.post(f"{CALENDAR}quitar/", {"day": "2026-11-27"})

    assert "Acuerdo de Sonora" not in listed.content.decode()
    assert removed.status_code == 404
    assert _days(sonora) == [(DAY, "Acuerdo de Sonora")]
