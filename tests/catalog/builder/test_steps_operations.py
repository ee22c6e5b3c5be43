"""Pasos y preguntas, the pure operations: ids, reordering (override targets follow), moving,
references that refuse a removal, options compared by conditions, every field type's defaults,
and every real bundle's questions read and applied unchanged."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from catalog.builder import ops_steps as ops
from catalog.builder.ops_steps_fields import field_apply, field_panels
from catalog.builder.pages import all_controls
from catalog.definition import registry, validate_definition
from core.errors import ApplicationError
from tests.catalog.factories import make_definition

BUNDLES = sorted(Path("demo/bundles").glob("**/*.json"))
LISTS = [("municipios", "Municipios")]


def rich() -> dict[str, Any]:
    """Two steps; a choice compared by a rule, a document condition, a fee condition, an
    output placeholder and an override into the form."""
    definition = make_definition()
    definition["form"]["steps"].append(
        {
            "id": "vehiculo",
            "title": {"es-MX": "Vehículo", "en": "Vehicle"},
            "fields": [
                {
                    "id": "tipo",
                    "type": "choice",
                    "label": {"es-MX": "Tipo", "en": "Kind"},
                    "required": True,
                    "widget": "radio",
                    "options": [
                        {"value": "auto", "label": {"es-MX": "Auto", "en": "Car"}},
                        {"value": "moto", "label": {"es-MX": "Moto", "en": "Motorbike"}},
                        {"value": "otro", "label": {"es-MX": "Otro", "en": "Other"}},
                    ],
                },
                {"id": "placa", "type": "text", "label": {"es-MX": "Placa", "en": "Plate"}},
                {"id": "color", "type": "text", "label": {"es-MX": "Color", "en": "Colour"}},
                {"id": "modelo", "type": "integer", "label": {"es-MX": "Modelo", "en": "Year"}},
            ],
        }
    )
    definition["rules"] = [
        {
            "id": "placa_si_auto",
            "effect": "show",
            "target": "placa",
            "when": {"==": [{"var": "tipo"}, "auto"]},
        }
    ]
    definition["documents"] = [
        {
            "id": "factura",
            "name": {"es-MX": "Factura", "en": "Invoice"},
            "accept": ["application/pdf"],
            "max_size_mb": 5,
            "required": True,
            "condition": {"in": [{"var": "tipo"}, ["moto"]]},
        }
    ]
    definition["fees"] = {
        "concepts": [
            {
                "id": "derecho",
                "concept": {"es-MX": "Derecho", "en": "Fee"},
                "amount": 100,
                "currency": "MXN",
                "fiscal_year": 2025,
                "condition": {">": [{"var": "modelo"}, 2000]},
            }
        ]
    }
    definition["outputs"] = [
        {
            "id": "acuse",
            "kind": "acuse",
            "title": {"es-MX": "Acuse", "en": "Receipt"},
            "on_state": "recibida",
            "body": {"es-MX": "Color: {{color}}. Folio {{folio}}.", "en": "Colour: {{color}}."},
        }
    ]
    definition["overrides"] = [
        {
            "key": "etiqueta_nombre",
            "type": "translatable",
            "required": False,
            "label": {"es-MX": "Etiqueta del nombre", "en": "Name label"},
            "target": "/form/steps/0/fields/0/label",
        }
    ]
    return definition


def test_the_rich_definition_is_valid():
    assert validate_definition(rich()) == []


def test_types_come_from_the_registry_and_each_new_field_is_valid():
    names = ops.field_type_names()
    assert set(names) <= set(registry)
    assert {"text", "choice", "code_list", "file", "multiple_choice", "address"} <= set(names)
    for name in names:
        definition, field_id = ops.add_field(
            make_definition(), step_id="datos", label={"es-MX": f"Pregunta {name}"}, type_name=name
        )
        assert validate_definition(definition) == [], name
        assert field_id.startswith("pregunta_")


def test_ids_come_from_labels_and_avoid_fields_and_documents():
    definition = rich()
    definition, field_id = ops.add_field(
        definition, step_id="datos", label={"es-MX": "Nombre", "en": "Name"}, type_name="text"
    )
    assert field_id == "nombre_2"
    definition, field_id = ops.add_field(
        definition, step_id="datos", label={"es-MX": "Factura"}, type_name="text"
    )
    assert field_id == "factura_2"
    definition, step_id, first = ops.add_step(
        definition,
        title={"es-MX": "Vehículo", "en": "Vehicle"},
        first_label={"es-MX": "Número de serie"},
        first_type="text",
    )
    assert (step_id, first) == ("vehiculo_2", "numero_de_serie")
    assert validate_definition(definition) == []


def test_new_items_without_a_spanish_text_or_type_are_refused_at_their_inputs():
    with pytest.raises(ApplicationError) as refused:
        ops.add_step(rich(), title={"es-MX": ""}, first_label={"es-MX": ""}, first_type="nope")
    assert [e.location for e in refused.value.errors] == [
        "nuevo_paso_title_es",
        "nuevo_paso_label_es",
        "nuevo_paso_type",
    ]


def test_reordering_keeps_override_targets_on_their_field():
    definition = rich()
    definition = ops.move_step(definition, "datos", 1)
    assert ops.steps_of(definition)[1]["id"] == "datos"
    assert definition["overrides"][0]["target"] == "/form/steps/1/fields/0/label"
    definition = ops.move_field_to_step(definition, "placa", "datos")
    definition = ops.move_field(definition, "placa", -1)
    assert [f["id"] for f in ops.steps_of(definition)[1]["fields"]] == ["placa", "nombre"]
    assert definition["overrides"][0]["target"] == "/form/steps/1/fields/1/label"
    assert validate_definition(definition) == []


def test_moving_past_the_ends_changes_nothing():
    definition = rich()
    assert ops.move_step(definition, "datos", -1) == definition
    assert ops.move_field(definition, "modelo", 1) == definition


def test_references_name_every_kind_located():
    definition = rich()
    kinds = {
        field_id: [(r.kind, r.pointer) for r in ops.references_to(definition, {field_id})]
        for field_id in ("placa", "tipo", "modelo", "color", "nombre")
    }
    assert kinds["placa"] == [("regla", "/rules/0/target")]
    assert kinds["tipo"] == [
        ("regla", "/rules/0/when/==/0/var"),
        ("documento", "/documents/0/condition/in/0/var"),
    ]
    assert kinds["modelo"] == [("costo", "/fees/concepts/0/condition/>/0/var")]
    assert kinds["color"] == [("salida", "/outputs/0/body/es-MX")]
    assert kinds["nombre"] == [("ajuste", "/overrides/0/target")]


def test_removing_a_referenced_field_is_refused_with_the_list():
    with pytest.raises(ApplicationError) as refused:
        ops.remove_field(rich(), "tipo")
    error = refused.value.errors[0]
    assert error.location == "/definition/form/steps/1/fields/0"
    assert "placa_si_auto" in error.message_es and "Factura" in error.message_es
    # Taking the rules along is only offered when rules are all that refer to it.
    with pytest.raises(ApplicationError):
        ops.remove_field(rich(), "tipo", with_rules=True)


def test_a_field_only_rules_refer_to_goes_with_its_rules():
    definition = ops.remove_field(rich(), "placa", with_rules=True)
    assert definition["rules"] == []
    assert ops.field_location(definition, "placa") is None
    assert validate_definition(definition) == []


def test_removing_an_unreferenced_field_or_step():
    definition = rich()
    definition["form"]["steps"].append(
        {
            "id": "extra",
            "title": {"es-MX": "Extra"},
            "fields": [{"id": "nota", "type": "text", "label": {"es-MX": "Nota"}}],
        }
    )
    assert ops.field_location(ops.remove_field(definition, "nota"), "nota") is None
    assert ops.step_index(ops.remove_step(definition, "extra"), "extra") is None
    with pytest.raises(ApplicationError) as refused:
        ops.remove_step(definition, "vehiculo")
    assert refused.value.errors[0].location == "/definition/form/steps/1"


def test_option_references_find_compared_values():
    assert ops.option_references(rich(), "tipo") == {
        "auto": ["/rules/0/when/==/1"],
        "moto": ["/documents/0/condition/in/1/0"],
    }


def _page_data(definition: dict[str, Any], field_id: str) -> dict[str, Any]:
    """What the question page posts when nothing is changed."""
    panels = field_panels(definition, field_id, LISTS, None)
    data: dict[str, Any] = {}
    for panel in panels:
        data.update({name: str(value) for name, value in panel.hidden})
    for control in all_controls(panels):
        if control.kind == "checkbox":
            if control.value:
                data[control.name] = "1"
        else:
            data[control.name] = "" if control.value is None else str(control.value)
    return data


def test_removing_a_compared_option_is_refused_at_its_row():
    definition = rich()
    data = _page_data(definition, "tipo")
    for key in ("opcion-0-value", "opcion-0-label_es", "opcion-0-label_en"):
        data[key] = ""
    with pytest.raises(ApplicationError) as refused:
        field_apply(copy.deepcopy(definition), "tipo", LISTS, data)
    assert refused.value.errors[0].location == "/definition/form/steps/1/fields/0/options/0/value"
    # An option nothing compares against may go; a new one gets its value from its text.
    data = _page_data(definition, "tipo")
    data["opcion-2-value"] = data["opcion-2-label_es"] = data["opcion-2-label_en"] = ""
    data["opcion-3-label_es"] = "Camión de carga"
    result = field_apply(copy.deepcopy(definition), "tipo", LISTS, data)
    assert [o["value"] for o in result["form"]["steps"][1]["fields"][0]["options"]] == [
        "auto",
        "moto",
        "camion_de_carga",
    ]


def test_every_real_bundles_questions_read_and_apply_unchanged():
    assert len(BUNDLES) >= 40
    checked = 0
    for path in BUNDLES:
        definition = json.loads(path.read_text(encoding="utf-8"))["versions"][-1]["definition"]
        for step in definition["form"]["steps"]:
            for field in step["fields"]:
                data = _page_data(definition, field["id"])
                result = field_apply(copy.deepcopy(definition), field["id"], LISTS, data)
                assert result == definition, (path, field["id"])
                checked += 1
    assert checked > 500
