"""The local-values form of the adoption pages (apps_registry.backoffice.forms.LocalValuesForm): what it
sends to the services for each override type, and where it puts their located errors."""

from __future__ import annotations

from django.http import QueryDict

from apps_registry.backoffice.forms import LocalValuesForm
from apps_registry.local_values import validate_local_values
from core.errors import ErrorDetail
from tests.apps_registry.conftest import definition_with_overrides


def _post(**values: str) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data[key.replace("__dot__", ".")] = value
    return data


def test_typed_text_becomes_the_json_shape_of_each_type():
    definition = definition_with_overrides()
    definition["fees"]["concepts"][0]["condition"] = {"==": [{"var": "nombre"}, "x"]}
    form = LocalValuesForm(
        definition,
        data=_post(
            agency__name="Hacienda de Sonora",
            agency__name_en="Sonora Treasury",
            homoclave=" SON-1 ",
            name__es="Constancia sonorense",
            legal_basis__rows="2",
            legal_basis__0__ordenamiento="Ley de Hacienda del Estado de Sonora",
            legal_basis__0__articulo="12",
            fees__rows="1",
            fees__0__id="derecho",
            fees__0__concept="Expedición",
            fees__0__amount="$1,250.50",
            fees__0__fiscal_year="2026",
            plazo__value="",
            plazo__unit="business_days",
            requires_appointment="true",
            prevencion__dot__applicant_days="7",
        ),
    )

    values = form.values()

    assert values == {
        "agency": {"name": {"es-MX": "Hacienda de Sonora", "en": "Sonora Treasury"}},
        "homoclave": "SON-1",
        "name": {"es-MX": "Constancia sonorense"},
        "legal_basis": [{"ordenamiento": "Ley de Hacienda del Estado de Sonora", "articulo": "12"}],
        "fees": [
            {
                "id": "derecho",
                "concept": {"es-MX": "Expedición"},
                "amount": 1250.5,
                "fiscal_year": 2026,
                "currency": "MXN",
                "condition": {"==": [{"var": "nombre"}, "x"]},
            }
        ],
        "requires_appointment": "true",
        "prevencion.applicant_days": 7,
    }
    cleaned, problems = validate_local_values(definition, values, require_all=True)
    assert problems == []
    assert cleaned["requires_appointment"] is True


def test_errors_go_next_to_the_input_they_name():
    form = LocalValuesForm(definition_with_overrides(), data=_post(fees__rows="1"))

    unplaced = form.add_errors(
        [
            ErrorDetail("x", "Monto inválido", "Bad amount", "fees/0/amount"),
            ErrorDetail("x", "Falta el nombre", "Name missing", "agency/name"),
            ErrorDetail("x", "Falta", "Missing", "homoclave"),
            ErrorDetail("x", "General", "General", ""),
        ]
    )

    groups = {group.key: group for group in form.groups}
    amount = next(i for i in groups["fees"].rows[0].inputs if i.name == "fees__0__amount")
    assert amount.errors == ["Monto inválido"]
    assert groups["agency"].inputs[0].errors == ["Falta el nombre"]
    assert groups["homoclave"].inputs[0].errors == ["Falta"]
    assert [(e.anchor, e.message) for e in form.summary] == [
        ("ajuste-fees-0-amount", "Monto inválido"),
        ("ajuste-agency-name", "Falta el nombre"),
        ("ajuste-homoclave", "Falta"),
    ]
    assert [p.message_es for p in unplaced] == ["General"]


def test_unbound_form_shows_local_values_then_defaults_and_leaves_required_ones_empty():
    form = LocalValuesForm(definition_with_overrides(), local_values={"homoclave": "SON-9"})

    groups = {group.key: group for group in form.groups}

    assert groups["homoclave"].inputs[0].value == "SON-9"
    assert groups["agency"].inputs[0].value == ""
    assert groups["agency"].publisher_hint == "Secretaría de Pruebas"
    assert groups["prevencion.applicant_days"].inputs[0].value == "5"


def test_a_partly_filled_row_says_which_inputs_are_empty():
    definition = definition_with_overrides()
    form = LocalValuesForm(definition, data=_post(fees__rows="1", fees__0__amount="100"))
    _cleaned, problems = validate_local_values(definition, form.values(), require_all=False)

    form.add_errors(problems)

    assert [(e.anchor, e.message) for e in form.summary] == [
        ("ajuste-fees-0-id", "Escriba «Clave del concepto»."),
        ("ajuste-fees-0-concept", "Escriba «Concepto»."),
        ("ajuste-fees-0-fiscal-year", "Escriba «Ejercicio fiscal»."),
    ]
