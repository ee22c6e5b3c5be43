"""The ficta: cases past their plazo with no resolution are resolved by law (afirmativa /
negativa, with the resolution document) or flagged (no aplica), once and only once, recorded in
the history and the audit trail, and the citizen is told by e-mail."""

from __future__ import annotations

import copy
from datetime import date
from io import StringIO
from typing import Any

from django.core import mail
from django.core.management import call_command
from django_tenants.utils import tenant_context

from cases.models import Case, CaseEvent, CaseEventKind, CaseOutput
from cases.office.ficta import ficta_apply_due
from cases.office.tasks import apply_ficta_for_all_tenants
from core.audit import AuditAction, audit_events_for_object, audit_verify
from tests.cases.case_factory import make_case
from tests.cases.conftest import enable, publish_filing_app
from tests.cases.definitions import filing_definition

TODAY = date(2026, 6, 8)
LATE = date(2026, 6, 5)


def audit_actions(case: Case) -> list[str]:
    return [
        event.action
        for event in audit_events_for_object(object_type="case", object_id=str(case.public_id))
    ]


def afirmativa_with_ficta_state() -> dict[str, Any]:
    """The test app with afirmativa ficta and the workflow's own move for it."""
    workflow = copy.deepcopy(filing_definition()["workflow"])
    workflow["states"].append(
        {"id": "ficta_afirmativa", "name": {"es-MX": "Afirmativa ficta", "en": "Deemed approval"}}
    )
    workflow["final"].append("ficta_afirmativa")
    workflow["transitions"].append(
        {
            "id": "configurar_ficta",
            "from": "en_revision",
            "to": "ficta_afirmativa",
            "actor": "system",
            "label": {"es-MX": "Plazo vencido", "en": "Deadline passed"},
            "notify_citizen": True,
            "pauses_clock": False,
            "trigger": "plazo_vencido",
        }
    )
    return {"ficta": "afirmativa", "workflow": workflow}


def test_negativa_ficta_resolves_against_with_the_resolution_document(
    sonora, sonora_app, citizen, django_capture_on_commit_callbacks
):
    # given a case under review whose plazo ended last Friday (the test app's ficta: negativa)
    with tenant_context(sonora.government):
        case = make_case(sonora_app, status="en_revision", due_on=LATE, applicant=citizen)

        # when the daily job runs on Monday
        with django_capture_on_commit_callbacks(execute=True):
            applied = ficta_apply_due(today=TODAY)

        stored = Case.objects.get(pk=case.pk)
        (event,) = CaseEvent.objects.filter(case=case, kind=CaseEventKind.FICTA_APPLIED)
        (output,) = CaseOutput.objects.filter(case=case)
        actions = audit_actions(case)
        chain_ok = audit_verify().ok

    # then
    assert [item.pk for item in applied] == [case.pk]
    assert stored.status == "rechazada"
    assert stored.ficta_applied_at is not None and stored.resolved_at is not None
    assert stored.lock_version == 1  # an officer still looking at it is told it changed
    assert event.data == {
        "ficta": "negativa",
        "due_on": "2026-06-05",
        "from": "en_revision",
        "to": "rechazada",
        "output_id": "resolucion_rechazada",
    }
    assert event.message.startswith("El plazo legal venció sin resolución: se aplica la negativa")
    assert (output.output_id, bool(output.file), len(output.sha256)) == (
        "resolucion_rechazada",
        True,
        64,
    )
    assert actions == [AuditAction.CASE_TRANSITION, AuditAction.CASE_FICTA_APPLIED]
    assert chain_ok is True
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([citizen.email], f"Venció el plazo de tu solicitud {case.folio}")
    ]
    assert "negativa ficta" in mail.outbox[0].body


def test_the_ficta_applies_once_and_only_once(sonora, sonora_app):
    with tenant_context(sonora.government):
        case = make_case(sonora_app, status="en_revision", due_on=LATE)

        first = ficta_apply_due(today=TODAY)
        second = ficta_apply_due(today=TODAY)
        third = ficta_apply_due(today=date(2026, 7, 1))

        events = CaseEvent.objects.filter(case=case, kind=CaseEventKind.FICTA_APPLIED).count()
        outputs = CaseOutput.objects.filter(case=case).count()
        ficta_audits = audit_actions(case).count(AuditAction.CASE_FICTA_APPLIED)

    assert ([c.pk for c in first], second, third) == ([case.pk], [], [])
    assert (events, outputs, ficta_audits) == (1, 1, 1)


def test_afirmativa_takes_the_workflows_own_move_and_issues_the_favourable_resolution(sonora, cdmx):
    version = publish_filing_app(cdmx, "licencia-afirmativa", **afirmativa_with_ficta_state())
    app = enable(sonora, version)
    with tenant_context(sonora.government):
        case = make_case(app, status="en_revision", due_on=LATE)

        ficta_apply_due(today=TODAY)

        stored = Case.objects.get(pk=case.pk)
        outputs = list(CaseOutput.objects.filter(case=case).values_list("output_id", flat=True))

    assert stored.status == "ficta_afirmativa"
    assert stored.resolved_at is not None
    assert outputs == ["resolucion_aprobada"]


def test_afirmativa_without_a_workflow_move_still_resolves_in_favour(sonora, cdmx):
    # given an afirmativa app whose case was never even taken for review
    version = publish_filing_app(cdmx, "licencia-afirmativa-b", ficta="afirmativa")
    app = enable(sonora, version)
    with tenant_context(sonora.government):
        case = make_case(app, status="recibida", due_on=LATE)

        ficta_apply_due(today=TODAY)

        stored = Case.objects.get(pk=case.pk)
        event = CaseEvent.objects.get(case=case, kind=CaseEventKind.STATUS_CHANGED)

    assert stored.status == "aprobada"
    assert (event.from_status, event.to_status, event.data) == (
        "recibida",
        "aprobada",
        {"transition": "ficta_afirmativa"},
    )


def test_no_aplica_only_flags_the_case_overdue(sonora, cdmx):
    version = publish_filing_app(cdmx, "licencia-sin-ficta", ficta="no_aplica")
    app = enable(sonora, version)
    with tenant_context(sonora.government):
        case = make_case(app, status="en_revision", due_on=LATE)

        applied = ficta_apply_due(today=TODAY)

        stored = Case.objects.get(pk=case.pk)
        kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
        outputs = CaseOutput.objects.filter(case=case).count()

    assert [c.pk for c in applied] == [case.pk]
    assert (stored.status, stored.resolved_at, stored.ficta_applied_at is not None) == (
        "en_revision",
        None,
        True,
    )
    assert (kinds, outputs) == ([CaseEventKind.FICTA_APPLIED], 0)


def test_cases_on_time_paused_or_resolved_are_left_alone(sonora, sonora_app):
    with tenant_context(sonora.government):
        due_today = make_case(sonora_app, status="en_revision", due_on=TODAY)
        paused = make_case(sonora_app, status="prevencion", due_on=LATE)
        Case.objects.filter(pk=paused.pk).update(clock_paused_since=paused.created_at)
        resolved = make_case(sonora_app, status="aprobada", due_on=LATE)
        Case.objects.filter(pk=resolved.pk).update(resolved_at=resolved.created_at)
        no_plazo = make_case(sonora_app, status="en_revision", due_on=None)

        applied = ficta_apply_due(today=TODAY)
        untouched = Case.objects.filter(
            pk__in=[due_today.pk, paused.pk, resolved.pk, no_plazo.pk], ficta_applied_at=None
        ).count()

    assert (applied, untouched) == ([], 4)


def test_the_daily_task_runs_in_each_governments_schema(sonora, cdmx, sonora_app, cdmx_app):
    # given one overdue case in each government
    with tenant_context(sonora.government):
        in_sonora = make_case(sonora_app, status="en_revision", due_on=LATE)
    with tenant_context(cdmx.government):
        in_cdmx = make_case(cdmx_app, status="en_revision", due_on=LATE)

    # when the beat job runs (eagerly without a broker)
    sent = apply_ficta_for_all_tenants.delay(today=TODAY.isoformat()).get()

    # then each case got its ficta in its own schema
    with tenant_context(sonora.government):
        sonora_status = Case.objects.get(pk=in_sonora.pk).status
    with tenant_context(cdmx.government):
        cdmx_status = Case.objects.get(pk=in_cdmx.pk).status
    assert {"sonora", "cdmx"} <= set(sent)
    assert (sonora_status, cdmx_status) == ("rechazada", "rechazada")


def test_the_command_applies_the_ficta_in_one_government(sonora, cdmx, sonora_app, cdmx_app):
    with tenant_context(sonora.government):
        in_sonora = make_case(sonora_app, status="en_revision", due_on=LATE)
    with tenant_context(cdmx.government):
        in_cdmx = make_case(cdmx_app, status="en_revision", due_on=LATE)
    out = StringIO()

    call_command("apply_ficta", "--schema", "sonora", "--today", "2026-06-08", stdout=out)

    with tenant_context(sonora.government):
        sonora_status = Case.objects.get(pk=in_sonora.pk).status
    with tenant_context(cdmx.government):
        cdmx_status = Case.objects.get(pk=in_cdmx.pk).status
    assert out.getvalue() == "sonora: 1 expediente(s) / case(s)\n"
    assert (sonora_status, cdmx_status) == ("rechazada", "en_revision")


def test_the_job_is_scheduled_daily_at_six_in_mexico_city():
    from config.celery import app

    entry = app.conf.beat_schedule["apply-ficta-daily"]

    assert entry["task"] == "cases.tasks.apply_ficta_for_all_tenants"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {0})
    assert app.conf.timezone == "America/Mexico_City"
