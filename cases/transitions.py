"""TODO docstring."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cases import deadlines
from cases.events import event_record
from cases.models import (
    Case,
    CaseEventKind,
)
from cases.selectors import case_definition
from cases.tasks import case_status_changed_email
from core.audit import AuditAction, audit_record
from core.tenancy import current_schema


def case_move(
    case: Case,
    step: Mapping[str, Any],
    *,
    actor_email: str,
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
    event_record(
        case,
        CaseEventKind.STATUS_CHANGED,
        actor_email=actor_email,
        from_status=previous,
        to_status=case.status,
        message=message,
        data={"transition": step.get("id", "")},
    )
    audit_record(
        action=AuditAction.CASE_TRANSITION,
        actor_email=actor_email,
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
