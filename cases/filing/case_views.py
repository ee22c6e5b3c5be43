"""A citizen's own cases ("Mis trámites"): the list, a case with its history and office
messages, the reply to a prevención, and downloads of the case's files and issued documents."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps_registry.selectors import effective_key
from cases import selectors, workflow
from cases.downloads import document_response, output_response
from cases.filing import services, uploads
from cases.filing.forms import answers_from_post, merge_answers
from cases.filing.wizard import Filing, render_fields
from cases.models import Case, CaseDocument, CaseDraft, CaseEventKind, CaseOutput
from cases.outputs.services import output_render
from catalog.definition import Definition
from catalog.definition.field_types import registry
from catalog.definition.rules import iter_documents, iter_fields
from core.errors import ApplicationError, ErrorDetail
from core.i18n import content_language, text_in
from core.tenancy import site_url
from tenants.requests import TenantRequest

# --- my procedures ------------------------------------------------------------------------------


def _state_label(definition: Mapping[str, Any], state_id: str) -> str:
    return text_in(workflow.state_name(definition, state_id), content_language())


def _case_name(case: Case) -> str:
    return text_in(case.procedure_name, content_language()) or case.folio


@login_required
@require_GET
def my_cases(request: TenantRequest) -> HttpResponse:
    # The version is joined for its workflow's state names (one query for the whole list).
    cases = selectors.cases_of_applicant(request.user).select_related("version")
    rows = [
        {
            "case": case,
            "name": _case_name(case),
            "status": _state_label(case.version.definition, case.status),
        }
        for case in cases
    ]
    drafts = (
        CaseDraft.objects.filter(applicant=request.user)
        .select_related("enabled_app", "enabled_app__version")
        .order_by("-updated_at", "-id")
    )
    draft_rows = [
        {
            "draft": draft,
            "name": text_in(
                Definition(draft.enabled_app.version.definition).citizen_name, content_language()
            ),
            "url": reverse("cases:filing", args=[str(draft.enabled_app.public_id)]),
        }
        for draft in drafts
    ]
    return render(request, "cases/my_cases.html", {"rows": rows, "drafts": draft_rows})


def _case_or_404(request: TenantRequest, public_id: uuid.UUID) -> Case:
    try:
        return selectors.case_get_for_applicant(applicant=request.user, public_id=public_id)
    except Case.DoesNotExist:
        raise Http404 from None


def _correction_context(
    case: Case, definition: dict[str, Any], answers: Mapping[str, Any], errors: list[ErrorDetail]
) -> dict[str, Any]:
    language = content_language()
    fields = list(iter_fields(definition))
    field_ids = {item["id"] for item in fields}
    document_list = list(iter_documents(definition))
    document_ids = {document["id"] for document in document_list}
    filing = Filing(
        key=str(case.enabled_app.public_id),
        app=case.enabled_app,
        definition=definition,
        draft=None,
        steps=[],
        local_values=effective_key(case.enabled_app),
    )
    return {
        "fields_html": render_fields(filing, fields, answers, errors),
        "documents": [
            {
                "id": document["id"],
                "name": text_in(document.get("name"), language),
                "accept": ",".join(document.get("accept") or []),
                "formats": ", ".join(
                    item.split("/")[-1].upper() for item in document.get("accept") or []
                ),
                "max_size_mb": document.get("max_size_mb"),
                "errors": [e.message for e in errors if e.location == document["id"]],
            }
            for document in document_list
        ],
        "general_errors": [e.message for e in errors if e.location not in field_ids | document_ids],
    }


def _case_context(
    case: Case, *, answers: Mapping[str, Any] | None = None, errors: Sequence[ErrorDetail] = ()
) -> dict[str, Any]:
    definition = selectors.case_definition(case)
    language = content_language()
    events: list[dict[str, Any]] = [
        {
            "event": event,
            "from_label": _state_label(definition, event.from_status) if event.from_status else "",
            "to_label": _state_label(definition, event.to_status) if event.to_status else "",
        }
        for event in selectors.case_events(case)
    ]
    awaiting = workflow.correction_transition(definition, case.status) is not None
    return {
        "case": case,
        "name": _case_name(case),
        "status": _state_label(definition, case.status),
        "events": events,
        "office_messages": [
            row for row in events if row["event"].kind == CaseEventKind.MESSAGE_FROM_OFFICE
        ],
        "documents": list(selectors.case_documents(case)),
        "outputs": list(selectors.case_outputs(case)),
        "correction": _correction_context(
            case, definition, case.answers if answers is None else answers, list(errors)
        )
        if awaiting
        else None,
        "answers": [
            {
                "label": text_in(item.get("label"), language),
                "value": registry.display_submitted(item, case.answers[item["id"]], language),
            }
            for item in iter_fields(definition)
            if item["id"] in case.answers
        ],
    }


@login_required
@require_GET
def case_detail(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(request, public_id)
    return render(request, "cases/case_detail.html", _case_context(case))


@login_required
@require_GET
def case_confirmation(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(request, public_id)
    return render(
        request,
        "cases/case_confirmation.html",
        {"case": case, "acuse": selectors.case_acuse(case), "name": _case_name(case)},
    )


@login_required
@require_POST
def case_correction(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(request, public_id)
    definition = selectors.case_definition(case)
    if workflow.correction_transition(definition, case.status) is None:
        messages.error(request, _("Esta solicitud no espera correcciones."))
        return redirect("cases:case_detail", public_id=case.public_id)
    fields = list(iter_fields(definition))
    answers = merge_answers(case.answers, answers_from_post(fields, request.POST))
    errors: list[ErrorDetail] = []
    # Each replacement file is checked and stored on its own; a refused one stores nothing.
    for item_id in [d["id"] for d in iter_documents(definition)] + [
        item["id"] for item in fields if registry.stores_upload(item)
    ]:
        uploaded = request.FILES.get(item_id)
        if uploaded is None:
            continue
        try:
            uploads.document_upload(
                applicant=request.user,
                enabled_app=case.enabled_app,
                document_id=item_id,
                uploaded_file=uploaded,
                case=case,
            )
        except ApplicationError as error:
            errors.extend(_located(error, item_id))
    if not errors:
        try:
            services.case_reply_to_correction(
                applicant=request.user,
                case=case,
                answers=answers,
                message=request.POST.get("mensaje", ""),
            )
        except ApplicationError as error:
            errors.extend(error.errors)
    if errors:
        context = _case_context(case, answers=answers, errors=errors)
        return render(request, "cases/case_detail.html", context, status=422)
    messages.success(request, _("Enviamos tu corrección a la oficina."))
    return redirect("cases:case_detail", public_id=case.public_id)


def _located(error: ApplicationError, location: str) -> list[ErrorDetail]:
    return [
        ErrorDetail(detail.code, detail.message_es, detail.message_en, detail.location or location)
        for detail in error.errors
    ]


@login_required
@require_GET
def case_document_download(
    request: TenantRequest, public_id: uuid.UUID, document_id: uuid.UUID
) -> FileResponse:
    try:
        document = selectors.document_get_for_user(
            user=request.user, document_public_id=document_id, case_public_id=public_id
        )
    except CaseDocument.DoesNotExist:
        raise Http404 from None
    return document_response(document)


@login_required
@require_GET
def case_output_download(
    request: TenantRequest, public_id: uuid.UUID, output_id: uuid.UUID
) -> HttpResponse:
    try:
        output = selectors.output_get_for_user(user=request.user, public_id=output_id)
    except CaseOutput.DoesNotExist:
        raise Http404 from None
    if output.case.public_id != public_id:
        raise Http404
    return output_response(output, output_render(output=output, site_url=site_url(request)))
