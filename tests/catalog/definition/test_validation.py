"""Bad definitions are refused with every error listed and located by JSON pointer."""

from __future__ import annotations

import json

import pytest

from catalog.definition import (
    definition_summary,
    document_ids,
    field_ids,
    parse_definition_text,
    validate_definition,
)
from core.errors import ErrorDetail
from tests.catalog.definition.conftest import minimal_definition, t

NAME = {"id": "nombre", "type": "text", "label": t("Nombre", "Name"), "required": True}


def located(errors: list[ErrorDetail]) -> list[tuple[str, str]]:
    return [(error.location, error.code) for error in errors]


def test_example_definition_validates(licencia: dict) -> None:
    assert validate_definition(licencia) == []


def test_example_definition_summary(licencia: dict) -> None:
    summary = definition_summary(licencia)

    assert summary["slug"] == "licencia-conducir-a"
    assert summary["category"] == "movilidad"
    assert (summary["steps"], summary["fields"], summary["documents"]) == (4, 16, 6)
    assert (summary["states"], summary["transitions"]) == (8, 8)
    assert (summary["overrides"], summary["required_overrides"]) == (9, 4)


def test_field_and_document_ids(licencia: dict) -> None:
    assert field_ids(licencia)[:3] == ["curp", "nombre", "primer_apellido"]
    assert document_ids(licencia) == [
        "identificacion_oficial",
        "comprobante_domicilio",
        "constancia_curp",
        "comprobante_pago",
        "licencia_anterior",
        "denuncia_robo",
    ]


def test_parse_valid_text(licencia: dict) -> None:
    data, errors = parse_definition_text(json.dumps(licencia))

    assert (data, errors) == (licencia, [])


def test_invalid_json_is_located_by_line_and_column() -> None:
    data, errors = parse_definition_text('{\n  "schema_version": 1,\n  "metadata": }')

    assert data is None
    assert errors == [
        ErrorDetail(
            "invalid_json",
            "JSON no válido en la línea 3, columna 15: Expecting value.",
            "Invalid JSON at line 3, column 15: Expecting value.",
            "",
        )
    ]


def test_nan_is_not_json() -> None:
    data, errors = parse_definition_text('{"schema_version": NaN}')

    assert data is None
    assert located(errors) == [("", "invalid_json")]


def test_not_an_object_is_a_schema_violation() -> None:
    data, errors = parse_definition_text("[]")

    assert data is None
    assert located(errors) == [("", "schema_type")]
    assert errors[0].message_es == "Tipo incorrecto: se esperaba un objeto."


def test_schema_violations_are_all_listed_and_located(licencia: dict) -> None:
    # given three unrelated mistakes
    del licencia["metadata"]["name"]
    licencia["ficta"] = "positiva"
    licencia["form"]["steps"][0]["fields"][1]["colour"] = "rojo"

    errors = validate_definition(licencia)

    assert located(errors) == [
        ("/ficta", "schema_enum"),
        ("/form/steps/0/fields/1/colour", "schema_unevaluated_properties"),
        ("/metadata/name", "schema_required"),
    ]
    assert errors[2].message_es == "Falta la propiedad obligatoria «name»."
    assert errors[2].message_en == "Missing required property 'name'."


def test_property_of_another_field_type_is_refused() -> None:
    field = {**NAME, "options": [{"value": "a", "label": t("A")}]}

    errors = validate_definition(minimal_definition([field]))

    assert located(errors) == [("/form/steps/0/fields/0/options", "schema_unevaluated_properties")]


def test_translatable_text_needs_spanish() -> None:
    field = {**NAME, "label": {"en": "Name"}}

    errors = validate_definition(minimal_definition([field]))

    assert located(errors) == [("/form/steps/0/fields/0/label/es-MX", "schema_required")]


def test_choice_without_options_is_refused() -> None:
    field = {"id": "tipo", "type": "choice", "label": t("Tipo")}

    errors = validate_definition(minimal_definition([field]))

    assert located(errors) == [("/form/steps/0/fields/0/options", "schema_required")]


def test_duplicate_ids_are_located(licencia: dict) -> None:
    licencia["form"]["steps"][1]["fields"][0]["id"] = "curp"
    licencia["documents"][1]["id"] = "identificacion_oficial"
    licencia["workflow"]["states"][1]["id"] = "recibida"

    errors = [e for e in validate_definition(licencia) if e.code == "duplicate_id"]

    assert [error.location for error in errors] == [
        "/documents/1/id",
        "/form/steps/1/fields/0/id",
        "/workflow/states/1/id",
    ]
    assert errors[1].message_es == (
        "Id de campo «curp» repetido; ya se usa en /form/steps/0/fields/0/id."
    )
    assert errors[1].message_en == (
        "Duplicate field id 'curp'; already used at /form/steps/0/fields/0/id."
    )


def test_document_may_not_share_a_field_id(licencia: dict) -> None:
    licencia["documents"][2]["id"] = "curp"

    assert located(validate_definition(licencia)) == [("/documents/2/id", "id_collision")]


def test_rule_referencing_unknown_field_is_located(licencia: dict) -> None:
    licencia["rules"][0]["when"] = {
        "and": [{"==": [{"var": "modalidad"}, "renovacion"]}, {"var": "color_de_ojos"}]
    }

    errors = validate_definition(licencia)

    assert located(errors) == [("/rules/0/when/and/1/var", "unknown_reference")]
    assert errors[0].message_es == (
        "La regla usa «color_de_ojos», que no es un campo ni un documento de esta definición."
    )


def test_rule_with_unknown_target_and_document_condition_are_located(licencia: dict) -> None:
    licencia["rules"][2]["target"] = "motivo"
    licencia["documents"][4]["condition"] = {"==": [{"var": ["tipo_tramite", ""]}, "x"]}

    assert located(validate_definition(licencia)) == [
        ("/documents/4/condition/==/0/var/0", "unknown_reference"),
        ("/rules/2/target", "unknown_rule_target"),
    ]


def test_address_parts_and_scoped_variables_are_known() -> None:
    address = {"id": "domicilio", "type": "address", "label": t("Domicilio")}
    colours = {
        "id": "colores",
        "type": "multiple_choice",
        "label": t("Colores"),
        "options": [{"value": "rojo", "label": t("Rojo")}],
    }
    rules = [
        {
            "id": "r1",
            "effect": "show",
            "target": "colores",
            "when": {"==": [{"var": "domicilio.codigo_postal"}, "06700"]},
        },
        {
            "id": "r2",
            "effect": "require",
            "target": "colores",
            "when": {"some": [{"var": "colores"}, {"==": [{"var": ""}, "rojo"]}]},
        },
    ]

    assert validate_definition(minimal_definition([address, colours], rules=rules)) == []


def test_unknown_json_logic_operator_is_refused(licencia: dict) -> None:
    licencia["rules"][0]["when"] = {"starts_with": [{"var": "modalidad"}, "re"]}

    errors = validate_definition(licencia)

    assert located(errors) == [("/rules/0/when/starts_with", "unknown_operator")]


@pytest.mark.parametrize("literal", [False, 0, ""])
def test_loose_equality_with_false_zero_or_empty_is_refused(licencia: dict, literal) -> None:
    # Unanswered, the server reads None == false as true and the browser undefined == false as
    # false: the rule would mean two things. Strict equality means the same on both.
    licencia["rules"][0]["when"] = {"!=": [{"var": "modalidad"}, literal]}

    errors = validate_definition(licencia)

    assert located(errors) == [("/rules/0/when/!=", "ambiguous_comparison")]
    licencia["rules"][0]["when"] = {"!==": [{"var": "modalidad"}, literal]}
    assert validate_definition(licencia) == []


def test_unreachable_state_is_located(licencia: dict) -> None:
    licencia["workflow"]["states"].append({"id": "archivada", "name": t("Archivada")})
    licencia["workflow"]["final"].append("archivada")

    errors = validate_definition(licencia)

    assert located(errors) == [("/workflow/states/8/id", "unreachable_state")]
    assert errors[0].message_en == (
        "No path leads from the initial state 'recibida' to state 'archivada'."
    )


def test_dead_end_state_is_located(licencia: dict) -> None:
    # given "aprobada" loses its only way out, to "entregada", which becomes unreachable too
    licencia["workflow"]["transitions"] = [
        tr for tr in licencia["workflow"]["transitions"] if tr["id"] != "entregar"
    ]

    errors = validate_definition(licencia)

    assert located(errors) == [
        ("/workflow/states/3/id", "dead_end_state"),
        ("/workflow/states/5/id", "unreachable_state"),
    ]
    assert errors[0].message_es == (
        "El estado «aprobada» no es final y no tiene transiciones de salida: "
        "un expediente quedaría atorado."
    )


def test_loop_without_exit_is_located(licencia: dict) -> None:
    licencia["workflow"]["transitions"] = [
        tr
        for tr in licencia["workflow"]["transitions"]
        if tr["id"] not in {"aprobar", "rechazar", "desechar", "desistir"}
    ]

    codes = located(validate_definition(licencia))

    assert ("/workflow/states/0/id", "no_path_to_final") in codes
    assert ("/workflow/states/1/id", "no_path_to_final") in codes
    assert ("/workflow/states/2/id", "no_path_to_final") in codes


def test_unknown_states_in_workflow_are_located(licencia: dict) -> None:
    licencia["workflow"]["initial"] = "borrador"
    licencia["workflow"]["transitions"][0]["to"] = "revisando"
    licencia["outputs"][0]["on_state"] = "firmada"

    errors = [e for e in validate_definition(licencia) if e.code == "unknown_state"]

    assert [error.location for error in errors] == [
        "/outputs/0/on_state",
        "/workflow/initial",
        "/workflow/transitions/0/to",
    ]


def test_missing_initial_and_final_are_schema_errors(licencia: dict) -> None:
    del licencia["workflow"]["initial"]
    licencia["workflow"]["final"] = []

    assert located(validate_definition(licencia)) == [
        ("/workflow/final", "schema_min_items"),
        ("/workflow/initial", "schema_required"),
    ]


def test_incoherent_limits_are_located() -> None:
    fields = [
        {"id": "edad", "type": "integer", "label": t("Edad"), "min": 18, "max": 10},
        {"id": "clave", "type": "text", "label": t("Clave"), "pattern": "^[A-Z+$"},
        {"id": "dia", "type": "date", "label": t("Día"), "min": "2025-02-30"},
    ]

    errors = validate_definition(minimal_definition(fields))

    assert located(errors) == [
        ("/form/steps/0/fields/0/min", "invalid_range"),
        ("/form/steps/0/fields/1/pattern", "invalid_pattern"),
        ("/form/steps/0/fields/2/min", "invalid_range"),
    ]


def test_bad_value_of_a_type_specific_property_is_not_called_unknown() -> None:
    field = {"id": "edad", "type": "integer", "label": t("Edad"), "min": "18"}

    errors = validate_definition(minimal_definition([field]))

    assert located(errors) == [("/form/steps/0/fields/0/min", "schema_type")]
    assert errors[0].message_es == "Tipo incorrecto: se esperaba un número entero."


def test_fee_amount_with_fractions_of_cents_is_refused(licencia: dict) -> None:
    licencia["fees"]["concepts"][0]["amount"] = 1099.005

    assert located(validate_definition(licencia)) == [("/fees/concepts/0/amount", "invalid_amount")]


def test_override_target_must_exist(licencia: dict) -> None:
    licencia["overrides"][0]["target"] = "/metadata/dependencia/nombre"

    assert located(validate_definition(licencia)) == [
        ("/overrides/0/target", "invalid_override_target")
    ]


def test_every_kind_of_error_is_listed_at_once(licencia: dict) -> None:
    licencia["schema_version"] = 2
    licencia["form"]["steps"][1]["fields"][0]["id"] = "curp"
    licencia["rules"][0]["when"] = {"var": "inexistente"}
    licencia["workflow"]["transitions"][0]["to"] = "limbo"

    codes = {error.code for error in validate_definition(licencia)}

    assert {"schema_const", "duplicate_id", "unknown_reference", "unknown_state"} <= codes
