"""Host → government lookup, cached in this process.

Every request needs it, so it must not cost a query: entries live in a dict for
`VENTANILLA_TENANT_ROUTE_TTL` seconds. A save or delete of a government or domain in this process clears the
dict at once (other processes see the change within the TTL).
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Domain, Government

# Bounded so that a flood of made-up subdomains cannot grow memory without limit.
_MAX_ENTRIES = 10_000
_routes: dict[str, tuple[float, Government | None]] = {}
_lock = threading.Lock()


def government_for_host(hostname: str) -> Government | None:
    """The government serving `hostname` (without port), or None when no domain matches."""
    now = time.monotonic()
    cached = _routes.get(hostname)
    if cached is not None and cached[0] > now:
        return cached[1]
    with schema_context(get_public_schema_name()):
        domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
    government = domain.tenant if domain is not None else None
    with _lock:
        if len(_routes) >= _MAX_ENTRIES:
            _routes.clear()
        _routes[hostname] = (now + settings.VENTANILLA_TENANT_ROUTE_TTL, government)
    return government


def clear_routes(**_: object) -> None:
    with _lock:
        _routes.clear()


def connect_invalidation() -> None:
    for model in (Government, Domain):
        post_save.connect(clear_routes, sender=model, dispatch_uid=f"routes-save-{model.__name__}")
        post_delete.connect(
            clear_routes, sender=model, dispatch_uid=f"routes-delete-{model.__name__}"
        )
