"""Silence of the authority: when a case's plazo passes with no resolution, its app's ficta applies.

- afirmativa → the case is resolved favourably by law: it moves to the favourable state and the
  favourable resolution document (PDF with QR) is issued;
- negativa → it is resolved unfavourably, the same way;
- no_aplica → nothing is resolved; the case is flagged overdue in its history.

Where the workflow names the move (a system transition with trigger `plazo_vencido` from the
case's state, e.g. to `ficta_afirmativa`), that transition is taken. Otherwise the law still
applies: the case goes straight to the state that issues the matching resolution ("aprobada" /
"rechazada"); when the definition has no such state, the case is only flagged, like no_aplica.

Once and only once: each case is handled in its own transaction under a row lock, and only while
`ficta_applied_at` is empty; concurrent runs skip locked rows and re-check after locking. Run
daily by the Celery beat entry (cases.tasks.apply_ficta_for_all_tenants) and by
`manage.py apply_ficta`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from cases import workflow
from cases.deadlines import resolution_states
from cases.events import ficta_applied_event
from cases.models import Case
from cases.outputs.services import case_output_issue
from cases.selectors import case_definition
from cases.tasks import case_ficta_email
from cases.transitions import case_move
from catalog.definition import Definition
from catalog.definition.vocabulary import FICTA_AFIRMATIVA, FICTA_NEGATIVA, FICTA_NO_APLICA
from core.actors import Actor
from core.audit import AuditAction, audit_record
from core.tenancy import current_schema

# The name the audit trail gives the platform. The case's own rows (history, issued documents)
# keep a blank e-mail, as for any move no person made: that is FICTA_ACTOR's.
SYSTEM_ACTOR = "sistema"
# How an unfavourable resolution state is recognised by its id when the workflow has no
# `plazo_vencido` transition from the case's state; any other resolution state is favourable.
_UNFAVOURABLE_MARKERS = ("rechaz", "negativ", "improced", "deneg", "anul")
_MESSAGES = {
    FICTA_AFIRMATIVA: "El plazo legal venció sin resolución: se aplica la afirmativa ficta y la "
    "solicitud se tiene por resuelta a favor.",
    FICTA_NEGATIVA: "El plazo legal venció sin resolución: se aplica la negativa ficta y la "
    "solicitud se tiene por resuelta en sentido negativo.",
    FICTA_NO_APLICA: "El plazo legal venció sin resolución.",
}


def cases_past_due(*, today: date) -> QuerySet[Case]:
    """Cases whose plazo ended before `today` with no resolution and no ficta yet; a case
    waiting for the citizen is not late (its clock is stopped)."""
    return Case.objects.filter(
        due_on__lt=today,
        resolved_at__isnull=True,
        ficta_applied_at__isnull=True,
        clock_paused_since__isnull=True,
    )


def ficta_apply_due(*, today: date | None = None) -> list[Case]:
    """Apply the ficta to every case of the current schema past its plazo; the cases handled."""
    today = today or timezone.localdate()
    applied = []
    for pk in cases_past_due(today=today).order_by("due_on", "id").values_list("pk", flat=True):
        case = _apply_one(pk, today=today)
        if case is not None:
            applied.append(case)
    return applied


@transaction.atomic
def _apply_one(pk: int, *, today: date) -> Case | None:
    # Re-checked under the lock: another run (or an officer) may have got there first.
    case = (
        cases_past_due(today=today)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("enabled_app", "version")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        return None
    # Built per case: the system actor names the schema it acts in, the one of this run.
    actor = Actor.system("ficta")
    definition = Definition(case_definition(case))
    ficta = definition.ficta
    if ficta not in (FICTA_AFIRMATIVA, FICTA_NEGATIVA):
        ficta = FICTA_NO_APLICA
    previous = case.status
    step = _ficta_step(definition, case.status, ficta) if ficta != FICTA_NO_APLICA else None
    now = timezone.now()
    case.ficta_applied_at = now
    case.save(update_fields=["ficta_applied_at", "updated_at"])
    output_id = ""
    if step is not None:
        # The ficta e-mail below tells the citizen; no second status e-mail.
        case = case_move(case, {**step, "notify_citizen": False}, actor=actor, message="")
        output_id = _resolution_output(definition, str(step["to"]), ficta)
        if output_id:
            case_output_issue(case=case, output_id=output_id, actor=actor)
    else:
        Case.objects.filter(pk=case.pk).update(lock_version=F("lock_version") + 1)
    event = ficta_applied_event(
        case,
        actor=actor,
        ficta=ficta,
        from_status=previous,
        moved=step is not None,
        message=_MESSAGES[ficta],
        output_id=output_id,
        at=now,
    )
    audit_record(
        action=AuditAction.CASE_FICTA_APPLIED,
        actor_email=SYSTEM_ACTOR,
        actor_role=actor.role,
        object_type="case",
        object_id=str(case.public_id),
        data=event.data,
    )
    if case.applicant_id:
        schema = current_schema()
        case_id = case.pk
        transaction.on_commit(lambda: case_ficta_email.delay(case_id=case_id, schema_name=schema))
    case.refresh_from_db()
    return case


def _ficta_step(definition: Mapping[str, Any], status: str, ficta: str) -> Mapping[str, Any] | None:
    for item in workflow.transitions_from(definition, status, actor="system"):
        if item.get("trigger") == "plazo_vencido":
            return item
    target = _resolution_state(definition, ficta)
    if target is None:
        return None
    return {
        "id": f"ficta_{ficta}",
        "from": status,
        "to": target,
        "actor": "system",
        "notify_citizen": False,
        "pauses_clock": False,
    }


def _resolution_state(definition: Mapping[str, Any], ficta: str) -> str | None:
    issuing = [str(item.get("on_state")) for item in Definition(definition).resolution_outputs]
    candidates = [state for state in issuing if state in resolution_states(definition)]
    for state in candidates:
        unfavourable = any(marker in state for marker in _UNFAVOURABLE_MARKERS)
        if ficta == FICTA_NEGATIVA and unfavourable:
            return state
        if ficta == FICTA_AFIRMATIVA and not unfavourable:
            return state
    return None


def _resolution_output(definition: Mapping[str, Any], state: str, ficta: str) -> str:
    """The resolution document for the state reached: the one issued in that state, or (for a
    dedicated ficta state without one) the favourable / unfavourable resolution."""
    outputs = Definition(definition).resolution_outputs
    for item in outputs:
        if item.get("on_state") == state:
            return str(item["id"])
    fallback = _resolution_state(definition, ficta)
    for item in outputs:
        if fallback is not None and item.get("on_state") == fallback:
            return str(item["id"])
    return ""
