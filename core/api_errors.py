"""How the JSON APIs answer a refused request: the same `{"errors": [...]}` body for the
platform's ApplicationError and for DRF's serializer errors, each error with a stable code, its
location and the message in both languages."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response

from core.errors import ApplicationError


def api_error_response(exc: Exception, *, code_prefix: str) -> Response | None:
    """The 400 answer for `exc`, or None when DRF's own handling applies. Serializer errors get
    codes `<code_prefix>.input_<DRF code>`."""
    if isinstance(exc, ApplicationError):
        return Response(
            {"errors": [error.as_dict() for error in exc.errors]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            {"errors": _validation_errors(exc.detail, code_prefix=code_prefix)},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return None


def _validation_errors(
    detail: Any, *, code_prefix: str, location: str = ""
) -> list[dict[str, str]]:
    if isinstance(detail, dict):
        return [
            error
            for key, value in detail.items()
            for error in _validation_errors(
                value,
                code_prefix=code_prefix,
                location=f"{location}/{key}" if location else str(key),
            )
        ]
    if isinstance(detail, list):
        return [
            error
            for item in detail
            for error in _validation_errors(item, code_prefix=code_prefix, location=location)
        ]
    return [
        {
            "code": f"{code_prefix}.input_{getattr(detail, 'code', 'invalid')}",
            "location": location,
            "message_es": str(detail),
            "message_en": str(detail),
        }
    ]
