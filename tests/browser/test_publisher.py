"""The publisher's back office in a real browser: a CDMX publisher creates a draft by pasting a
definition, fixes the errors shown, previews it, publishes it with a changelog and finds it in the
list; axe-core on the list, the draft-with-errors page and the preview."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from catalog.models import CatalogApp
from core.models import Role
from tests.browser.worlds import catalogue_app_remove, sign_in

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "catalog/definition/examples/licencia-conducir-a.json"
)
SLUG = "licencia-conducir-a-prueba-navegador"
TITLE = "Expedición de licencia para conducir tipo A"


@pytest.fixture
def app_removed_afterwards() -> Iterator[str]:
    catalogue_app_remove(SLUG)  # a previous, interrupted run may have left it behind
    yield SLUG
    catalogue_app_remove(SLUG)


def _definition_text(**changes: str) -> str:
    definition = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    definition["metadata"]["slug"] = SLUG
    definition["workflow"].update(changes)
    return json.dumps(definition, ensure_ascii=False, indent=2)


def test_publisher_creates_previews_and_publishes_an_app(
    page: Page, live_url, committed_user, assert_accessible, app_removed_afterwards
):
    # given a CDMX publisher signed in
    committed_user("cdmx", "publicadora.navegador@cdmx.gob.mx", roles=[Role.PUBLISHER])
    sign_in(page, live_url, "cdmx", "publicadora.navegador@cdmx.gob.mx", "/gestion/publicacion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publicación de trámites")
    assert_accessible(page)

    # when the publisher pastes a definition with a wrong initial state
    page.get_by_role("link", name="Nuevo trámite desde JSON (avanzado)").click()
    page.get_by_label("Identificador").fill(SLUG)
    page.get_by_label("Definición (JSON)").fill(_definition_text(initial="inexistente"))
    page.get_by_role("button", name="Crear borrador").click()

    # then the error is shown, located, with a link to the text area; nothing is saved
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Hay 1 problema que corregir")
    expect(summary).to_contain_text("/workflow/initial")
    expect(page.get_by_label("Definición (JSON)")).to_have_attribute("aria-invalid", "true")
    assert not CatalogApp.objects.filter(slug=SLUG).exists()
    assert_accessible(page)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Definición (JSON)")).to_be_focused()

    # when it is fixed and sent again
    page.get_by_label("Definición (JSON)").fill(_definition_text())
    page.get_by_role("button", name="Crear borrador").click()

    # then the draft exists and its preview shows the form as citizens would see it
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_role("link", name="Vista previa de 1.0.0").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vista previa de la versión 1.0.0")
    expect(page.get_by_text("Vista previa: así verá el formulario la ciudadanía.")).to_be_visible()
    assert_accessible(page)

    # when the publisher publishes it with a changelog
    page.get_by_role("main").get_by_role("link", name="Publicar", exact=True).click()
    page.get_by_label("Notas de la versión en español").fill("Primera versión en línea.")
    page.get_by_role("button", name="Publicar versión").click()

    # then it is published and listed
    expect(page.get_by_role("status").first).to_contain_text("Versión 1.0.0 publicada.")
    page.get_by_role("navigation", name="Ruta de navegación").get_by_role(
        "link", name="Publicación de trámites"
    ).click()
    row = page.get_by_role("row").filter(has_text=SLUG)
    expect(row.get_by_role("link", name=TITLE)).to_be_visible()
    expect(row).to_contain_text(re.compile(r"1\.0\.0\s*No\s*Publicado"))
    assert CatalogApp.objects.get(slug=SLUG).latest_version.version == "1.0.0"
