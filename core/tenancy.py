"""The database connection as django-tenants' wrapper, and the schema it is on now.

One place for both, so code that needs "which government am I serving?" (audit rows, tokens,
logs, verification links, tasks) asks the same question the same way.
"""

from __future__ import annotations

from typing import Any, Protocol, cast

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django_tenants.utils import get_tenant_domain_model, get_tenant_model


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


def current_government() -> Any:
    """The government whose schema the connection serves: the tenant the request or task set
    when it is that schema's (no query), else read by schema name (schema_context sets only a
    stand-in without the government's fields).

    It is an instance of settings.TENANT_MODEL (tenants.models.Government), which the kernel may
    not name; typed Any rather than GovernmentLike so that app code can pass it on where a
    Government is declared."""
    model = get_tenant_model()
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, model) and tenant.schema_name == current_schema():
        return tenant
    return model.objects.get(schema_name=current_schema())


def site_url(
    request: HttpRequest | None = None,
    *,
    domain: str = "",
    government: GovernmentLike | None = None,
) -> str:
    """A site's base URL without the trailing slash ("https://tramites.sonora.gob.mx"), for the
    links of pages, e-mails and issued documents.

    - A request and no `domain`: the host the request came to, as it came (scheme, host, port).
    - A request and a `domain`: that domain reached the way the request reached the platform
      (same scheme and port), so links between the platform and the government sites work on
      localhost:8000 as in production.
    - No request (tasks, commands): the primary domain of `government` (the connection's by
      default), else its first, else the platform's base domain, with the scheme the deployment
      serves: nothing says which port, so none.
    """
    if request is not None and not domain:
        return f"{request.scheme}://{request.get_host()}"
    if request is not None:
        port = request.get_port()
        suffix = "" if port in {"80", "443"} else f":{port}"
        return f"{request.scheme}://{domain}{suffix}"
    chosen = government if government is not None else current_government()
    domains = get_tenant_domain_model().objects.filter(tenant_id=chosen.pk)
    primary = domains.filter(is_primary=True).first() or domains.first()
    # Secure cookies are set exactly when the site is served over HTTPS.
    scheme = "https" if settings.SESSION_COOKIE_SECURE else "http"
    return f"{scheme}://{primary.domain if primary else settings.VENTANILLA_BASE_DOMAIN}"
