"""`code_list` fields filled per government: its municipalities from INEGI's catalogue or a list
it keeps itself; the answer keeps code and label; rules compare the code; a list the government
lacks is reported at the field."""

from __future__ import annotations

import copy
from types import MappingProxyType

from catalog.definition import active_items, logic_answers, validate_answers, validate_definition
from catalog.definition.code_lists import fill_code_lists, missing_code_lists
from core.errors import ErrorDetail
from tenants.jurisdiction import CodeOption, JurisdictionFacts
from tests.catalog.definition.conftest import minimal_definition, t

MUNICIPIO = {
    "id": "municipio",
    "type": "code_list",
    "list": "municipios",
    "label": t("Municipio", "Municipality"),
    "required": True,
}
OFICINA = {
    "id": "oficina",
    "type": "code_list",
    "list": "oficinas",
    "label": t("Oficina", "Office"),
    "widget": "radio",
}


def facts(entity_code: str, **own_lists: tuple[CodeOption, ...]) -> JurisdictionFacts:
    return JurisdictionFacts(
        schema_name=f"gobierno{entity_code}",
        name="Gobierno",
        short_name="Gobierno",
        entity_code=entity_code,
        identity_provider="",
        contact_email="",
        contact_phone="",
        own_lists=MappingProxyType(own_lists),
    )


SONORA = facts(
    "26",
    oficinas=(
        CodeOption("HMO", "Oficina Hermosillo", "Hermosillo office"),
        CodeOption("NOG", "Oficina Nogales", ""),
    ),
)
YUCATAN = facts("31")
CDMX = facts("09")


def _field(definition: dict, field_id: str) -> dict:
    return next(f for f in definition["form"]["steps"][0]["fields"] if f["id"] == field_id)


def test_the_definition_with_code_list_fields_is_valid() -> None:
    assert validate_definition(minimal_definition([MUNICIPIO, OFICINA])) == []


def test_each_government_gets_its_own_municipalities() -> None:
    definition = minimal_definition([MUNICIPIO])

    sonora = _field(fill_code_lists(definition, SONORA), "municipio")["options"]
    yucatan = _field(fill_code_lists(definition, YUCATAN), "municipio")["options"]
    cdmx = _field(fill_code_lists(definition, CDMX), "municipio")["options"]

    assert (len(sonora), len(yucatan), len(cdmx)) == (72, 106, 16)
    assert {"value": "26030", "label": t("Hermosillo")} in sonora
    assert {"value": "31050", "label": t("Mérida")} in yucatan
    assert {"value": "09007", "label": t("Iztapalapa")} in cdmx
    assert not {option["value"][:2] for option in sonora} & {"31", "09"}


def test_an_own_list_gives_its_labels_in_both_languages() -> None:
    options = _field(fill_code_lists(minimal_definition([OFICINA]), SONORA), "oficina")["options"]

    assert options == [
        {"value": "HMO", "label": {"es-MX": "Oficina Hermosillo", "en": "Hermosillo office"}},
        # No English name: English reads the Spanish one.
        {"value": "NOG", "label": {"es-MX": "Oficina Nogales", "en": "Oficina Nogales"}},
    ]


def test_filling_never_changes_the_shared_definition() -> None:
    definition = minimal_definition([MUNICIPIO, OFICINA])
    before = copy.deepcopy(definition)

    filled = fill_code_lists(definition, SONORA)

    assert definition == before
    assert filled["form"] is not definition["form"]
    assert filled["metadata"] is definition["metadata"]  # what it does not fill, it shares


def test_a_definition_without_code_lists_comes_back_equal() -> None:
    definition = minimal_definition([{"id": "nombre", "type": "text", "label": t("Nombre")}])

    assert fill_code_lists(definition, SONORA) == definition


def test_a_list_the_government_lacks_offers_nothing_and_is_reported_at_the_field() -> None:
    definition = minimal_definition([MUNICIPIO, OFICINA])

    filled = fill_code_lists(definition, YUCATAN)

    assert _field(filled, "oficina")["options"] == []
    assert missing_code_lists(definition, SONORA) == []
    problems = missing_code_lists(definition, YUCATAN)
    assert [(p.code, p.location) for p in problems] == [
        ("missing_code_list", "/form/steps/0/fields/1")
    ]
    assert "«oficinas»" in problems[0].message_es
    assert "'oficinas'" in problems[0].message_en


def test_a_government_without_an_entity_lacks_municipalities() -> None:
    problems = missing_code_lists(minimal_definition([MUNICIPIO]), facts(""))

    assert problems == [
        ErrorDetail(
            "missing_code_list",
            "No hay municipios para su entidad federativa en el catálogo del INEGI: revise la "
            "clave INEGI de su gobierno antes de poner el trámite en línea.",
            "INEGI's catalogue has no municipalities for your state: check your government's "
            "INEGI code before going live.",
            "/form/steps/0/fields/0",
        )
    ]


def test_an_empty_own_list_counts_as_missing() -> None:
    problems = missing_code_lists(minimal_definition([OFICINA]), facts("26", oficinas=()))

    assert [p.location for p in problems] == ["/form/steps/0/fields/0"]


def test_the_answer_keeps_code_and_label_and_another_states_code_is_refused() -> None:
    sonora = fill_code_lists(minimal_definition([MUNICIPIO]), SONORA)

    assert validate_answers(sonora, {"municipio": "26030"}) == (
        {"municipio": {"code": "26030", "label": "Hermosillo"}},
        [],
    )
    # A stored answer (a correction re-checks them) is checked by its code again.
    assert validate_answers(sonora, {"municipio": {"code": "26033", "label": "x"}}) == (
        {"municipio": {"code": "26033", "label": "Huatabampo"}},
        [],
    )
    cleaned, errors = validate_answers(sonora, {"municipio": "31050"})  # Mérida, Yucatán
    assert cleaned == {}
    assert errors == [
        ErrorDetail(
            "invalid_choice",
            "Elige una de las opciones de la lista.",
            "Choose one of the options in the list.",
            "municipio",
        )
    ]
    assert validate_answers(sonora, {"municipio": {"code": ""}})[1][0].code == "field_required"


def test_nothing_can_be_chosen_where_the_list_is_missing() -> None:
    yucatan = fill_code_lists(minimal_definition([OFICINA]), YUCATAN)

    _, errors = validate_answers(yucatan, {"oficina": "HMO"})

    assert [error.code for error in errors] == ["invalid_choice"]


def test_rules_compare_the_code() -> None:
    colonia = {"id": "colonia", "type": "text", "label": t("Colonia", "Neighbourhood")}
    definition = minimal_definition(
        [MUNICIPIO, colonia],
        rules=[
            {
                "id": "colonia_en_hermosillo",
                "effect": "show",
                "target": "colonia",
                "when": {"==": [{"var": "municipio"}, "26030"]},
            }
        ],
    )
    assert validate_definition(definition) == []
    sonora = fill_code_lists(definition, SONORA)

    assert logic_answers(sonora, {"municipio": "26030"}) == {"municipio": "26030"}
    assert logic_answers(sonora, {"municipio": {"code": "26030", "label": "Hermosillo"}}) == {
        "municipio": "26030"
    }
    assert "colonia" in active_items(sonora, {"municipio": "26030"})[0]
    assert "colonia" not in active_items(sonora, {"municipio": "26033"})[0]


def test_the_list_must_be_a_slug_and_options_are_not_the_publishers() -> None:
    bad = minimal_definition(
        [
            {**MUNICIPIO, "list": "Mis Oficinas"},
            {**OFICINA, "id": "otra", "widget": "checkbox"},
            {**OFICINA, "id": "sin_lista", "list": None},
            {**OFICINA, "id": "con_opciones", "options": [{"value": "a", "label": t("A")}]},
        ]
    )
    no_list = {key: value for key, value in OFICINA.items() if key != "list"}

    errors = validate_definition(bad)
    missing = validate_definition(minimal_definition([{**no_list, "id": "x"}]))

    assert {(error.code, error.location) for error in errors} >= {
        ("schema_pattern", "/form/steps/0/fields/0/list"),
        ("schema_enum", "/form/steps/0/fields/1/widget"),
        ("schema_type", "/form/steps/0/fields/2/list"),
        ("schema_unevaluated_properties", "/form/steps/0/fields/3/options"),
    }
    assert ("schema_required", "/form/steps/0/fields/0/list") in {
        (error.code, error.location) for error in missing
    }


def test_a_stored_answer_is_shown_chosen_when_the_form_is_drawn_again() -> None:
    from catalog.definition.rendering import _field_context

    field = _field(fill_code_lists(minimal_definition([MUNICIPIO]), SONORA), "municipio")

    context = _field_context(
        field,
        answers={"municipio": {"code": "26030", "label": "Hermosillo"}},  # as a case keeps it
        errors=[],
        language="es-MX",
        rules_by_target={},
        visible=None,
        required=None,
    )

    assert [option["value"] for option in context["options"] if option["checked"]] == ["26030"]
    assert context["control"] == "select"
