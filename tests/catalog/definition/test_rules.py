"""JSON Logic rules evaluated on the server decide what is shown and what is required."""

from __future__ import annotations

from catalog.definition import active_items, evaluate_rule, validate_answers
from tests.catalog.definition.conftest import minimal_definition, t


def test_evaluate_rule() -> None:
    rule = {"in": [{"var": "modalidad"}, ["renovacion", "reposicion"]]}

    assert evaluate_rule(rule, {"modalidad": "renovacion"}) is True
    assert evaluate_rule(rule, {"modalidad": "expedicion"}) is False
    assert evaluate_rule(rule, {}) is False


def test_evaluate_rule_uses_json_logic_truthiness() -> None:
    assert evaluate_rule({"var": "lista"}, {"lista": []}) is False
    assert evaluate_rule({"var": "texto"}, {"texto": "0"}) is True
    assert evaluate_rule({">=": [{"var": "edad"}, 18]}, {"edad": "21"}) is True
    assert evaluate_rule(True, {}) is True


def test_rule_that_fails_to_run_is_false() -> None:
    assert evaluate_rule({"no_such_operator": [1]}, {}) is False


def test_show_rule_hides_its_target_until_true(licencia: dict) -> None:
    visible, required = active_items(licencia, {"modalidad": "expedicion"})

    assert "numero_licencia_anterior" not in visible
    assert "motivo_reposicion" not in visible
    assert "denuncia_robo" not in visible
    assert "licencia_anterior" not in visible
    assert {"curp", "identificacion_oficial", "comprobante_pago"} <= required


def test_require_rule_makes_its_target_required(licencia: dict) -> None:
    visible, required = active_items(licencia, {"modalidad": "renovacion"})

    assert {"numero_licencia_anterior", "licencia_anterior"} <= visible
    assert {"numero_licencia_anterior", "licencia_anterior"} <= required
    assert "motivo_reposicion" not in visible


def test_conditional_document_follows_the_answers(licencia: dict) -> None:
    answers = {"modalidad": "reposicion", "motivo_reposicion": "robo"}

    visible, required = active_items(licencia, answers)

    assert {"motivo_reposicion", "denuncia_robo"} <= required
    assert "licencia_anterior" not in visible


def test_hiding_a_field_hides_what_depends_on_it(licencia: dict) -> None:
    # given a stale answer to a question that is hidden once the modality changes
    answers = {"modalidad": "expedicion", "motivo_reposicion": "robo"}

    visible, _ = active_items(licencia, answers)

    assert "motivo_reposicion" not in visible
    assert "denuncia_robo" not in visible


def test_boolean_answers_are_normalised_before_rules_run(licencia: dict) -> None:
    visible, _ = active_items(licencia, {"requiere_ajustes": "sí"})

    assert "descripcion_ajustes" in visible


def test_hidden_field_values_are_dropped_and_not_required(licencia: dict) -> None:
    answers = {"modalidad": "expedicion", "motivo_reposicion": "robo", "descripcion_ajustes": "x"}

    cleaned, errors = validate_answers(licencia, answers)

    assert "motivo_reposicion" not in cleaned
    assert "descripcion_ajustes" not in cleaned
    assert "numero_licencia_anterior" not in {error.location for error in errors}


def test_required_by_rule_field_left_empty_is_refused(licencia: dict) -> None:
    _, errors = validate_answers(licencia, {"modalidad": "reposicion"})

    assert {"numero_licencia_anterior", "motivo_reposicion"} <= {
        error.location for error in errors if error.code == "field_required"
    }


def test_rule_on_address_part() -> None:
    fields = [
        {"id": "domicilio", "type": "address", "label": t("Domicilio")},
        {"id": "colonia_nueva", "type": "text", "label": t("Colonia nueva")},
    ]
    rules = [
        {
            "id": "cdmx",
            "effect": "require",
            "target": "colonia_nueva",
            "when": {"==": [{"var": "domicilio.codigo_postal"}, "06700"]},
        }
    ]
    definition = minimal_definition(fields, rules=rules)

    _, required = active_items(definition, {"domicilio": {"codigo_postal": "06700"}})

    assert "colonia_nueva" in required
