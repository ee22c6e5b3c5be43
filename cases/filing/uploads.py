"""The citizen's files: each upload is checked by content (type, size, fingerprint) and kept
under the government's storage prefix, on the draft until the filing moves it to the case.
A refused or rolled-back upload leaves no file behind."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from apps_registry.models import EnabledApp
from apps_registry.selectors import effective_definition
from cases import errors
from cases.documents import CheckedFile, DocumentSpec, document_specs, upload_problems
from cases.events import document_added_event
from cases.filing.checks import ensure_awaiting_correction, ensure_live
from cases.models import (
    Case,
    CaseDocument,
    CaseDraft,
)
from cases.selectors import case_definition
from core.actors import Actor
from core.audit import AuditAction, audit_record
from core.errors import ApplicationError
from core.models import User
from core.tenancy import current_schema

# --- documents -----------------------------------------------------------------------------------


def document_upload(
    *,
    applicant: User,
    enabled_app: EnabledApp,
    document_id: str,
    uploaded_file: UploadedFile,
    case: Case | None = None,
) -> CaseDocument:
    """Store one file for a document (or file field) of the form.

    Without `case` the file goes to the citizen's draft, replacing an earlier file for the same
    document. With `case` (a correction requested by the office) it is added to that case, and
    the earlier file is kept but marked as superseded.

    Refused, with nothing stored (no row, no file), when the document is not part of the form,
    the file is empty or too large, or its extension, declared type or real content (magic
    bytes) is not one of the accepted types or they disagree.
    """
    if case is not None:
        ensure_awaiting_correction(applicant=applicant, case=case)
        definition = case_definition(case)
    else:
        ensure_live(enabled_app)
        definition = effective_definition(enabled_app)
    spec = document_specs(definition).get(document_id)
    if spec is None:
        raise ApplicationError.single(
            errors.DOCUMENT_UNKNOWN,
            "Ese documento no se pide en este trámite.",
            "That document is not asked for in this procedure.",
            document_id,
        )
    checked, problems = upload_problems(spec, uploaded_file)
    if problems or checked is None:
        raise ApplicationError(problems)

    stored: list[str] = []
    try:
        with transaction.atomic():
            if case is not None:
                case = Case.objects.select_for_update().get(pk=case.pk)
                document = store_on_case(applicant, case, spec, checked, uploaded_file, stored)
            else:
                draft, _ = CaseDraft.objects.select_for_update().get_or_create(
                    applicant=applicant, enabled_app=enabled_app
                )
                replaced = list(draft.documents.filter(case__isnull=True, document_id=spec.id))
                delete_files_on_commit([item.file.name for item in replaced])
                CaseDocument.objects.filter(pk__in=[item.pk for item in replaced]).delete()
                document = new_document(applicant, spec, checked)
                document.draft = draft
                _save_document(document, uploaded_file, stored)
    except BaseException:
        delete_stored(stored)
        raise
    return document


def new_document(applicant: User, spec: DocumentSpec, checked: CheckedFile) -> CaseDocument:
    return CaseDocument(
        owner=applicant,
        document_id=spec.id,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )


def _save_document(document: CaseDocument, uploaded: UploadedFile, stored: list[str]) -> None:
    document.file.save(document.document_id, uploaded, save=False)
    stored.append(str(document.file.name))
    document.save()


def store_on_case(
    applicant: User,
    case: Case,
    spec: DocumentSpec,
    checked: CheckedFile,
    uploaded: UploadedFile,
    stored: list[str],
) -> CaseDocument:
    """Add a file to a case; the earlier file of that document stays, marked superseded."""
    CaseDocument.objects.filter(case=case, document_id=spec.id, superseded_at__isnull=True).update(
        superseded_at=timezone.now()
    )
    document = new_document(applicant, spec, checked)
    document.case = case
    _save_document(document, uploaded, stored)
    document_added_event(case, actor=Actor.of_user(applicant), document=document)
    audit_record(
        action=AuditAction.CASE_DOCUMENT_ADDED,
        actor_email=applicant.email,
        actor_role="citizen",
        object_type="case",
        object_id=str(case.public_id),
        data={"document_id": spec.id, "sha256": checked.sha256, "size": checked.size},
    )
    return document


def delete_stored(names: list[str]) -> None:
    # Rows were rolled back; files already written to disk must go too.
    for name in names:
        default_storage.delete(name)


def delete_files_on_commit(names: list[str | None]) -> None:
    kept_names = [name for name in names if name]
    if not kept_names:
        return
    schema = current_schema()

    def delete() -> None:
        # TenantFileSystemStorage resolves the prefix from the connection's schema.
        with schema_context(schema):
            for name in kept_names:
                default_storage.delete(name)

    transaction.on_commit(delete)
