"""Citizen pages: the procedure's ficha, the filing wizard, "my procedures" and verification.

Thin views: they read the POST data into answers (cases.forms), call the services of
cases.services, and render. The server is the authority on every rule: the browser script
(static/cases/filing.js) only shows, hides and saves sooner; with JavaScript off every page works."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps_registry.models import EnabledApp, EnabledAppStatus
from apps_registry.selectors import effective_definition, filing_until, place_bound_shown
from cases import selectors
from cases.filing import services, uploads
from cases.filing.checks import filing_closed_since
from cases.filing.forms import SubmissionForm, answers_from_post, merge_answers
from cases.filing.selectors import procedure_for_citizen
from cases.filing.wizard import (
    DOCUMENTS_STEP,
    SUMMARY_STEP,
    Filing,
    WizardStep,
    documents_context,
    filing_load,
    missing_documents,
    step_context,
    summary_context,
    with_files,
)
from cases.models import Case, CaseDocument
from catalog.definition import Definition, validate_answers
from catalog.definition.field_types import registry
from catalog.definition.rules import iter_documents
from catalog.definition.vocabulary import (
    FICTA_DESCRIPTIONS,
    label,
    plazo_text,
    validity_text,
)
from core.errors import ApplicationError, ErrorDetail
from core.i18n import content_language, text_in
from tenants.requests import TenantRequest


@require_GET
def procedure_detail(request: HttpRequest, key: str) -> HttpResponse:
    app = procedure_for_citizen(key)
    definition = effective_definition(app)
    procedure = Definition(definition)
    channels = procedure.channels
    language = content_language()
    until = filing_until(app)
    closed = until is not None and timezone.localdate() > until
    return render(
        request,
        "cases/procedure_detail.html",
        {
            "app": app,
            "key": key,
            "definition": definition,
            "metadata": procedure.metadata,
            "available": app.status == EnabledAppStatus.LIVE and not closed,
            # The convenio it was adopted under ended: citizens may file until this day.
            "filing_until": until,
            "filing_closed": closed,
            "fully_online": channels == ("online",),
            "online": "online" in channels,
            "in_person": "in_person" in channels,
            "documents": list(iter_documents(definition)),
            "fees": procedure.fee_lines,
            "payment_alternatives": procedure.payment_alternatives,
            "fee_notes": procedure.fee_notes,
            "plazo_text": plazo_text(procedure.plazo, language),
            "ficta_text": label(FICTA_DESCRIPTIONS, procedure.ficta, language),
            "validity": procedure.validity,
            "validity_text": validity_text(procedure.validity, language),
            "legal_basis": procedure.legal_basis,
            "offices": procedure.offices,
            # Where a place-bound value is empty: "no aplica", or not set yet by this government.
            "place_bound": place_bound_shown(app, definition),
            "steps": [text_in(step.get("title"), language) for step in procedure.steps],
        },
    )


def _unavailable(request: TenantRequest, filing_or_app: Filing | EnabledApp) -> HttpResponse | None:
    app = filing_or_app.app if isinstance(filing_or_app, Filing) else filing_or_app
    if app.status == EnabledAppStatus.LIVE:
        return _filing_closed(request, app)
    messages.error(request, _("Este trámite no recibe solicitudes por ahora. Inténtalo más tarde."))
    return redirect("cases:procedure", key=str(app.public_id))


def _filing_closed(request: TenantRequest, app: EnabledApp) -> HttpResponse | None:
    """After the notice period of an ended convenio: a page that says so (the draft is kept)."""
    closed = filing_closed_since(app)
    if closed is None:
        return None
    return render(
        request,
        "cases/filing_closed.html",
        {"app": app, "key": str(app.public_id), "closed_on": closed},
        status=410,
    )


def _save_draft(filing: Filing, request: TenantRequest, answers: dict[str, Any], step: str) -> None:
    filing.draft = services.draft_save(
        applicant=request.user, enabled_app=filing.app, answers=answers, step=step
    )
    filing.documents = None


def _upload(
    filing: Filing, request: TenantRequest, item_id: str, uploaded: Any
) -> tuple[CaseDocument | None, list[ErrorDetail]]:
    filing.documents = None
    try:
        document = uploads.document_upload(
            applicant=request.user,
            enabled_app=filing.app,
            document_id=item_id,
            uploaded_file=uploaded,
        )
    except ApplicationError as error:
        return None, [
            ErrorDetail(detail.code, detail.message_es, detail.message_en, item_id)
            for detail in error.errors
        ]
    return document, []


@login_required
@require_GET
def filing_start(request: TenantRequest, key: str) -> HttpResponse:
    filing = filing_load(request, key)
    if (refused := _unavailable(request, filing)) is not None:
        return refused
    current = filing.draft.current_step if filing.draft is not None else ""
    for step in filing.steps:
        if step.id == current:
            return redirect(step.url)
    return redirect(filing.steps[0].url)


def _after_save(request: TenantRequest, filing: Filing, step: WizardStep) -> HttpResponse | None:
    action = request.POST.get("accion", "siguiente")
    if action == "guardar_salir":
        messages.success(
            request,
            _("Guardamos tu borrador. Puedes continuar cuando quieras desde «Mis trámites»."),
        )
        return redirect("cases:my_cases")
    if action == "anterior":
        before, _after = filing.neighbours(step.id)
        return redirect(before.url if before is not None else step.url)
    return None


@login_required
def filing_step(request: TenantRequest, key: str, step_id: str) -> HttpResponse:
    filing = filing_load(request, key)
    if (refused := _unavailable(request, filing)) is not None:
        return refused
    step = filing.step(step_id)
    if step.id in (DOCUMENTS_STEP, SUMMARY_STEP):
        raise Http404
    if request.method != "POST":
        return render(
            request, "cases/filing_step.html", step_context(filing, step, filing.answers, [])
        )

    changes, upload_errors = _step_changes(filing, request, step)
    answers = merge_answers(filing.answers, changes)
    _save_draft(filing, request, answers, step.id)
    if (response := _after_save(request, filing, step)) is not None and not upload_errors:
        return response
    step_ids = {item["id"] for item in step.fields}
    _cleaned, errors = validate_answers(filing.definition, with_files(filing, answers))
    errors = upload_errors + [error for error in errors if error.location in step_ids]
    if errors:
        return render(
            request,
            "cases/filing_step.html",
            step_context(filing, step, answers, errors),
            status=422,
        )
    _before, after = filing.neighbours(step.id)
    assert after is not None  # the summary is always last
    return redirect(after.url)


@login_required
def filing_documents(request: TenantRequest, key: str) -> HttpResponse:
    filing = filing_load(request, key)
    if (refused := _unavailable(request, filing)) is not None:
        return refused
    step = filing.step(DOCUMENTS_STEP)
    answers = filing.answers
    if request.method != "POST":
        return render(
            request, "cases/filing_documents.html", documents_context(filing, answers, [])
        )

    errors: list[ErrorDetail] = []
    for document in iter_documents(filing.definition):
        uploaded = request.FILES.get(document["id"])
        if uploaded is not None:
            errors.extend(_upload(filing, request, document["id"], uploaded)[1])
    # Uploads create the draft when needed; the documents step is not a form step to remember.
    filing.draft = selectors.draft_get(applicant=request.user, enabled_app=filing.app)
    filing.documents = None
    if (response := _after_save(request, filing, step)) is not None and not errors:
        return response
    errors = errors or missing_documents(filing, answers)
    if errors:
        return render(
            request,
            "cases/filing_documents.html",
            documents_context(filing, answers, errors),
            status=422,
        )
    return redirect("cases:filing_summary", key=key)


@login_required
@require_GET
def filing_summary(request: TenantRequest, key: str) -> HttpResponse:
    filing = filing_load(request, key)
    if (refused := _unavailable(request, filing)) is not None:
        return refused
    if filing.draft is None:
        return redirect(filing.steps[0].url)
    return render(request, "cases/filing_summary.html", summary_context(request, filing, []))


@login_required
@require_POST
def filing_submit(request: TenantRequest, key: str) -> HttpResponse:
    form = SubmissionForm(request.POST)
    filing = filing_load(request, key)
    if filing.draft is None:
        # A retry of a form already accepted (reload, back and submit again) finds its case:
        # the draft it came from is gone. (A double click's second request waits inside
        # case_submit for the first and gets the same case.)
        try:
            sent_key = uuid.UUID(request.POST.get("idempotency_key", ""))
        except ValueError:
            sent_key = None
        existing = (
            Case.objects.filter(idempotency_key=sent_key, applicant=request.user).first()
            if sent_key is not None
            else None
        )
        if existing is not None:
            return redirect("cases:case_confirmation", public_id=existing.public_id)
        return redirect(filing.steps[0].url)
    if (refused := _unavailable(request, filing)) is not None:
        return refused
    if not form.is_valid():
        return render(
            request,
            "cases/filing_summary.html",
            summary_context(request, filing, [], form=form),
            status=422,
        )
    try:
        case = services.case_submit(
            applicant=request.user,
            enabled_app=filing.app,
            answers=filing.answers,
            idempotency_key=form.cleaned_data["idempotency_key"],
            privacy_notice_version=form.cleaned_data["privacy_notice_version"],
        )
    except ApplicationError as error:
        return render(
            request,
            "cases/filing_summary.html",
            summary_context(request, filing, list(error.errors), form=form),
            status=422,
        )
    return redirect("cases:case_confirmation", public_id=case.public_id)


@login_required
@require_POST
def filing_autosave(request: TenantRequest, key: str) -> HttpResponse:
    """The browser script's debounced save of the step being typed (no validation, no files)."""
    filing = filing_load(request, key)
    if filing.app.status != EnabledAppStatus.LIVE or filing_closed_since(filing.app) is not None:
        return JsonResponse({"saved": False}, status=409)
    step_id = request.POST.get("paso", "")
    step = filing.step(step_id)
    changes = answers_from_post(step.fields, request.POST)
    _save_draft(filing, request, merge_answers(filing.answers, changes), step.id)
    assert filing.draft is not None
    return JsonResponse({"saved": True, "updated_at": filing.draft.updated_at.isoformat()})


def _step_changes(
    filing: Filing, request: TenantRequest, step: WizardStep
) -> tuple[dict[str, Any], list[ErrorDetail]]:
    """The step's posted answers and uploads (stored at once; refused ones leave nothing)."""
    changes = answers_from_post(step.fields, request.POST)
    errors: list[ErrorDetail] = []
    for item in step.fields:
        if not registry.stores_upload(item):
            continue
        uploaded = request.FILES.get(item["id"])
        if uploaded is None:
            continue
        document, refused = _upload(filing, request, item["id"], uploaded)
        errors.extend(refused)
        if document is not None:
            changes[item["id"]] = _file_answer(document)
    return changes, errors


def _file_answer(document: CaseDocument) -> dict[str, Any]:
    return {
        "name": document.original_name,
        "size": document.size,
        "content_type": document.content_type,
    }
