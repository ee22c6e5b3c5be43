"""A case's history: one function per kind of event, the only code that writes `CaseEvent` rows.

Each kind carries different facts (a status change its two states and transition, an assignment
the two officers, a ficta its legal outcome), so each has its own typed keyword arguments instead
of one generic writer taking a free-form `data` dict: the row's shape is fixed here, and the
citizen's timeline, the office's history and the demo read the same keys whoever wrote them.

Services call these inside their own transaction, after their change, so the event commits or
rolls back with it. They check nothing: the calling service has already checked its actor.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cases.models import Case, CaseDocument, CaseEvent, CaseEventKind, CaseOutput
from core.actors import Actor


def case_filed_event(
    case: Case, *, actor: Actor, at: datetime.datetime, message: str = ""
) -> CaseEvent:
    """The application was filed (online by its applicant, or captured at the counter)."""
    return _create(case, CaseEventKind.FILED, actor, to_status=case.status, message=message, at=at)


def status_changed_event(
    case: Case,
    *,
    actor: Actor,
    from_status: str,
    to_status: str,
    transition_id: str,
    message: str = "",
) -> CaseEvent:
    """The case moved along its workflow; `message` is the reason the citizen reads."""
    return _create(
        case,
        CaseEventKind.STATUS_CHANGED,
        actor,
        from_status=from_status,
        to_status=to_status,
        message=message,
        data={"transition": transition_id},
    )


def message_from_office_event(case: Case, *, actor: Actor, message: str) -> CaseEvent:
    """A message to the citizen that does not change the status."""
    return _create(case, CaseEventKind.MESSAGE_FROM_OFFICE, actor, message=message)


def citizen_reply_event(
    case: Case, *, actor: Actor, message: str, changed: list[str], documents: list[str]
) -> CaseEvent:
    """The citizen answered a correction: the answers that changed and the documents sent."""
    return _create(
        case,
        CaseEventKind.CITIZEN_REPLY,
        actor,
        message=message,
        data={"changed": changed, "documents": documents},
    )


def document_added_event(case: Case, *, actor: Actor, document: CaseDocument) -> CaseEvent:
    return _create(
        case,
        CaseEventKind.DOCUMENT_ADDED,
        actor,
        data={"document_id": document.document_id, "document": str(document.public_id)},
    )


def output_issued_event(case: Case, *, actor: Actor, output: CaseOutput) -> CaseEvent:
    return _create(
        case,
        CaseEventKind.OUTPUT_ISSUED,
        actor,
        data={"output_id": output.output_id, "output": str(output.public_id)},
    )


def internal_note_event(case: Case, *, actor: Actor, text: str) -> CaseEvent:
    """A note for the office only (an INTERNAL_EVENT_KINDS kind: citizens never see it)."""
    return _create(case, CaseEventKind.INTERNAL_NOTE, actor, message=text)


def assigned_event(case: Case, *, actor: Actor, from_email: str, to_email: str) -> CaseEvent:
    """The case changed hands; "" on either side is the common inbox. Office only."""
    return _create(case, CaseEventKind.ASSIGNED, actor, data={"from": from_email, "to": to_email})


def ficta_applied_event(
    case: Case,
    *,
    actor: Actor,
    ficta: str,
    from_status: str,
    moved: bool,
    message: str,
    output_id: str,
    at: datetime.datetime,
) -> CaseEvent:
    """The plazo passed with no resolution and the app's ficta applied. `moved`: the case was
    resolved by it (afirmativa / negativa); otherwise it was only flagged and keeps its state.
    The event's `data` is also what the audit trail records for the ficta."""
    return _create(
        case,
        CaseEventKind.FICTA_APPLIED,
        actor,
        from_status=from_status,
        to_status=case.status if moved else "",
        message=message,
        data={
            "ficta": ficta,
            "due_on": case.due_on.isoformat() if case.due_on else "",
            "from": from_status,
            "to": case.status,
            "output_id": output_id,
        },
        at=at,
    )


def _create(
    case: Case,
    kind: CaseEventKind,
    actor: Actor,
    *,
    from_status: str = "",
    to_status: str = "",
    message: str = "",
    data: dict[str, Any] | None = None,
    at: datetime.datetime | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor_email=actor.email,
        from_status=from_status,
        to_status=to_status,
        message=message,
        data=data or {},
        created_at=at or timezone.now(),
    )
