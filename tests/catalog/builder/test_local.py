"""The "Ajustes locales y variables" page: override points (list, add, edit, remove; a target
that does not fit the type is refused), the jurisdiction variables and the portability report."""

from __future__ import annotations

import pytest

from catalog.builder.ops_local import fitting_places, type_choices
from catalog.definition.override_types import override_types
from tests.catalog.factories import make_definition

URL = "/gestion/publicacion/constancia/constructor/ajustes/"


@pytest.fixture
def page(cdmx, builder_app, signed_in, page_form):
    app = builder_app(cdmx)
    client = signed_in(cdmx)
    return app, client, page_form(client.get(URL))


def _add(data, **values):
    data.update({f"nuevo-{key}": value for key, value in values.items()})
    return data


def test_the_types_are_the_platforms_override_types():
    assert [name for name, _label in type_choices()] == list(override_types)


def test_places_fit_their_type():
    places = fitting_places(make_definition())
    assert ("/metadata/agency" in dict(places["agency"])) and "/plazo" in dict(places["plazo"])
    assert "/metadata/name" in dict(places["translatable"])
    assert "/prevencion/applicant_days" in dict(places["integer"])
    assert "/metadata/agency" not in dict(places["integer"])
    # The form, rules and workflow are the app's logic: never a local value.
    assert not any(p.startswith("/form") for p, _l in places["translatable"])


def test_an_override_point_is_added_edited_and_removed(page, draft_of, page_form):
    app, client, data = page
    _add(
        data,
        key="agency",
        type="agency",
        target="/metadata/agency",
        label_es="Dependencia que resuelve",
        label_en="Agency that decides",
        required="1",
    )
    assert client.post(URL, data).status_code == 302
    assert draft_of(app).definition["overrides"] == [
        {
            "key": "agency",
            "type": "agency",
            "target": "/metadata/agency",
            "label": {"es-MX": "Dependencia que resuelve", "en": "Agency that decides"},
            "required": True,
        }
    ]

    data = page_form(client.get(URL))
    assert data["ov-0-target"] == "/metadata/agency"
    data["ov-0-help_es"] = "La suya."
    data["ov-0-required"] = []  # untick
    _add(
        data,
        key="prevencion.applicant_days",
        type="integer",
        target="/prevencion/applicant_days",
        label_es="Días para atender una prevención",
        default="0",
    )
    assert client.post(URL, data).status_code == 302
    overrides = draft_of(app).definition["overrides"]
    assert overrides[0]["help"] == {"es-MX": "La suya."} and overrides[0]["required"] is False
    assert overrides[1]["default"] == 0 and overrides[1]["key"] == "prevencion.applicant_days"

    data = page_form(client.get(URL))
    data["ov-0-remove"] = "1"
    assert client.post(URL, data).status_code == 302
    assert [o["key"] for o in draft_of(app).definition["overrides"]] == [
        "prevencion.applicant_days"
    ]


def test_a_target_that_does_not_fit_the_type_is_refused(page, draft_of):
    app, client, data = page
    _add(data, key="plazo", type="integer", target="/metadata/agency", label_es="Plazo")

    response = client.post(URL, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Elija un lugar de la definición que guarde un valor de ese tipo." in html
    assert 'href="#id_nuevo-target"' in html
    assert 'value="Plazo"' in html  # what was typed is kept
    assert draft_of(app).definition["overrides"] == []


def test_a_guessed_target_outside_the_definition_is_refused(page, draft_of):
    app, client, data = page
    _add(data, key="x", type="text", target="/metadata/nada/aqui", label_es="X")

    assert client.post(URL, data).status_code == 200
    assert draft_of(app).definition["overrides"] == []


def test_a_bad_or_repeated_key_is_refused_beside_the_key(page, draft_of, page_form):
    app, client, data = page
    _add(data, key="Mi Clave", type="plazo", target="/plazo", label_es="Plazo")
    response = client.post(URL, data)
    assert response.status_code == 200
    assert 'id="id_nuevo-key-errores"' in response.content.decode()

    data["nuevo-key"] = "plazo"
    assert client.post(URL, data).status_code == 302
    data = page_form(client.get(URL))
    _add(data, key="plazo", type="plazo", target="/plazo", label_es="Otro")
    response = client.post(URL, data)
    assert "Ya hay un punto de ajuste con la clave «plazo»" in response.content.decode()
    assert len(draft_of(app).definition["overrides"]) == 1


def test_a_missing_label_is_placed_beside_the_label_after_a_removal(page, draft_of, page_form):
    app, client, data = page
    _add(data, key="a", type="plazo", target="/plazo", label_es="A")
    assert client.post(URL, data).status_code == 302
    data = page_form(client.get(URL))
    _add(data, key="b", type="translatable", target="/metadata/name", label_es="B")
    assert client.post(URL, data).status_code == 302
    data = page_form(client.get(URL))
    data["ov-0-remove"] = "1"
    data["ov-1-label_es"] = ""
    data["ov-1-label_en"] = ""

    response = client.post(URL, data)

    assert response.status_code == 200
    # The validator saw the second point at index 0; the page shows it beside its own fieldset.
    assert 'id="id_ov-1-label_es-errores"' in response.content.decode()
    assert [o["key"] for o in draft_of(app).definition["overrides"]] == ["a", "b"]


def test_the_variables_are_listed_with_their_descriptions(page):
    _app, client, _data = page
    html = client.get(URL).content.decode()
    assert "<code>{{entidad.nombre}}</code>" in html
    assert "entidad federativa" in html
    assert "{{dependencia.movilidad.siglas}}" in html


def test_portability_findings_link_to_the_page_that_edits_them(
    cdmx, builder_app, signed_in, builder_url
):
    builder_app(cdmx, description="Constancia para quien vive en la Ciudad de México.")
    client = signed_in(cdmx)

    html = client.get(URL).content.decode()

    assert "Portabilidad:" in html
    assert "Ciudad de México" in html
    assert f'href="{builder_url("constancia")}#id_description_es"' in html
