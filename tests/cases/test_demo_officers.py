"""The officers' demo step: office cases in every kind of situation, through the real workflow;
running it again changes nothing."""

from __future__ import annotations

from django.utils import timezone
from django_tenants.utils import tenant_context

from cases.deadlines import deadline_state, due_soon_until
from cases.models import Case, ProcedureRegistry
from core.audit import audit_verify
from core.models import Role
from demo.officers import CASES_PER_GOVERNMENT, MARKER, load_officer_cases


def test_officer_demo_cases_cover_the_inbox_and_a_rerun_changes_nothing(
    sonora, cdmx, sonora_app, make_user
):
    officer = make_user(sonora, email="funcionario@sonora.gob.mx", roles=[Role.CASE_OFFICER])
    lines: list[str] = []

    load_officer_cases(lines.append)
    with tenant_context(sonora.government):
        cases = list(Case.objects.filter(data__has_key=MARKER))
        today = timezone.localdate()
        limit = due_soon_until(today)
        situations = {deadline_state(case, today=today, due_soon_limit=limit) for case in cases}
        statuses = {case.status for case in cases}
        assigned = sum(case.assigned_to_id == officer.pk for case in cases)
        fictas = sum(case.ficta_applied_at is not None for case in cases)
        names_and_curps = all(
            case.applicant_name and len(case.applicant_curp) == 18 for case in cases
        )
        registry = ProcedureRegistry.objects.get().offline_procedures
        chain_ok = audit_verify().ok
    load_officer_cases(lines.append)
    with tenant_context(sonora.government):
        again = Case.objects.filter(data__has_key=MARKER).count()

    assert len(cases) == again == CASES_PER_GOVERNMENT["sonora"]
    assert {"recibida", "en_revision", "prevencion"} <= statuses
    assert {"resolved", "paused", "overdue"} <= situations
    assert 0 < assigned < len(cases)
    assert fictas > 0
    assert names_and_curps
    assert registry == 1450
    assert chain_ok
    assert any("cdmx: sin funcionario" in line for line in lines)
    assert any("sonora: ya tiene expedientes de oficina" in line for line in lines)
