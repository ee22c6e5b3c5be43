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


NEW_FICHA = {
    "applies_when_es": "Cuando cumpla 18 años.",
    "plain_steps_es": "Llene la solicitud.\r\nPague.",
    "submission": "ambos",
    "formato_name_es": "Formato Único",
    "formato_published_on": "2019-04-30",
    "formato_published_in_es": "Gaceta Oficial de {{entidad.nombre}}",
    "inspection_applies": "si",
    "inspection_purpose_es": "Verificar el domicilio.",
    "contact_phone": "55 5555 5555",
    "contact_email": "contacto@cdmx.gob.mx",
    "complaints_description_es": "Llame a la contraloría.",
    "complaints_url": "https://contraloria.example.mx/quejas",
}


def test_the_new_ficha_fields_are_saved_in_the_format(
    cdmx, builder_app, signed_in, builder_url, page_form, draft_of
):
    app = builder_app(cdmx)
    client = signed_in(cdmx)
    data = page_form(client.get(builder_url("constancia")))
    data.update(NEW_FICHA)
    data.update({"legal_basis-1-ordenamiento": "Reglamento", "legal_basis-1-articulo": "7"})

    response = client.post(builder_url("constancia"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    metadata = draft_of(app).definition["metadata"]
    assert metadata["applies_when"] == {"es-MX": "Cuando cumpla 18 años."}
    assert metadata["plain_steps"] == {"es-MX": "Llene la solicitud.\nPague."}
    assert metadata["submission"] == "ambos"
    assert metadata["formato"] == {
        "name": {"es-MX": "Formato Único"},
        "published_on": "2019-04-30",
        "published_in": {"es-MX": "Gaceta Oficial de {{entidad.nombre}}"},
    }
    assert metadata["inspection"] == {
        "applies": True,
        "purpose": {"es-MX": "Verificar el domicilio."},
    }
    assert metadata["contact"] == {"phone": "55 5555 5555", "email": "contacto@cdmx.gob.mx"}
    assert metadata["complaints"] == {
        "description": {"es-MX": "Llame a la contraloría."},
        "url": "https://contraloria.example.mx/quejas",
    }
    assert metadata["legal_basis"] == [
        {"ordenamiento": "Ley de Pruebas", "articulo": "1"},
        {"ordenamiento": "Reglamento", "articulo": "7"},
    ]


def test_a_requisitos_original_copies_and_issuer_are_saved_and_a_bad_number_is_located(
    cdmx, publish_app, signed_in, builder_url, page_form, draft_of
):
    from catalog.models import CatalogApp
    from catalog.services import version_draft_save
    from core.actors import Actor, ActorRole
    from tests.catalog.factories import make_definition

    definition = make_definition("constancia")
    definition["documents"] = [
        {
            "id": "ine",
            "name": {"es-MX": "Identificación"},
            "accept": ["application/pdf"],
            "max_size_mb": 5,
            "required": True,
        }
    ]
    publish_app(cdmx, "constancia")
    app = CatalogApp.objects.get(publisher=cdmx.government, slug="constancia")
    actor = Actor.named("e@cdmx.gob.mx", ActorRole.CATALOG_EDITOR, schema=cdmx.schema_name)
    version_draft_save(app=app, version="1.1.0", definition=definition, actor=actor)
    client = signed_in(cdmx)
    data = page_form(client.get(builder_url("constancia")))
    data.update({"documents-0-original_or_copy": "original_y_copia", "documents-0-copies": "dos"})

    refused = client.post(builder_url("constancia"), data)

    assert refused.status_code == 200
    html = refused.content.decode()
    assert 'href="#id_documents-0-copies"' in html and 'value="dos"' in html
    data["documents-0-copies"] = "2"
    data["documents-0-issuer_es"] = "Instituto Nacional Electoral"
    assert client.post(builder_url("constancia"), data).status_code == 302
    document = draft_of(app).definition["documents"][0]
    assert document["original_or_copy"] == "original_y_copia"
    assert document["copies"] == 2
    assert document["issuer"] == {"es-MX": "Instituto Nacional Electoral"}


def test_the_citizen_ficha_shows_the_new_fields(cdmx, sonora):
    from tests.cases.views_support import all_types_definition, publish_and_enable

    definition = all_types_definition()
    definition["metadata"].update(
        {
            "applies_when": {"es-MX": "Cuando cumpla 18 años."},
            "submission": "escrito_libre",
            "inspection": {"applies": True, "purpose": {"es-MX": "Verificar el domicilio."}},
            "complaints": {"phone": "800 000 0000"},
        }
    )
    definition["documents"][0]["issuer"] = {"es-MX": "Instituto Nacional Electoral"}
    definition["documents"][0]["copies"] = 2
    enabled = publish_and_enable(cdmx, sonora, definition)

    html = sonora.client().get(f"/tramites/{enabled.public_id}/").content.decode()

    assert "Cuando cumpla 18 años." in html
    assert "Con escrito libre" in html
    assert "Verificar el domicilio." in html
    assert "800 000 0000" in html
    assert "Lo expide: Instituto Nacional Electoral" in html
    assert "2 copias." in html
