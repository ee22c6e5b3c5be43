"""The checks JSON Schema cannot express: ids unique across the definition, rules that name
existing fields with operators both engines know, ranges and patterns that make sense, amounts,
a workflow whose states are reachable and lead to an end, and override points that exist.
Each problem is located by a JSON pointer."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from catalog.definition.errors import DefinitionErrorCode as Code
from catalog.definition.patterns import pattern_problem
from catalog.definition.rules import escape_pointer, inspect_logic
from core.errors import ErrorDetail
from core.links import is_web_url


def pointer(*tokens: object) -> str:
    return "".join(f"/{escape_pointer(token)}" for token in tokens)


def located_error(code: str, location: str, message_es: str, message_en: str) -> ErrorDetail:
    return ErrorDetail(str(code), message_es, message_en, location)


# ---------------------------------------------------------------------------------------------
# Reading a possibly malformed definition safely


def as_mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def located_items(data: Mapping, *path: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    node: object = data
    for key in path:
        node = as_mapping(node).get(key)
    for index, item in enumerate(as_list(node)):
        if isinstance(item, Mapping):
            yield index, item


def _located_fields(data: Mapping) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for step_index, step in located_items(data, "form", "steps"):
        for field_index, field in enumerate(as_list(step.get("fields"))):
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
        for _, document in located_items(definition, "documents")
        if isinstance(document.get("id"), str)
    ]


def state_ids(definition: Mapping) -> list[str]:
    return [
        state["id"]
        for _, state in located_items(definition, "workflow", "states")
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
            yield located_error(
                Code.DUPLICATE_ID,
                location,
                f"{what_es} «{identifier}» repetido; ya se usa en {seen[identifier]}.",
                f"Duplicate {what_en} '{identifier}'; already used at {seen[identifier]}.",
            )
        else:
            seen[identifier] = location


def check_ids(data: Mapping) -> Iterator[ErrorDetail]:
    fields = list(_located_fields(data))
    yield from _duplicates(
        ((f"{loc}/id", field.get("id")) for loc, field in fields), "Id de campo", "field id"
    )
    yield from _duplicates(
        (
            (pointer("form", "steps", i, "id"), step.get("id"))
            for i, step in located_items(data, "form", "steps")
        ),
        "Id de paso",
        "step id",
    )
    yield from _duplicates(
        (
            (pointer("documents", i, "id"), doc.get("id"))
            for i, doc in located_items(data, "documents")
        ),
        "Id de documento",
        "document id",
    )
    yield from _duplicates(
        ((pointer("rules", i, "id"), rule.get("id")) for i, rule in located_items(data, "rules")),
        "Id de regla",
        "rule id",
    )
    yield from _duplicates(
        (
            (pointer("workflow", "states", i, "id"), state.get("id"))
            for i, state in located_items(data, "workflow", "states")
        ),
        "Id de estado",
        "state id",
    )
    yield from _duplicates(
        (
            (pointer("workflow", "transitions", i, "id"), transition.get("id"))
            for i, transition in located_items(data, "workflow", "transitions")
        ),
        "Id de transición",
        "transition id",
    )
    yield from _duplicates(
        (
            (pointer("outputs", i, "id"), output.get("id"))
            for i, output in located_items(data, "outputs")
        ),
        "Id de documento de salida",
        "output id",
    )
    yield from _duplicates(
        (
            (pointer("fees", "concepts", i, "id"), concept.get("id"))
            for i, concept in located_items(data, "fees", "concepts")
        ),
        "Id de concepto de pago",
        "fee concept id",
    )
    yield from _duplicates(
        (
            (pointer("overrides", i, "key"), item.get("key"))
            for i, item in located_items(data, "overrides")
        ),
        "Clave de ajuste local",
        "override key",
    )
    yield from _duplicates(
        (
            (pointer("metadata", "modalities", i, "id"), item.get("id"))
            for i, item in located_items(data, "metadata", "modalities")
        ),
        "Id de modalidad",
        "modality id",
    )
    for location, field in fields:
        yield from _duplicates(
            (
                (f"{location}/options/{i}/value", option.get("value"))
                for i, option in enumerate(as_list(field.get("options")))
                if isinstance(option, Mapping)
            ),
            "Valor de opción",
            "option value",
        )
    # Rules target fields and documents by id alone, so the two must not share one.
    known_fields = set(field_ids(data))
    for index, document in located_items(data, "documents"):
        if document.get("id") in known_fields:
            yield located_error(
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
        yield located_error(
            problem.code, location + problem.pointer, problem.message_es, problem.message_en
        )
    for variable in variables:
        head, _, rest = variable.name.partition(".")
        if head in known and (not rest or head in address_fields):
            continue
        yield located_error(
            Code.UNKNOWN_REFERENCE,
            location + variable.pointer,
            f"La regla usa «{variable.name}», que no es un campo ni un documento de esta definición.",
            f"The rule uses '{variable.name}', which is no field or document of this definition.",
        )


def check_rules(data: Mapping) -> Iterator[ErrorDetail]:
    fields = field_ids(data)
    documents = document_ids(data)
    known = set(fields) | set(documents)
    address_fields = {
        field["id"] for _, field in _located_fields(data) if field.get("type") == "address"
    }
    for index, rule in located_items(data, "rules"):
        target = rule.get("target")
        if isinstance(target, str) and target not in known:
            yield located_error(
                Code.UNKNOWN_RULE_TARGET,
                pointer("rules", index, "target"),
                f"La regla apunta a «{target}», que no es un campo ni un documento.",
                f"The rule targets '{target}', which is neither a field nor a document.",
            )
        if "when" in rule:
            yield from _check_logic(
                rule["when"], pointer("rules", index, "when"), known, address_fields
            )
    for index, document in located_items(data, "documents"):
        if "condition" in document:
            yield from _check_logic(
                document["condition"],
                pointer("documents", index, "condition"),
                known,
                address_fields,
            )
    for index, concept in located_items(data, "fees", "concepts"):
        if "condition" in concept:
            yield from _check_logic(
                concept["condition"],
                pointer("fees", "concepts", index, "condition"),
                known,
                address_fields,
            )


def check_fields(data: Mapping) -> Iterator[ErrorDetail]:
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
                yield located_error(
                    Code.INVALID_RANGE,
                    f"{location}/{low}",
                    f"«{low}» ({minimum}) es mayor que «{high}» ({maximum}).",
                    f"'{low}' ({minimum}) is greater than '{high}' ({maximum}).",
                )
        pattern = field.get("pattern")
        if isinstance(pattern, str) and (problem := pattern_problem(pattern)) is not None:
            yield located_error(
                Code.INVALID_PATTERN,
                f"{location}/pattern",
                f"Expresión regular no válida ({problem}): use una sin búsquedas hacia "
                "adelante o atrás, referencias ni banderas en línea.",
                f"Invalid regular expression ({problem}): use one without lookarounds, "
                "back-references or inline flags.",
            )
        for key in ("min", "max"):
            limit = field.get(key)
            if field.get("type") == "date" and isinstance(limit, str) and limit != "today":
                try:
                    dt.date.fromisoformat(limit)
                except ValueError:
                    yield located_error(
                        Code.INVALID_RANGE,
                        f"{location}/{key}",
                        f"«{limit}» no es una fecha que exista.",
                        f"'{limit}' is not a date that exists.",
                    )
        options = as_list(field.get("options"))
        max_items = field.get("max_items")
        if (
            field.get("type") == "multiple_choice"
            and isinstance(max_items, int)
            and max_items > len(options)
        ):
            yield located_error(
                Code.INVALID_RANGE,
                f"{location}/max_items",
                f"«max_items» ({max_items}) supera el número de opciones ({len(options)}).",
                f"'max_items' ({max_items}) exceeds the number of options ({len(options)}).",
            )


def check_amounts(data: Mapping) -> Iterator[ErrorDetail]:
    for index, concept in located_items(data, "fees", "concepts"):
        amount = concept.get("amount")
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            exponent = Decimal(str(amount)).normalize().as_tuple().exponent
            if isinstance(exponent, int) and exponent < -2:
                yield located_error(
                    Code.INVALID_AMOUNT,
                    pointer("fees", "concepts", index, "amount"),
                    "Los montos en pesos llevan como máximo 2 decimales.",
                    "Peso amounts have at most 2 decimal places.",
                )


def check_workflow(data: Mapping) -> Iterator[ErrorDetail]:
    workflow = as_mapping(data.get("workflow"))
    if not workflow:
        return
    states = state_ids(data)
    known = set(states)
    initial = workflow.get("initial")
    finals = [item for item in as_list(workflow.get("final")) if isinstance(item, str)]

    def unknown(location: str, state: object, role_es: str, role_en: str) -> ErrorDetail:
        return located_error(
            Code.UNKNOWN_STATE,
            location,
            f"{role_es} «{state}» no está entre los estados del flujo.",
            f"{role_en} '{state}' is not one of the workflow's states.",
        )

    if isinstance(initial, str) and initial not in known:
        yield unknown(pointer("workflow", "initial"), initial, "El estado inicial", "Initial state")
    for index, final in enumerate(as_list(workflow.get("final"))):
        if isinstance(final, str) and final not in known:
            yield unknown(
                pointer("workflow", "final", index), final, "El estado final", "Final state"
            )

    outgoing: dict[str, set[str]] = {state: set() for state in states}
    incoming: dict[str, set[str]] = {state: set() for state in states}
    for index, transition in located_items(workflow, "transitions"):
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
                yield located_error(
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
            yield located_error(
                Code.DEAD_END_STATE,
                pointer("workflow", "states", index, "id"),
                f"El estado «{state}» no es final y no tiene transiciones de salida: un expediente quedaría atorado.",
                f"State '{state}' is not final and has no outgoing transition: a case would get stuck.",
            )
        elif state not in can_finish:
            yield located_error(
                Code.NO_PATH_TO_FINAL,
                pointer("workflow", "states", index, "id"),
                f"Desde el estado «{state}» no se puede llegar a ningún estado final.",
                f"No final state can be reached from state '{state}'.",
            )
    for index, output in located_items(data, "outputs"):
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


def check_overrides(data: Mapping) -> Iterator[ErrorDetail]:
    for index, override in located_items(data, "overrides"):
        target = override.get("target")
        if not isinstance(target, str) or not target.startswith("/"):
            continue
        # The value itself may be absent (an optional property the adopter fills in),
        # but the object that holds it must exist.
        parent = target.rsplit("/", 1)[0]
        found, container = resolve_pointer(data, parent) if parent else (True, data)
        if not found or not isinstance(container, Mapping | list):
            yield located_error(
                Code.INVALID_OVERRIDE_TARGET,
                pointer("overrides", index, "target"),
                f"«{target}» no señala ningún valor de esta definición.",
                f"'{target}' points to no value of this definition.",
            )


def check_links(data: Mapping) -> Iterator[ErrorDetail]:
    """Every address a citizen's page links to is a web address (http or https): a definition is
    shown on other governments' sites, where a `javascript:` link would run in their origin."""
    metadata = as_mapping(data.get("metadata"))
    places: list[tuple[tuple[Any, ...], Any]] = [
        (("metadata", "legal_basis", index), item)
        for index, item in enumerate(as_list(metadata.get("legal_basis")))
    ]
    # A fee concept's legal basis too (shown with the concept).
    for c_index, concept in enumerate(as_list(as_mapping(data.get("fees")).get("concepts"))):
        basis = as_mapping(concept).get("legal_basis")
        places += [
            (("fees", "concepts", c_index, "legal_basis", index), item)
            for index, item in enumerate(as_list(basis))
        ]
    for place, item in places:
        if isinstance(item, Mapping) and "url" in item and not is_web_url(item["url"]):
            yield located_error(
                Code.INVALID_URL,
                pointer(*place, "url"),
                "La dirección debe ser una página web completa que empiece con https:// "
                "(o http://), p. ej. https://data.consejeria.cdmx.gob.mx.",
                "The address must be a full web page starting with https:// (or http://), "
                "e.g. https://data.consejeria.cdmx.gob.mx.",
            )
