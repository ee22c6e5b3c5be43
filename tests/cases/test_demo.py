"""The demo step: one citizen per government with cases in four states, made through the real
services; running it again changes nothing."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from cases.models import Case, CaseOutput
from core.models import User
from demo.citizens import DEMO_CITIZENS, load_citizen_cases
from demo.steps import DEMO_PASSWORD


def test_demo_citizens_get_cases_in_different_states_and_a_rerun_changes_nothing(
    sonora, cdmx, sonora_app, cdmx_app
):
    lines: list[str] = []

    load_citizen_cases(lines.append)
    with tenant_context(sonora.government):
        maria = User.objects.get(email="maria.lopez@example.mx")
        cases = list(Case.objects.filter(applicant=maria).order_by("folio"))
        states = [case.status for case in cases]
        events = {case.folio: list(case.events.values_list("kind", flat=True)) for case in cases}
        resolutions = CaseOutput.objects.filter(case__applicant=maria, kind="resolucion").count()
        password_ok = maria.check_password(DEMO_PASSWORD)
        profile = (maria.full_name, maria.curp, maria.phone, maria.email_verified)
    load_citizen_cases(lines.append)
    with tenant_context(sonora.government):
        again = Case.objects.filter(applicant=maria).count()
    with tenant_context(cdmx.government):
        juan_cases = Case.objects.filter(applicant__email="juan.perez@example.mx").count()

    # Only one procedure is live in each test government, so each citizen files it four times.
    assert states == ["recibida", "en_revision", "prevencion", "aprobada"]
    assert "message_from_office" in events[cases[2].folio]
    assert resolutions == 1
    assert password_ok
    assert profile == ("María López Ruiz", DEMO_CITIZENS[0].curp, "6621234567", True)
    assert again == 4
    assert juan_cases == 4
    assert any("ya tiene expedientes" in line for line in lines)
