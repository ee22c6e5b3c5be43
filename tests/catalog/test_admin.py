"""Operator admin of the catalogue: pages render, published versions cannot be edited."""

from __future__ import annotations

import pytest
from django.test import Client

from catalog.models import Agreement, AppVersion
from core.models import User
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def operator_client(db) -> Client:
    User.objects.create_superuser("operador@example.mx", TEST_PASSWORD)
    client = Client(HTTP_HOST="localhost")
    client.login(email="operador@example.mx", password=TEST_PASSWORD)
    return client


def test_catalog_admin_pages_render(operator_client, cdmx, publish_app):
    version = publish_app(cdmx, "constancia")

    for url in (
        "/admin/catalog/catalogapp/",
        f"/admin/catalog/catalogapp/{version.app_id}/change/",
        "/admin/catalog/appversion/",
        f"/admin/catalog/appversion/{version.pk}/change/",
        "/admin/catalog/agreement/",
        "/admin/catalog/agreement/add/",
        "/admin/catalog/catalogauditevent/",
    ):
        assert operator_client.get(url).status_code == 200, url


def test_published_version_is_read_only_in_the_admin(operator_client, cdmx, publish_app):
    version = publish_app(cdmx, "constancia")

    page = operator_client.get(f"/admin/catalog/appversion/{version.pk}/change/")
    posted = operator_client.post(
        f"/admin/catalog/appversion/{version.pk}/change/", {"version": "9.9.9"}
    )

    assert b'name="version"' not in page.content
    assert posted.status_code == 403
    assert AppVersion.objects.get(pk=version.pk).version == "1.0.0"


def test_agreement_created_in_the_admin_goes_through_the_service(operator_client, cdmx, sonora):
    response = operator_client.post(
        "/admin/catalog/agreement/add/",
        {
            "publisher": cdmx.government.pk,
            "adopter": sonora.government.pk,
            "title": "Convenio desde el admin",
            "covers_all_apps": "on",
            "valid_from": "2026-01-01",
            "signed_document_reference": "Oficio 123",
        },
    )

    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.status == "draft"
    assert agreement.audit_events.get().actor_email == "operador@example.mx"
