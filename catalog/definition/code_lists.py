"""`code_list` fields: options that come from the government serving the app (its
municipalities from INEGI's catalogue, or a list it maintains itself).

A publisher writes `{"type": "code_list", "list": "municipios"}` and no options; each
government's effective definition gets them from its facts (`facts.code_list(key)`), so the same
field offers Sonora's 72 municipalities on Sonora's site and Yucatán's 106 on Yucatán's. A list
the government lacks fills no options: `missing_code_lists` reports it, located at the field, so
the app cannot go live there until the list exists.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from catalog.definition.field_types.code_list import CODE_LIST
from core.errors import ErrorDetail

# Stable error code (the go-live check shows it; help texts key on it).
MISSING_CODE_LIST = "missing_code_list"
# The list every government has: its entity's municipalities (alcaldías in Mexico City).
MUNICIPALITIES = "municipios"


class CodeOptionLike(Protocol):
    """One option of a government's list (tenants.jurisdiction.CodeOption)."""

    @property
    def code(self) -> str: ...

    def label(self, language: str) -> str: ...


class ListFacts(Protocol):
    """What filling reads of a government (tenants.jurisdiction.JurisdictionFacts)."""

    def code_list(self, key: str) -> Sequence[CodeOptionLike] | None: ...


def _located_code_list_fields(
    definition: Mapping[str, Any],
) -> Iterator[tuple[int, int, Mapping[str, Any]]]:
    form = definition.get("form")
    steps = form.get("steps") if isinstance(form, Mapping) else None
    for step_index, step in enumerate(steps if isinstance(steps, list) else []):
        fields = step.get("fields") if isinstance(step, Mapping) else None
        for field_index, field in enumerate(fields if isinstance(fields, list) else []):
            if isinstance(field, Mapping) and field.get("type") == CODE_LIST:
                yield step_index, field_index, field


def _options(facts: ListFacts, key: object) -> list[dict[str, Any]]:
    items = facts.code_list(key) if isinstance(key, str) else None
    return [
        {"value": item.code, "label": {"es-MX": item.label("es-MX"), "en": item.label("en")}}
        for item in items or ()
    ]


def fill_code_lists(definition: Mapping[str, Any], facts: ListFacts) -> dict[str, Any]:
    """The definition with each `code_list` field's options filled for the government.

    Never mutates `definition` (effective definitions are shared between requests): only the
    form, the steps and the fields on the way to a code-list field are copied. A list the
    government lacks gets no options, whatever the definition said (see `missing_code_lists`).
    """
    located = list(_located_code_list_fields(definition))
    if not located:
        return dict(definition)
    form = dict(definition["form"])
    steps = list(form["steps"])
    for step_index, field_index, field in located:
        step = steps[step_index]
        if step is definition["form"]["steps"][step_index]:
            step = steps[step_index] = {**step, "fields": list(step["fields"])}
        step["fields"][field_index] = {**field, "options": _options(facts, field.get("list"))}
    form["steps"] = steps
    return {**definition, "form": form}


def missing_code_lists(definition: Mapping[str, Any], facts: ListFacts) -> list[ErrorDetail]:
    """Code-list fields whose list the government lacks (or has empty), located at the field:
    they keep the app from going live, since the citizen would have nothing to choose."""
    problems: list[ErrorDetail] = []
    for step_index, field_index, field in _located_code_list_fields(definition):
        key = field.get("list")
        if _options(facts, key):
            continue
        location = f"/form/steps/{step_index}/fields/{field_index}"
        if key == MUNICIPALITIES:
            message_es = (
                "No hay municipios para su entidad federativa en el catálogo del INEGI: revise "
                "la clave INEGI de su gobierno antes de poner el trámite en línea."
            )
            message_en = (
                "INEGI's catalogue has no municipalities for your state: check your "
                "government's INEGI code before going live."
            )
        else:
            message_es = (
                f"Su gobierno aún no tiene el catálogo «{key}» (o está vacío), del que salen las "
                "opciones de este campo: regístrelo en «Datos del gobierno» antes de poner el "
                "trámite en línea."
            )
            message_en = (
                f"Your government has no list '{key}' yet (or it is empty), which this field "
                "takes its options from: add it under 'Government facts' before going live."
            )
        problems.append(ErrorDetail(MISSING_CODE_LIST, message_es, message_en, location))
    return problems
