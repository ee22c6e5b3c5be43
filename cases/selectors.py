"""Reads of citizen filings, always in the connection's current schema (the host's government).

"Not found" and "not yours" give the same answer (`DoesNotExist`), so ids of another citizen's or
another government's cases, documents and issued documents leak nothing.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from django.db.models import Q, QuerySet

from apps_registry.models import EnabledApp
from apps_registry.selectors import cached_effective_definition, effective_key
from cases import workflow
from cases.models import (
    INTERNAL_EVENT_KINDS,
    Case,
    CaseDocument,
    CaseDraft,
    CaseEvent,
    CaseOutput,
)
from core.ids import uuid_or_none
from core.models import Role, User

# Staff of the government who may open any case's files.
CASE_READER_ROLES = (Role.ADMINISTRATOR, Role.CASE_OFFICER, Role.AUDITOR)


def is_case_reader(user: User) -> bool:
    """Staff of this government who work on cases (users live in the tenant's schema, so a
    user found here belongs to this government)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and any(user.has_role(role) for role in CASE_READER_ROLES)
    )


def case_definition(case: Case) -> dict[str, Any]:
    """The definition the case follows: its own version, as the government serves it (local
    values, own wording, variables); a private copy."""
    return copy.deepcopy(
        cached_effective_definition(case.version_id, effective_key(case.enabled_app))
    )


def cases_of_applicant(applicant: User) -> QuerySet[Case]:
    """The citizen's cases, newest first (lists need no definition: names are in `data`)."""
    return (
        Case.objects.filter(applicant=applicant)
        .select_related("enabled_app")
        .order_by("-created_at", "-id")
    )


def case_get_for_applicant(*, applicant: User, public_id: uuid.UUID | str) -> Case:
    key = uuid_or_none(public_id)
    if key is None or not applicant.is_authenticated:
        raise Case.DoesNotExist
    return Case.objects.select_related("enabled_app", "version").get(
        public_id=key, applicant=applicant
    )


def case_for_idempotency_key(*, applicant: User, idempotency_key: uuid.UUID | str) -> Case | None:
    """The case the citizen already filed with this key (a resubmitted form), if any."""
    key = uuid_or_none(idempotency_key)
    if key is None or not applicant.is_authenticated:
        return None
    return Case.objects.filter(idempotency_key=key, applicant=applicant).first()


def case_awaits_correction(case: Case) -> bool:
    """The office asked the citizen to correct or complete the filing (a prevención)."""
    return workflow.correction_transition(case_definition(case), case.status) is not None


def case_events(case: Case, *, include_internal: bool = False) -> QuerySet[CaseEvent]:
    """The case's history, oldest first. Internal notes and assignments are the office's own:
    only the office's views ask for them (`include_internal=True`)."""
    events = case.events.all()
    if not include_internal:
        events = events.exclude(kind__in=INTERNAL_EVENT_KINDS)
    return events.order_by("created_at", "id")


def case_documents(case: Case, *, include_superseded: bool = False) -> QuerySet[CaseDocument]:
    documents = case.documents.all()
    if not include_superseded:
        documents = documents.filter(superseded_at__isnull=True)
    return documents.order_by("uploaded_at", "id")


def case_outputs(case: Case) -> QuerySet[CaseOutput]:
    return case.outputs.order_by("issued_at", "id")


def case_acuse(case: Case) -> CaseOutput | None:
    return case.outputs.filter(kind="acuse").order_by("issued_at", "id").first()


def draft_get(*, applicant: User, enabled_app: EnabledApp) -> CaseDraft | None:
    if not applicant.is_authenticated:
        return None
    return CaseDraft.objects.filter(applicant=applicant, enabled_app=enabled_app).first()


def drafts_of_applicant(applicant: User) -> QuerySet[CaseDraft]:
    """The citizen's unfinished filings, most recently touched first."""
    if not applicant.is_authenticated:
        return CaseDraft.objects.none()
    return (
        CaseDraft.objects.filter(applicant=applicant)
        .select_related("enabled_app", "enabled_app__catalog_app")
        .order_by("-updated_at", "-id")
    )


def draft_documents(draft: CaseDraft | None) -> dict[str, CaseDocument]:
    """The files uploaded to a draft, by document (or file field) id."""
    if draft is None:
        return {}
    return {
        document.document_id: document for document in draft.documents.filter(case__isnull=True)
    }


def document_get_for_user(
    *,
    user: User,
    document_public_id: uuid.UUID | str,
    case_public_id: uuid.UUID | str | None = None,
) -> CaseDocument:
    """A file the user may download: one they uploaded, one of their cases, or, for the
    government's case staff, any case's file; of that case when `case_public_id` is given.
    Anything else is DoesNotExist."""
    key = uuid_or_none(document_public_id)
    if key is None or not user.is_authenticated:
        raise CaseDocument.DoesNotExist
    documents = CaseDocument.objects.select_related("case")
    if case_public_id is not None:
        case_key = uuid_or_none(case_public_id)
        if case_key is None:
            raise CaseDocument.DoesNotExist
        documents = documents.filter(case__public_id=case_key)
    if not is_case_reader(user):
        documents = documents.filter(Q(owner=user) | Q(case__applicant=user))
    return documents.get(public_id=key)


def output_get_for_user(*, user: User, public_id: uuid.UUID | str) -> CaseOutput:
    """An issued document (acuse, resolution) of one of the user's cases, or of any case for
    the government's case staff. Anything else is DoesNotExist."""
    key = uuid_or_none(public_id)
    if key is None or not user.is_authenticated:
        raise CaseOutput.DoesNotExist
    outputs = CaseOutput.objects.select_related("case")
    if not is_case_reader(user):
        outputs = outputs.filter(case__applicant=user)
    return outputs.get(public_id=key)
