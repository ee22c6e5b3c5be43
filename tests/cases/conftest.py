"""Fixtures for filing tests: a procedure CDMX publishes and Sonora (or CDMX) enables LIVE, a
citizen, files built in memory, and MEDIA_ROOT in a temporary folder so nothing is written to
var/."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context, tenant_context

from apps_registry.models import EnabledApp
from apps_registry.services import enabled_app_enable
from catalog.models import AppVersion, CatalogApp
from catalog.services import app_create, version_draft_save, version_publish
from core.actors import Actor, ActorRole
from tests.adopting import adopter_values
from tests.cases.definitions import filing_definition

# Smallest well-formed files of each kind (their magic bytes are what matters).
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name: str = "documento.pdf") -> SimpleUploadedFile:
    return upload(name, PDF_BYTES, "application/pdf")


def png(name: str = "foto.png") -> SimpleUploadedFile:
    return upload(name, PNG_BYTES, "image/png")


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Uploaded and issued files go to a temporary folder. TenantFileSystemStorage caches the
    media root without listening to MEDIA_ROOT changes, so the cache is dropped both ways."""
    settings.MEDIA_ROOT = str(tmp_path)
    storages["default"].__dict__.pop("relative_media_root", None)
    yield tmp_path
    storages["default"].__dict__.pop("relative_media_root", None)


def stored_files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def publish_filing_app(tenant: Any, slug: str = "licencia-prueba", **changes: Any) -> AppVersion:
    actor = Actor.named(
        f"editor@{tenant.government.slug}.gob.mx",
        ActorRole.CATALOG_EDITOR,
        schema=tenant.schema_name,
    )
    app = CatalogApp.objects.filter(publisher=tenant.government, slug=slug).first()
    if app is None:
        app = app_create(
            publisher=tenant.government, slug=slug, sharing_policy="public", actor=actor
        )
    definition = filing_definition(slug)
    definition.update(changes)
    draft = version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor)
    return version_publish(
        version=draft, changelog={"es-MX": "Primera", "en": "First"}, actor=actor
    )


def enable(tenant: Any, version: AppVersion) -> EnabledApp:
    values, not_applicable = adopter_values(tenant, version)
    with schema_context(tenant.schema_name):
        return enabled_app_enable(
            government=tenant.government,
            app=version.app,
            version=version,
            local_values=values,
            not_applicable=not_applicable,
            actor=Actor.named(
                tenant.admin_email, ActorRole.ADMINISTRATOR, schema=tenant.schema_name
            ),
        )


@pytest.fixture
def filing_version(cdmx: Any) -> AppVersion:
    return publish_filing_app(cdmx)


@pytest.fixture
def sonora_app(sonora: Any, filing_version: AppVersion) -> EnabledApp:
    return enable(sonora, filing_version)


@pytest.fixture
def cdmx_app(cdmx: Any, filing_version: AppVersion) -> EnabledApp:
    return enable(cdmx, filing_version)


@pytest.fixture
def make_citizen(make_user: Any) -> Any:
    """A citizen with a verified e-mail (only those may file)."""

    def factory(tenant: Any, email: str) -> Any:
        user = make_user(tenant, email=email)
        user.email_verified = True
        with schema_context(tenant.schema_name):
            user.save(update_fields=["email_verified"])
        return user

    return factory


@pytest.fixture
def citizen(sonora: Any, make_citizen: Any) -> Any:
    return make_citizen(sonora, "maria.lopez@example.mx")


@pytest.fixture
def in_sonora(sonora: Any) -> Iterator[None]:
    """Run the test on Sonora's schema, as a request to its host would."""
    with tenant_context(sonora.government):
        yield


def buffer(content: bytes) -> io.BytesIO:
    return io.BytesIO(content)
