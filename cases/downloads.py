"""The responses that hand a case's files to the citizen and to the government's staff: the
same headers on both sides, so neither can leave a copy of personal data behind."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from cases.models import CaseDocument, CaseOutput

# Personal data: no browser or proxy may keep a copy.
PRIVATE = "private, no-store"


def document_response(document: CaseDocument) -> FileResponse:
    """A file uploaded to the case, as an attachment under the name it was uploaded with."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = PRIVATE
    # The stored type is what the uploader declared: the browser must not guess another one
    # from the bytes (SecurityMiddleware says the same; this holds without it).
    response["X-Content-Type-Options"] = "nosniff"
    return response


def output_response(output: CaseOutput, content: bytes) -> HttpResponse:
    """An issued document already rendered to PDF (cases.outputs renders it; the kernel does
    not import that package), named "<kind>-<folio>.pdf"."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{output.kind}-{output.case.folio}.pdf"
    )
    response["Cache-Control"] = PRIVATE
    return response
