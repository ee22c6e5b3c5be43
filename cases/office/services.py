"""The office's writes on a government's cases: transitions, assignment, internal notes, messages
to the citizen, the audit of who opened a case, and the dashboard's registry figure.

Each service takes the acting party as one `core.actors.Actor` and checks its role itself before
touching anything, so a view, the API, a command or the ficta job is refused or allowed alike (the
views' `role_required` stays as a second fence). Refusals use `cases.actor_not_allowed`.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from cases import errors, workflow
from cases.events import assigned_event, internal_note_event, message_from_office_event
from cases.models import (
    Case,
    CaseEvent,
    CaseOutputKind,
    ProcedureRegistry,
)
from cases.outputs.services import case_output_issue
from cases.selectors import case_definition
from cases.transitions import case_move
from catalog.definition import Definition
from core.actors import Actor, ActorRole
from core.audit import AuditAction, audit_record
from core.errors import ApplicationError
from core.models import User

# --- after filing ---------------------------------------------------------------------------------


# Staff roles that may act on cases as the definition's "case_officer" (auditors only read).
CASE_ACTOR_ROLES = (ActorRole.CASE_OFFICER, ActorRole.ADMINISTRATOR)
CASE_READER_ROLES = (*CASE_ACTOR_ROLES, ActorRole.AUDITOR)
# Who may take a workflow transition: the office, the applicant (their own case only) and the
# platform (system transitions such as the ficta's).
TRANSITION_ROLES = (*CASE_ACTOR_ROLES, ActorRole.CITIZEN, ActorRole.SYSTEM)
# The dashboard's registry figure is the administration's; the demo loader sets it as the system.
REGISTRY_ROLES = (ActorRole.ADMINISTRATOR, ActorRole.SYSTEM)


@transaction.atomic
def case_transition(
    *,
    case: Case,
    transition_id: str,
    actor: Actor,
    message: str = "",
    expected_lock_version: int | None = None,
) -> Case:
    """Move the case along one transition of its workflow. The actor's role decides as whom it
    acts in the definition ("case_officer", "citizen", "system"); the transition must start at
    the case's state and belong to that party, and a citizen may only move their own case.
    Records the event; notifies the citizen after commit when the transition says so.

    `expected_lock_version` is the case's `lock_version` the officer saw: when someone else
    changed the case since, the transition is refused (`cases.stale_case`) and nothing is
    written, so two officers acting at once cannot both win.
    """
    _require(actor, *TRANSITION_ROLES)
    actor_kind = _workflow_party(actor)
    if actor_kind == workflow.CITIZEN and (
        actor.user is None or case.applicant_id != actor.user.pk
    ):
        # The same answer as a transition that does not exist: another person's case is not
        # confirmed to a citizen probing for it.
        raise _transition_not_allowed()
    if expected_lock_version is not None:
        _claim_version(case, expected_lock_version)
    case = Case.objects.select_for_update().get(pk=case.pk)
    definition = case_definition(case)
    step = workflow.transition(definition, transition_id)
    if step is None or step.get("from") != case.status or step.get("actor") != actor_kind:
        raise _transition_not_allowed()
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
        actor=actor,
        message=message.strip(),
        version_claimed=expected_lock_version is not None,
    )


@transaction.atomic
def case_assign(
    *,
    case: Case,
    officer: User | None,
    actor: Actor,
    expected_lock_version: int | None = None,
) -> Case:
    """Give the case to an officer of this government (None: back to the common inbox).
    Internal: recorded in the office's history and the audit trail, not shown to the citizen."""
    _require(actor, *CASE_ACTOR_ROLES)
    # The assignee must be able to act on it too: the same rule, applied to their account.
    if officer is not None and not Actor.of_user(officer).has(*CASE_ACTOR_ROLES):
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
    assigned_event(case, actor=actor, from_email=previous, to_email=target)
    audit_record(
        action=AuditAction.CASE_ASSIGNED,
        actor_email=actor.email,
        actor_role=actor.role,
        object_type="case",
        object_id=str(case.public_id),
        data={"from": previous, "to": target},
    )
    return case


@transaction.atomic
def case_note_add(*, case: Case, text: str, actor: Actor) -> CaseEvent:
    """An internal note on the case: for the office only, never shown to the citizen. The
    audit trail records that a note was written, not its text (notes may carry personal data)."""
    _require(actor, *CASE_ACTOR_ROLES)
    if not text.strip():
        raise ApplicationError.single(
            errors.COMMENT_REQUIRED,
            "Escribe la nota.",
            "Write the note.",
            "text",
        )
    event = internal_note_event(case, actor=actor, text=text.strip())
    audit_record(
        action=AuditAction.CASE_NOTE_ADDED,
        actor_email=actor.email,
        actor_role=actor.role,
        object_type="case",
        object_id=str(case.public_id),
        data={"event": event.pk, "length": len(text.strip())},
    )
    return event


@transaction.atomic
def case_view_record(*, case: Case, actor: Actor) -> None:
    """Note in the audit trail that a member of staff opened the case (who saw what, when)."""
    _require(actor, *CASE_READER_ROLES)
    audit_record(
        action=AuditAction.CASE_VIEWED,
        actor_email=actor.email,
        actor_role=actor.role,
        object_type="case",
        object_id=str(case.public_id),
        data={"folio": case.folio},
    )


def _require(actor: Actor, *roles: ActorRole) -> None:
    actor.require(
        *roles,
        code=errors.ACTOR_NOT_ALLOWED,
        message_es="Tu cuenta no puede atender expedientes.",
        message_en="Your account cannot work on cases.",
    )


def _workflow_party(actor: Actor) -> str:
    """As whom the actor acts in a definition's workflow (its transitions' `actor`)."""
    if actor.is_system:
        return "system"
    if actor.has(*CASE_ACTOR_ROLES):
        return OFFICER
    return workflow.CITIZEN


def _transition_not_allowed() -> ApplicationError:
    return ApplicationError.single(
        errors.TRANSITION_NOT_ALLOWED,
        "Ese cambio de estado no es posible ahora.",
        "That status change is not possible now.",
        "transition",
    )


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
def case_message_from_office(*, case: Case, actor: Actor, message: str) -> CaseEvent:
    """A message to the citizen that does not change the status."""
    _require(actor, *CASE_ACTOR_ROLES)
    if not message.strip():
        raise ApplicationError.single(
            errors.COMMENT_REQUIRED,
            "Escribe el mensaje.",
            "Write the message.",
            "message",
        )
    return message_from_office_event(case, actor=actor, message=message.strip())


# --- dashboard figures ---------------------------------------------------------------------------
@transaction.atomic
def procedure_registry_set(*, offline_procedures: int, actor: Actor) -> ProcedureRegistry:
    """Set how many procedures of the government's registry have no catalogue app yet."""
    _require(actor, *REGISTRY_ROLES)
    if offline_procedures < 0:
        raise ValueError("offline_procedures cannot be negative")
    registry = ProcedureRegistry.objects.select_for_update().first() or ProcedureRegistry()
    registry.offline_procedures = offline_procedures
    registry.save()
    audit_record(
        action="registry.offline_procedures_set",
        actor_email=actor.email,
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
    actor: Actor,
    expected_lock_version: int,
    message: str = "",
    site_url: str = "",
) -> Case:
    """Take one of the office's transitions, refused with `cases.stale_case` when somebody
    acted on the case since `expected_lock_version` was read; then issue the outputs the
    definition attaches to the new state (never the acuse, never twice)."""
    # Office staff only: case_transition alone would also let a citizen or the system through.
    _require(actor, *CASE_ACTOR_ROLES)
    case = case_transition(
        case=case,
        transition_id=transition_id,
        actor=actor,
        message=message,
        expected_lock_version=expected_lock_version,
    )
    issued = set(case.outputs.values_list("output_id", flat=True))
    app = Definition(case_definition(case))
    for output in app.outputs_on_state(case.status):
        if output.get("kind") != CaseOutputKind.ACUSE and output.get("id") not in issued:
            case_output_issue(
                case=case, output_id=str(output["id"]), actor=actor, site_url=site_url
            )
    return case
