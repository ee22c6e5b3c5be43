"""Office-side services: transitions by role, assignment, internal notes (never shown to the
citizen), the audit of views, and what filing now stores for the inbox (name, CURP, deadline)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from cases import errors
from cases.models import Case, CaseEvent, CaseEventKind
from cases.office.services import case_assign, case_note_add, case_transition, case_view_record
from cases.selectors import case_events
from core.actors import Actor, ActorRole
from core.audit import AuditAction, audit_events_for_object, audit_verify
from core.errors import ApplicationError
from core.models import Role
from tests.cases.case_factory import make_case

pytestmark = pytest.mark.usefixtures("in_sonora")


@pytest.fixture
def officer(sonora: Any, make_user: Any) -> Any:
    return make_user(sonora, email="funcionaria@sonora.gob.mx", roles=[Role.CASE_OFFICER])


@pytest.fixture
def auditor(sonora: Any, make_user: Any) -> Any:
    return make_user(sonora, email="auditoria@sonora.gob.mx", roles=[Role.AUDITOR])


def only_error(error: ApplicationError) -> str:
    assert len(error.errors) == 1
    return error.errors[0].code


def test_an_officer_takes_a_case_for_review_and_the_version_moves_on(sonora_app, officer):
    # given
    case = make_case(sonora_app)

    # when
    moved = case_transition(
        case=case,
        transition_id="iniciar_revision",
        actor=Actor.of_user(officer),
        expected_lock_version=0,
    )

    # then
    assert (moved.status, moved.lock_version) == ("en_revision", 1)
    assert Case.objects.get(pk=case.pk).lock_version == 1
    assert [event.kind for event in case_events(moved)] == [CaseEventKind.STATUS_CHANGED]


def test_an_auditor_cannot_move_a_case(sonora_app, auditor):
    case = make_case(sonora_app)

    with pytest.raises(ApplicationError) as raised:
        case_transition(
            case=case,
            transition_id="iniciar_revision",
            actor=Actor.of_user(auditor),
        )

    assert only_error(raised.value) == errors.ACTOR_NOT_ALLOWED
    assert Case.objects.get(pk=case.pk).status == "recibida"
    assert CaseEvent.objects.filter(case=case).count() == 0


@pytest.mark.parametrize(
    ("status", "transition_id", "actor_kind"),
    [
        ("recibida", "aprobar", "case_officer"),  # not from this state
        ("en_revision", "atender_prevencion", "case_officer"),  # the citizen's
        ("en_revision", "desistir", "case_officer"),  # another state's, the citizen's
        ("recibida", "iniciar_revision", "citizen"),  # the office's
    ],
)
def test_transitions_outside_the_workflow_are_refused(
    sonora_app, officer, status, transition_id, actor_kind
):
    case = make_case(sonora_app, status=status)

    with pytest.raises(ApplicationError) as raised:
        case_transition(
            case=case,
            transition_id=transition_id,
            actor=Actor.named(officer.email, actor_kind),
        )

    assert only_error(raised.value) == errors.TRANSITION_NOT_ALLOWED
    assert (Case.objects.get(pk=case.pk).status, Case.objects.get(pk=case.pk).lock_version) == (
        status,
        0,
    )


def test_assignment_goes_to_officers_only_and_is_audited(sonora_app, officer, auditor):
    case = make_case(sonora_app)

    assigned = case_assign(
        case=case, officer=officer, actor=Actor.of_user(officer), expected_lock_version=0
    )
    with pytest.raises(ApplicationError) as raised:
        case_assign(case=case, officer=auditor, actor=Actor.of_user(officer))

    assert only_error(raised.value) == errors.ASSIGNEE_INVALID
    assert (assigned.assigned_to_id, assigned.lock_version) == (officer.pk, 1)
    assert Case.objects.get(pk=case.pk).assigned_to_id == officer.pk
    actions = [
        e.action for e in audit_events_for_object(object_type="case", object_id=str(case.public_id))
    ]
    assert actions == [AuditAction.CASE_ASSIGNED]


def test_assignment_with_a_stale_version_changes_nothing(sonora_app, officer):
    case = make_case(sonora_app, lock_version=3)

    with pytest.raises(ApplicationError) as raised:
        case_assign(
            case=case, officer=officer, actor=Actor.of_user(officer), expected_lock_version=2
        )

    assert only_error(raised.value) == errors.STALE_CASE
    stored = Case.objects.get(pk=case.pk)
    assert (stored.assigned_to_id, stored.lock_version) == (None, 3)


def test_internal_notes_are_for_the_office_only(sonora_app, officer):
    # given a case with a status change and an internal note
    case = make_case(sonora_app)
    case_transition(
        case=case,
        transition_id="iniciar_revision",
        actor=Actor.named(officer.email, ActorRole.CASE_OFFICER),
    )
    note = case_note_add(
        case=case, text="  Revisar domicilio con catastro. ", actor=Actor.of_user(officer)
    )

    # then the citizen's history leaves it out, the office's shows it; the audit has no text
    assert note.message == "Revisar domicilio con catastro."
    assert [e.kind for e in case_events(case)] == [CaseEventKind.STATUS_CHANGED]
    assert [e.kind for e in case_events(case, include_internal=True)] == [
        CaseEventKind.STATUS_CHANGED,
        CaseEventKind.INTERNAL_NOTE,
    ]
    audit = list(audit_events_for_object(object_type="case", object_id=str(case.public_id)))
    assert [e.action for e in audit] == [AuditAction.CASE_TRANSITION, AuditAction.CASE_NOTE_ADDED]
    assert audit[-1].data == {"event": note.pk, "length": 31}


def test_an_empty_note_or_a_note_by_an_auditor_is_refused(sonora_app, officer, auditor):
    case = make_case(sonora_app)

    with pytest.raises(ApplicationError) as empty:
        case_note_add(case=case, text="   ", actor=Actor.of_user(officer))
    with pytest.raises(ApplicationError) as by_auditor:
        case_note_add(case=case, text="Nota", actor=Actor.of_user(auditor))

    assert (only_error(empty.value), only_error(by_auditor.value)) == (
        errors.COMMENT_REQUIRED,
        errors.ACTOR_NOT_ALLOWED,
    )
    assert CaseEvent.objects.filter(case=case).count() == 0


def test_opening_a_case_is_recorded_in_the_audit_chain(sonora_app, auditor):
    case = make_case(sonora_app)

    case_view_record(case=case, actor=Actor.of_user(auditor))

    (event,) = audit_events_for_object(object_type="case", object_id=str(case.public_id))
    assert (event.action, event.actor_email, event.actor_role, event.data) == (
        AuditAction.CASE_VIEWED,
        auditor.email,
        Role.AUDITOR,
        {"folio": case.folio},
    )
    assert audit_verify().ok


def test_filing_stores_the_search_copy_and_the_deadline(citizen, sonora_app):
    from tests.cases.test_services import attach_required, submit

    # given a Monday filing of a 5-business-day plazo with no holiday that week
    attach_required(citizen, sonora_app)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 6, 1))
        case = submit(citizen, sonora_app)

    assert (case.applicant_name, case.applicant_curp) == ("MARÍA LÓPEZ RUIZ", "LOPM900517MSRPRR04")
    assert case.due_on == date(2026, 6, 8)


def test_another_governments_officer_cannot_act_on_the_case(sonora, cdmx, sonora_app, make_user):
    # given a CDMX officer and a Sonora case
    case = make_case(sonora_app)
    cdmx_officer = make_user(cdmx, email="funcionario@cdmx.gob.mx", roles=[Role.CASE_OFFICER])

    # when the CDMX officer's services run where they can: CDMX's schema
    with tenant_context(cdmx.government):
        found = Case.objects.filter(public_id=case.public_id).exists()

    # then the case is not there to act on, and nothing changed in Sonora
    assert found is False
    assert cdmx_officer.pk is not None
    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.lock_version, stored.assigned_to_id) == ("recibida", 0, None)
