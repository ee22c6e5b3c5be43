"""The case services check their actor themselves: called directly (as a command, a task or a
careless view would), a citizen, an auditor or any other role is refused and nothing changes, no
history row, no audit row. The platform (the ficta job) does what the law has it do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from cases import errors
from cases.models import Case, CaseEvent, CaseOutput, ProcedureRegistry
from cases.office.ficta import ficta_apply_due
from cases.office.services import (
    case_assign,
    case_message_from_office,
    case_note_add,
    case_officer_transition,
    case_transition,
    case_view_record,
    procedure_registry_set,
)
from cases.outputs.services import case_output_issue
from core.actors import Actor, ActorRole
from core.audit import AuditAction, audit_events_for_object
from core.errors import ApplicationError
from core.models import AuditEvent, Role
from tests.cases.case_factory import make_case

pytestmark = pytest.mark.usefixtures("in_sonora")


@pytest.fixture
def officer(sonora: Any, make_user: Any) -> Any:
    return make_user(sonora, email="funcionaria@sonora.gob.mx", roles=[Role.CASE_OFFICER])


@pytest.fixture
def actors(sonora: Any, make_user: Any, citizen: Any, officer: Any) -> dict[str, Actor]:
    auditor = make_user(sonora, email="auditoria@sonora.gob.mx", roles=[Role.AUDITOR])
    former = make_user(sonora, email="antes@sonora.gob.mx", roles=[Role.CASE_OFFICER])
    former.is_active = False
    former.save(update_fields=["is_active"])
    return {
        "citizen": Actor.of_user(citizen),
        "auditor": Actor.of_user(auditor),
        "officer": Actor.of_user(officer),
        "former_officer": Actor.of_user(former),
        "anonymous": Actor.of_user(AnonymousUser()),
        "catalog_editor": Actor.named("editor@sonora.gob.mx", ActorRole.CATALOG_EDITOR),
        "system": Actor.system("test"),
    }


def snapshot(case: Case) -> tuple[Any, ...]:
    stored = Case.objects.get(pk=case.pk)
    return (
        stored.status,
        stored.lock_version,
        stored.assigned_to_id,
        stored.updated_at,
        CaseEvent.objects.filter(case=case).count(),
        CaseOutput.objects.filter(case=case).count(),
        AuditEvent.objects.count(),
        list(ProcedureRegistry.objects.values_list("offline_procedures", flat=True)),
    )


Call = Callable[[Case, Actor, Any], object]

CALLS: dict[str, Call] = {
    "case_transition": lambda case, actor, _officer: case_transition(
        case=case, transition_id="aprobar", actor=actor
    ),
    "case_officer_transition": lambda case, actor, _officer: case_officer_transition(
        case=case, transition_id="aprobar", actor=actor, expected_lock_version=0
    ),
    "case_assign": lambda case, actor, officer: case_assign(
        case=case, officer=officer, actor=actor
    ),
    "case_note_add": lambda case, actor, _officer: case_note_add(
        case=case, text="Nota", actor=actor
    ),
    "case_message_from_office": lambda case, actor, _officer: case_message_from_office(
        case=case, actor=actor, message="Mensaje"
    ),
    "case_view_record": lambda case, actor, _officer: case_view_record(case=case, actor=actor),
    "case_output_issue": lambda case, actor, _officer: case_output_issue(
        case=case, output_id="resolucion_aprobada", actor=actor
    ),
    "procedure_registry_set": lambda _case, actor, _officer: procedure_registry_set(
        offline_procedures=5, actor=actor
    ),
}


@pytest.mark.parametrize(
    ("service", "who"),
    [
        ("case_transition", "auditor"),
        ("case_transition", "catalog_editor"),
        ("case_transition", "anonymous"),
        ("case_transition", "former_officer"),
        ("case_officer_transition", "citizen"),
        ("case_officer_transition", "system"),
        ("case_officer_transition", "auditor"),
        ("case_assign", "citizen"),
        ("case_assign", "auditor"),
        ("case_assign", "system"),
        ("case_note_add", "citizen"),
        ("case_note_add", "auditor"),
        ("case_note_add", "system"),
        ("case_message_from_office", "citizen"),
        ("case_message_from_office", "auditor"),
        ("case_view_record", "citizen"),
        ("case_view_record", "catalog_editor"),
        ("case_output_issue", "citizen"),
        ("case_output_issue", "auditor"),
        ("procedure_registry_set", "officer"),
        ("procedure_registry_set", "auditor"),
        ("procedure_registry_set", "citizen"),
    ],
)
def test_a_case_service_called_directly_refuses_other_roles_and_changes_nothing(
    sonora_app, citizen, officer, actors, service, who
):
    # given the citizen's case under review (each call would succeed for the right actor)
    case = make_case(sonora_app, status="en_revision", applicant=citizen)
    before = snapshot(case)

    with pytest.raises(ApplicationError) as refused:
        CALLS[service](case, actors[who], officer)

    assert [e.code for e in refused.value.errors] == [errors.ACTOR_NOT_ALLOWED]
    assert snapshot(case) == before


def test_a_citizen_withdraws_their_own_case_but_cannot_move_anyone_elses(
    sonora, sonora_app, citizen, make_citizen, actors
):
    own = make_case(sonora_app, applicant=citizen)
    other = make_case(sonora_app, applicant=make_citizen(sonora, "otra@example.mx"))

    moved = case_transition(case=own, transition_id="desistir", actor=actors["citizen"])
    before = snapshot(other)
    with pytest.raises(ApplicationError) as refused:
        case_transition(case=other, transition_id="desistir", actor=actors["citizen"])

    assert moved.status == "cancelada"
    # The same answer as a transition that does not exist: the other case is not confirmed.
    assert [e.code for e in refused.value.errors] == [errors.TRANSITION_NOT_ALLOWED]
    assert snapshot(other) == before


def test_the_system_takes_system_transitions_and_issues_documents_as_the_ficta_needs(
    sonora_app, citizen, actors
):
    # given a case in prevención (its workflow's system move: desechar) and an approved one
    lapsed = make_case(sonora_app, status="prevencion", applicant=citizen)
    approved = make_case(sonora_app, status="aprobada", applicant=citizen)

    moved = case_transition(case=lapsed, transition_id="desechar", actor=actors["system"])
    issued = case_output_issue(
        case=approved, output_id="resolucion_aprobada", actor=actors["system"]
    )

    # then both are written, with no person's e-mail on the case's rows
    assert moved.status == "desechada"
    assert list(lapsed.events.values_list("kind", "actor_email")) == [("status_changed", "")]
    assert (issued.output_id, issued.issued_by_email) == ("resolucion_aprobada", "")
    assert list(approved.events.values_list("kind", "actor_email")) == [("output_issued", "")]


def test_the_system_cannot_take_the_offices_transitions(sonora_app, citizen, actors):
    case = make_case(sonora_app, status="en_revision", applicant=citizen)
    before = snapshot(case)

    with pytest.raises(ApplicationError) as refused:
        case_transition(case=case, transition_id="aprobar", actor=actors["system"])

    assert [e.code for e in refused.value.errors] == [errors.TRANSITION_NOT_ALLOWED]
    assert snapshot(case) == before


def test_the_ficta_job_acts_as_the_system_with_the_rows_it_always_wrote(sonora_app, citizen):
    # given a case under review past its plazo (the test app's ficta: negativa)
    case = make_case(sonora_app, status="en_revision", applicant=citizen, due_on=date(2026, 6, 5))

    ficta_apply_due(today=date(2026, 6, 8))

    # then the case's rows name no person, and the audit trail names the platform
    assert sorted(case.events.values_list("kind", "actor_email")) == [
        ("ficta_applied", ""),
        ("output_issued", ""),
        ("status_changed", ""),
    ]
    assert list(case.outputs.values_list("output_id", "issued_by_email")) == [
        ("resolucion_rechazada", "")
    ]
    audit = audit_events_for_object(object_type="case", object_id=str(case.public_id))
    assert [(e.action, e.actor_email, e.actor_role) for e in audit] == [
        (AuditAction.CASE_TRANSITION, "", "system"),
        (AuditAction.CASE_FICTA_APPLIED, "sistema", "system"),
    ]
