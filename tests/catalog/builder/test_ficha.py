"""The ficha page of the builder: shows the draft, saves an edit, places errors."""

from __future__ import annotations


def test_the_ficha_shows_the_draft_and_saves_a_change(
    cdmx, builder_app, signed_in, builder_url, page_form, draft_of
):
    app = builder_app(cdmx)
    client = signed_in(cdmx)
    page = client.get(builder_url("constancia"))
    assert page.status_code == 200
    data = page_form(page)
    assert data["name_es"] == "Constancia de prueba"
    data["name_es"] = "Constancia nueva"

    response = client.post(builder_url("constancia"), data)

    assert response.status_code == 302
    assert draft_of(app).definition["metadata"]["name"] == {
        "es-MX": "Constancia nueva",
        "en": "Test certificate",
    }


def test_an_invalid_ficha_is_refused_beside_its_control_keeping_what_was_typed(
    cdmx, builder_app, signed_in, builder_url, page_form, draft_of
):
    app = builder_app(cdmx)
    before = draft_of(app).definition
    client = signed_in(cdmx)
    data = page_form(client.get(builder_url("constancia")))
    data["name_es"] = ""  # the official name is required
    data["citizen_name_es"] = "Texto que escribí"

    response = client.post(builder_url("constancia"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert 'href="#id_name_es"' in html
    assert 'id="id_name_es-errores"' in html
    assert 'value="Texto que escribí"' in html
    assert draft_of(app).definition == before


def test_a_save_from_a_stale_page_is_refused_and_nothing_is_overwritten(
    cdmx, builder_app, signed_in, builder_url, page_form, draft_of
):
    app = builder_app(cdmx)
    first, second = signed_in(cdmx), signed_in(cdmx)
    data_first = page_form(first.get(builder_url("constancia")))
    data_second = page_form(second.get(builder_url("constancia")))
    data_first["name_es"] = "Lo de la primera persona"
    data_second["name_es"] = "Lo de la segunda persona"

    assert first.post(builder_url("constancia"), data_first).status_code == 302
    response = second.post(builder_url("constancia"), data_second)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Otra persona guardó este borrador" in html
    assert 'value="Lo de la segunda persona"' in html
    assert draft_of(app).definition["metadata"]["name"]["es-MX"] == "Lo de la primera persona"
