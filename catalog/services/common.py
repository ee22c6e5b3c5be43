"""What every catalogue write shares: who may write, the system actor of commands, the
audit row and the error of a deprecated app."""

from __future__ import annotations

from typing import Any

from catalog import errors
from catalog.models import (
    Agreement,
    AppVersion,
    CatalogApp,
    CatalogAuditEvent,
)
from core.actors import Actor, ActorRole
from core.errors import ErrorDetail

# Who may write the catalogue: its editors and administrators (through the back office and the
# API), operators (the public admin) and the platform (imports, the demo).
CATALOG_WRITERS = (
    ActorRole.CATALOG_EDITOR,
    ActorRole.ADMINISTRATOR,
    ActorRole.OPERATOR,
    ActorRole.SYSTEM,
)
# Imports and the demo: the catalogue's rows name this mailbox rather than a person.
SYSTEM_ACTOR = Actor.system("catalog", email="sistema@ventanilla.mx", schema="public")


def deprecated_error(app: CatalogApp) -> ErrorDetail:
    return ErrorDetail(
        errors.APP_DEPRECATED,
        f"La app «{app.slug}» está en desuso: ya no recibe versiones nuevas.",
        f"The app '{app.slug}' is deprecated: it takes no new versions.",
        "",
    )


def catalog_audit(
    action: str,
    actor: Actor,
    *,
    app: CatalogApp | None = None,
    version: AppVersion | None = None,
    agreement: Agreement | None = None,
    data: dict[str, Any] | None = None,
) -> CatalogAuditEvent:
    return CatalogAuditEvent.objects.create(
        action=action,
        actor_email=actor.email,
        actor_schema=actor.schema,
        app=app,
        version=version,
        agreement=agreement,
        data=data or {},
    )
