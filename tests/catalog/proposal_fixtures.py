"""Shared by the proposal tests: CDMX publishes an app with two fields and Sonora enables it;
the actors of both sides."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import tenant_context

from apps_registry.models import EnabledApp
from apps_registry.services import enabled_app_enable
from catalog.services import app_create, version_draft_save, version_publish
from core.actors import Actor, ActorRole
from tests.adopting import adopter_answers
from tests.catalog.factories import make_definition

LABEL = "/form/steps/0/fields/0/label"
NEW_LABEL = {"es-MX": "Nombre completo en {{entidad.nombre}}", "en": "Full name"}


def two_fields(slug: str = "constancia-prueba") -> dict[str, Any]:
    definition = make_definition(slug)
    definition["form"]["steps"][0]["fields"].append(
        {
            "id": "alcaldia",
            "type": "text",
            "label": {"es-MX": "Alcaldía", "en": "Borough"},
            "required": False,
        }
    )
    return definition


def editor_of(tenant: Any) -> Actor:
    return Actor.named(
        f"editor@{tenant.government.slug}.gob.mx",
        ActorRole.CATALOG_EDITOR,
        schema=tenant.schema_name,
    )


def admin_of(tenant: Any) -> Actor:
    return Actor.named(
        f"admin@{tenant.government.slug}.gob.mx",
        ActorRole.ADMINISTRATOR,
        schema=tenant.schema_name,
    )


def adopt(cdmx: Any, sonora: Any) -> EnabledApp:
    """CDMX publishes 1.0.0 (two fields); Sonora enables it."""
    editor = editor_of(cdmx)
    app = app_create(
        publisher=cdmx.government, slug="constancia-prueba", sharing_policy="public", actor=editor
    )
    draft = version_draft_save(app=app, version="1.0.0", definition=two_fields(), actor=editor)
    version = version_publish(version=draft, changelog={"es-MX": "Primera"}, actor=editor)
    app.refresh_from_db()
    with tenant_context(sonora.government):
        return enabled_app_enable(
            government=sonora.government,
            app=app,
            version=version,
            **adopter_answers(sonora, version),
            actor=admin_of(sonora),
        )
