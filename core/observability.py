"""Logs and Sentry events carry the tenant schema and never personal data."""

from __future__ import annotations

import logging
import re
from typing import Any

import sentry_sdk

from core.tenancy import current_schema

# CURP: 18 characters; RFC: 12 (companies) or 13 (people). Matched loosely on purpose: scrubbing a
# look-alike costs nothing, leaking a real one does.
_CURP = re.compile(r"\b[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d\b", re.IGNORECASE)
_RFC = re.compile(r"\b[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}\b", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_REDACTED = "[redactado]"
_SENSITIVE_KEYS = {"email", "curp", "rfc", "password", "ip_address", "username", "phone", "name"}


class TenantLogFilter(logging.Filter):
    """Adds `schema_name` to every log record so log lines name their tenant."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.schema_name = current_schema()
        return True


def scrub_text(text: str) -> str:
    text = _EMAIL.sub(_REDACTED, text)
    text = _CURP.sub(_REDACTED, text)
    return _RFC.sub(_REDACTED, text)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {
            key: _REDACTED if str(key).lower() in _SENSITIVE_KEYS else _scrub(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Tag the event with its tenant and strip anything that could identify a person."""
    event.setdefault("tags", {})["tenant"] = current_schema()
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if "id" in user else {}
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        headers = request.get("headers") or {}
        request["headers"] = {
            key: value
            for key, value in headers.items()
            if key.lower() not in {"cookie", "authorization"}
        }
        if "query_string" in request:
            request["query_string"] = scrub_text(str(request["query_string"]))
    for key in ("message", "logentry", "exception", "breadcrumbs", "extra", "contexts"):
        if key in event:
            event[key] = _scrub(event[key])
    return event


def init_sentry(*, dsn: str, environment: str, **options: Any) -> None:
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        # Collect nothing that could identify a citizen; before_send scrubs what remains.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "url_query_params": {"mode": "denylist"},
            "stack_frame_variables": False,
            "database_query_data": False,
        },
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,  # type: ignore[arg-type]
        before_send_transaction=before_send,  # type: ignore[arg-type]
        **options,
    )
