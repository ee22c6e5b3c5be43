"""The database connection as django-tenants' wrapper, and the schema it is on now.

One place for both, so code that needs "which government am I serving?" (audit rows, tokens,
logs, verification links, tasks) asks the same question the same way.
"""

from __future__ import annotations

from typing import Any, Protocol, cast

from django.db import connection


class GovernmentLike(Protocol):
    """What the kernel reads of a government (tenants.models.Government): the kernel imports no
    app, so it names the shape it needs instead of the model."""

    pk: Any
    schema_name: str
    name: str
    display_name: str


def tenant_connection() -> Any:
    # django-tenants ships no type information; its wrapper adds set_tenant/set_schema_to_public.
    return cast(Any, connection)


def current_schema() -> str:
    """The schema the connection serves now ("public" outside any government)."""
    return getattr(connection, "schema_name", None) or "public"
