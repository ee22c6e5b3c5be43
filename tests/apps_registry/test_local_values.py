from __future__ import annotations

import pytest

from apps_registry.local_values import (
    apply_local_values,
    missing_required,
    override_points,
    validate_local_values,
)
from catalog.definition import validate_definition
from tests.apps_registry.conftest import REQUIRED_VALUES, SONORA_AGENCY, definition_with_overrides

FEE = {
    "id": "derecho",
    "concept": {"es-MX": "Derecho", "en": "Fee"},
    "amount": 310.5,
    "currency": "MXN",
    "fiscal_year": 2026,
}
OFFICE = {
    "name": {"es-MX": "Oficina Hermosillo"},
    "address": "Blvd. Paseo Río Sonora 76, Hermosillo",
    "hours": {"es-MX": "Lunes a viernes de 8:00 a 15:00 h"},
}


def _locations(values, require_all=False):
    _, problems = validate_local_values(
        definition_with_overrides(), values, require_all=require_all
    )
    return [(p.code.rsplit(".", 1)[1], p.location) for p in problems]


@pytest.mark.parametrize(
    ("key", "value", "cleaned"),
    [
        ("homoclave", "  SON-001 ", "SON-001"),
        ("name", "Constancia sonorense", {"es-MX": "Constancia sonorense"}),
        (
            "name",
            {"es-MX": "Constancia", "en": "Certificate"},
            {"es-MX": "Constancia", "en": "Certificate"},
        ),
        ("prevencion.applicant_days", "10", 10),
        ("prevencion.applicant_days", 0, 0),
        ("fee_amount", "1,250.50", 1250.5),
        ("fee_amount", 99, 99),
        ("requires_appointment", "sí", True),
        ("requires_appointment", False, False),
        ("info_url", "https://www.sonora.gob.mx/tramites", "https://www.sonora.gob.mx/tramites"),
        ("agency", SONORA_AGENCY, SONORA_AGENCY),
        (
            "legal_basis",
            [{"ordenamiento": "Ley de Hacienda de Sonora", "articulo": "3"}],
            [{"ordenamiento": "Ley de Hacienda de Sonora", "articulo": "3"}],
        ),
        ("fees", [FEE], [FEE]),
        ("offices", [OFFICE], [OFFICE]),
        ("plazo", {"value": 10, "unit": "calendar_days"}, {"value": 10, "unit": "calendar_days"}),
    ],
)
def test_valid_values_of_each_type_are_cleaned(key, value, cleaned):
    result, problems = validate_local_values(
        definition_with_overrides(), {key: value}, require_all=False
    )
    assert problems == []
    assert result == {key: cleaned}


@pytest.mark.parametrize(
    ("key", "value", "location"),
    [
        ("homoclave", 12, "homoclave"),
        ("homoclave", "x" * 2001, "homoclave"),
        ("name", {"en": "Only English"}, "name/es-MX"),
        ("prevencion.applicant_days", "diez", "prevencion.applicant_days"),
        ("prevencion.applicant_days", -1, "prevencion.applicant_days"),
        ("prevencion.applicant_days", 2.5, "prevencion.applicant_days"),
        ("fee_amount", "abc", "fee_amount"),
        ("fee_amount", 10.555, "fee_amount"),
        ("fee_amount", -5, "fee_amount"),
        ("requires_appointment", "quizá", "requires_appointment"),
        ("info_url", "sonora.gob.mx", "info_url"),
        ("info_url", "javascript:alert(1)", "info_url"),
        ("agency", {"acronym": "SH"}, "agency/name"),
        ("agency", {"name": {"es-MX": "X"}, "color": "rojo"}, "agency/color"),
        ("legal_basis", [{"ordenamiento": "Ley"}], "legal_basis/0/articulo"),
        ("fees", [{**FEE, "currency": "USD"}], "fees/0/currency"),
        ("fees", [{**FEE, "amount": 1.234}], "fees/0/amount"),
        ("fees", [FEE, FEE], "fees/1/id"),
        ("offices", [{"name": {"es-MX": "Sin dirección"}}], "offices/0/address"),
        ("plazo", {"value": 5, "unit": "weeks"}, "plazo/unit"),
    ],
)
def test_invalid_values_give_located_errors(key, value, location):
    assert _locations({key: value}) == [("local_value_invalid", location)]


def test_unknown_keys_and_a_non_object_are_refused():
    assert _locations({"color": "rojo"}) == [("local_value_unknown", "color")]
    assert _locations(["agency"]) == [("local_value_invalid", "")]


def test_required_values_are_checked_only_when_going_live():
    assert _locations({}) == []
    assert _locations({}, require_all=True) == [
        ("local_value_required", "agency"),
        ("local_value_required", "homoclave"),
    ]
    # An empty text is no value; an invalid one is reported once, not also as missing.
    assert _locations({"homoclave": "  ", "agency": {"acronym": "X"}}, require_all=True) == [
        ("local_value_invalid", "agency/name"),
        ("local_value_required", "homoclave"),
    ]
    assert _locations(REQUIRED_VALUES, require_all=True) == []


def test_every_error_is_bilingual():
    _, problems = validate_local_values(
        definition_with_overrides(), {"fee_amount": "abc", "nope": 1}, require_all=True
    )
    assert all(p.message_es and p.message_en and p.message_es != p.message_en for p in problems)


def test_apply_local_values_replaces_targets_and_uses_declared_defaults():
    definition = definition_with_overrides()
    values = {**REQUIRED_VALUES, "fee_amount": 310, "offices": [OFFICE]}

    effective = apply_local_values(definition, values)

    assert effective["metadata"]["agency"] == SONORA_AGENCY
    assert effective["metadata"]["homoclave"] == "SON-PRU-001"
    assert effective["metadata"]["offices"] == [OFFICE]
    assert effective["fees"]["concepts"][0]["amount"] == 310
    # No local value: the declared default, else the publisher's own value.
    assert effective["prevencion"]["applicant_days"] == 5
    assert effective["plazo"] == definition["plazo"]
    assert definition["metadata"]["agency"] != SONORA_AGENCY  # the input is not changed
    assert validate_definition(effective) == []


def test_override_points_and_missing_required():
    definition = definition_with_overrides()
    points = {p.key: p for p in override_points(definition, {"homoclave": "SON-1"})}

    assert list(points)[:3] == ["agency", "homoclave", "name"]
    assert points["homoclave"].local_value == "SON-1"
    assert points["homoclave"].is_set is True
    assert points["agency"].required is True
    assert points["agency"].publisher_value == definition["metadata"]["agency"]
    assert points["prevencion.applicant_days"].default == 5
    assert missing_required(definition, {"homoclave": "SON-1"}) == ["agency"]
