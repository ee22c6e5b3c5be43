"""Every field type: a definition using it validates, a good value is cleaned, a bad one is
refused with a located Spanish and English message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from catalog.definition import (
    DEFINITION_SCHEMA_V1,
    jsonable_answers,
    registry,
    validate_answers,
    validate_definition,
)
from catalog.definition.code_lists import fill_code_lists
from core.errors import ErrorDetail
from tenants.jurisdiction import JurisdictionFacts
from tests.catalog.definition.conftest import minimal_definition, t

ADDRESS = {
    "calle": "Av. Álvaro Obregón",
    "numero_exterior": "269",
    "colonia": "Roma Norte",
    "municipio": "Cuauhtémoc",
    "estado": "Ciudad de México",
    "codigo_postal": "06700",
}
PDF = {"name": "ine.pdf", "size": 1_048_576, "content_type": "application/pdf"}
OPTIONS = [
    {"value": "auto", "label": t("Automóvil", "Car")},
    {"value": "moto", "label": t("Motocicleta", "Motorcycle")},
    {"value": "bici", "label": t("Bicicleta", "Bicycle")},
]

# (field without id/label, good value, cleaned value, bad value, error code)
CASES = {
    "text": (
        {"type": "text", "min_length": 2, "max_length": 10, "pattern": "^[A-Z]+$"},
        " ABC ",
        "ABC",
        "abc",
        "pattern_mismatch",
    ),
    "textarea": ({"type": "textarea", "max_length": 5}, "hola", "hola", "hola mundo", "too_long"),
    "integer": ({"type": "integer", "min": 1, "max": 10}, "7", 7, "11", "above_max"),
    "decimal": (
        {"type": "decimal", "min": 0, "decimal_places": 1},
        "2.5",
        Decimal("2.5"),
        "2.55",
        "too_many_decimals",
    ),
    "money": (
        {"type": "money", "max": 5000},
        "$1,099.5",
        Decimal("1099.50"),
        "-1",
        "invalid_money",
    ),
    "date": (
        {"type": "date", "min": "2000-01-01", "max": "today"},
        "2024-02-29",
        dt.date(2024, 2, 29),
        "1999-12-31",
        "below_min",
    ),
    "boolean": ({"type": "boolean"}, "sí", True, "quizá", "invalid_boolean"),
    "choice": ({"type": "choice", "options": OPTIONS}, "moto", "moto", "avion", "invalid_choice"),
    "multiple_choice": (
        {"type": "multiple_choice", "options": OPTIONS, "max_items": 2},
        ["bici", "auto"],
        ["auto", "bici"],
        ["auto", "moto", "bici"],
        "too_many_choices",
    ),
    "email": (
        {"type": "email"},
        "ana.lopez@cdmx.gob.mx",
        "ana.lopez@cdmx.gob.mx",
        "ana@@cdmx",
        "invalid_email",
    ),
    "phone_mx": (
        {"type": "phone_mx"},
        "+52 (55) 1234-5678",
        "5512345678",
        "55 1234 567",
        "invalid_phone",
    ),
    "curp": (
        {"type": "curp"},
        "boxw310820hnerxn09",
        "BOXW310820HNERXN09",
        "BOXW310820HNERXN08",
        "curp_check_digit",
    ),
    "rfc": (
        {"type": "rfc", "persona": "fisica"},
        "GODE561231GR8",
        "GODE561231GR8",
        "GODE561231GR9",
        "rfc_check_digit",
    ),
    "postal_code": ({"type": "postal_code"}, "06700", "06700", "6700", "invalid_postal_code"),
    "address": (
        {"type": "address"},
        ADDRESS,
        ADDRESS,
        {**ADDRESS, "calle": ""},
        "address_part_missing",
    ),
    "file": (
        {"type": "file", "accept": ["application/pdf", "image/*"], "max_size_mb": 2},
        PDF,
        PDF,
        {**PDF, "content_type": "application/zip"},
        "file_type_not_allowed",
    ),
    # Options come from the serving government (here Sonora's municipalities): see _answerable.
    "code_list": (
        {"type": "code_list", "list": "municipios"},
        "26030",
        {"code": "26030", "label": "Hermosillo"},
        "31050",
        "invalid_choice",
    ),
}
SONORA = JurisdictionFacts(
    schema_name="sonora",
    name="Gobierno del Estado de Sonora",
    short_name="Sonora",
    entity_code="26",
    identity_provider="",
    contact_email="",
    contact_phone="",
)


def test_every_schema_field_type_is_registered_and_covered() -> None:
    schema_types = DEFINITION_SCHEMA_V1["$defs"]["field"]["properties"]["type"]["enum"]

    assert sorted(registry) == sorted(schema_types)
    assert sorted(CASES) == sorted(schema_types)


def _definition(field_type: str) -> dict:
    spec = CASES[field_type][0]
    field = {
        "id": "dato",
        "label": t("Dato", "Value"),
        "help": t("Ayuda", "Help"),
        "required": True,
        **spec,
    }
    return minimal_definition([field])


def _answerable(field_type: str) -> dict:
    """The definition as a government serves it: code lists filled (Sonora's)."""
    return fill_code_lists(_definition(field_type), SONORA)


@pytest.mark.parametrize("field_type", sorted(CASES))
def test_definition_with_field_type_validates(field_type: str) -> None:
    assert validate_definition(_definition(field_type)) == []


@pytest.mark.parametrize("field_type", sorted(CASES))
def test_good_value_is_cleaned(field_type: str) -> None:
    _, good, expected, _, _ = CASES[field_type]

    cleaned, errors = validate_answers(_answerable(field_type), {"dato": good})

    assert errors == []
    assert cleaned == {"dato": expected}


@pytest.mark.parametrize("field_type", sorted(CASES))
def test_bad_value_is_refused_with_located_bilingual_error(field_type: str) -> None:
    _, _, _, bad, code = CASES[field_type]

    cleaned, errors = validate_answers(_answerable(field_type), {"dato": bad})

    assert cleaned == {}
    assert [(error.code, error.location) for error in errors] == [(code, "dato")]
    assert errors[0].message_es and errors[0].message_en
    assert errors[0].message_es != errors[0].message_en


@pytest.mark.parametrize("field_type", sorted(CASES))
def test_required_field_left_empty_is_refused(field_type: str) -> None:
    cleaned, errors = validate_answers(_answerable(field_type), {})

    assert cleaned == {}
    assert errors == [
        ErrorDetail(
            "field_required", "Este dato es obligatorio.", "This field is required.", "dato"
        )
    ]


def test_boolean_no_answers_a_required_question() -> None:
    cleaned, errors = validate_answers(_definition("boolean"), {"dato": "no"})

    assert (cleaned, errors) == ({"dato": False}, [])


def test_messages_name_the_limit() -> None:
    _, errors = validate_answers(_definition("integer"), {"dato": 11})

    assert errors == [
        ErrorDetail("above_max", "El valor máximo es 10.", "The maximum is 10.", "dato")
    ]


def test_file_too_large_is_refused() -> None:
    _, errors = validate_answers(_definition("file"), {"dato": {**PDF, "size": 3 * 1024 * 1024}})

    assert [(error.code, error.message_es) for error in errors] == [
        ("file_too_large", "El archivo pesa más de 2 MB.")
    ]


def test_file_wildcard_type_is_accepted() -> None:
    image = {"name": "foto.JPG", "size": 10, "content_type": "image/jpeg"}

    cleaned, errors = validate_answers(_definition("file"), {"dato": image})

    assert (cleaned, errors) == ({"dato": image}, [])


def test_address_lists_every_missing_part() -> None:
    _, errors = validate_answers(_definition("address"), {"dato": {"calle": "Reforma"}})

    assert [error.code for error in errors] == ["address_part_missing"] * 5
    assert {error.location for error in errors} == {"dato"}


def test_money_refuses_fractions_of_cents() -> None:
    _, errors = validate_answers(_definition("money"), {"dato": "10.005"})

    assert [error.code for error in errors] == ["too_many_decimals"]


def test_generic_rfc_is_accepted() -> None:
    definition = minimal_definition([{"id": "rfc", "type": "rfc", "label": t("RFC")}])

    cleaned, errors = validate_answers(definition, {"rfc": "xaxx010101000"})

    assert (cleaned, errors) == ({"rfc": "XAXX010101000"}, [])


def test_rfc_check_digit_can_be_switched_off() -> None:
    definition = minimal_definition(
        [{"id": "rfc", "type": "rfc", "label": t("RFC"), "check_digit": False}]
    )

    cleaned, errors = validate_answers(definition, {"rfc": "GODE561231GR9"})

    assert (cleaned, errors) == ({"rfc": "GODE561231GR9"}, [])


def test_rfc_of_a_company_is_refused_where_an_individual_is_asked() -> None:
    definition = minimal_definition(
        [{"id": "rfc", "type": "rfc", "label": t("RFC"), "persona": "fisica", "check_digit": False}]
    )

    _, errors = validate_answers(definition, {"rfc": "ABC680524P76"})

    assert [(error.code, error.message_es) for error in errors] == [
        ("invalid_rfc", "Escribe un RFC de persona física (13 caracteres).")
    ]


def test_answers_naming_no_field_are_dropped() -> None:
    cleaned, errors = validate_answers(_definition("text"), {"dato": "AB", "intruso": "x"})

    assert (cleaned, errors) == ({"dato": "AB"}, [])


def test_jsonable_answers() -> None:
    cleaned = {"monto": Decimal("1099.00"), "fecha": dt.date(2025, 3, 1), "lista": ["a"]}

    assert jsonable_answers(cleaned) == {"monto": "1099.00", "fecha": "2025-03-01", "lista": ["a"]}
