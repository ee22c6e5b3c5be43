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
once, as an ErrorDetail located by JSON pointer, in Spanish and English.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from catalog.definition.errors import DefinitionErrorCode as Code
from catalog.definition.rules import escape_pointer, inspect_logic
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


def pointer(*tokens: object) -> str:
    return "".join(f"/{escape_pointer(token)}" for token in tokens)


def _error(code: str, location: str, message_es: str, message_en: str) -> ErrorDetail:
    return ErrorDetail(str(code), message_es, message_en, location)


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
            _error(
                Code.INVALID_JSON,
                "",
                f"JSON no válido en la línea {error.lineno}, columna {error.colno}: {error.msg}.",
                f"Invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}.",
            )
        ]
    except (ValueError, RecursionError) as error:
        return None, [
            _error(Code.INVALID_JSON, "", f"JSON no válido: {error}.", f"Invalid JSON: {error}.")
        ]
    errors = validate_definition(data)
    return (data if isinstance(data, dict) else None), errors


def _quoted_names(message: str) -> list[str]:
    inside = re.search(r"\((.*)\)", message)
    return re.findall(r"'((?:[^'\\]|\\.)*)'", inside.group(1) if inside else "")


def _schema_errors(data: object) -> list[ErrorDetail]:
    unevaluated = f"{Code.SCHEMA_PREFIX}unevaluated_properties"
    errors = [detail for error in _validator.iter_errors(data) for detail in _translate(error)]
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
        # A bad regex gets a clearer message from _check_fields.
        and error.code != f"{Code.SCHEMA_PREFIX}format_regex"
    ]


def _translate(error: ValidationError) -> Iterator[ErrorDetail]:
    where = pointer(*error.absolute_path)
    keyword = str(error.validator)
    code = f"{Code.SCHEMA_PREFIX}{re.sub(r'(?<!^)(?=[A-Z])', '_', keyword).lower()}"
    value = error.validator_value
    english = error.message
    if keyword == "required":
        match = re.match(r"'(.*)' is a required property", english)
        name = match.group(1) if match else ""
        yield _error(
            code,
            f"{where}/{escape_pointer(name)}" if name else where,
            f"Falta la propiedad obligatoria «{name}».",
            f"Missing required property '{name}'.",
        )
        return
    if keyword in {"additionalProperties", "unevaluatedProperties"}:
        names = _quoted_names(english) or [""]
        for name in names:
            yield _error(
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
    yield _error(code, where, message_es, english[:1].upper() + english[1:])


# ---------------------------------------------------------------------------------------------
# Reading a possibly malformed definition safely


def _dict(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _items(data: Mapping, *path: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    node: object = data
    for key in path:
        node = _dict(node).get(key)
    for index, item in enumerate(_list(node)):
        if isinstance(item, Mapping):
            yield index, item


def _located_fields(data: Mapping) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for step_index, step in _items(data, "form", "steps"):
        for field_index, field in enumerate(_list(step.get("fields"))):
            if isinstance(field, Mapping):
                yield pointer("form", "steps", step_index, "fields", field_index), field


def field_ids(definition: Mapping) -> list[str]:
    """Ids of the form's fields, in form order."""
    return [
        field["id"] for _, field in _located_fields(definition) if isinstance(field.get("id"), str)
    ]


def document_ids(definition: Mapping) -> list[str]:
    return [
        document["id"]
        for _, document in _items(definition, "documents")
        if isinstance(document.get("id"), str)
    ]


def state_ids(definition: Mapping) -> list[str]:
    return [
        state["id"]
        for _, state in _items(definition, "workflow", "states")
        if isinstance(state.get("id"), str)
    ]


# ---------------------------------------------------------------------------------------------
# Semantic checks


def _duplicates(
    located_ids: Iterable[tuple[str, object]], what_es: str, what_en: str
) -> Iterator[ErrorDetail]:
    seen: dict[object, str] = {}
    for location, identifier in located_ids:
        if not isinstance(identifier, str):
            continue
        if identifier in seen:
            yield _error(
                Code.DUPLICATE_ID,
                location,
                f"{what_es} «{identifier}» repetido; ya se usa en {seen[identifier]}.",
                f"Duplicate {what_en} '{identifier}'; already used at {seen[identifier]}.",
            )
        else:
            seen[identifier] = location


def _check_ids(data: Mapping) -> Iterator[ErrorDetail]:
    fields = list(_located_fields(data))
    yield from _duplicates(
        ((f"{loc}/id", field.get("id")) for loc, field in fields), "Id de campo", "field id"
    )
    yield from _duplicates(
        (
            (pointer("form", "steps", i, "id"), step.get("id"))
            for i, step in _items(data, "form", "steps")
        ),
        "Id de paso",
        "step id",
    )
    yield from _duplicates(
        ((pointer("documents", i, "id"), doc.get("id")) for i, doc in _items(data, "documents")),
        "Id de documento",
        "document id",
    )
    yield from _duplicates(
        ((pointer("rules", i, "id"), rule.get("id")) for i, rule in _items(data, "rules")),
        "Id de regla",
        "rule id",
    )
    yield from _duplicates(
        (
            (pointer("workflow", "states", i, "id"), state.get("id"))
            for i, state in _items(data, "workflow", "states")
        ),
        "Id de estado",
        "state id",
    )
    yield from _duplicates(
        (
            (pointer("workflow", "transitions", i, "id"), transition.get("id"))
            for i, transition in _items(data, "workflow", "transitions")
        ),
        "Id de transición",
        "transition id",
    )
    yield from _duplicates(
        ((pointer("outputs", i, "id"), output.get("id")) for i, output in _items(data, "outputs")),
        "Id de documento de salida",
        "output id",
    )
    yield from _duplicates(
        (
            (pointer("fees", "concepts", i, "id"), concept.get("id"))
            for i, concept in _items(data, "fees", "concepts")
        ),
        "Id de concepto de pago",
        "fee concept id",
    )
    yield from _duplicates(
        (
            (pointer("overrides", i, "key"), item.get("key"))
            for i, item in _items(data, "overrides")
        ),
        "Clave de ajuste local",
        "override key",
    )
    yield from _duplicates(
        (
            (pointer("metadata", "modalities", i, "id"), item.get("id"))
            for i, item in _items(data, "metadata", "modalities")
        ),
        "Id de modalidad",
        "modality id",
    )
    for location, field in fields:
        yield from _duplicates(
            (
                (f"{location}/options/{i}/value", option.get("value"))
                for i, option in enumerate(_list(field.get("options")))
                if isinstance(option, Mapping)
            ),
            "Valor de opción",
            "option value",
        )
    # Rules target fields and documents by id alone, so the two must not share one.
    known_fields = set(field_ids(data))
    for index, document in _items(data, "documents"):
        if document.get("id") in known_fields:
            yield _error(
                Code.ID_COLLISION,
                pointer("documents", index, "id"),
                f"El id «{document['id']}» ya es de un campo; campos y documentos necesitan ids distintos.",
                f"Id '{document['id']}' is already a field's; fields and documents need distinct ids.",
            )


def _check_logic(
    logic: object, location: str, known: set[str], address_fields: set[str]
) -> Iterator[ErrorDetail]:
    variables, problems = inspect_logic(logic)
    for problem in problems:
        yield _error(
            problem.code, location + problem.pointer, problem.message_es, problem.message_en
        )
    for variable in variables:
        head, _, rest = variable.name.partition(".")
        if head in known and (not rest or head in address_fields):
            continue
        yield _error(
            Code.UNKNOWN_REFERENCE,
            location + variable.pointer,
            f"La regla usa «{variable.name}», que no es un campo ni un documento de esta definición.",
            f"The rule uses '{variable.name}', which is no field or document of this definition.",
        )


def _check_rules(data: Mapping) -> Iterator[ErrorDetail]:
    fields = field_ids(data)
    documents = document_ids(data)
    known = set(fields) | set(documents)
    address_fields = {
        field["id"] for _, field in _located_fields(data) if field.get("type") == "address"
    }
    for index, rule in _items(data, "rules"):
        target = rule.get("target")
        if isinstance(target, str) and target not in known:
            yield _error(
                Code.UNKNOWN_RULE_TARGET,
                pointer("rules", index, "target"),
                f"La regla apunta a «{target}», que no es un campo ni un documento.",
                f"The rule targets '{target}', which is neither a field nor a document.",
            )
        if "when" in rule:
            yield from _check_logic(
                rule["when"], pointer("rules", index, "when"), known, address_fields
            )
    for index, document in _items(data, "documents"):
        if "condition" in document:
            yield from _check_logic(
                document["condition"],
                pointer("documents", index, "condition"),
                known,
                address_fields,
            )
    for index, concept in _items(data, "fees", "concepts"):
        if "condition" in concept:
            yield from _check_logic(
                concept["condition"],
                pointer("fees", "concepts", index, "condition"),
                known,
                address_fields,
            )


def _check_fields(data: Mapping) -> Iterator[ErrorDetail]:
    for location, field in _located_fields(data):
        for low, high in (("min", "max"), ("min_length", "max_length"), ("min_items", "max_items")):
            minimum, maximum = field.get(low), field.get(high)
            numbers = all(
                isinstance(item, int | float) and not isinstance(item, bool)
                for item in (minimum, maximum)
            )
            # ISO dates compare correctly as text; "today" moves, so it is not compared.
            dates = all(isinstance(item, str) and item != "today" for item in (minimum, maximum))
            if (numbers or dates) and minimum > maximum:  # type: ignore[operator]
                yield _error(
                    Code.INVALID_RANGE,
                    f"{location}/{low}",
                    f"«{low}» ({minimum}) es mayor que «{high}» ({maximum}).",
                    f"'{low}' ({minimum}) is greater than '{high}' ({maximum}).",
                )
        pattern = field.get("pattern")
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
            except re.error as error:
                yield _error(
                    Code.INVALID_PATTERN,
                    f"{location}/pattern",
                    f"Expresión regular no válida: {error}.",
                    f"Invalid regular expression: {error}.",
                )
        for key in ("min", "max"):
            limit = field.get(key)
            if field.get("type") == "date" and isinstance(limit, str) and limit != "today":
                try:
                    dt.date.fromisoformat(limit)
                except ValueError:
                    yield _error(
                        Code.INVALID_RANGE,
                        f"{location}/{key}",
                        f"«{limit}» no es una fecha que exista.",
                        f"'{limit}' is not a date that exists.",
                    )
        options = _list(field.get("options"))
        max_items = field.get("max_items")
        if (
            field.get("type") == "multiple_choice"
            and isinstance(max_items, int)
            and max_items > len(options)
        ):
            yield _error(
                Code.INVALID_RANGE,
                f"{location}/max_items",
                f"«max_items» ({max_items}) supera el número de opciones ({len(options)}).",
                f"'max_items' ({max_items}) exceeds the number of options ({len(options)}).",
            )


def _check_amounts(data: Mapping) -> Iterator[ErrorDetail]:
    for index, concept in _items(data, "fees", "concepts"):
        amount = concept.get("amount")
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            exponent = Decimal(str(amount)).normalize().as_tuple().exponent
            if isinstance(exponent, int) and exponent < -2:
                yield _error(
                    Code.INVALID_AMOUNT,
                    pointer("fees", "concepts", index, "amount"),
                    "Los montos en pesos llevan como máximo 2 decimales.",
                    "Peso amounts have at most 2 decimal places.",
                )


def _check_workflow(data: Mapping) -> Iterator[ErrorDetail]:
    workflow = _dict(data.get("workflow"))
    if not workflow:
        return
    states = state_ids(data)
    known = set(states)
    initial = workflow.get("initial")
    finals = [item for item in _list(workflow.get("final")) if isinstance(item, str)]

    def unknown(location: str, state: object, role_es: str, role_en: str) -> ErrorDetail:
        return _error(
            Code.UNKNOWN_STATE,
            location,
            f"{role_es} «{state}» no está entre los estados del flujo.",
            f"{role_en} '{state}' is not one of the workflow's states.",
        )

    if isinstance(initial, str) and initial not in known:
        yield unknown(pointer("workflow", "initial"), initial, "El estado inicial", "Initial state")
    for index, final in enumerate(_list(workflow.get("final"))):
        if isinstance(final, str) and final not in known:
            yield unknown(
                pointer("workflow", "final", index), final, "El estado final", "Final state"
            )

    outgoing: dict[str, set[str]] = {state: set() for state in states}
    incoming: dict[str, set[str]] = {state: set() for state in states}
    for index, transition in _items(workflow, "transitions"):
        source, target = transition.get("from"), transition.get("to")
        for key, state in (("from", source), ("to", target)):
            if isinstance(state, str) and state not in known:
                role_es = "El origen" if key == "from" else "El destino"
                role_en = "Source" if key == "from" else "Target"
                yield unknown(
                    pointer("workflow", "transitions", index, key), state, role_es, role_en
                )
        if source in known and target in known:
            outgoing[source].add(target)
            incoming[target].add(source)

    # Only meaningful once the start is known: otherwise every state would be "unreachable".
    if isinstance(initial, str) and initial in known:
        reachable = {initial}
        queue = deque([initial])
        while queue:
            for following in outgoing[queue.popleft()] - reachable:
                reachable.add(following)
                queue.append(following)
        for index, state in enumerate(states):
            if state not in reachable:
                yield _error(
                    Code.UNREACHABLE_STATE,
                    pointer("workflow", "states", index, "id"),
                    f"Ningún camino lleva del estado inicial «{initial}» al estado «{state}».",
                    f"No path leads from the initial state '{initial}' to state '{state}'.",
                )
    final_set = set(finals) & known
    can_finish = set(final_set)
    queue = deque(final_set)
    while queue:
        for previous in incoming[queue.popleft()] - can_finish:
            can_finish.add(previous)
            queue.append(previous)
    # Without a known final state every end would look like a dead end: the missing "final"
    # is already reported, so say nothing more.
    for index, state in enumerate(states if final_set else []):
        if state in final_set:
            continue
        if not outgoing[state]:
            yield _error(
                Code.DEAD_END_STATE,
                pointer("workflow", "states", index, "id"),
                f"El estado «{state}» no es final y no tiene transiciones de salida: un expediente quedaría atorado.",
                f"State '{state}' is not final and has no outgoing transition: a case would get stuck.",
            )
        elif state not in can_finish:
            yield _error(
                Code.NO_PATH_TO_FINAL,
                pointer("workflow", "states", index, "id"),
                f"Desde el estado «{state}» no se puede llegar a ningún estado final.",
                f"No final state can be reached from state '{state}'.",
            )
    for index, output in _items(data, "outputs"):
        state = output.get("on_state")
        if isinstance(state, str) and state not in known:
            yield unknown(pointer("outputs", index, "on_state"), state, "El estado", "State")


def resolve_pointer(document: object, json_pointer: str) -> tuple[bool, object]:
    """(found, value) of an RFC 6901 pointer in a document."""
    node = document
    for raw in json_pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return True, node


def _check_overrides(data: Mapping) -> Iterator[ErrorDetail]:
    for index, override in _items(data, "overrides"):
        target = override.get("target")
        if not isinstance(target, str) or not target.startswith("/"):
            continue
        # The value itself may be absent (an optional property the adopter fills in),
        # but the object that holds it must exist.
        parent = target.rsplit("/", 1)[0]
        found, container = resolve_pointer(data, parent) if parent else (True, data)
        if not found or not isinstance(container, Mapping | list):
            yield _error(
                Code.INVALID_OVERRIDE_TARGET,
                pointer("overrides", index, "target"),
                f"«{target}» no señala ningún valor de esta definición.",
                f"'{target}' points to no value of this definition.",
            )


def validate_definition(data: object) -> list[ErrorDetail]:
    """Every problem of a definition, sorted by location; an empty list means it is valid."""
    errors = list(_schema_errors(data))
    if isinstance(data, Mapping):
        for check in (
            _check_ids,
            _check_rules,
            _check_fields,
            _check_amounts,
            _check_workflow,
            _check_overrides,
        ):
            errors.extend(check(data))
    unique = list(dict.fromkeys(errors))
    return sorted(unique, key=lambda error: (error.location, error.code))


def definition_summary(definition: Mapping) -> dict[str, Any]:
    """What a catalogue card shows: names, category and how big the procedure is."""
    metadata = _dict(definition.get("metadata"))
    return {
        "slug": metadata.get("slug"),
        "name": _dict(metadata.get("name")).get("es-MX"),
        "citizen_name": _dict(metadata.get("citizen_name")).get("es-MX"),
        "category": metadata.get("category"),
        "kind": metadata.get("kind"),
        "channels": list(_list(metadata.get("channels"))),
        "steps": len(_list(_dict(definition.get("form")).get("steps"))),
        "fields": len(field_ids(definition)),
        "documents": len(document_ids(definition)),
        "rules": len(_list(definition.get("rules"))),
        "states": len(state_ids(definition)),
        "transitions": len(_list(_dict(definition.get("workflow")).get("transitions"))),
        "fees": len(_list(_dict(definition.get("fees")).get("concepts"))),
        "overrides": len(_list(definition.get("overrides"))),
        "required_overrides": sum(
            1 for _, item in _items(definition, "overrides") if item.get("required") is True
        ),
    }
