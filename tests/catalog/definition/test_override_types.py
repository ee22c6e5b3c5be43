"""Override types own the form coercion and the publisher's-value hint of local values."""

from __future__ import annotations

from catalog.definition import DEFINITION_SCHEMA_V1
from catalog.definition.override_types import override_types


def test_every_override_type_of_the_schema_is_registered() -> None:
    enum = DEFINITION_SCHEMA_V1["$defs"]["override"]["properties"]["type"]["enum"]
    assert set(override_types) == set(enum)


def test_coerce_posted_text() -> None:
    assert override_types.coerce("integer", " 12 ") == 12
    assert override_types.coerce("integer", "doce") == "doce"
    assert override_types.coerce("money", "1,099.50") == 1099.5
    assert override_types.coerce("money", "1099") == 1099
    assert override_types.coerce("money", "mil") == "mil"
    assert override_types.coerce("boolean", "Sí") is True
    assert override_types.coerce("boolean", "off") is False
    assert override_types.coerce("boolean", "tal vez") == "tal vez"
    assert override_types.coerce("translatable", " Licencia ") == {"es-MX": "Licencia"}
    assert override_types.coerce("translatable", {"es-MX": " a ", "en": ""}) == {"es-MX": "a"}
    assert override_types.coerce("translatable", "  ") == ""
    assert override_types.coerce("text", "  hola ") == "hola"
    assert override_types.coerce("offices", [{"name": {}}]) == [{"name": {}}]
    assert override_types.coerce("desconocido", " x ") == "x"


def test_hints() -> None:
    assert override_types.hint("plazo", {"value": 5, "unit": "business_days"}, "es-MX") == (
        "5 días hábiles"
    )
    assert override_types.hint("plazo", {"value": 5, "unit": "calendar_days"}, "en") == (
        "5 calendar days"
    )
    assert override_types.hint("boolean", True, "es-MX") == "Sí"
    assert override_types.hint("boolean", False, "en") == "No"
    assert override_types.hint("agency", {"name": {"es-MX": "SEMOVI"}}, "en") == "SEMOVI"
    assert (
        override_types.hint(
            "legal_basis", [{"ordenamiento": "Ley de Movilidad", "articulo": "64"}], "es-MX"
        )
        == "Ley de Movilidad, art. 64"
    )
    assert (
        override_types.hint(
            "fee_concepts", [{"concept": {"es-MX": "Derecho"}, "amount": 1099}], "en"
        )
        == "Derecho: $1099"
    )
    assert override_types.hint("offices", [{"name": {"es-MX": "Centro"}}, "x"], "es-MX") == (
        "Centro"
    )
    assert override_types.hint("translatable", {"es-MX": "Hola", "en": "Hi"}, "en") == "Hi"
    assert override_types.hint("integer", 3.0, "es-MX") == "3"
    assert override_types.hint("text", None, "es-MX") == ""
    assert override_types.hint("offices", [], "es-MX") == ""
