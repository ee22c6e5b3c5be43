"""Each field type's per-type behaviour besides cleaning: the answer as printed on a PDF
(`display`), as read on a page (`display_text`, `display_submitted`), how it is drawn
(`widget`, `is_grouped`) and a demo answer (`sample`) that its own `clean` accepts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from catalog.definition import registry
from catalog.definition.field_types import SAMPLE_CITIZEN
from tests.catalog.definition.conftest import t

OPTIONS = [
    {"value": "a", "label": t("Uno", "One")},
    {"value": "b", "label": {"es-MX": "Dos"}},
    {"value": "c", "label": t("Tres", "Three")},
]
ADDRESS = {
    "calle": "Av. Álvaro Obregón",
    "numero_exterior": "269",
    "colonia": "Roma Norte",
    "municipio": "Cuauhtémoc",
    "estado": "Ciudad de México",
    "codigo_postal": "06700",
}
PDF = {"name": "ine.pdf", "size": 1_048_576, "content_type": "application/pdf"}
# A code list as fill_code_lists leaves it for a government (an office list with English names).
CODE_OPTIONS = [
    {"value": "OF-01", "label": t("Oficina Centro", "Downtown office")},
    {"value": "OF-02", "label": t("Oficina Norte", "North office")},
]


def field(kind: str, **extra: object) -> dict:
    return {"id": "dato", "type": kind, "label": t("Dato", "Item"), **extra}


# (field, stored value, PDF es-MX, PDF en, page es-MX, page en)
CASES = [
    (field("text"), "Hola", "Hola", "Hola", "Hola", "Hola"),
    (field("textarea"), "Línea", "Línea", "Línea", "Línea", "Línea"),
    (field("integer"), 3, "3", "3", "3", "3"),
    (field("decimal"), "2.50", "2.50", "2.50", "2.50", "2.50"),
    (
        field("money"),
        "1099.50",
        "$1,099.50",
        "MX$1,099.50",
        "$1,099.50",
        "MX$1,099.50",
    ),
    (
        field("date"),
        "1990-05-17",
        "17/05/1990",
        "1990-05-17",
        "17 de mayo de 1990",
        "May 17, 1990",
    ),
    (field("boolean"), True, "Sí", "Yes", "Sí", "Yes"),
    (field("boolean"), False, "No", "No", "No", "No"),
    (field("choice", options=OPTIONS), "a", "Uno", "One", "Uno", "One"),
    # A label without English: the PDF prints the value, the page falls back to Spanish.
    (field("choice", options=OPTIONS), "b", "Dos", "b", "Dos", "Dos"),
    (
        field("multiple_choice", options=OPTIONS),
        ["a", "c"],
        "Uno, Tres",
        "One, Three",
        "Uno, Tres",
        "One, Three",
    ),
    (
        field("email"),
        "ana@example.mx",
        "ana@example.mx",
        "ana@example.mx",
        "ana@example.mx",
        "ana@example.mx",
    ),
    (field("phone_mx"), "6621234567", "6621234567", "6621234567", "6621234567", "6621234567"),
    (
        field("curp"),
        "LORM900517MSRPZR00",
        "LORM900517MSRPZR00",
        "LORM900517MSRPZR00",
        "LORM900517MSRPZR00",
        "LORM900517MSRPZR00",
    ),
    (
        field("rfc"),
        "XAXX010101000",
        "XAXX010101000",
        "XAXX010101000",
        "XAXX010101000",
        "XAXX010101000",
    ),
    (field("postal_code"), "06700", "06700", "06700", "06700", "06700"),
    (
        field("address"),
        ADDRESS,
        "Av. Álvaro Obregón, 269, Roma Norte, Cuauhtémoc, Ciudad de México, 06700",
        "Av. Álvaro Obregón, 269, Roma Norte, Cuauhtémoc, Ciudad de México, 06700",
        "Av. Álvaro Obregón, 269, Roma Norte, Cuauhtémoc, Ciudad de México, 06700",
        "Av. Álvaro Obregón, 269, Roma Norte, Cuauhtémoc, Ciudad de México, 06700",
    ),
    (field("file"), PDF, "ine.pdf", "ine.pdf", "ine.pdf", "ine.pdf"),
    (
        field("code_list", list="oficinas", options=CODE_OPTIONS),
        {"code": "OF-02", "label": "Oficina Norte"},
        "Oficina Norte",
        "North office",
        "Oficina Norte",
        "North office",
    ),
    # A code the list no longer has still reads with the label stored with the answer.
    (
        field("code_list", list="oficinas", options=CODE_OPTIONS),
        {"code": "OF-09", "label": "Oficina Sur"},
        "Oficina Sur",
        "Oficina Sur",
        "Oficina Sur",
        "Oficina Sur",
    ),
]


@pytest.mark.parametrize(
    ("item", "value", "pdf_es", "pdf_en", "page_es", "page_en"),
    CASES,
    ids=[f"{case[0]['type']}-{index}" for index, case in enumerate(CASES)],
)
def test_display_in_both_languages(
    item: dict, value: object, pdf_es: str, pdf_en: str, page_es: str, page_en: str
) -> None:
    assert registry.display(item, value) == {"es-MX": pdf_es, "en": pdf_en}
    assert registry.display_text(item, value, "es-MX") == page_es
    assert registry.display_text(item, value, "en") == page_en
    assert registry[item["type"]].display_text(item, value, "en") == page_en


def test_every_registered_type_has_a_display_case() -> None:
    assert {case[0]["type"] for case in CASES} == set(registry)


def test_page_text_of_cleaned_values_and_of_nothing() -> None:
    assert registry.display_text(field("date"), dt.date(2026, 11, 24), "es-MX") == (
        "24 de noviembre de 2026"
    )
    assert registry.display_text(field("date"), "no es fecha", "es-MX") == "no es fecha"
    assert registry.display_text(field("money"), Decimal("0.5"), "es-MX") == "$0.50"
    for kind in registry:
        for empty in (None, "", []):
            assert registry.display_text(field(kind), empty, "es-MX") == ""
    # An option that is not in the definition reads as its value on the page.
    assert registry.display_text(field("multiple_choice", options=OPTIONS), ["z"], "en") == "z"
    assert registry.display(field("multiple_choice", options=OPTIONS), ["z"]) == {
        "es-MX": "",
        "en": "",
    }


def test_submitted_answers_read_cleaned_when_valid_else_as_typed() -> None:
    assert registry.display_submitted(field("boolean"), "sí", "es-MX") == "Sí"
    assert registry.display_submitted(field("boolean"), "sí", "en") == "Yes"
    assert registry.display_submitted(field("money"), "1,099.5", "es-MX") == "$1,099.50"
    assert registry.display_submitted(field("money"), "mil", "es-MX") == "mil"
    assert (
        registry.display_submitted(field("multiple_choice", options=OPTIONS), ["c", "a"], "es-MX")
        == "Uno, Tres"
    )
    assert registry.display_submitted(field("curp"), "lorm900517msrpzr00", "es-MX") == (
        "LORM900517MSRPZR00"
    )
    assert registry.display_submitted(field("desconocido"), "tal cual", "en") == "tal cual"
    assert registry.display_submitted(field("text"), "", "en") == ""
    offices = field("code_list", list="oficinas", options=CODE_OPTIONS)
    assert registry.display_submitted(offices, "OF-01", "es-MX") == "Oficina Centro"
    assert registry.display_submitted(offices, "OF-01", "en") == "Downtown office"
    assert registry.display_submitted(offices, "31050", "es-MX") == "31050"


@pytest.mark.parametrize(
    ("item", "grouped", "widget"),
    [
        (field("text"), False, "input"),
        (field("textarea"), False, "textarea"),
        (field("integer"), False, "input"),
        (field("decimal"), False, "input"),
        (field("money"), False, "input"),
        (field("date"), False, "input"),
        (field("email"), False, "input"),
        (field("phone_mx"), False, "input"),
        (field("curp"), False, "input"),
        (field("rfc"), False, "input"),
        (field("postal_code"), False, "input"),
        (field("file"), False, "file"),
        (field("boolean"), True, "yes_no"),
        (field("address"), True, "address"),
        (field("multiple_choice", options=OPTIONS), True, "options"),
        (field("choice", options=OPTIONS), True, "options"),
        (field("choice", options=OPTIONS * 2), False, "select"),
        (field("choice", options=OPTIONS, widget="select"), False, "select"),
        (field("choice", options=OPTIONS * 2, widget="radio"), True, "options"),
        # A code list is a select (2,000-odd municipalities) unless it asks for radios.
        (field("code_list", list="municipios", options=CODE_OPTIONS), False, "select"),
        (
            field("code_list", list="oficinas", options=CODE_OPTIONS, widget="radio"),
            True,
            "options",
        ),
    ],
)
def test_grouped_and_widget(item: dict, grouped: bool, widget: str) -> None:
    assert registry.is_grouped(item) is grouped
    assert registry.widget(item) == widget


SAMPLE_FIELDS = [
    field("text"),
    {"id": "nombre", "type": "text", "label": t("Nombre")},
    {"id": "nombre_completo", "type": "text", "label": t("Nombre completo")},
    {"id": "primer_apellido", "type": "text", "label": t("Primer apellido")},
    {"id": "segundo_apellido", "type": "text", "label": t("Segundo apellido")},
    field("text", pattern="[0-9]{10}", min_length=10, max_length=10),
    field("text", pattern="[A-Z]{3}", max_length=3),
    field("textarea"),
    field("integer", min=5, max=9),
    field("decimal", max=0.5),
    field("money", min=100),
    field("date", max="today"),
    field("date", min="2999-01-01"),
    {"id": "fecha_nacimiento", "type": "date", "label": t("Fecha de nacimiento")},
    field("boolean"),
    field("choice", options=OPTIONS),
    field("multiple_choice", options=OPTIONS, min_items=2),
    field("email"),
    field("phone_mx"),
    field("curp"),
    field("rfc", persona="fisica"),
    field("postal_code"),
    field("address"),
    field("code_list", list="oficinas", options=CODE_OPTIONS),
]


@pytest.mark.parametrize("item", SAMPLE_FIELDS, ids=lambda item: f"{item['type']}-{item['id']}")
def test_samples_are_valid_answers(item: dict) -> None:
    kind = registry[item["type"]]
    value = kind.sample(item)
    assert value is not None
    assert not kind.is_empty(value)
    kind.clean(item, value)  # raises FieldValueError if the sample were invalid


def test_sample_values() -> None:
    assert registry.sample(SAMPLE_FIELDS[1]) == "María"
    assert registry.sample(SAMPLE_FIELDS[2]) == "María López Ruiz"
    assert registry.sample(SAMPLE_FIELDS[4]) == "Ruiz"
    assert registry.sample(SAMPLE_FIELDS[5]) == "1234567890"
    assert registry.sample(SAMPLE_FIELDS[6]) == "ABC"
    assert registry.sample(SAMPLE_FIELDS[8]) == "5"
    assert registry.sample(SAMPLE_FIELDS[9]) == "0.5"
    assert registry.sample(SAMPLE_FIELDS[12]) == "2999-01-01"
    assert registry.sample(SAMPLE_FIELDS[13]) == "1990-05-17"
    assert registry.sample(SAMPLE_FIELDS[14]) == "no"
    assert registry.sample(SAMPLE_FIELDS[16]) == ["a", "b"]
    assert registry.sample(SAMPLE_FIELDS[19]) == SAMPLE_CITIZEN.curp
    assert registry.sample(SAMPLE_FIELDS[20]) == "XAXX010101000"
    assert registry.sample(field("file")) is None
    assert registry.sample(field("choice", options=[])) is None
    assert registry.sample(SAMPLE_FIELDS[-1]) == "OF-01"
    assert registry.sample(field("code_list", list="oficinas", options=[])) is None
