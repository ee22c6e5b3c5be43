"""Validation of procedure app definitions (format v1).

A definition is one JSON document (see `schema/app-definition.v1.json` and the example in
`examples/licencia-conducir-a.json`) with these top-level keys:

- `schema_version`: always 1.
- `metadata`: the ficha: slug, official and citizen names, description, category slug, kind
  (tramite/servicio), life event, search synonyms, modalities, channels (online/in_person),
  identity level, homoclave, agency, legal basis [{ordenamiento, articulo}], offices.
- `form`: {"steps": [{"id", "title", "fields": [...]}]}; each field has an id, a type from
  `field_types.registry`, a label and help ({"es-MX", "en", ...}), `required` and the limits of
  its type (min/max, min_length/max_length, pattern, options, accept/max_size_mb).
- `rules`: [{"id", "effect": "show"|"require", "target": field or document id, "when": JSON Logic}].
- `documents`: requisitos with accepted MIME types, size limit, alternatives and a condition.
- `fees` (default concepts in MXN with fiscal year and legal basis), `plazo`, `ficta`,
  `prevencion`, `validity`.
- `workflow`: states, `initial`, `final` and transitions {from, to, actor, notify_citizen,
  pauses_clock}.
- `outputs`: acuse and resolution documents, each produced on entering a state.
- `overrides`: what an adopting government may or must set: key, type, required, default and the
  JSON pointer (`target`) of the value it replaces.

The JSON Schema checks shapes; this module adds what a schema cannot say: unique ids, rules and
transitions that name things that exist, JSON Logic limited to json-logic-js operators, every
state reachable and no dead ends, coherent limits, amounts in cents. Every problem is reported at
once, as an ErrorDetail located by JSON pointer, in Spanish and English."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from catalog.definition.consistency import (
    as_list,
    as_mapping,
    check_amounts,
    check_fields,
    check_ids,
    check_links,
    check_overrides,
    check_rules,
    check_workflow,
    document_ids,
    field_ids,
    located_error,
    located_items,
    pointer,
    state_ids,
)
from catalog.definition.errors import DefinitionErrorCode as Code
from catalog.definition.rules import escape_pointer
from catalog.definition.uma import check_fee_concepts
from catalog.definition.variables import check_variables
from core.errors import ErrorDetail

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "app-definition.v1.json"
DEFINITION_SCHEMA_V1: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
SCHEMA_URL_PATH = "/api/schema/app-definition/v1.json"

Draft202012Validator.check_schema(DEFINITION_SCHEMA_V1)
_validator = Draft202012Validator(
    DEFINITION_SCHEMA_V1, format_checker=Draft202012Validator.FORMAT_CHECKER
)

_TYPE_NAMES_ES = {
    "object": "un objeto",
    "array": "una lista",
    "string": "un texto",
    "integer": "un número entero",
    "number": "un número",
    "boolean": "true o false",
    "null": "null",
}


# ---------------------------------------------------------------------------------------------
# Parsing and schema


def parse_definition_text(text: str) -> tuple[dict | None, list[ErrorDetail]]:
    """Parse and validate a definition's JSON text.

    Returns the parsed object (None if the text is not JSON or not an object) and every error:
    invalid JSON gives one error with its line and column; otherwise all of validate_definition's.
    """

    def reject_constant(name: str) -> None:
        raise ValueError(f"{name} is not valid JSON")

    try:
        data = json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as error:
        return None, [
            located_error(
                Code.INVALID_JSON,
                "",
                f"JSON no válido en la línea {error.lineno}, columna {error.colno}: {error.msg}.",
                f"Invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}.",
            )
        ]
    except (ValueError, RecursionError) as error:
        return None, [
            located_error(
                Code.INVALID_JSON, "", f"JSON no válido: {error}.", f"Invalid JSON: {error}."
            )
        ]
    errors = validate_definition(data)
    return (data if isinstance(data, dict) else None), errors


def _quoted_names(message: str) -> list[str]:
    inside = re.search(r"\((.*)\)", message)
    return re.findall(r"'((?:[^'\\]|\\.)*)'", inside.group(1) if inside else "")


def _schema_errors(data: object) -> list[ErrorDetail]:
    unevaluated = f"{Code.SCHEMA_PREFIX}unevaluated_properties"
    errors = [
        detail for error in _validator.iter_errors(data) for detail in translate_schema_error(error)
    ]
    # A property whose value fails a type-specific subschema (if/then) also counts as
    # "unevaluated" for JSON Schema; calling it not allowed would be wrong and noisy.
    flagged = {error.location for error in errors if error.code != unevaluated}
    return [
        error
        for error in errors
        if not (
            error.code == unevaluated
            and any(
                location == error.location or location.startswith(error.location + "/")
                for location in flagged
            )
        )
        # A bad regex gets a clearer message from check_fields.
        and error.code != f"{Code.SCHEMA_PREFIX}format_regex"
    ]


def translate_schema_error(error: ValidationError) -> Iterator[ErrorDetail]:
    where = pointer(*error.absolute_path)
    keyword = str(error.validator)
    code = f"{Code.SCHEMA_PREFIX}{re.sub(r'(?<!^)(?=[A-Z])', '_', keyword).lower()}"
    value = error.validator_value
    english = error.message
    if keyword == "required":
        match = re.match(r"'(.*)' is a required property", english)
        name = match.group(1) if match else ""
        yield located_error(
            code,
            f"{where}/{escape_pointer(name)}" if name else where,
            f"Falta la propiedad obligatoria «{name}».",
            f"Missing required property '{name}'.",
        )
        return
    if keyword in {"additionalProperties", "unevaluatedProperties"}:
        names = _quoted_names(english) or [""]
        for name in names:
            yield located_error(
                code,
                f"{where}/{escape_pointer(name)}" if name else where,
                f"Propiedad no permitida aquí: «{name}».",
                f"Property not allowed here: '{name}'.",
            )
        return
    if keyword == "type":
        types = value if isinstance(value, list) else [value]
        spanish = " o ".join(_TYPE_NAMES_ES.get(str(item), str(item)) for item in types)
        message_es = f"Tipo incorrecto: se esperaba {spanish}."
    elif keyword == "enum":
        options = ", ".join(json.dumps(item, ensure_ascii=False) for item in value)
        message_es = f"Valor no permitido; se admite uno de: {options}."
    elif keyword == "const":
        message_es = f"El valor debe ser {json.dumps(value, ensure_ascii=False)}."
    elif keyword == "minLength":
        message_es = f"Debe tener al menos {value} caracteres."
    elif keyword == "maxLength":
        message_es = f"Debe tener como máximo {value} caracteres."
    elif keyword == "pattern":
        message_es = f"No tiene el formato esperado ({value})."
    elif keyword == "minimum":
        message_es = f"Debe ser mayor o igual que {value}."
    elif keyword == "maximum":
        message_es = f"Debe ser menor o igual que {value}."
    elif keyword == "exclusiveMinimum":
        message_es = f"Debe ser mayor que {value}."
    elif keyword == "exclusiveMaximum":
        message_es = f"Debe ser menor que {value}."
    elif keyword == "minItems":
        message_es = f"Debe tener al menos {value} elementos."
    elif keyword == "maxItems":
        message_es = f"Debe tener como máximo {value} elementos."
    elif keyword == "uniqueItems":
        message_es = "Hay elementos repetidos."
    elif keyword == "format":
        code = f"{code}_{value}" if value == "regex" else code
        message_es = f"No es un valor válido con formato «{value}»."
    elif keyword == "propertyNames":
        message_es = "Clave no válida (los idiomas se escriben como es-MX, en, nah…)."
    else:
        message_es = "El valor no cumple el esquema."
    yield located_error(code, where, message_es, english[:1].upper() + english[1:])


def validate_definition(data: object) -> list[ErrorDetail]:
    """Every problem of a definition, sorted by location; an empty list means it is valid."""
    errors = list(_schema_errors(data))
    if isinstance(data, Mapping):
        for check in (
            check_ids,
            check_rules,
            check_fields,
            check_amounts,
            check_fee_concepts,
            check_workflow,
            check_overrides,
            check_links,
            check_variables,
        ):
            errors.extend(check(data))
    unique = list(dict.fromkeys(errors))
    return sorted(unique, key=lambda error: (error.location, error.code))


def definition_summary(definition: Mapping) -> dict[str, Any]:
    """What a catalogue card shows: names, category and how big the procedure is."""
    metadata = as_mapping(definition.get("metadata"))
    return {
        "slug": metadata.get("slug"),
        "name": as_mapping(metadata.get("name")).get("es-MX"),
        "citizen_name": as_mapping(metadata.get("citizen_name")).get("es-MX"),
        "category": metadata.get("category"),
        "kind": metadata.get("kind"),
        "channels": list(as_list(metadata.get("channels"))),
        "steps": len(as_list(as_mapping(definition.get("form")).get("steps"))),
        "fields": len(field_ids(definition)),
        "documents": len(document_ids(definition)),
        "rules": len(as_list(definition.get("rules"))),
        "states": len(state_ids(definition)),
        "transitions": len(as_list(as_mapping(definition.get("workflow")).get("transitions"))),
        "fees": len(as_list(as_mapping(definition.get("fees")).get("concepts"))),
        "overrides": len(as_list(definition.get("overrides"))),
        "required_overrides": sum(
            1 for _, item in located_items(definition, "overrides") if item.get("required") is True
        ),
    }
