"""Serves the published JSON Schema of app definitions, on the platform host and every tenant."""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_GET

from catalog.definition.validation import DEFINITION_SCHEMA_V1

# Serialised once: the schema only changes with a deploy.
_SCHEMA_BODY = json.dumps(DEFINITION_SCHEMA_V1, ensure_ascii=False, indent=2).encode("utf-8")
_SCHEMA_ETAG = hashlib.sha256(_SCHEMA_BODY).hexdigest()[:32]


@require_GET
@etag(lambda request: _SCHEMA_ETAG)
@cache_control(public=True, max_age=3600)
def app_definition_schema(request: HttpRequest) -> HttpResponse:
    """JSON Schema (draft 2020-12) of procedure app definitions, format version 1."""
    response = HttpResponse(_SCHEMA_BODY, content_type="application/schema+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
