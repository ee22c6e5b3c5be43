"""Another government's publisher can neither read nor change a draft through the builder."""

from __future__ import annotations

import pytest

from core.models import Role


@pytest.mark.parametrize("section", ["", "ficha/", "json/"])
def test_another_governments_publisher_gets_404_and_changes_nothing(
    cdmx, sonora, builder_app, signed_in, page_form, draft_of, section
):
    app = builder_app(cdmx)
    before = draft_of(app).definition
    own = signed_in(cdmx)
    url = f"/gestion/publicacion/constancia/constructor/{section}"
    data = page_form(own.get(url, follow=True))
    data["name_es"] = "Cambiado por Sonora"
    # Sonora's publisher, on Sonora's own back office, guessing CDMX's slug.
    other = signed_in(sonora)

    assert other.get(url).status_code == 404
    # The home only redirects (GET); every page that saves refuses the POST as "not found".
    assert other.post(url, data).status_code == (405 if section == "" else 404)
    assert draft_of(app).definition == before
    assert not app.versions.filter(published_at__isnull=True).exclude(pk=draft_of(app).pk).exists()


def test_a_case_officer_cannot_open_the_builder(cdmx, builder_app, signed_in):
    builder_app(cdmx)
    client = signed_in(cdmx, roles=(Role.CASE_OFFICER,))

    responses = [
        client.get("/gestion/publicacion/constancia/constructor/ficha/"),
        client.get("/gestion/publicacion/constructor/nuevo/"),
    ]

    assert [r.status_code for r in responses] == [403, 403]


def test_the_first_save_without_a_draft_creates_the_next_minor_version(
    cdmx, builder_app, signed_in, page_form, draft_of
):
    app = builder_app(cdmx, draft=False)
    client = signed_in(cdmx)
    url = "/gestion/publicacion/constancia/constructor/ficha/"
    data = page_form(client.get(url))
    assert data["revision"] == "nuevo"
    data["name_es"] = "Nueva versión"

    assert client.post(url, data).status_code == 302
    draft = draft_of(app)
    assert draft.version == "1.1.0"
    assert draft.definition["metadata"]["name"]["es-MX"] == "Nueva versión"
    # The same stale page again (it still says "no draft"): refused.
    assert client.post(url, data).status_code == 200
