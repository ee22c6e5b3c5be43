"""The vocabulary labels every value the JSON Schema allows: a new ficta kind, plazo unit or
validity kind without a label fails here."""

from __future__ import annotations

from catalog.definition import DEFINITION_SCHEMA_V1
from catalog.definition.vocabulary import (
    FICTA_CONSEQUENCES,
    FICTA_DESCRIPTIONS,
    FICTA_LABELS,
    FICTA_OUTCOMES,
    PLAZO_UNITS,
    UNITS_SINGULAR,
    VALIDITY_KINDS,
    VALIDITY_UNITS,
    YES_NO,
    amount_text,
    label,
    plazo_text,
    validity_text,
)

DEFS = DEFINITION_SCHEMA_V1["$defs"]


def _complete(table: object) -> None:
    assert isinstance(table, dict) or hasattr(table, "items")
    for key, entry in table.items():  # type: ignore[attr-defined]
        assert set(entry) == {"es-MX", "en"}, key
        assert entry["es-MX"] and entry["en"], key


def test_ficta_tables_cover_the_schema() -> None:
    kinds = set(DEFINITION_SCHEMA_V1["properties"]["ficta"]["enum"])
    assert kinds == {"afirmativa", "negativa", "no_aplica"}
    for table in (FICTA_LABELS, FICTA_DESCRIPTIONS, FICTA_CONSEQUENCES, FICTA_OUTCOMES):
        assert set(table) == kinds
        _complete(table)


def test_unit_and_validity_tables_cover_the_schema() -> None:
    assert set(PLAZO_UNITS) == set(DEFS["day_unit"]["enum"])
    assert set(VALIDITY_UNITS) == set(DEFS["validity"]["properties"]["unit"]["enum"])
    assert set(UNITS_SINGULAR) == set(VALIDITY_UNITS)
    assert set(VALIDITY_KINDS) == set(DEFS["validity"]["properties"]["kind"]["enum"])
    for table in (PLAZO_UNITS, VALIDITY_UNITS, UNITS_SINGULAR, VALIDITY_KINDS):
        _complete(table)


def test_labels_read_in_a_language() -> None:
    assert label(FICTA_LABELS, "afirmativa", "es-MX") == "Afirmativa ficta"
    assert label(FICTA_LABELS, "afirmativa", "en") == "Positive silence (afirmativa ficta)"
    assert label(FICTA_LABELS, "positiva", "es-MX") == ""
    assert label(FICTA_LABELS, "positiva", "es-MX", default="?") == "?"
    assert label(YES_NO, True, "en") == "Yes"
    assert label(YES_NO, False, "es-MX") == "No"


def test_plazo_and_validity_texts() -> None:
    assert plazo_text({"value": 10, "unit": "business_days"}, "es-MX") == "10 días hábiles"
    assert plazo_text({"value": 1, "unit": "calendar_days"}, "en") == "1 calendar day"
    assert plazo_text({"value": 0, "unit": "business_days", "immediate": True}, "es-MX") == (
        "Resolución inmediata"
    )
    assert plazo_text({}, "es-MX") == ""
    assert plazo_text(None, "en") == ""
    assert validity_text({"kind": "periodo", "value": 3, "unit": "years"}, "es-MX") == "3 años"
    assert validity_text({"kind": "periodo", "value": 1, "unit": "months"}, "en") == "1 month"
    assert validity_text({"kind": "permanente"}, "en") == "Permanent"
    assert validity_text({"kind": "no_aplica"}, "es-MX") == "No aplica"
    assert amount_text(5, "fortnights", "es-MX") == "5"
