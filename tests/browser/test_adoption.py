"""Adoption in a real browser: a Sonora administrator opens the catalogue, enables a CDMX app
filling its required local values (after seeing the located errors), and finds it on Sonora's
citizen home page; axe-core on the catalogue, the enable form (with errors) and the citizen home.

The catalogue app is published through the services and committed (the server only sees
committed data); it and Sonora's enabled app are removed afterwards."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from apps_registry.models import EnabledApp, EnabledAppEvent
from catalog.models import CatalogApp
from catalog.services import app_create, version_draft_save, version_publish
from core.actors import Actor, ActorRole
from core.models import Role
from tenants.models import Government
from tests.browser.worlds import catalogue_app_remove, sign_in

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "catalog/definition/examples/licencia-conducir-a.json"
)
SLUG = "licencia-adopcion-navegador"
TITLE = "Expedición de licencia para conducir tipo A"
CITIZEN_NAME = "Sacar o renovar tu licencia de conducir para auto particular"
ADMIN_EMAIL = "admin.adopcion.navegador@sonora.gob.mx"


def _remove(slug: str) -> None:
    """Sonora's enabled app and its history, then the catalogue app. Published versions are
    immutable down to a database trigger; the test's own app is the one exception, removed with
    the trigger switched off inside one transaction (tests/browser/worlds.py)."""
    cdmx = Government.objects.get(slug="cdmx")
    ids = list(CatalogApp.objects.filter(publisher=cdmx, slug=slug).values_list("pk", flat=True))
    if not ids:
        return
    for government in Government.objects.filter(slug__in=["sonora", "cdmx"]):
        with schema_context(government.schema_name):
            EnabledAppEvent.objects.filter(enabled_app__catalog_app_id__in=ids).delete()
            EnabledApp.objects.filter(catalog_app_id__in=ids).delete()
    catalogue_app_remove(slug)


@pytest.fixture
def published_app() -> Iterator[CatalogApp]:
    """A public CDMX app (the driving-licence example), committed, removed afterwards."""
    _remove(SLUG)  # a previous, interrupted run may have left it behind
    cdmx = Government.objects.get(slug="cdmx")
    actor = Actor.named("editor@cdmx.gob.mx", ActorRole.CATALOG_EDITOR, schema=cdmx.schema_name)
    definition = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    definition["metadata"]["slug"] = SLUG
    app = app_create(publisher=cdmx, slug=SLUG, sharing_policy="public", actor=actor)
    draft = version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor)
    version_publish(version=draft, changelog={"es-MX": "Primera versión"}, actor=actor)
    yield app
    _remove(SLUG)


def test_administrator_enables_an_app_and_citizens_see_it(
    page: Page, live_url, committed_user, assert_accessible, published_app
):
    # given a Sonora administrator signed in
    committed_user("sonora", ADMIN_EMAIL, roles=[Role.ADMINISTRATOR])
    sign_in(page, live_url, "sonora", ADMIN_EMAIL, "/gestion/catalogo/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Catálogo de trámites")
    assert_accessible(page)

    # when the administrator searches the catalogue and opens the app
    page.get_by_label("Buscar", exact=True).fill("licencia de manejo")
    page.get_by_role("button", name="Filtrar").click()
    row = page.get_by_role("row").filter(has_text="Gobierno de la Ciudad de México")
    expect(row).to_contain_text("No habilitado")
    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    # CDMX's own fee is never shown as Sonora's: Sonora sets its own
    expect(page.get_by_text("$1,099.00")).to_have_count(0)
    expect(page.get_by_text("Los fija su gobierno al habilitarlo")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Habilitar", exact=True).click()

    # and sends the form with a required value missing and a wrong amount
    expect(page.get_by_role("heading", level=1)).to_contain_text("Habilitar")
    page.get_by_label("Nombre de la dependencia").fill("Secretaría de Movilidad de Sonora")
    page.get_by_label("Monto en pesos").fill("mil pesos")
    page.get_by_role("button", name="Habilitar y poner en línea").click()

    # then the problems are listed, linked to their inputs, and nothing typed is lost
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("problemas que corregir")
    expect(summary.get_by_role("link").filter(has_text="Homoclave")).to_have_count(1)
    homoclave = page.get_by_role("textbox", name=re.compile("Homoclave en el registro de trámites"))
    expect(homoclave).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Nombre de la dependencia")).to_have_value(
        "Secretaría de Movilidad de Sonora"
    )
    expect(page.get_by_label("Monto en pesos")).to_have_value("mil pesos")
    assert_accessible(page)
    summary.get_by_role("link").filter(has_text="Homoclave").click()
    expect(homoclave).to_be_focused()
    with schema_context(Government.objects.get(slug="sonora").schema_name):
        assert not EnabledApp.objects.filter(catalog_app=published_app).exists()

    # when every required value is filled
    homoclave.fill("SON-SMS-LIC-001")
    page.get_by_label("Ordenamiento (ley o reglamento)").fill(
        "Ley de Tránsito del Estado de Sonora"
    )
    page.get_by_label("Artículo(s)").fill("45")
    page.get_by_label("Clave del concepto").fill("derecho_expedicion")
    page.get_by_label(re.compile(r"^Concepto ")).fill("Licencia tipo A, 3 años")
    page.get_by_label("Monto en pesos").fill("950.00")
    page.get_by_label("Ejercicio fiscal").fill("2026")
    # a place-bound value Sonora has none for is "no aplica", never CDMX's
    page.get_by_role("checkbox", name=re.compile(r"No aplica en mi gobierno.*Oficinas")).check()
    page.get_by_role("button", name="Habilitar y poner en línea").click()

    # then it is live, with Sonora's values
    expect(page.get_by_role("status")).to_contain_text("quedó habilitado y en línea")
    expect(page.get_by_role("main")).to_contain_text("En línea")
    with schema_context(Government.objects.get(slug="sonora").schema_name):
        enabled = EnabledApp.objects.get(catalog_app=published_app)
    assert enabled.status == "live"
    assert enabled.local_values["homoclave"] == "SON-SMS-LIC-001"
    assert enabled.local_values["fees"][0]["amount"] == 950

    # and Sonora's citizens see it on the home page, in Sonora's theme
    page.goto(live_url("sonora", "/"))
    expect(page.get_by_role("heading", name=CITIZEN_NAME)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("¿Qué trámite busca?").fill("licencia de manejo")
    page.get_by_role("main").get_by_role("button", name="Buscar").click()
    expect(page.get_by_role("heading", name=CITIZEN_NAME)).to_be_visible()
    # CDMX's citizens do not: CDMX did not enable it
    page.goto(live_url("cdmx", "/"))
    expect(page.get_by_role("heading", name=CITIZEN_NAME)).to_have_count(0)
