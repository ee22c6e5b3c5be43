"""TODO docstring."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases import errors
from cases.documents import DocumentSpec, document_specs
from cases.events import event_record
from cases.models import (
    Case,
    CaseDocument,
    CaseEventKind,
    CaseOutput,
    CaseOutputKind,
)
from cases.outputs.pdf import render_output_pdf
from cases.outputs.verification import verification_url
from cases.selectors import case_definition
from catalog.definition.field_types import ADDRESS_PARTS
from catalog.definition.rules import iter_fields
from core import tenancy
from core.errors import ApplicationError
from core.templatetags.mx import format_mxn


@transaction.atomic
def case_output_issue(
    *, case: Case, output_id: str, actor_email: str, site_url: str = ""
) -> CaseOutput:
    """Issue one of the definition's outputs for the case (a resolution, typically), rendered
    at once and kept, with its QR verification code."""
    definition = case_definition(case)
    output = next(
        (
            item
            for item in definition.get("outputs") or []
            if isinstance(item, Mapping) and item.get("id") == output_id
        ),
        None,
    )
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
        issued_by_email=actor_email,
    )
    event_record(
        case,
        CaseEventKind.OUTPUT_ISSUED,
        actor_email=actor_email,
        data={"output_id": output_id, "output": str(issued.public_id)},
    )
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


def _display(field: Mapping[str, Any], value: Any) -> dict[str, str]:
    """A cleaned answer as printed on a document, in Spanish and English."""
    kind = field.get("type")
    options = {
        option.get("value"): option.get("label") or {}
        for option in field.get("options") or []
        if isinstance(option, Mapping)
    }
    if kind == "boolean":
        return {"es-MX": "Sí" if value else "No", "en": "Yes" if value else "No"}
    if kind == "choice":
        label = options.get(value) or {}
        return {"es-MX": label.get("es-MX", str(value)), "en": label.get("en", str(value))}
    if kind == "multiple_choice":
        labels = [options.get(item) or {} for item in value or []]
        return {
            language: ", ".join(label.get(language, "") for label in labels)
            for language in ("es-MX", "en")
        }
    if kind == "address" and isinstance(value, Mapping):
        text = ", ".join(str(value[key]) for key, *_ in ADDRESS_PARTS if value.get(key))
        return {"es-MX": text, "en": text}
    if kind == "file" and isinstance(value, Mapping):
        text = str(value.get("name", ""))
        return {"es-MX": text, "en": text}
    if kind == "money":
        return {"es-MX": format_mxn(value, "es-mx"), "en": format_mxn(value, "en")}
    if kind == "date" and isinstance(value, str) and len(value) == 10:
        year, month, day = value.split("-")
        return {"es-MX": f"{day}/{month}/{year}", "en": value}
    return {"es-MX": str(value), "en": str(value)}


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
    metadata = definition.get("metadata") or {}
    summary = []
    for field in iter_fields(definition):
        if field["id"] not in case.answers or field.get("sensitive"):
            continue
        summary.append(
            {
                "id": field["id"],
                "label": dict(field.get("label") or {}),
                "value": _display(field, case.answers[field["id"]]),
            }
        )
    specs: dict[str, DocumentSpec] = document_specs(definition)
    first_name = str(case.answers.get("nombre", ""))
    values = {
        "folio": case.folio,
        "fecha": filed.strftime("%d/%m/%Y %H:%M"),
        "nombre": first_name,
    }
    body = output.get("body") or {}
    return {
        "kind": output.get("kind", "acuse"),
        "title": dict(output.get("title") or {}),
        "body": {language: _fill(str(text), values) for language, text in body.items()},
        "folio": case.folio,
        "filed_at": filed.isoformat(),
        "issued_at": local.isoformat(),
        "status": case.status,
        "procedure_name": dict(metadata.get("name") or {}),
        "homoclave": str(metadata.get("homoclave", "")),
        "agency": dict((metadata.get("agency") or {}).get("name") or {}),
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
