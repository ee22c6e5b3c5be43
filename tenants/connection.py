"""The database connection as django-tenants' wrapper, typed for the schema-switching calls."""

from __future__ import annotations

from typing import Any, cast

from django.db import connection


def tenant_connection() -> Any:
    # django-tenants ships no type information; its wrapper adds set_tenant/set_schema_to_public.
    return cast(Any, connection)
