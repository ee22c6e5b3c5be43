from __future__ import annotations

from typing import Any

import pytest

from catalog.models import AppVersion, CatalogApp
from catalog.services import app_create, version_draft_save, version_publish
from core.actors import Actor, ActorRole
from tests.catalog.factories import make_definition


@pytest.fixture
def actor_of():
    """actor_of(tenant) → the Actor of a publisher of that government."""

    def factory(tenant: Any, email: str | None = None) -> Actor:
        return Actor.named(
            email or f"editor@{tenant.government.slug}.gob.mx",
            ActorRole.CATALOG_EDITOR,
            schema=tenant.schema_name,
        )

    return factory


@pytest.fixture
def publish_app(actor_of):
    """publish_app(tenant, slug, policy="public", version="1.0.0", **definition options) creates
    the app (if needed) and publishes one version through the services."""

    def factory(
        tenant: Any,
        slug: str,
        policy: str = "public",
        version: str = "1.0.0",
        **options: Any,
    ) -> AppVersion:
        actor = actor_of(tenant)
        app = CatalogApp.objects.filter(publisher=tenant.government, slug=slug).first()
        if app is None:
            app = app_create(
                publisher=tenant.government, slug=slug, sharing_policy=policy, actor=actor
            )
        draft = version_draft_save(
            app=app, version=version, definition=make_definition(slug, **options), actor=actor
        )
        return version_publish(
            version=draft,
            changelog={"es-MX": "Primera versión", "en": "First version"},
            actor=actor,
        )

    return factory
