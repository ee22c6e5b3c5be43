"""TODO docstring."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import F

from cases import errors, workflow
from cases.events import event_record
from cases.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseOutputKind,
    ProcedureRegistry,
)
from cases.outputs.services import case_output_issue
from cases.selectors import case_definition
from cases.transitions import case_move
from core.audit import AuditAction, audit_record
from core.errors import ApplicationError
from core.models import Role, User

# --- after filing ---------------------------------------------------------------------------------


# Staff roles that may act on cases as the definition's "case_officer" (auditors only read).
CASE_ACTOR_ROLES = (Role.CASE_OFFICER, Role.ADMINISTRATOR)


@transaction.atomic
def case_transition(
    *,
    case: Case,
    transition_id: str,
    actor_email: str,
    actor_kind: str,
    message: str = "",
    expected_lock_version: int | None = None,
    actor: User | None = None,
) -> Case:
    """Move the case along one transition of its workflow. `actor_kind` is who acts as the
    definition names it ("citizen", "case_officer", "system"); the transition must start at the
    case's state and belong to that actor. Records the event; notifies the citizen after commit
    when the transition says so.

    `expected_lock_version` is the case's `lock_version` the officer saw: when someone else
    changed the case since, the transition is refused (`cases.stale_case`) and nothing is
    written, so two officers acting at once cannot both win. With `actor`, an officer
    transition also requires that user to hold a case-officer or administrator role.
    """
    if actor is not None and actor_kind == "case_officer" and not _can_act(actor):
        raise ApplicationError.single(
            errors.ACTOR_NOT_ALLOWED,
            "Tu cuenta no puede atender expedientes.",
            "Your account cannot work on cases.",
        )
    if expected_lock_version is not None:
        _claim_version(case, expected_lock_version)
    case = Case.objects.select_for_update().get(pk=case.pk)
    definition = case_definition(case)
    step = workflow.transition(definition, transition_id)
    if step is None or step.get("from") != case.status or step.get("actor") != actor_kind:
        raise ApplicationError.single(
            errors.TRANSITION_NOT_ALLOWED,
            "Ese cambio de estado no es posible ahora.",
            "That status change is not possible now.",
            "transition",
        )
    if step.get("requires_comment") and not message.strip():
        raise ApplicationError.single(
            errors.COMMENT_REQUIRED,
            "Escribe el motivo; la persona solicitante lo verá.",
            "Write the reason; the applicant will see it.",
            "message",
        )
    return case_move(
        case,
        step,
        actor_email=actor_email,
        message=message.strip(),
        version_claimed=expected_lock_version is not None,
    )


@transaction.atomic
def case_assign(
    *,
    case: Case,
    officer: User | None,
    actor: User,
    expected_lock_version: int | None = None,
) -> Case:
    """Give the case to an officer of this government (None: back to the common inbox).
    Internal: recorded in the office's history and the audit trail, not shown to the citizen."""
    if not _can_act(actor):
        raise ApplicationError.single(
            errors.ACTOR_NOT_ALLOWED,
            "Tu cuenta no puede atender expedientes.",
            "Your account cannot work on cases.",
        )
    if officer is not None and not (officer.is_active and _can_act(officer)):
        raise ApplicationError.single(
            errors.ASSIGNEE_INVALID,
            "Solo se puede asignar a personas que atienden expedientes.",
            "Cases can only be assigned to people who work on cases.",
            "officer",
        )
    if expected_lock_version is not None:
        _claim_version(case, expected_lock_version)
    else:
        Case.objects.filter(pk=case.pk).update(lock_version=F("lock_version") + 1)
    case = Case.objects.select_for_update().get(pk=case.pk)
    previous = case.assigned_to.email if case.assigned_to is not None else ""
    case.assigned_to = officer
    case.save(update_fields=["assigned_to", "updated_at"])
    target = officer.email if officer is not None else ""
    event_record(
        case,
        CaseEventKind.ASSIGNED,
        actor_email=actor.email,
        data={"from": previous, "to": target},
    )
    audit_record(
        action=AuditAction.CASE_ASSIGNED,
        actor_email=actor.email,
        actor_role=_role_of(actor),
        object_type="case",
        object_id=str(case.public_id),
        data={"from": previous, "to": target},
    )
    return case


@transaction.atomic
def case_note_add(*, case: Case, text: str, actor: User) -> CaseEvent:
    """An internal note on the case: for the office only, never shown to the citizen. The
    audit trail records that a note was written, not its text (notes may carry personal data)."""
    if not _can_act(actor):
        raise ApplicationError.single(
            errors.ACTOR_NOT_ALLOWED,
            "Tu cuenta no puede atender expedientes.",
            "Your account cannot work on cases.",
        )
    if not text.strip():
        raise ApplicationError.single(
            errors.COMMENT_REQUIRED,
            "Escribe la nota.",
            "Write the note.",
            "text",
        )
    event = event_record(
        case, CaseEventKind.INTERNAL_NOTE, actor_email=actor.email, message=text.strip()
    )
    audit_record(
        action=AuditAction.CASE_NOTE_ADDED,
        actor_email=actor.email,
        actor_role=_role_of(actor),
        object_type="case",
        object_id=str(case.public_id),
        data={"event": event.pk, "length": len(text.strip())},
    )
    return event


@transaction.atomic
def case_view_record(*, case: Case, actor: User) -> None:
    """Note in the audit trail that a member of staff opened the case (who saw what, when)."""
    audit_record(
        action=AuditAction.CASE_VIEWED,
        actor_email=actor.email,
        actor_role=_role_of(actor),
        object_type="case",
        object_id=str(case.public_id),
        data={"folio": case.folio},
    )


def _can_act(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and any(user.has_role(role) for role in CASE_ACTOR_ROLES)
    )


def _role_of(user: User) -> str:
    for role in (Role.CASE_OFFICER, Role.ADMINISTRATOR, Role.AUDITOR):
        if user.has_role(role):
            return str(role)
    return ""


def _claim_version(case: Case, expected: int) -> None:
    """Take the case for this transaction if it is still the version the officer saw.

    The conditional UPDATE locks the row; a concurrent claim waits, then finds the version
    moved on and matches no row. The increment commits or rolls back with the caller's change.
    """
    claimed = Case.objects.filter(pk=case.pk, lock_version=expected).update(
        lock_version=F("lock_version") + 1
    )
    if not claimed:
        raise ApplicationError.single(
            errors.STALE_CASE,
            "Otra persona modificó este expediente mientras lo veías; revisa su estado actual "
            "y vuelve a intentarlo.",
            "Someone else changed this case while you were looking at it; check its current "
            "status and try again.",
        )


@transaction.atomic
def case_message_from_office(*, case: Case, actor_email: str, message: str) -> CaseEvent:
    """A message to the citizen that does not change the status."""
    if not message.strip():
        raise ApplicationError.single(
            errors.COMMENT_REQUIRED,
            "Escribe el mensaje.",
            "Write the message.",
            "message",
        )
    return event_record(
        case, CaseEventKind.MESSAGE_FROM_OFFICE, actor_email=actor_email, message=message.strip()
    )


# --- dashboard figures ---------------------------------------------------------------------------
@transaction.atomic
def procedure_registry_set(*, offline_procedures: int, actor_email: str) -> ProcedureRegistry:
    """Set how many procedures of the government's registry have no catalogue app yet."""
    if offline_procedures < 0:
        raise ValueError("offline_procedures cannot be negative")
    registry = ProcedureRegistry.objects.select_for_update().first() or ProcedureRegistry()
    registry.offline_procedures = offline_procedures
    registry.save()
    audit_record(
        action="registry.offline_procedures_set",
        actor_email=actor_email,
        object_type="procedure_registry",
        object_id=str(registry.pk),
        data={"offline_procedures": offline_procedures},
    )
    return registry


OFFICER = "case_officer"


@transaction.atomic
def case_officer_transition(
    *,
    case: Case,
    transition_id: str,
    actor: User,
    expected_lock_version: int,
    message: str = "",
    site_url: str = "",
) -> Case:
    """Take one of the office's transitions, refused with `cases.stale_case` when somebody
    acted on the case since `expected_lock_version` was read; then issue the outputs the
    definition attaches to the new state (never the acuse, never twice)."""
    case = case_transition(
        case=case,
        transition_id=transition_id,
        actor_email=actor.email,
        actor_kind=OFFICER,
        message=message,
        expected_lock_version=expected_lock_version,
        actor=actor,
    )
    issued = set(case.outputs.values_list("output_id", flat=True))
    for output in case_definition(case).get("outputs") or []:
        if (
            isinstance(output, Mapping)
            and output.get("on_state") == case.status
            and output.get("kind") != CaseOutputKind.ACUSE
            and output.get("id") not in issued
        ):
            case_output_issue(
                case=case, output_id=str(output["id"]), actor_email=actor.email, site_url=site_url
            )
    return case
