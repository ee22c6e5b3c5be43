"""Pasos y preguntas, through the pages: add, edit, reorder, move and remove steps and
questions; each field type's settings saved and read back; reference warnings; isolation;
every real bundle saved unchanged through the step and question pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog.builder import ops_steps as ops
from catalog.services import app_create, version_draft_save
from tenants.models import CodeList
from tests.catalog.builder.test_steps_operations import rich

BASE = "/gestion/publicacion"


@pytest.fixture
def app_with(cdmx, actor_of):
    def factory(definition, slug="constancia-prueba"):
        definition["metadata"]["slug"] = slug
        app = app_create(
            publisher=cdmx.government, slug=slug, sharing_policy="public", actor=actor_of(cdmx)
        )
        version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor_of(cdmx))
        return app

    return factory


def steps_url(slug="constancia-prueba"):
    return f"{BASE}/{slug}/constructor/pasos/"


def step_url(step, slug="constancia-prueba"):
    return f"{steps_url(slug)}{step}/"


def field_url(step, field, slug="constancia-prueba"):
    return f"{steps_url(slug)}{step}/preguntas/{field}/"


def act(client, page_form, action, **values):
    """Post one of the steps page's small forms (with the page's current revision)."""
    revision = page_form(client.get(steps_url()))["revision"]
    return client.post(steps_url(), {"revision": revision, "action": action, **values})


def fields_of(draft, step_index):
    return [f["id"] for f in draft.definition["form"]["steps"][step_index]["fields"]]


def test_the_page_lists_steps_and_questions_in_the_navigation(cdmx, app_with, signed_in):
    app_with(rich())
    page = signed_in(cdmx).get(steps_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert 'aria-current="page">Pasos y preguntas' in html
    assert "Paso 2: Vehículo" in html
    assert f'href="{field_url("vehiculo", "placa")}"' in html
    # The types offered are the registry's.
    assert 'value="code_list"' in html and 'value="multiple_choice"' in html


@pytest.mark.parametrize("type_name", ops.field_type_names())
def test_adding_a_question_of_each_type_opens_its_page_and_saves_unchanged(
    cdmx, app_with, signed_in, page_form, draft_of, type_name
):
    app = app_with(rich())
    client = signed_in(cdmx)
    response = act(
        client,
        page_form,
        "field_add",
        step="datos",
        **{"nueva-datos_label_es": "¿Cuál es su respuesta?", "nueva-datos_type": type_name},
    )
    assert response.status_code == 302
    assert response["Location"] == field_url("datos", "cual_es_su_respuesta")
    added = draft_of(app).definition
    assert added["form"]["steps"][0]["fields"][-1]["type"] == type_name

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert client.post(response["Location"], page_form(page)).status_code == 302
    assert draft_of(app).definition == added


SETTINGS = {
    "text": (
        {
            "s_min_length": "2",
            "s_max_length": "8",
            "s_pattern": "[A-Z]{3}-[0-9]{3}",
            "s_pattern_message_es": "Como ABC-123",
            "s_pattern_message_en": "Like ABC-123",
        },
        {
            "min_length": 2,
            "max_length": 8,
            "pattern": "[A-Z]{3}-[0-9]{3}",
            "pattern_message": {"es-MX": "Como ABC-123", "en": "Like ABC-123"},
        },
    ),
    "textarea": ({"s_max_length": "500"}, {"max_length": 500}),
    "integer": ({"s_min": "1", "s_max": "99"}, {"min": 1, "max": 99}),
    "decimal": (
        {"s_min": "0", "s_max": "10.5", "s_decimal_places": "2"},
        {"min": 0, "max": 10.5, "decimal_places": 2},
    ),
    "money": ({"s_max": "5000"}, {"max": 5000}),
    "date": ({"s_min": "2000-01-01", "s_max": "today"}, {"min": "2000-01-01", "max": "today"}),
    "choice": (
        {
            "s_widget": "select",
            "opcion-2-value": "",
            "opcion-2-label_es": "Tercera",
            "opcion-2-label_en": "Third",
        },
        {"widget": "select"},
    ),
    "multiple_choice": ({"s_min_items": "1", "s_max_items": "2"}, {"min_items": 1, "max_items": 2}),
    "code_list": (
        {"s_list": "oficinas", "s_widget": "radio"},
        {"list": "oficinas", "widget": "radio"},
    ),
    "rfc": (
        {"s_persona": "moral", "s_check_digit": "no"},
        {"persona": "moral", "check_digit": False},
    ),
    "file": (
        {"s_accept": "application/pdf\nimage/jpeg", "s_max_size_mb": "2.5"},
        {"accept": ["application/pdf", "image/jpeg"], "max_size_mb": 2.5},
    ),
    "curp": (
        {"prefill": "identity.curp", "sensitive": "1"},
        {"prefill": "identity.curp", "sensitive": True},
    ),
}


@pytest.mark.parametrize("type_name", sorted(SETTINGS))
def test_each_types_settings_save_and_read_back(
    cdmx, app_with, signed_in, page_form, draft_of, type_name
):
    CodeList.objects.create(government=cdmx.government, key="oficinas", name_es="Oficinas")
    definition, field_id = ops.add_field(
        rich(), step_id="datos", label={"es-MX": "Dato", "en": "Datum"}, type_name=type_name
    )
    app = app_with(definition)
    client = signed_in(cdmx)
    data = page_form(client.get(field_url("datos", field_id)))
    posted, expected = SETTINGS[type_name]
    data.update(posted)
    data["help_es"], data["help_en"] = "Ayuda", "Help"
    data.pop("required", None)

    response = client.post(field_url("datos", field_id), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    saved = draft_of(app).definition["form"]["steps"][0]["fields"][-1]
    assert {k: saved.get(k) for k in expected} == expected
    assert saved["help"] == {"es-MX": "Ayuda", "en": "Help"}
    assert saved["required"] is False
    if type_name == "choice":
        assert saved["options"][-1] == {
            "value": "tercera",
            "label": {"es-MX": "Tercera", "en": "Third"},
        }
    # Read back: the page shows what was saved, and saving it again changes nothing.
    again = page_form(client.get(field_url("datos", field_id)))
    for key, value in posted.items():
        if key.startswith("opcion-"):
            continue
        shown = again.get(key)
        assert shown == [value] if isinstance(shown, list) else shown == value, key
    assert client.post(field_url("datos", field_id), again).status_code == 302
    assert draft_of(app).definition["form"]["steps"][0]["fields"][-1] == saved


def test_an_invalid_pattern_is_refused_beside_it_keeping_what_was_typed(
    cdmx, app_with, signed_in, page_form, draft_of
):
    app = app_with(rich())
    before = draft_of(app).definition
    client = signed_in(cdmx)
    data = page_form(client.get(field_url("vehiculo", "placa")))
    data["s_pattern"] = "(?=A)[A-Z]+"
    data["label_es"] = "Placa escrita"

    response = client.post(field_url("vehiculo", "placa"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_s_pattern"' in html and 'id="id_s_pattern-errores"' in html
    assert 'value="Placa escrita"' in html
    assert draft_of(app).definition == before


def test_removing_an_option_a_rule_compares_against_is_refused_at_its_row(
    cdmx, app_with, signed_in, page_form, draft_of
):
    app = app_with(rich())
    before = draft_of(app).definition
    client = signed_in(cdmx)
    data = page_form(client.get(field_url("vehiculo", "tipo")))
    data["opcion-0-value"] = data["opcion-0-label_es"] = data["opcion-0-label_en"] = ""

    response = client.post(field_url("vehiculo", "tipo"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_opcion-0-value"' in html
    assert "/rules/0/when/==/1" in html
    assert draft_of(app).definition == before


def test_a_step_is_renamed_and_its_id_stays(cdmx, app_with, signed_in, page_form, draft_of):
    app = app_with(rich())
    client = signed_in(cdmx)
    data = page_form(client.get(step_url("vehiculo")))
    data["title_es"], data["description_es"] = "Datos del vehículo", "Lo que dice la tarjeta"

    assert client.post(step_url("vehiculo"), data).status_code == 302
    step = draft_of(app).definition["form"]["steps"][1]
    assert step["id"] == "vehiculo"
    assert step["title"] == {"es-MX": "Datos del vehículo", "en": "Vehicle"}
    assert step["description"] == {"es-MX": "Lo que dice la tarjeta"}


def test_reorder_and_move_questions_and_steps(cdmx, app_with, signed_in, page_form, draft_of):
    app = app_with(rich())
    client = signed_in(cdmx)
    assert act(client, page_form, "field_down", field="tipo").status_code == 302
    assert fields_of(draft_of(app), 1) == ["placa", "tipo", "color", "modelo"]
    assert act(client, page_form, "field_up", field="modelo").status_code == 302
    assert fields_of(draft_of(app), 1) == ["placa", "tipo", "modelo", "color"]
    assert act(client, page_form, "field_move", field="color", to_step="datos").status_code == 302
    assert fields_of(draft_of(app), 0) == ["nombre", "color"]
    assert act(client, page_form, "step_up", step="vehiculo").status_code == 302
    definition = draft_of(app).definition
    assert [s["id"] for s in definition["form"]["steps"]] == ["vehiculo", "datos"]
    # The override into the form still names the same label.
    assert definition["overrides"][0]["target"] == "/form/steps/1/fields/0/label"
    # The question page follows the question to its new step.
    assert client.get(field_url("vehiculo", "color"))["Location"] == field_url("datos", "color")


def test_a_step_with_its_last_question_moved_out_is_refused_in_place(
    cdmx, app_with, signed_in, page_form, draft_of
):
    app = app_with(rich())
    before = draft_of(app).definition
    response = act(signed_in(cdmx), page_form, "field_move", field="nombre", to_step="vehiculo")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_paso-datos"' in html
    assert draft_of(app).definition == before


def test_removing_a_referenced_question_is_refused_with_the_list(
    cdmx, app_with, signed_in, page_form, draft_of
):
    app = app_with(rich())
    before = draft_of(app).definition
    client = signed_in(cdmx)

    response = act(client, page_form, "field_remove", field="tipo")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_pregunta-tipo"' in html
    assert "placa_si_auto" in html and "Factura" in html
    assert "field_remove_with_rules" not in html  # a document refers to it too: no shortcut

    response = act(client, page_form, "field_remove", field="placa")
    assert "Quitar la pregunta y también su regla" in response.content.decode()
    assert draft_of(app).definition == before
    assert act(client, page_form, "field_remove_with_rules", field="placa").status_code == 302
    after = draft_of(app).definition
    assert after["rules"] == [] and "placa" not in fields_of(draft_of(app), 1)

    response = act(client, page_form, "step_remove", step="vehiculo")
    assert response.status_code == 200 and 'href="#id_paso-vehiculo"' in response.content.decode()
    assert act(client, page_form, "field_remove", field="modelo").status_code == 200


def test_adding_a_step_with_its_first_question_and_removing_it(
    cdmx, app_with, signed_in, page_form, draft_of
):
    app = app_with(rich())
    client = signed_in(cdmx)
    response = act(
        client, page_form, "step_add", nuevo_paso_title_es="", nuevo_paso_label_es="Lo que escribí"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_nuevo_paso_title_es"' in html and 'href="#id_nuevo_paso_type"' in html
    assert 'value="Lo que escribí"' in html

    response = act(
        client,
        page_form,
        "step_add",
        nuevo_paso_title_es="Pago",
        nuevo_paso_title_en="Payment",
        nuevo_paso_label_es="Referencia",
        nuevo_paso_type="text",
    )
    assert response.status_code == 302
    step = draft_of(app).definition["form"]["steps"][-1]
    assert step["id"] == "pago" and step["fields"][0]["id"] == "referencia"
    assert act(client, page_form, "step_remove", step="pago").status_code == 302
    assert len(draft_of(app).definition["form"]["steps"]) == 2


def test_a_stale_page_is_refused(cdmx, app_with, signed_in, page_form, draft_of):
    app = app_with(rich())
    client = signed_in(cdmx)
    stale = page_form(client.get(steps_url()))["revision"]
    assert act(client, page_form, "field_down", field="tipo").status_code == 302
    after = draft_of(app).definition
    response = client.post(
        steps_url(), {"revision": stale, "action": "field_down", "field": "placa"}
    )
    assert response.status_code == 200 and "Otra persona guardó" in response.content.decode()
    assert draft_of(app).definition == after


@pytest.mark.parametrize("path", ["pasos/", "pasos/vehiculo/", "pasos/vehiculo/preguntas/placa/"])
def test_another_governments_publisher_gets_404_and_changes_nothing(
    cdmx, sonora, app_with, signed_in, page_form, draft_of, path
):
    app = app_with(rich())
    before = draft_of(app).definition
    url = f"{BASE}/constancia-prueba/constructor/{path}"
    data = page_form(signed_in(cdmx).get(url))
    data.update(
        {"action": "field_remove", "field": "color", "label_es": "Cambiado", "title_es": "X"}
    )
    other = signed_in(sonora)
    assert other.get(url).status_code == 404
    assert other.post(url, data).status_code == 404
    assert draft_of(app).definition == before


def test_unknown_step_or_question_is_not_found(cdmx, app_with, signed_in):
    app_with(rich())
    client = signed_in(cdmx)
    assert client.get(step_url("nada")).status_code == 404
    assert client.get(field_url("vehiculo", "nada")).status_code == 404


BUNDLES = sorted(Path("demo/bundles").glob("**/*.json"))


def test_every_real_bundle_saved_unchanged_through_its_step_and_question_pages_is_equal(
    cdmx, app_with, signed_in, page_form, draft_of
):
    """Every bundle: its steps page renders, its first step's page and one question page of
    each step (cycling through positions) save unchanged to an equal definition. Every question
    of every bundle goes through the same read-and-apply in test_steps_operations."""
    client = signed_in(cdmx)
    assert len(BUNDLES) >= 40
    for number, path in enumerate(BUNDLES):
        definition = json.loads(path.read_text(encoding="utf-8"))["versions"][-1]["definition"]
        slug = definition["metadata"]["slug"]
        app = app_with(definition, slug)
        assert client.get(steps_url(slug)).status_code == 200, path
        steps = definition["form"]["steps"]
        step = steps[number % len(steps)]
        urls = [step_url(step["id"], slug)]
        fields = step["fields"]
        urls.append(field_url(step["id"], fields[number % len(fields)]["id"], slug))
        for url in urls:
            response = client.post(url, page_form(client.get(url)))
            assert response.status_code == 302, (path, url, response.content.decode()[:2000])
            assert draft_of(app).definition == definition, (path, url)
