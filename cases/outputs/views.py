"""The public verification page of an issued document: the QR code on every acuse and
resolution leads here, on the issuing government's own site."""

from __future__ import annotations

from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.outputs import verification
from core.i18n import content_language, text_in

# --- public verification ------------------------------------------------------------------------


@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public (no sign-in): what the QR code on an acuse or resolution opens."""
    result = verification.verify_token(token)
    valid = result is not None and result.valid
    shown = result if valid else None
    return render(
        request,
        "cases/verify.html",
        {
            "valid": valid,
            "result": shown,
            "title": text_in(shown.title, content_language()) if shown is not None else "",
        },
        status=200 if valid else 404,
    )
