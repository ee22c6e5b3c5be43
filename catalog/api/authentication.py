"""Token authentication that knows tokens live in tenant schemas."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import get_public_schema_name
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from core.tenancy import tenant_connection


class TenantTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, looked up in the current government's schema, so a token of
    Sonora means nothing on CDMX's host. On the base domain (public schema, which has no token
    table) tokens are ignored instead of failing with a database error."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        if tenant_connection().schema_name == get_public_schema_name():
            return None
        return super().authenticate(request)
