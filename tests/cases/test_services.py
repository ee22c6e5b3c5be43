"""Filing services: drafts, submission with every field type and rule enforced on the server,
idempotency, the acuse registered, the e-mail sent after commit, and corrections."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core import mail
from django_tenants.utils import schema_context, tenant_context

from apps_registry.models import EnabledAppStatus
from cases import errors
from cases.emails import send_case_filed
from cases.filing.privacy import privacy_notice
from cases.filing.services import (
    answers_check,
    case_reply_to_correction,
    case_submit,
    draft_discard,
    draft_save,
)
from cases.filing.uploads import document_upload
from cases.models import Case, CaseDocument, CaseDraft, CaseEvent, CaseOutput
from cases.office.services import case_transition
from core.actors import Actor, ActorRole
from core.errors import ApplicationError
from core.tenancy import current_government
from tests.cases.conftest import PNG_BYTES, pdf, png, stored_files, upload
from tests.cases.definitions import ALWAYS_REQUIRED_DOCUMENTS, CURP, valid_answers

pytestmark = pytest.mark.usefixtures("in_sonora")


def attach_required(citizen: Any, app: Any, *extra: str) -> None:
    for document_id in (*ALWAYS_REQUIRED_DOCUMENTS, *extra):
        document_upload(
            applicant=citizen, enabled_app=app, document_id=document_id, uploaded_file=pdf()
        )
    document_upload(
        applicant=citizen, enabled_app=app, document_id="fotografia", uploaded_file=png()
    )


def submit(citizen: Any, app: Any, answers: dict[str, Any] | None = None, **kwargs: Any) -> Case:
    return case_submit(
        applicant=citizen,
        enabled_app=app,
        answers=answers if answers is not None else valid_answers(),
        idempotency_key=kwargs.pop("idempotency_key", uuid.uuid4()),
        privacy_notice_version=kwargs.pop(
            "privacy_notice_version", privacy_notice(current_government()).version
        ),
        **kwargs,
    )


def error_codes(error: ApplicationError) -> dict[str, str]:
    return {detail.location: detail.code for detail in error.errors}


# --- drafts --------------------------------------------------------------------------------------


def test_draft_save_merges_steps_and_drops_unknown_keys_and_file_fields(citizen, sonora_app):
    # given a first step saved
    draft_save(
        applicant=citizen,
        enabled_app=sonora_app,
        answers={"nombre": "María", "curp": "malo"},
        step="solicitante",
    )

    # when a later step is saved with a key that names no field and a file field
    draft = draft_save(
        applicant=citizen,
        enabled_app=sonora_app,
        answers={"modalidad": "renovacion", "inventado": "x", "fotografia": {"name": "a"}},
        step="licencia",
    )

    # then both steps are kept, unvalidated, and only one draft exists
    assert draft.answers == {"nombre": "María", "curp": "malo", "modalidad": "renovacion"}
    assert draft.current_step == "licencia"
    assert CaseDraft.objects.filter(applicant=citizen).count() == 1


def test_draft_save_refuses_an_unknown_step(citizen, sonora_app):
    with pytest.raises(ApplicationError) as refused:
        draft_save(applicant=citizen, enabled_app=sonora_app, answers={}, step="nope")

    assert error_codes(refused.value) == {"step": errors.STEP_UNKNOWN}
    assert CaseDraft.objects.count() == 0


def test_draft_discard_removes_the_draft_and_its_files(
    citizen, sonora_app, media_root, django_capture_on_commit_callbacks
):
    attach_required(citizen, sonora_app)

    with django_capture_on_commit_callbacks(execute=True):
        draft_discard(applicant=citizen, enabled_app=sonora_app)

    assert CaseDraft.objects.count() == 0
    assert CaseDocument.objects.count() == 0
    assert stored_files(media_root) == []


# --- answers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("nombre", "", "field_required"),
        ("curp", "LOPM900517MSRPRR05", "curp_check_digit"),
        ("curp", "123", "invalid_curp"),
        ("fecha_nacimiento", "17/05/1990", "invalid_date"),
        ("fecha_nacimiento", "1899-12-31", "below_min"),
        ("correo", "maria@", "invalid_email"),
        ("telefono", "12345", "invalid_phone"),
        ("modalidad", "otra", "invalid_choice"),
        ("requiere_ajustes", "quizá", "invalid_boolean"),
        ("linea_captura", "abc", "too_short"),
        ("monto_pagado", "-5", "invalid_money"),
        ("monto_pagado", "10.505", "too_many_decimals"),
        ("personas", "2.5", "invalid_integer"),
        ("personas", "21", "above_max"),
        ("estatura", "1.555", "too_many_decimals"),
        ("estatura", "alto", "invalid_number"),
        ("vehiculos", ["bici"], "invalid_choice"),
        ("rfc", "GODE561231GR9", "rfc_check_digit"),
        ("cp_trabajo", "00123", "invalid_postal_code"),
    ],
)
def test_every_field_type_is_checked_on_the_server(citizen, sonora_app, field, value, code):
    # when
    _cleaned, problems = answers_check(
        enabled_app=sonora_app, answers=valid_answers(**{field: value})
    )

    # then exactly that field is refused, with a Spanish and an English message
    assert [(p.location, p.code) for p in problems] == [(field, code)]
    assert problems[0].message_es
    assert problems[0].message_en


def test_an_address_with_missing_parts_is_refused_part_by_part(citizen, sonora_app):
    address = dict(valid_answers()["domicilio"], colonia="", codigo_postal="1")

    _cleaned, problems = answers_check(
        enabled_app=sonora_app, answers=valid_answers(domicilio=address)
    )

    assert [(p.location, p.code) for p in problems] == [
        ("domicilio", "address_part_missing"),
        ("domicilio", "invalid_postal_code"),
    ]


def test_answers_check_cleans_every_type_to_json(citizen, sonora_app):
    cleaned, problems = answers_check(enabled_app=sonora_app, answers=valid_answers())

    assert problems == []
    assert cleaned["monto_pagado"] == "1099.50"
    assert cleaned["telefono"] == "6621234567"
    assert cleaned["requiere_ajustes"] is False
    assert cleaned["personas"] == 3
    assert cleaned["estatura"] == "1.68"
    assert cleaned["vehiculos"] == ["auto", "moto"]
    assert cleaned["fecha_pago"] == "2025-06-01"
    assert "fotografia" not in cleaned


def test_a_field_shown_by_a_rule_is_required_only_while_shown(citizen, sonora_app):
    # when renewing, the previous licence number is shown and required
    _c, renewing = answers_check(
        enabled_app=sonora_app, answers=valid_answers(modalidad="renovacion")
    )
    # when it is a first licence, the field is hidden and whatever was typed is dropped
    cleaned, first = answers_check(
        enabled_app=sonora_app,
        answers=valid_answers(modalidad="expedicion", numero_licencia_anterior="zz"),
    )

    assert [(p.location, p.code) for p in renewing] == [
        ("numero_licencia_anterior", "field_required")
    ]
    assert first == []
    assert "numero_licencia_anterior" not in cleaned


# --- submission ----------------------------------------------------------------------------------


def test_case_submit_files_the_case_with_folio_documents_acuse_and_email(
    citizen, sonora_app, media_root, django_capture_on_commit_callbacks
):
    # given a draft with every required document and the photo
    draft_save(applicant=citizen, enabled_app=sonora_app, answers={"nombre": "Mar"}, step="")
    attach_required(citizen, sonora_app)
    key = uuid.uuid4()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(citizen, sonora_app, idempotency_key=key)

    # then
    year = case.submitted_at.astimezone().year
    assert case.folio == f"SON-{year}-000001"
    assert case.status == "recibida"
    assert case.applicant == citizen
    assert case.version_id == sonora_app.version_id
    assert case.idempotency_key == key
    assert case.privacy_notice_version == privacy_notice(current_government()).version
    assert case.privacy_accepted_at == case.submitted_at
    assert case.answers["curp"] == CURP
    assert case.answers["fotografia"]["name"] == "foto.png"
    assert case.answers["fotografia"]["content_type"] == "image/png"
    assert case.procedure_name["es-MX"].startswith("Sacar o renovar tu licencia")
    assert sorted(case.documents.values_list("document_id", flat=True)) == sorted(
        [*ALWAYS_REQUIRED_DOCUMENTS, "fotografia"]
    )
    assert CaseDocument.objects.filter(draft__isnull=False).count() == 0
    assert CaseDraft.objects.count() == 0
    assert list(CaseEvent.objects.values_list("kind", "to_status")) == [("filed", "recibida")]
    acuse = CaseOutput.objects.get(case=case)
    assert (acuse.kind, acuse.output_id, acuse.file.name) == ("acuse", "acuse", "")
    assert acuse.snapshot["folio"] == case.folio
    assert "descripcion_ajustes" not in {row["id"] for row in acuse.snapshot["summary"]}
    assert "requiere_ajustes" not in {row["id"] for row in acuse.snapshot["summary"]}
    assert len(stored_files(media_root)) == 5
    assert all(path.startswith("sonora/cases/") for path in stored_files(media_root))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["maria.lopez@example.mx"]
    assert case.folio in mail.outbox[0].subject
    assert CURP not in mail.outbox[0].body


def test_the_filed_email_is_the_same_from_the_government_schema_or_the_public_one(
    citizen, sonora_app, sonora, media_root
):
    # A worker usually runs the task in the government's schema already (tenant-schemas-celery);
    # from anywhere else the task switches to it itself.
    attach_required(citizen, sonora_app)
    case = submit(citizen, sonora_app)
    mail.outbox.clear()

    send_case_filed(case_id=case.pk, schema_name=sonora.schema_name)
    with schema_context("public"):
        send_case_filed(case_id=case.pk, schema_name=sonora.schema_name)

    assert len(mail.outbox) == 2
    first, second = mail.outbox
    assert (first.subject, first.body, first.to) == (second.subject, second.body, second.to)
    assert case.folio in first.subject and first.to == ["maria.lopez@example.mx"]
    assert "sonora.localhost" in first.body
    assert CURP not in first.body


def test_folios_are_sequential_per_government(citizen, sonora_app, make_citizen, sonora):
    folios = []
    for n in range(3):
        applicant = make_citizen(sonora, f"persona{n}@example.mx")
        attach_required(applicant, sonora_app)
        folios.append(submit(applicant, sonora_app).folio)

    assert [folio[-6:] for folio in folios] == ["000001", "000002", "000003"]


def test_the_same_idempotency_key_files_once(citizen, sonora_app):
    attach_required(citizen, sonora_app)
    key = uuid.uuid4()

    first = submit(citizen, sonora_app, idempotency_key=key)
    again = submit(citizen, sonora_app, idempotency_key=str(key))

    assert again.pk == first.pk
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == 1


def test_another_citizens_idempotency_key_files_nothing_and_reveals_nothing(
    citizen, sonora_app, make_citizen, sonora
):
    attach_required(citizen, sonora_app)
    key = uuid.uuid4()
    submit(citizen, sonora_app, idempotency_key=key)
    other = make_citizen(sonora, "otra@example.mx")
    attach_required(other, sonora_app)

    with pytest.raises(ApplicationError) as refused:
        submit(other, sonora_app, idempotency_key=key)

    assert error_codes(refused.value) == {"": errors.IDEMPOTENCY_KEY_INVALID}
    assert Case.objects.count() == 1


def test_a_malformed_idempotency_key_is_refused(citizen, sonora_app):
    attach_required(citizen, sonora_app)

    with pytest.raises(ApplicationError) as refused:
        submit(citizen, sonora_app, idempotency_key="no-es-uuid")

    assert error_codes(refused.value) == {"idempotency_key": errors.IDEMPOTENCY_KEY_INVALID}


def test_submission_reports_every_problem_located_and_files_nothing(citizen, sonora_app):
    # given only the identification uploaded and two wrong answers
    document_upload(
        applicant=citizen,
        enabled_app=sonora_app,
        document_id="identificacion_oficial",
        uploaded_file=pdf(),
    )

    # when
    with pytest.raises(ApplicationError) as refused:
        submit(
            citizen,
            sonora_app,
            answers=valid_answers(telefono="1", modalidad="renovacion"),
            privacy_notice_version="viejo",
        )

    # then
    assert error_codes(refused.value) == {
        "privacy_notice": errors.PRIVACY_NOTICE_NOT_ACCEPTED,
        "telefono": "invalid_phone",
        "numero_licencia_anterior": "field_required",
        "fotografia": "field_required",
        "comprobante_domicilio": errors.DOCUMENT_REQUIRED,
        "constancia_curp": errors.DOCUMENT_REQUIRED,
        "comprobante_pago": errors.DOCUMENT_REQUIRED,
        # shown only when renewing, and required then
        "licencia_anterior": errors.DOCUMENT_REQUIRED,
    }
    assert Case.objects.count() == 0
    assert CaseDocument.objects.filter(draft__isnull=False).count() == 1


def test_a_conditional_document_is_required_only_when_its_condition_holds(citizen, sonora_app):
    attach_required(citizen, sonora_app)
    renewal = valid_answers(modalidad="renovacion", numero_licencia_anterior="ABC123")

    with pytest.raises(ApplicationError) as refused:
        submit(citizen, sonora_app, answers=renewal)
    document_upload(
        applicant=citizen,
        enabled_app=sonora_app,
        document_id="licencia_anterior",
        uploaded_file=pdf(),
    )
    case = submit(citizen, sonora_app, answers=renewal)

    assert error_codes(refused.value) == {"licencia_anterior": errors.DOCUMENT_REQUIRED}
    assert case.documents.filter(document_id="licencia_anterior").count() == 1


def test_documents_hidden_by_the_answers_are_not_kept(citizen, sonora_app, media_root):
    # given a previous-licence file uploaded, then the citizen chose a first licence
    attach_required(citizen, sonora_app, "licencia_anterior")

    case = submit(citizen, sonora_app, answers=valid_answers(modalidad="expedicion"))

    assert "licencia_anterior" not in set(case.documents.values_list("document_id", flat=True))
    assert CaseDocument.objects.filter(document_id="licencia_anterior").count() == 0


def test_a_paused_app_receives_no_submissions(citizen, sonora_app):
    attach_required(citizen, sonora_app)
    sonora_app.status = EnabledAppStatus.PAUSED
    sonora_app.save(update_fields=["status"])

    with pytest.raises(ApplicationError) as refused:
        submit(citizen, sonora_app)

    assert error_codes(refused.value) == {"": errors.APP_NOT_AVAILABLE}
    assert Case.objects.count() == 0


def test_an_unverified_email_cannot_file(citizen, sonora_app):
    attach_required(citizen, sonora_app)
    citizen.email_verified = False

    with pytest.raises(ApplicationError) as refused:
        submit(citizen, sonora_app)

    assert error_codes(refused.value) == {"": errors.EMAIL_NOT_VERIFIED}


def test_an_upgrade_of_the_app_does_not_change_filed_cases(citizen, sonora_app):
    attach_required(citizen, sonora_app)
    case = submit(citizen, sonora_app)

    assert Case.objects.get(pk=case.pk).version_id == sonora_app.version_id


# --- after filing --------------------------------------------------------------------------------


def _in_correction(citizen: Any, app: Any) -> Case:
    attach_required(citizen, app)
    case = submit(citizen, app)
    case_transition(
        case=case,
        transition_id="iniciar_revision",
        actor=Actor.named("o@x.mx", ActorRole.CASE_OFFICER),
    )
    return case_transition(
        case=case,
        transition_id="prevenir",
        actor=Actor.named("o@x.mx", ActorRole.CASE_OFFICER),
        message="La constancia de CURP no es legible.",
    )


def test_case_transition_follows_the_workflow_and_records_history(citizen, sonora_app):
    case = _in_correction(citizen, sonora_app)

    assert case.status == "prevencion"
    assert list(case.events.values_list("kind", "from_status", "to_status", "message")) == [
        ("filed", "", "recibida", ""),
        ("status_changed", "recibida", "en_revision", ""),
        ("status_changed", "en_revision", "prevencion", "La constancia de CURP no es legible."),
    ]


def test_case_transition_refuses_a_jump_or_the_wrong_actor_or_no_comment(citizen, sonora_app):
    attach_required(citizen, sonora_app)
    case = submit(citizen, sonora_app)

    for transition_id, actor_kind, code in (
        ("aprobar", "case_officer", errors.TRANSITION_NOT_ALLOWED),
        ("iniciar_revision", "citizen", errors.TRANSITION_NOT_ALLOWED),
    ):
        with pytest.raises(ApplicationError) as refused:
            case_transition(
                case=case, transition_id=transition_id, actor=Actor.named("a@x.mx", actor_kind)
            )
        assert error_codes(refused.value) == {"transition": code}
    case_transition(
        case=case,
        transition_id="iniciar_revision",
        actor=Actor.named("o@x.mx", ActorRole.CASE_OFFICER),
    )
    with pytest.raises(ApplicationError) as refused:
        case_transition(
            case=case, transition_id="prevenir", actor=Actor.named("o@x.mx", ActorRole.CASE_OFFICER)
        )
    assert error_codes(refused.value) == {"message": errors.COMMENT_REQUIRED}
    assert Case.objects.get(pk=case.pk).status == "en_revision"


def test_the_citizen_answers_a_correction_with_new_answers_and_a_new_file(
    citizen, sonora_app, media_root
):
    case = _in_correction(citizen, sonora_app)
    old = case.documents.get(document_id="constancia_curp")

    case = case_reply_to_correction(
        applicant=citizen,
        case=case,
        answers=valid_answers(nombre="María José"),
        documents={"constancia_curp": pdf("curp-legible.pdf")},
        message="Adjunto la constancia legible.",
    )

    assert case.status == "en_revision"
    assert case.answers["nombre"] == "María José"
    current = case.documents.get(document_id="constancia_curp", superseded_at__isnull=True)
    assert current.original_name == "curp-legible.pdf"
    old.refresh_from_db()
    assert old.superseded_at is not None
    reply = case.events.get(kind="citizen_reply")
    assert reply.message == "Adjunto la constancia legible."
    assert reply.data == {"changed": ["nombre"], "documents": ["constancia_curp"]}
    assert case.events.order_by("-id").first().to_status == "en_revision"
    assert len(stored_files(media_root)) == 6


def test_a_refused_correction_stores_nothing(citizen, sonora_app, media_root):
    case = _in_correction(citizen, sonora_app)
    before = stored_files(media_root)

    with pytest.raises(ApplicationError) as refused:
        case_reply_to_correction(
            applicant=citizen,
            case=case,
            answers=valid_answers(telefono="1"),
            documents={"constancia_curp": upload("c.pdf", PNG_BYTES, "application/pdf")},
        )

    assert error_codes(refused.value) == {
        "constancia_curp": errors.DOCUMENT_CONTENT_MISMATCH,
        "telefono": "invalid_phone",
    }
    assert Case.objects.get(pk=case.pk).status == "prevencion"
    assert case.documents.count() == 5
    assert stored_files(media_root) == before


def test_only_the_applicant_of_a_case_in_correction_may_answer(
    citizen, sonora_app, make_citizen, sonora
):
    attach_required(citizen, sonora_app)
    filed = submit(citizen, sonora_app)
    in_correction = _in_correction(make_citizen(sonora, "b@example.mx"), sonora_app)

    for applicant, case in ((citizen, filed), (citizen, in_correction)):
        with pytest.raises(ApplicationError) as refused:
            case_reply_to_correction(applicant=applicant, case=case, answers=valid_answers())
        assert error_codes(refused.value) == {"": errors.NOT_AWAITING_CORRECTION}
    assert Case.objects.get(pk=in_correction.pk).status == "prevencion"


def test_cdmx_folios_use_the_cdmx_prefix(cdmx, cdmx_app, make_citizen):
    citizen = make_citizen(cdmx, "juan.perez@example.mx")
    with tenant_context(cdmx.government):
        attach_required(citizen, cdmx_app)
        case = submit(citizen, cdmx_app)

    assert case.folio.startswith("CDMX-")
    assert case.folio.endswith("-000001")
