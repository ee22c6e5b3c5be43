"""The builder's "Vista previa": the draft's citizen form with its rules working (server-side
when "Probar con estas respuestas" is posted, and through the wizard's script), its ficha, fees
and deadlines, as the publisher or an eligible adopting government would serve it."""

from __future__ import annotations

import re

from catalog.models import Agreement, AgreementStatus
from catalog.services import version_draft_save
from tests.catalog.factories import make_definition

URL = "/gestion/publicacion/constancia/constructor/vista-previa/"


def _conditional(definition):
    fields = definition["form"]["steps"][0]["fields"]
    fields.append(
        {
            "id": "tiene_vehiculo",
            "type": "boolean",
            "label": {"es-MX": "¿Tiene vehículo?", "en": "Do you own a vehicle?"},
        }
    )
    fields.append({"id": "placa", "type": "text", "label": {"es-MX": "Placa", "en": "Plate"}})
    definition["rules"] = [
        {
            "id": "mostrar_placa",
            "effect": "show",
            "target": "placa",
            "when": {"==": [{"var": "tiene_vehiculo"}, True]},
        }
    ]
    definition["documents"] = [
        {
            "id": "tarjeta_circulacion",
            "name": {"es-MX": "Tarjeta de circulación", "en": "Vehicle registration"},
            "accept": ["application/pdf"],
            "max_size_mb": 5,
            "required": True,
            "condition": {"==": [{"var": "tiene_vehiculo"}, True]},
        }
    ]
    definition["metadata"]["description"]["es-MX"] = "Constancia de {{entidad.nombre}}."
    definition["fees"] = {
        "concepts": [
            {
                "id": "derecho",
                "concept": {"es-MX": "Derecho de expedición", "en": "Issuing fee"},
                "amount": 250.5,
                "currency": "MXN",
                "fiscal_year": 2026,
            }
        ]
    }
    return definition


def _draft(app, actor):
    return version_draft_save(
        app=app,
        version="1.1.0",
        definition=_conditional(make_definition("constancia")),
        actor=actor,
    )


def _group(html, field_id):
    """The opening tag of a field's group in the preview form."""
    match = re.search(rf'<div class="app-field[^>]*data-field="{field_id}"[^>]*>', html)
    assert match, field_id
    return match.group(0)


def _document(html, document_id):
    match = re.search(rf'<li id="documento-{document_id}"[^>]*>', html)
    assert match, document_id
    return match.group(0)


def test_a_conditional_field_is_hidden_until_its_rule_holds(cdmx, builder_app, signed_in, actor_of):
    app = builder_app(cdmx)
    _draft(app, actor_of(cdmx))
    client = signed_in(cdmx)

    page = client.get(URL).content.decode()
    assert " hidden" in _group(page, "placa")
    assert " hidden" in _document(page, "tarjeta_circulacion")
    assert " hidden" not in _group(page, "tiene_vehiculo")
    # The wizard's script and the rule travel with the page for the browser.
    assert "cases/filing.js" in page
    assert "data-filing" in page
    assert "data-show-when=" in _group(page, "placa")
    assert "data-condition=" in _document(page, "tarjeta_circulacion")

    tried = client.post(URL, {"tiene_vehiculo": "true", "nombre": "Ana"}).content.decode()
    assert " hidden" not in _group(tried, "placa")
    assert " hidden" not in _document(tried, "tarjeta_circulacion")
    # What was answered is kept.
    assert 'value="Ana"' in tried

    other = client.post(URL, {"tiene_vehiculo": "false"}).content.decode()
    assert " hidden" in _group(other, "placa")
    assert "problema" in other  # the required "nombre" left empty is pointed out


def test_the_ficha_fees_and_deadlines_are_shown(cdmx, builder_app, signed_in, actor_of):
    app = builder_app(cdmx)
    _draft(app, actor_of(cdmx))

    html = signed_in(cdmx).get(URL).content.decode()

    assert "Derecho de expedición" in html
    assert "250.50" in html
    assert "5 días hábiles" in html
    assert "Tarjeta de circulación" in html
    assert "Ley de Pruebas" in html
    assert 'aria-current="page">Vista previa' in html


def test_the_publisher_sees_its_own_variables_and_branding(cdmx, builder_app, signed_in, actor_of):
    app = builder_app(cdmx)
    _draft(app, actor_of(cdmx))

    html = signed_in(cdmx).get(URL).content.decode()

    assert "Constancia de Ciudad de México." in html
    assert "--preview-primary: #9F2241" in html
    assert 'data-preview-government="cdmx"' in html


def test_an_adopter_is_shown_with_its_variables_colours_and_name(
    cdmx, sonora, builder_app, signed_in, actor_of
):
    app = builder_app(cdmx)
    _draft(app, actor_of(cdmx))
    client = signed_in(cdmx)

    page = client.get(URL)
    assert 'value="sonora"' in page.content.decode()
    html = client.get(URL, {"_gobierno": "sonora"}).content.decode()

    assert "Constancia de Sonora." in html
    assert "Ciudad de México." not in html
    assert "--preview-primary: #00587A" in html
    assert "Gobierno del Estado de Sonora" in html
    # Trying answers keeps the chosen government.
    tried = client.post(URL, {"_gobierno": "sonora", "tiene_vehiculo": "true"}).content.decode()
    assert 'data-preview-government="sonora"' in tried
    assert " hidden" not in _group(tried, "placa")


def test_only_governments_that_could_adopt_it_are_offered(
    cdmx, sonora, builder_app, signed_in, actor_of
):
    app = builder_app(cdmx)
    _draft(app, actor_of(cdmx))
    app.sharing_policy = "private"
    app.save(update_fields=["sharing_policy"])
    client = signed_in(cdmx)

    assert 'value="sonora"' not in client.get(URL).content.decode()
    # Asking for it anyway shows the publisher's own site.
    html = client.get(URL, {"_gobierno": "sonora"}).content.decode()
    assert 'data-preview-government="cdmx"' in html

    app.sharing_policy = "agreement"
    app.save(update_fields=["sharing_policy"])
    assert 'value="sonora"' not in client.get(URL).content.decode()
    Agreement.objects.create(
        publisher=cdmx.government,
        adopter=sonora.government,
        title="Convenio de prueba",
        covers_all_apps=True,
        valid_from="2020-01-01",
        status=AgreementStatus.ACTIVE,
    )
    assert 'value="sonora"' in client.get(URL).content.decode()


def test_without_a_draft_the_latest_published_version_is_previewed(cdmx, builder_app, signed_in):
    builder_app(cdmx, draft=False)
    response = signed_in(cdmx).get(URL)
    assert response.status_code == 200
    assert 'data-field="nombre"' in response.content.decode()


def test_another_governments_publisher_gets_404(cdmx, sonora, builder_app, signed_in, draft_of):
    app = builder_app(cdmx)
    before = draft_of(app).definition
    other = signed_in(sonora)

    assert other.get(URL).status_code == 404
    assert other.post(URL, {"nombre": "x"}).status_code == 404
    assert draft_of(app).definition == before


def test_trying_answers_saves_nothing(cdmx, builder_app, signed_in, draft_of):
    app = builder_app(cdmx)
    before = draft_of(app)
    signed_in(cdmx).post(URL, {"nombre": "Cambio"})
    after = draft_of(app)
    assert (after.definition, after.updated_at) == (before.definition, before.updated_at)
