"""Moving a case from one state of its workflow to the next: the one step every mover shares.

Office transitions (cases.office.services), the citizen's answer to a correction
(cases.filing.services) and the ficta job (cases.office.ficta) each decide *whether* the case may
move and check their actor; `case_move` then does the move the same way for all of them: the new
state and its clock, the version officers act on, the history event, the audit row and, when the
step says so, the citizen's e-mail after commit. It takes the case already locked by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cases import deadlines
from cases.events import status_changed_event
from cases.models import Case
from cases.selectors import case_definition
from cases.tasks import case_status_changed_email
from core.actors import Actor
from core.audit import AuditAction, audit_record
from core.tenancy import current_schema


def case_move(
    case: Case,
    step: Mapping[str, Any],
    *,
    actor: Actor,
    message: str,
    version_claimed: bool = False,
) -> Case:
    previous = case.status
    now = timezone.now()
    clock_fields = deadlines.deadline_apply_move(
        case, definition=case_definition(case), step=step, now=now
    )
    case.status = str(step["to"])
    case.status_changed_at = now
    case.save(update_fields=["status", "status_changed_at", "updated_at", *clock_fields])
    # Every move changes the version officers act on (a claim already incremented it).
    if not version_claimed:
        Case.objects.filter(pk=case.pk).update(lock_version=F("lock_version") + 1)
        case.refresh_from_db(fields=["lock_version"])
    status_changed_event(
        case,
        actor=actor,
        from_status=previous,
        to_status=case.status,
        transition_id=str(step.get("id", "")),
        message=message,
    )
    audit_record(
        action=AuditAction.CASE_TRANSITION,
        actor_email=actor.email,
        # The workflow's name for who moved it ("case_officer", "citizen", "system").
        actor_role=str(step.get("actor", "")),
        object_type="case",
        object_id=str(case.public_id),
        data={"transition": step.get("id", ""), "from": previous, "to": case.status},
    )
    if step.get("notify_citizen") and case.applicant_id:
        schema = current_schema()
        case_id = case.pk
        transaction.on_commit(
            lambda: case_status_changed_email.delay(case_id=case_id, schema_name=schema)
        )
    return case
