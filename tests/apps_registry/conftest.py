"""Fixtures for enabled apps: definitions with override points of every type, publishing them
in CDMX's catalogue, convenios, and running code inside a government's schema."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from catalog.models import Agreement, AppVersion, CatalogApp
from catalog.services import (
    agreement_activate,
    agreement_create,
    app_create,
    version_draft_save,
    version_publish,
)
from core.actors import Actor, ActorRole
from tests.catalog.factories import make_definition

OVERRIDES: list[dict[str, Any]] = [
    {
        "key": "agency",
        "type": "agency",
        "required": True,
        "label": {"es-MX": "Dependencia que resuelve", "en": "Agency that decides"},
        "target": "/metadata/agency",
    },
    {
        "key": "homoclave",
        "type": "text",
        "required": True,
        "label": {"es-MX": "Homoclave", "en": "Registry key"},
        "target": "/metadata/homoclave",
    },
    {
        "key": "name",
        "type": "translatable",
        "required": False,
        "label": {"es-MX": "Nombre oficial", "en": "Official name"},
        "target": "/metadata/name",
    },
    {
        "key": "legal_basis",
        "type": "legal_basis",
        "required": False,
        "label": {"es-MX": "Fundamento jurídico", "en": "Legal basis"},
        "target": "/metadata/legal_basis",
    },
    {
        "key": "fees",
        "type": "fee_concepts",
        "required": False,
        "label": {"es-MX": "Derechos", "en": "Fees"},
        "target": "/fees/concepts",
    },
    {
        "key": "fee_amount",
        "type": "money",
        "required": False,
        "label": {"es-MX": "Monto del derecho", "en": "Fee amount"},
        "target": "/fees/concepts/0/amount",
    },
    {
        "key": "offices",
        "type": "offices",
        "required": False,
        "label": {"es-MX": "Oficinas", "en": "Offices"},
        "target": "/metadata/offices",
    },
    {
        "key": "plazo",
        "type": "plazo",
        "required": False,
        "label": {"es-MX": "Plazo", "en": "Time limit"},
        "target": "/plazo",
    },
    {
        "key": "prevencion.applicant_days",
        "type": "integer",
        "required": False,
        "label": {"es-MX": "Días para atender una prevención", "en": "Days to answer"},
        "target": "/prevencion/applicant_days",
        "default": 5,
    },
    {
        "key": "requires_appointment",
        "type": "boolean",
        "required": False,
        "label": {"es-MX": "Requiere cita", "en": "Needs an appointment"},
        "target": "/metadata/requires_appointment",
    },
    {
        "key": "info_url",
        "type": "url",
        "required": False,
        "label": {"es-MX": "Página de información", "en": "Information page"},
        "target": "/metadata/legal_basis/0/url",
    },
]

SONORA_AGENCY = {
    "name": {"es-MX": "Secretaría de Hacienda de Sonora", "en": "Sonora Treasury"},
    "acronym": "SH",
}
SONORA_LEGAL_BASIS = [
    {"ordenamiento": "Ley de Procedimiento Administrativo del Estado de Sonora", "articulo": "4"}
]
SONORA_OFFICE = {
    "name": {"es-MX": "Centro de Gobierno, Hermosillo"},
    "address": "Blvd. Paseo Río Sonora s/n, Hermosillo, Son.",
}
SONORA_FEE = {
    "id": "derecho",
    "concept": {"es-MX": "Derecho de expedición (Sonora)"},
    "amount": 180,
    "currency": "MXN",
    "fiscal_year": 2026,
}
# Local values that answer every required and place-bound override point of
# `definition_with_overrides` (an adopter never shows the publisher's place-bound values).
REQUIRED_VALUES: dict[str, Any] = {
    "agency": SONORA_AGENCY,
    "homoclave": "SON-PRU-001",
    "legal_basis": SONORA_LEGAL_BASIS,
    "offices": [SONORA_OFFICE],
    "fees": [SONORA_FEE],
}


def definition_with_overrides(slug: str = "constancia-prueba", **options: Any) -> dict[str, Any]:
    definition = make_definition(slug, **options)
    definition["fees"]["concepts"] = [
        {
            "id": "derecho",
            "concept": {"es-MX": "Derecho de expedición", "en": "Issuance fee"},
            "amount": 250.0,
            "currency": "MXN",
            "fiscal_year": 2026,
        }
    ]
    definition["overrides"] = [dict(item) for item in OVERRIDES]
    return definition


@pytest.fixture
def publisher_actor(cdmx: Any) -> Actor:
    return Actor.named("editor@cdmx.gob.mx", ActorRole.CATALOG_EDITOR, schema=cdmx.schema_name)


@pytest.fixture
def admin_actor(sonora: Any) -> Actor:
    return Actor.named("admin@sonora.gob.mx", ActorRole.ADMINISTRATOR, schema=sonora.schema_name)


@pytest.fixture
def publish(publisher_actor: Actor):
    """publish(tenant, slug, definition=None, version="1.0.0", policy="public") → AppVersion."""

    def factory(
        tenant: Any,
        slug: str = "constancia-prueba",
        *,
        definition: dict[str, Any] | None = None,
        version: str = "1.0.0",
        policy: str = "public",
    ) -> AppVersion:
        actor = Actor.named(
            f"editor@{tenant.government.slug}.gob.mx",
            ActorRole.CATALOG_EDITOR,
            schema=tenant.schema_name,
        )
        app = CatalogApp.objects.filter(publisher=tenant.government, slug=slug).first()
        if app is None:
            app = app_create(
                publisher=tenant.government, slug=slug, sharing_policy=policy, actor=actor
            )
        draft = version_draft_save(
            app=app,
            version=version,
            definition=definition or definition_with_overrides(slug),
            actor=actor,
        )
        return version_publish(
            version=draft,
            changelog={"es-MX": f"Versión {version}", "en": f"Version {version}"},
            actor=actor,
        )

    return factory


@pytest.fixture
def make_agreement(publisher_actor: Actor):
    def factory(publisher: Any, adopter: Any, *, apps: list[CatalogApp] | None = None) -> Agreement:
        agreement = agreement_create(
            publisher=publisher.government,
            adopter=adopter.government,
            title=f"Convenio {publisher.government.slug}–{adopter.government.slug}",
            valid_from=datetime.date(2020, 1, 1),
            apps=apps,
            actor=publisher_actor,
        )
        return agreement_activate(agreement=agreement, actor=publisher_actor)

    return factory


@contextmanager
def inside(tenant: Any) -> Iterator[None]:
    """Run the block on the tenant's schema, as a request to its host would."""
    with tenant_context(tenant.government):
        yield
