"""Fixtures of the citizen pages' tests (tests/cases/test_views_*.py): a procedure whose form uses
every field type of the definition format, with a conditional field in the same step as the
choice that reveals it, one in a later step, a file field and two documents (one conditional),
published by CDMX and live in Sonora; citizens with verified e-mail; tiny genuine files.

Imported by the test modules (fixtures must be visible to them), not collected itself. The
folder's conftest puts MEDIA_ROOT in a temporary folder for every test.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from apps_registry.models import EnabledApp
from apps_registry.services import enabled_app_enable
from catalog.models import CatalogApp
from catalog.services import app_create, version_draft_save, version_publish
from core.actors import Actor, ActorRole
from core.models import User
from tests.adopting import adopter_values
from tests.catalog.definition.conftest import minimal_definition, t
from tests.conftest import TEST_PASSWORD

SLUG = "todos-los-campos"
OPTIONS = [
    {"value": "nueva", "label": t("Por primera vez", "First time")},
    {"value": "renovacion", "label": t("Renovación", "Renewal")},
]
INTERESTS = [
    {"value": "deporte", "label": t("Deporte", "Sport")},
    {"value": "cultura", "label": t("Cultura", "Culture")},
    {"value": "ciencia", "label": t("Ciencia", "Science")},
]
RENEWAL = {"==": [{"var": "modalidad"}, "renovacion"]}

PERSONA_FIELDS: list[dict[str, Any]] = [
    {"id": "nombre", "type": "text", "label": t("Nombre completo", "Full name"), "required": True},
    {
        "id": "comentarios",
        "type": "textarea",
        "label": t("Comentarios", "Comments"),
        "max_length": 500,
    },
    {"id": "edad", "type": "integer", "label": t("Edad", "Age"), "min": 0, "max": 130},
    {
        "id": "estatura",
        "type": "decimal",
        "label": t("Estatura en metros", "Height in metres"),
        "decimal_places": 2,
    },
    {"id": "ingreso", "type": "money", "label": t("Ingreso mensual", "Monthly income")},
    {
        "id": "fecha_nacimiento",
        "type": "date",
        "label": t("Fecha de nacimiento", "Date of birth"),
        "min": "1900-01-01",
        "max": "today",
    },
    {
        "id": "tiene_licencia",
        "type": "boolean",
        "label": t("¿Tienes licencia?", "Do you have a licence?"),
        "required": True,
    },
    {
        "id": "modalidad",
        "type": "choice",
        "label": t("¿Qué necesitas?", "What do you need?"),
        "required": True,
        "widget": "radio",
        "options": OPTIONS,
    },
    {
        "id": "numero_licencia",
        "type": "text",
        "label": t("Número de licencia anterior", "Previous licence number"),
        "max_length": 20,
    },
    {
        "id": "intereses",
        "type": "multiple_choice",
        "label": t("Intereses", "Interests"),
        "options": INTERESTS,
    },
    {"id": "correo", "type": "email", "label": t("Correo electrónico", "E-mail")},
    {"id": "telefono", "type": "phone_mx", "label": t("Teléfono", "Phone")},
    {"id": "curp", "type": "curp", "label": t("CURP", "CURP")},
    {"id": "rfc", "type": "rfc", "label": t("RFC", "RFC")},
    {"id": "cp", "type": "postal_code", "label": t("Código postal", "Postal code")},
]
DOMICILIO_FIELDS: list[dict[str, Any]] = [
    {"id": "domicilio", "type": "address", "label": t("Domicilio", "Address"), "required": True},
    {
        "id": "licencia_vencida",
        "type": "boolean",
        "label": t("¿Tu licencia ya venció?", "Has your licence expired?"),
    },
    {
        "id": "foto",
        "type": "file",
        "label": t("Fotografía", "Photo"),
        "accept": ["image/png", "image/jpeg"],
        "max_size_mb": 1,
    },
]


def all_types_definition(slug: str = SLUG) -> dict[str, Any]:
    definition = minimal_definition(copy.deepcopy(PERSONA_FIELDS))
    definition["metadata"]["slug"] = slug
    definition["metadata"]["citizen_name"] = t("Pedir una constancia completa")
    definition["form"]["steps"][0].update(id="persona", title=t("Tus datos", "Your details"))
    definition["form"]["steps"].append(
        {"id": "domicilio", "title": t("Domicilio", "Address"), "fields": DOMICILIO_FIELDS}
    )
    definition["rules"] = [
        {"id": "ver_licencia", "effect": "show", "target": "numero_licencia", "when": RENEWAL},
        {
            "id": "exigir_licencia",
            "effect": "require",
            "target": "numero_licencia",
            "when": RENEWAL,
        },
        # Depends on an answer of the first step.
        {"id": "ver_vencida", "effect": "show", "target": "licencia_vencida", "when": RENEWAL},
    ]
    definition["documents"] = [
        {
            "id": "identificacion",
            "name": t("Identificación oficial", "Official ID"),
            "accept": ["application/pdf", "image/png"],
            "max_size_mb": 1,
            "required": True,
        },
        {
            "id": "licencia_anterior",
            "name": t("Licencia anterior", "Previous licence"),
            "accept": ["application/pdf"],
            "max_size_mb": 1,
            "required": True,
            "condition": RENEWAL,
        },
    ]
    definition["workflow"] = {
        "states": [
            {"id": "recibida", "name": t("Recibida", "Received")},
            {"id": "en_revision", "name": t("En revisión", "Under review")},
            {
                "id": "prevencion",
                "name": t("Prevención", "Information requested"),
                "citizen_name": t("Falta información", "Information missing"),
            },
            {"id": "resuelta", "name": t("Resuelta", "Resolved")},
        ],
        "initial": "recibida",
        "final": ["resuelta"],
        "transitions": [
            _transition("revisar", "recibida", "en_revision", "case_officer"),
            _transition("prevenir", "en_revision", "prevencion", "case_officer"),
            _transition("atender", "prevencion", "en_revision", "citizen"),
            _transition("resolver", "en_revision", "resuelta", "case_officer"),
        ],
    }
    definition["fees"] = {
        "concepts": [
            {
                "id": "derecho",
                "concept": t("Derecho de expedición", "Issuance fee"),
                "amount": 1099.5,
                "currency": "MXN",
                "fiscal_year": 2026,
            }
        ]
    }
    return definition


def _transition(transition_id: str, source: str, target: str, actor: str) -> dict[str, Any]:
    return {
        "id": transition_id,
        "from": source,
        "to": target,
        "actor": actor,
        "notify_citizen": True,
        "pauses_clock": False,
    }


# Answers to every field, as a browser posts them (address parts as "domicilio.<part>").
PERSONA_POST: dict[str, Any] = {
    "nombre": "Ana López Chan",
    "comentarios": "Sin comentarios",
    "edad": "34",
    "estatura": "1.62",
    "ingreso": "$12,500.50",
    "fecha_nacimiento": "1991-05-17",
    "tiene_licencia": "true",
    "modalidad": "renovacion",
    "numero_licencia": "ABC123456",
    "intereses": ["ciencia", "deporte"],
    "correo": "ana.lopez@example.mx",
    "telefono": "+52 (662) 123-4567",
    "curp": "boxw310820hnerxn09",
    "rfc": "GODE561231GR8",
    "cp": "83000",
}
DOMICILIO_POST: dict[str, Any] = {
    "domicilio.calle": "Blvd. Hidalgo",
    "domicilio.numero_exterior": "35",
    "domicilio.numero_interior": "",
    "domicilio.colonia": "Centro",
    "domicilio.municipio": "Hermosillo",
    "domicilio.estado": "Sonora",
    "domicilio.codigo_postal": "83000",
    "licencia_vencida": "false",
}
# The cleaned answers a case keeps for the posts above (money and decimals as text, dates ISO).
EXPECTED_ANSWERS: dict[str, Any] = {
    "nombre": "Ana López Chan",
    "comentarios": "Sin comentarios",
    "edad": 34,
    "estatura": "1.62",
    "ingreso": "12500.50",
    "fecha_nacimiento": "1991-05-17",
    "tiene_licencia": True,
    "modalidad": "renovacion",
    "numero_licencia": "ABC123456",
    "intereses": ["deporte", "ciencia"],
    "correo": "ana.lopez@example.mx",
    "telefono": "6621234567",
    "curp": "BOXW310820HNERXN09",
    "rfc": "GODE561231GR8",
    "cp": "83000",
    "domicilio": {
        "calle": "Blvd. Hidalgo",
        "numero_exterior": "35",
        "colonia": "Centro",
        "municipio": "Hermosillo",
        "estado": "Sonora",
        "codigo_postal": "83000",
    },
    "licencia_vencida": False,
}

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png(name: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name: str = "ine.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass(frozen=True)
class Procedure:
    enabled_app: EnabledApp
    key: str  # the public id, as links use it

    def url(self, suffix: str = "") -> str:
        return f"/tramites/{self.key}/{suffix}"


def publish_and_enable(
    publisher: Any, adopter: Any, definition: dict[str, Any], slug: str = SLUG
) -> EnabledApp:
    """Publish `definition` in the publisher's catalogue and put it live in the adopter's."""
    actor = Actor.named(
        f"editor@{publisher.government.slug}.gob.mx",
        ActorRole.CATALOG_EDITOR,
        schema=publisher.schema_name,
    )
    app = CatalogApp.objects.filter(publisher=publisher.government, slug=slug).first()
    if app is None:
        app = app_create(
            publisher=publisher.government, slug=slug, sharing_policy="public", actor=actor
        )
    draft = version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor)
    version = version_publish(version=draft, changelog=t("Primera versión"), actor=actor)
    values, not_applicable = adopter_values(adopter, version)
    with tenant_context(adopter.government):
        return enabled_app_enable(
            government=adopter.government,
            app=version.app,
            version=version,
            local_values=values,
            not_applicable=not_applicable,
            actor=Actor.named(
                adopter.admin_email, ActorRole.ADMINISTRATOR, schema=adopter.schema_name
            ),
        )


@pytest.fixture
def procedure(cdmx: Any, sonora: Any) -> Procedure:
    """The all-types procedure, live in Sonora."""
    enabled = publish_and_enable(cdmx, sonora, all_types_definition())
    return Procedure(enabled_app=enabled, key=str(enabled.public_id))


def make_citizen(tenant: Any, email: str) -> User:
    with schema_context(tenant.schema_name):
        return User.objects.create_user(
            email, TEST_PASSWORD, roles=[], is_staff=False, email_verified=True
        )


def signed_in(tenant: Any, user: User) -> Client:
    client = tenant.client()
    # Users and sessions live in the tenant's schema.
    with schema_context(tenant.schema_name):
        assert client.login(username=user.email, password=TEST_PASSWORD)
    return client


@pytest.fixture
def applicant(sonora: Any) -> User:
    """A Sonora citizen whose e-mail is verified (unverified ones cannot file)."""
    return make_citizen(sonora, "ana.lopez@example.mx")


@pytest.fixture
def client_of(sonora: Any, applicant: User) -> Client:
    """The Sonora applicant, signed in on sonora.localhost."""
    return signed_in(sonora, applicant)


def fill_all_steps(client: Client, procedure: Procedure) -> None:
    """Post every step of the all-types procedure, documents included, up to the summary."""
    response = client.post(
        procedure.url("solicitud/paso/persona/"), {**PERSONA_POST, "accion": "siguiente"}
    )
    assert response.status_code == 302, _errors(response)
    response = client.post(
        procedure.url("solicitud/paso/domicilio/"),
        {**DOMICILIO_POST, "foto": png(), "accion": "siguiente"},
    )
    assert response.status_code == 302, _errors(response)
    response = client.post(
        procedure.url("solicitud/documentos/"),
        {"identificacion": pdf(), "licencia_anterior": pdf("licencia.pdf"), "accion": "siguiente"},
    )
    assert response.status_code == 302, _errors(response)
    assert response["Location"] == procedure.url("solicitud/resumen/")


def summary_form(client: Client, procedure: Procedure) -> dict[str, str]:
    """The hidden inputs of the summary page, as the browser would send them back."""
    import re

    html = client.get(procedure.url("solicitud/resumen/")).content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert uuid.UUID(fields["idempotency_key"])
    return {
        "idempotency_key": fields["idempotency_key"],
        "privacy_notice_version": fields["privacy_notice_version"],
        "accept_privacy": "on",
    }


def _errors(response: Any) -> str:
    import re

    html = response.content.decode(errors="replace")
    return " | ".join(re.findall(r'class="app-field__error"[^>]*>([^<]*)<', html)) or html[:500]
