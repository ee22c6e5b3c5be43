"""Documents a case issues: resolutions and constancias with their QR verification code.

An output is a snapshot of the case, the answers and the government's letterhead taken when it is
issued, rendered to PDF once and kept, so every later download and verification shows the same
file. The acuse is issued by filing itself (cases.filing.services); the others come through
`case_output_issue`, called by officers' transitions and by the ficta job.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases import errors
from cases.documents import DocumentSpec, document_specs
from cases.events import output_issued_event
from cases.models import (
    Case,
    CaseDocument,
    CaseOutput,
    CaseOutputKind,
)
from cases.outputs.pdf import render_output_pdf
from cases.outputs.verification import verification_url
from cases.selectors import case_definition
from catalog.definition import Definition
from catalog.definition.field_types import registry
from catalog.definition.rules import iter_fields
from core import tenancy
from core.actors import Actor, ActorRole
from core.errors import ApplicationError
from core.i18n import text_in

# The office issues documents; the platform does when a ficta resolves a case by law.
OUTPUT_ISSUER_ROLES = (ActorRole.CASE_OFFICER, ActorRole.ADMINISTRATOR, ActorRole.SYSTEM)


@transaction.atomic
def case_output_issue(
    *, case: Case, output_id: str, actor: Actor, site_url: str = ""
) -> CaseOutput:
    """Issue one of the definition's outputs for the case (a resolution, typically), rendered
    at once and kept, with its QR verification code."""
    actor.require(
        *OUTPUT_ISSUER_ROLES,
        code=errors.ACTOR_NOT_ALLOWED,
        message_es="Tu cuenta no puede atender expedientes.",
        message_en="Your account cannot work on cases.",
    )
    definition = case_definition(case)
    output = Definition(definition).output(output_id)
    if output is None:
        raise ApplicationError.single(
            errors.OUTPUT_UNKNOWN,
            "Ese documento no está definido en este trámite.",
            "That document is not defined in this procedure.",
            "output",
        )
    now = timezone.now()
    issued = CaseOutput.objects.create(
        case=case,
        kind=str(output["kind"]) if output.get("kind") in CaseOutputKind.values else "resolucion",
        output_id=output_id,
        snapshot=output_snapshot(
            case,
            definition,
            tenancy.current_government(),
            output,
            documents=list(case.documents.filter(superseded_at__isnull=True)),
            issued_at=now,
        ),
        issued_at=now,
        issued_by_email=actor.email,
    )
    output_issued_event(case, actor=actor, output=issued)
    output_render(output=issued, site_url=site_url)
    issued.refresh_from_db(fields=["file", "sha256"])
    return issued


@transaction.atomic
def output_render(*, output: CaseOutput, site_url: str = "") -> bytes:
    """The output's PDF: rendered and stored the first time, read back afterwards, so every
    download is the same file with the same SHA-256 fingerprint."""
    output = CaseOutput.objects.select_for_update().select_related("case").get(pk=output.pk)
    if output.file:
        with output.file.open("rb") as stored:
            return stored.read()
    # tenancy.site_url by module: the argument `site_url` hides the function's own name here.
    url = verification_url(output, site_url=site_url or tenancy.site_url())
    content = render_output_pdf(output.snapshot, verification_url=url)
    output.file.save(f"{output.output_id}.pdf", ContentFile(content), save=False)
    output.sha256 = hashlib.sha256(content).hexdigest()
    stored_name = str(output.file.name)
    try:
        output.save(update_fields=["file", "sha256"])
    except BaseException:
        output.file.storage.delete(stored_name)
        raise
    return content


def _fill(text: str, values: Mapping[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def output_snapshot(
    case: Case,
    definition: Mapping[str, Any],
    government: Any,
    output: Mapping[str, Any],
    *,
    documents: list[CaseDocument],
    issued_at: Any,
) -> dict[str, Any]:
    """Everything the PDF prints, frozen now. Sensitive fields (e.g. health) are left out."""
    local = timezone.localtime(issued_at)
    filed = timezone.localtime(case.submitted_at or case.created_at)
    app = Definition(definition)
    summary = []
    for field in iter_fields(definition):
        if field["id"] not in case.answers or field.get("sensitive"):
            continue
        summary.append(
            {
                "id": field["id"],
                "label": dict(field.get("label") or {}),
                "value": registry.display(field, case.answers[field["id"]]),
            }
        )
    specs: dict[str, DocumentSpec] = document_specs(definition)
    # A template names any answer it prints by the field's id ("{{placa}}"), shown as the
    # summary shows it; sensitive answers are never filled.
    fixed = {
        "folio": case.folio,
        "fecha": filed.strftime("%d/%m/%Y %H:%M"),
        "nombre": str(case.answers.get("nombre", "")),
    }

    def values(language: str) -> dict[str, str]:
        answers = {str(item["id"]): text_in(item["value"], language) for item in summary}
        return {**answers, **fixed}

    body = output.get("body") or {}
    return {
        "kind": output.get("kind", "acuse"),
        "title": dict(output.get("title") or {}),
        "body": {language: _fill(str(text), values(language)) for language, text in body.items()},
        "folio": case.folio,
        "filed_at": filed.isoformat(),
        "issued_at": local.isoformat(),
        "status": case.status,
        "procedure_name": dict(app.name),
        "homoclave": app.homoclave,
        "agency": dict(app.agency_name),
        "government": {
            "name": government.name,
            "display_name": government.display_name or government.name,
            "primary_color": government.primary_color,
            "secondary_color": government.secondary_color,
        },
        "summary": summary,
        "documents": [
            {
                "name": dict(specs[document.document_id].name)
                if document.document_id in specs
                else {"es-MX": document.document_id},
                "file_name": document.original_name,
                "sha256": document.sha256,
            }
            for document in documents
        ],
    }
