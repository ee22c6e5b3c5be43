"""The citizen's writes: drafts, uploaded documents, filing a case and answering a correction.

Every function acts for the signed-in applicant (`applicant`, a user of the current government)
and touches only that person's drafts and cases. A filed case gets its folio, deadline, acuse and
first history event in one transaction; uploaded files written before a rollback are deleted."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone

from apps_registry.models import EnabledApp
from apps_registry.selectors import effective_definition, version_number
from cases import deadlines, errors, workflow
from cases.documents import CheckedFile, DocumentSpec, document_specs, upload_problems
from cases.events import case_filed_event, citizen_reply_event
from cases.filing.checks import ensure_awaiting_correction, ensure_live
from cases.filing.privacy import privacy_notice
from cases.filing.uploads import delete_files_on_commit, delete_stored, new_document, store_on_case
from cases.folio import folio_allocate
from cases.models import (
    Case,
    CaseDocument,
    CaseDraft,
    CaseOutput,
    CaseOutputKind,
)
from cases.outputs.services import output_snapshot
from cases.selectors import case_definition
from cases.tasks import case_filed_email
from cases.transitions import case_move
from catalog.definition import Definition, active_items, jsonable_answers, validate_answers
from catalog.definition.field_types import registry
from catalog.definition.rules import iter_documents, iter_fields
from core.actors import Actor
from core.audit import AuditAction, audit_record
from core.errors import ApplicationError, ErrorDetail
from core.ids import uuid_or_none
from core.models import User
from core.tenancy import current_government, current_schema

ACUSE_OUTPUT_ID = "acuse"


# --- drafts --------------------------------------------------------------------------------------


@transaction.atomic
def draft_save(
    *,
    applicant: User,
    enabled_app: EnabledApp,
    answers: Mapping[str, Any],
    step: str = "",
) -> CaseDraft:
    """Keep what the citizen typed so far (unvalidated: an unfinished form may be wrong).

    Answers are merged into the draft's, so a step's page only sends its own fields; keys that
    name no field of the form, and file fields (their value comes from the uploads), are dropped.
    """
    ensure_live(enabled_app)
    definition = effective_definition(enabled_app)
    step_ids = set(Definition(definition).step_ids)
    if step and step not in step_ids:
        raise ApplicationError.single(
            errors.STEP_UNKNOWN,
            "Ese paso no existe en este trámite.",
            "That step does not exist in this procedure.",
            "step",
        )
    typed = {
        field["id"]: _jsonable_raw(answers[field["id"]])
        for field in iter_fields(definition)
        if field["id"] in answers and not registry.stores_upload(field)
    }
    draft, _ = CaseDraft.objects.select_for_update().get_or_create(
        applicant=applicant, enabled_app=enabled_app
    )
    draft.answers = {**draft.answers, **typed}
    if step:
        draft.current_step = step
    draft.save(update_fields=["answers", "current_step", "updated_at"])
    return draft


@transaction.atomic
def draft_discard(*, applicant: User, enabled_app: EnabledApp) -> None:
    """Throw the draft and its files away ("start again")."""
    draft = CaseDraft.objects.filter(applicant=applicant, enabled_app=enabled_app).first()
    if draft is None:
        return
    documents = list(draft.documents.filter(case__isnull=True))
    delete_files_on_commit([document.file.name for document in documents])
    CaseDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
    draft.delete()


def answers_check(
    *, enabled_app: EnabledApp, answers: Mapping[str, Any]
) -> tuple[dict[str, Any], list[ErrorDetail]]:
    """Validate answers (one step's or all) against the effective definition without saving:
    the cleaned, jsonable answers and every located problem. File fields are the uploads' job
    and are not checked here."""
    definition = effective_definition(enabled_app)
    file_fields = {f["id"] for f in iter_fields(definition) if registry.stores_upload(f)}
    cleaned, problems = validate_answers(definition, dict(answers))
    problems = [problem for problem in problems if problem.location not in file_fields]
    return jsonable_answers(
        {key: value for key, value in cleaned.items() if key not in file_fields}
    ), problems


# --- submission ----------------------------------------------------------------------------------


def case_submit(
    *,
    applicant: User,
    enabled_app: EnabledApp,
    answers: Mapping[str, Any],
    idempotency_key: uuid.UUID | str,
    privacy_notice_version: str,
) -> Case:
    """File the procedure: validate on the server, give the folio, create the case.

    The same `idempotency_key` (the filing form carries one) always returns the same case, so a
    double click, a retry or a resubmitted form files once. Every problem is reported at once,
    located by field or document id. The draft's documents move to the case, the draft is
    deleted, the acuse is registered (rendered on first download) and the e-mail goes after
    commit.
    """
    key = _idempotency_key(idempotency_key)
    with transaction.atomic():
        # Same key, same moment (double click): the second waits here, then finds the case.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [str(key)])
        existing = Case.objects.filter(idempotency_key=key).first()
        if existing is not None:
            if existing.applicant_id != applicant.pk:
                raise ApplicationError.single(
                    errors.IDEMPOTENCY_KEY_INVALID,
                    "No se pudo presentar la solicitud; vuelve a abrir el formulario.",
                    "The application could not be filed; open the form again.",
                )
            return existing
        case = _file(
            applicant=applicant,
            enabled_app=enabled_app,
            answers=answers,
            key=key,
            privacy_notice_version=privacy_notice_version,
        )
        schema = current_schema()
        transaction.on_commit(lambda: case_filed_email.delay(case_id=case.pk, schema_name=schema))
    return case


def _file(
    *,
    applicant: User,
    enabled_app: EnabledApp,
    answers: Mapping[str, Any],
    key: uuid.UUID,
    privacy_notice_version: str,
) -> Case:
    ensure_live(enabled_app)
    government = current_government()
    problems: list[ErrorDetail] = []
    if getattr(applicant, "email_verified", True) is False:
        problems.append(
            ErrorDetail(
                errors.EMAIL_NOT_VERIFIED,
                "Confirma tu correo electrónico antes de presentar la solicitud.",
                "Confirm your e-mail address before filing the application.",
            )
        )
    if privacy_notice_version != privacy_notice(government).version:
        problems.append(
            ErrorDetail(
                errors.PRIVACY_NOTICE_NOT_ACCEPTED,
                "Lee y acepta el aviso de privacidad vigente para presentar la solicitud.",
                "Read and accept the current privacy notice to file the application.",
                "privacy_notice",
            )
        )
    definition = effective_definition(enabled_app)
    app = Definition(definition)
    draft = (
        CaseDraft.objects.select_for_update()
        .filter(applicant=applicant, enabled_app=enabled_app)
        .first()
    )
    documents = list(draft.documents.filter(case__isnull=True)) if draft else []
    cleaned, kept, answer_problems = _validate_filing(definition, answers, documents)
    problems.extend(answer_problems)
    if problems:
        raise ApplicationError(problems)

    now = timezone.now()
    today = timezone.localdate(now)
    # Everything that needs no folio comes first: from the folio on, every submission to this
    # government waits for this transaction (the counter's row lock, then the audit chain's).
    due_on = deadlines.due_on_at_filing(definition=definition, filed_on=today)
    applicant_name, applicant_curp = _search_identity(definition, cleaned, applicant)
    dropped = [d for d in documents if d not in kept]
    if dropped:
        delete_files_on_commit([d.file.name for d in dropped])
        CaseDocument.objects.filter(pk__in=[d.pk for d in dropped]).delete()
    if draft is not None:
        draft.delete()  # the documents kept are detached from it (SET_NULL), not deleted

    folio = folio_allocate(government=government, day=today)
    case = Case.objects.create(
        enabled_app=enabled_app,
        version_id=enabled_app.version_id,
        applicant=applicant,
        folio=folio,
        status=workflow.initial_state(definition),
        status_changed_at=now,
        answers=cleaned,
        data={"procedure_name": dict(app.citizen_name)},
        idempotency_key=key,
        privacy_notice_version=privacy_notice_version,
        privacy_accepted_at=now,
        submitted_at=now,
        applicant_name=applicant_name,
        applicant_curp=applicant_curp,
        due_on=due_on,
        created_at=now,
    )
    if kept:
        CaseDocument.objects.filter(pk__in=[d.pk for d in kept]).update(case=case)
    case_filed_event(case, actor=Actor.of_user(applicant), at=now)
    acuse = _acuse_output(definition)
    CaseOutput.objects.create(
        case=case,
        kind=CaseOutputKind.ACUSE,
        output_id=acuse.get("id", ACUSE_OUTPUT_ID),
        snapshot=output_snapshot(
            case, definition, government, acuse, documents=kept, issued_at=now
        ),
        issued_at=now,
        issued_by_email="",
    )
    # Last: the audit chain's lock is then held only for the commit.
    audit_record(
        action=AuditAction.CASE_FILED,
        actor_email=applicant.email,
        actor_role="citizen",
        object_type="case",
        object_id=str(case.public_id),
        data={
            "folio": case.folio,
            "enabled_app": str(enabled_app.public_id),
            "version": version_number(enabled_app.version_id),
            "documents": len(kept),
        },
    )
    return case


def _validate_filing(
    definition: Mapping[str, Any],
    answers: Mapping[str, Any],
    documents: list[CaseDocument],
) -> tuple[dict[str, Any], list[CaseDocument], list[ErrorDetail]]:
    """Clean answers, check required documents. File fields take their value from the uploads,
    never from what the browser sent. Returns the jsonable answers, the uploads still asked for
    (visible), and every problem."""
    by_id = {document.document_id: document for document in documents}
    merged = dict(answers)
    for field in iter_fields(definition):
        if registry.stores_upload(field):
            document = by_id.get(field["id"])
            if document is not None:
                merged[field["id"]] = document.metadata
            else:
                merged.pop(field["id"], None)
    visible, required = active_items(definition, merged)
    cleaned, problems = validate_answers(definition, merged, items=(visible, required))
    for asked in iter_documents(definition):
        document_id = asked["id"]
        if document_id in required and document_id not in by_id:
            problems.append(
                ErrorDetail(
                    errors.DOCUMENT_REQUIRED,
                    "Adjunta este documento; es obligatorio.",
                    "Attach this document; it is required.",
                    document_id,
                )
            )
    for field_id, value in list(cleaned.items()):
        # The file field's answer names the stored file, so the office can open it.
        if isinstance(value, Mapping) and field_id in by_id:
            cleaned[field_id] = {**value, "document": str(by_id[field_id].public_id)}
    kept = [document for document in documents if document.document_id in visible]
    return jsonable_answers(cleaned), kept, problems


def case_reply_to_correction(
    *,
    applicant: User,
    case: Case,
    answers: Mapping[str, Any],
    documents: Mapping[str, UploadedFile] | None = None,
    message: str = "",
) -> Case:
    """The citizen answers a prevención: the corrected answers (every field, validated like a
    submission) and, optionally, new files by document id (each replaces the case's current file
    of that document, which is kept as superseded). The case then moves along the workflow's
    citizen transition out of the prevención state.

    All or nothing: any problem (answers, a refused file, a missing required document) raises
    with every located error, and no row or file is stored.
    """
    ensure_awaiting_correction(applicant=applicant, case=case)
    definition = case_definition(case)
    specs = document_specs(definition)
    uploads = dict(documents or {})
    problems: list[ErrorDetail] = []
    checked_files: dict[str, tuple[DocumentSpec, CheckedFile]] = {}
    for document_id, uploaded in uploads.items():
        spec = specs.get(document_id)
        if spec is None:
            problems.append(
                ErrorDetail(
                    errors.DOCUMENT_UNKNOWN,
                    "Ese documento no se pide en este trámite.",
                    "That document is not asked for in this procedure.",
                    document_id,
                )
            )
            continue
        checked, file_problems = upload_problems(spec, uploaded)
        problems.extend(file_problems)
        if checked is not None:
            checked_files[document_id] = (spec, checked)
    current = {
        document.document_id: document
        for document in case.documents.filter(superseded_at__isnull=True)
    }
    # Validate as if the new files were already there (unsaved stand-ins carry their facts).
    candidates = dict(current)
    for document_id, (spec, checked) in checked_files.items():
        candidates[document_id] = new_document(applicant, spec, checked)
    cleaned, _kept, answer_problems = _validate_filing(
        definition, answers, list(candidates.values())
    )
    problems.extend(answer_problems)
    if problems:
        raise ApplicationError(problems)

    stored: list[str] = []
    try:
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case.pk)
            ensure_awaiting_correction(applicant=applicant, case=case)
            for document_id, (spec, checked) in checked_files.items():
                saved = store_on_case(applicant, case, spec, checked, uploads[document_id], stored)
                field_value = cleaned.get(document_id)
                if isinstance(field_value, dict):
                    cleaned[document_id] = {**field_value, "document": str(saved.public_id)}
            changed = sorted(
                key
                for key in set(cleaned) | set(case.answers)
                if cleaned.get(key) != case.answers.get(key)
            )
            case.answers = cleaned
            case.save(update_fields=["answers", "updated_at"])
            citizen = Actor.of_user(applicant)
            citizen_reply_event(
                case,
                actor=citizen,
                message=message.strip(),
                changed=changed,
                documents=sorted(checked_files),
            )
            step = workflow.correction_transition(definition, case.status)
            assert step is not None  # ensure_awaiting_correction checked it
            case = case_move(case, step, actor=citizen, message="")
    except BaseException:
        delete_stored(stored)
        raise
    return case


def _idempotency_key(value: uuid.UUID | str) -> uuid.UUID:
    key = uuid_or_none(value)
    if key is None:
        raise ApplicationError.single(
            errors.IDEMPOTENCY_KEY_INVALID,
            "No se pudo presentar la solicitud; vuelve a abrir el formulario.",
            "The application could not be filed; open the form again.",
            "idempotency_key",
        )
    return key


def _jsonable_raw(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Mapping):
        return {str(key): _jsonable_raw(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable_raw(item) for item in value]
    return str(value)


def _search_identity(
    definition: Mapping[str, Any], answers: Mapping[str, Any], applicant: User
) -> tuple[str, str]:
    """Name and CURP as the office searches them: upper case, from the answers when the form
    asks for them (the CURP field, nombre and apellidos), else from the account."""
    curp = next(
        (
            str(answers[field["id"]])
            for field in iter_fields(definition)
            if registry.identifies_applicant(field) and answers.get(field["id"])
        ),
        "",
    )
    parts = [
        str(answers[key]).strip()
        for key in ("nombre", "primer_apellido", "segundo_apellido", "apellidos")
        if isinstance(answers.get(key), str) and answers[key].strip()
    ]
    name = " ".join(parts) or (getattr(applicant, "full_name", "") or "")
    return name.upper()[:200], curp.upper()[:18]


def _acuse_output(definition: Mapping[str, Any]) -> dict[str, Any]:
    acuse = Definition(definition).acuse
    if acuse is not None:
        return dict(acuse)
    return {
        "id": ACUSE_OUTPUT_ID,
        "kind": "acuse",
        "title": {"es-MX": "Acuse de recibo", "en": "Acknowledgement of receipt"},
        "body": {
            "es-MX": "Se recibió tu solicitud con folio {{folio}} el {{fecha}}.",
            "en": "Your application was received with folio {{folio}} on {{fecha}}.",
        },
    }
