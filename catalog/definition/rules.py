"""Conditional logic of app definitions: JSON Logic rules evaluated on the server.

The browser evaluates the very same rules with json-logic-js for progressive enhancement, so a
definition may only use the operators json-logic-js has (`JS_OPERATORS`); the server engine
(datalogic-py) knows more, and letting those through would make the two sides disagree.

Why datalogic-py: maykin-json-logic-py (the open-forms fork) needs Python 3.12 syntax;
python-jsonlogic deliberately departs from json-logic-js semantics (strict typing);
panzi-json-logic and json-logic-qubit have had no release since 2021 and 2018. datalogic-py is
released monthly (5.9, 2026), ships abi3 wheels for every CPython from 3.10, and passes the
JSONLogic conformance battery that json-logic-js follows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import datalogic_py

from catalog.definition.field_types import registry

# json-logic-js 2.x operators (jsonlogic.com/operations.html). Nothing else is portable.
JS_OPERATORS = frozenset(
    {
        "var", "missing", "missing_some",
        "if", "?:", "==", "===", "!=", "!==", "!", "!!", "or", "and",
        ">", ">=", "<", "<=", "max", "min",
        "+", "-", "*", "/", "%",
        "map", "reduce", "filter", "all", "none", "some", "merge", "in",
        "cat", "substr", "log",
    }
)  # fmt: skip
# Inside these the second argument runs once per element, with {"var": ""} being the element,
# so its variables are not answers.
SCOPED_OPERATORS = frozenset({"map", "reduce", "filter", "all", "none", "some"})


@dataclass(frozen=True)
class LogicProblem:
    pointer: str  # relative to the rule's root, "" for the root itself
    code: str
    message_es: str
    message_en: str


@dataclass(frozen=True)
class VariableReference:
    pointer: str
    name: str


def escape_pointer(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def inspect_logic(logic: object) -> tuple[list[VariableReference], list[LogicProblem]]:
    """Every answer the rule reads and every problem in its shape, each with its JSON pointer."""
    variables: list[VariableReference] = []
    problems: list[LogicProblem] = []
    _walk(logic, "", False, variables, problems)
    return variables, problems


def _walk(
    node: object,
    pointer: str,
    scoped: bool,
    variables: list[VariableReference],
    problems: list[LogicProblem],
) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _walk(item, f"{pointer}/{index}", scoped, variables, problems)
        return
    if not isinstance(node, dict):
        return
    if len(node) != 1:
        problems.append(
            LogicProblem(
                pointer,
                "invalid_logic",
                "Una operación JSON Logic es un objeto con una sola clave (el operador).",
                "A JSON Logic operation is an object with exactly one key (the operator).",
            )
        )
        return
    operator, arguments = next(iter(node.items()))
    here = f"{pointer}/{escape_pointer(operator)}"
    if operator not in JS_OPERATORS:
        problems.append(
            LogicProblem(
                here,
                "unknown_operator",
                f"Operador JSON Logic desconocido «{operator}» (solo los de json-logic-js).",
                f"Unknown JSON Logic operator '{operator}' (only json-logic-js operators).",
            )
        )
        return
    args = arguments if isinstance(arguments, list) else [arguments]
    args_pointer = here if not isinstance(arguments, list) else None

    def child(index: int) -> str:
        return args_pointer if args_pointer is not None else f"{here}/{index}"

    if operator == "var":
        name = args[0] if args else ""
        if isinstance(name, dict | list):
            _walk(name, child(0), scoped, variables, problems)
        elif not scoped:
            if isinstance(name, str) and name:
                variables.append(VariableReference(child(0), name))
            else:
                problems.append(
                    LogicProblem(
                        child(0),
                        "invalid_logic",
                        "«var» debe nombrar un campo por su id.",
                        "'var' must name a field by its id.",
                    )
                )
        for index, default in enumerate(args[1:], start=1):
            _walk(default, child(index), scoped, variables, problems)
    elif operator == "missing":
        for index, name in enumerate(args):
            if isinstance(name, str):
                if not scoped:
                    variables.append(VariableReference(child(index), name))
            else:
                _walk(name, child(index), scoped, variables, problems)
    elif operator == "missing_some":
        if len(args) >= 2 and isinstance(args[1], list):
            for index, name in enumerate(args[1]):
                if isinstance(name, str) and not scoped:
                    variables.append(VariableReference(f"{here}/1/{index}", name))
        else:
            problems.append(
                LogicProblem(
                    here,
                    "invalid_logic",
                    "«missing_some» lleva [mínimo, [ids de campo]].",
                    "'missing_some' takes [minimum, [field ids]].",
                )
            )
    elif operator in SCOPED_OPERATORS:
        for index, argument in enumerate(args):
            _walk(argument, child(index), scoped or index > 0, variables, problems)
    else:
        if operator in ("==", "!=") and any(_loosely_ambiguous(argument) for argument in args):
            # Loose equality with false, 0 or "" answers differently for an unanswered question
            # on the server (None == false is true) and in the browser (undefined == false is
            # false): the field would show on one side and not on the other.
            strict = "===" if operator == "==" else "!=="
            problems.append(
                LogicProblem(
                    here,
                    "ambiguous_comparison",
                    f'Compare con «{strict}» en lugar de «{operator}» contra false, 0 o "": con '
                    f"«{operator}» una pregunta sin contestar se evalúa distinto en el navegador y "
                    "en el servidor.",
                    f"Compare with '{strict}' instead of '{operator}' against false, 0 or \"\": with "
                    f"'{operator}' an unanswered question evaluates differently in the browser and "
                    "on the server.",
                )
            )
        for index, argument in enumerate(args):
            _walk(argument, child(index), scoped, variables, problems)


def _loosely_ambiguous(value: object) -> bool:
    return value is False or value == "" or (type(value) in (int, float) and value == 0)


def to_logic_data(value: Any) -> Any:
    """Answers as JSON values, which is what json-logic-js sees in the browser."""
    if isinstance(value, bool) or value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): to_logic_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_logic_data(item) for item in value]
    return str(value)


@lru_cache(maxsize=2048)
def _compiled(rule_json: str) -> datalogic_py.Rule:
    return datalogic_py.Engine().compile(json.loads(rule_json))


def _truthy(value: object) -> bool:
    # JSON Logic truthiness: like JavaScript, except that an empty array is false.
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, float) and value != value:  # NaN
        return False
    return bool(value)


def evaluate_rule(rule_logic: object, answers: dict) -> bool:
    """True when the JSON Logic rule holds for these answers. A rule that fails to run is false:
    a broken condition must not reveal or demand anything."""
    if isinstance(rule_logic, bool):
        return rule_logic
    try:
        rule = _compiled(json.dumps(rule_logic, sort_keys=True))
        result = rule.evaluate(to_logic_data(answers))
    except (datalogic_py.DataLogicError, TypeError, ValueError):
        return False
    return _truthy(result)


def iter_fields(definition: Mapping) -> Iterator[dict]:
    form = definition.get("form") if isinstance(definition, Mapping) else None
    steps = form.get("steps") if isinstance(form, Mapping) else None
    for step in steps if isinstance(steps, list) else []:
        fields = step.get("fields") if isinstance(step, Mapping) else None
        for field in fields if isinstance(fields, list) else []:
            if isinstance(field, Mapping) and isinstance(field.get("id"), str):
                yield dict(field)


def iter_documents(definition: Mapping) -> Iterator[dict]:
    documents = definition.get("documents") if isinstance(definition, Mapping) else None
    for document in documents if isinstance(documents, list) else []:
        if isinstance(document, Mapping) and isinstance(document.get("id"), str):
            yield dict(document)


def _rules(definition: Mapping) -> list[dict]:
    rules = definition.get("rules") if isinstance(definition, Mapping) else None
    return [
        dict(rule)
        for rule in (rules if isinstance(rules, list) else [])
        if isinstance(rule, Mapping) and isinstance(rule.get("target"), str)
    ]


def logic_answers(definition: Mapping, answers: Mapping) -> dict[str, Any]:
    """Submitted answers as the rules see them: normalised by their field type when valid
    (so "sí" is true and "1,099.50" is 1099.5), raw otherwise, empty ones left out."""
    values: dict[str, Any] = {}
    for field in iter_fields(definition):
        raw = answers.get(field["id"])
        field_type = registry.get(str(field.get("type")))
        if field_type is None:
            continue
        if not field_type.is_empty(raw):
            values[field["id"]] = to_logic_data(field_type.logic_value(field, raw))
    return values


def active_items(definition: Mapping, answers: Mapping) -> tuple[set[str], set[str]]:
    """Ids of the fields and documents that are visible, and of those that are required.

    A target of `show` rules is hidden unless one of them holds; `require` rules make their
    target required while they hold; a document's own `condition` works as a show-and-require.
    Hidden fields do not count as answered, so rules are re-run until nothing changes: hiding a
    field may hide what depended on it.
    """
    fields = list(iter_fields(definition))
    documents = list(iter_documents(definition))
    rules = _rules(definition)
    show_rules: dict[str, list[object]] = {}
    require_rules: dict[str, list[object]] = {}
    for rule in rules:
        bucket = show_rules if rule.get("effect") == "show" else require_rules
        bucket.setdefault(rule["target"], []).append(rule.get("when"))

    all_values = logic_answers(definition, answers)
    visible_fields = {field["id"] for field in fields}
    # Each round can only hide more fields, so it ends after at most len(fields) + 1 rounds.
    for _ in range(len(fields) + 1):
        data = {key: value for key, value in all_values.items() if key in visible_fields}
        now_visible = {
            field["id"]
            for field in fields
            if field["id"] not in show_rules
            or any(evaluate_rule(when, data) for when in show_rules[field["id"]])
        }
        if now_visible == visible_fields:
            break
        visible_fields = now_visible & visible_fields

    data = {key: value for key, value in all_values.items() if key in visible_fields}
    visible = set(visible_fields)
    required = {
        field["id"]
        for field in fields
        if field["id"] in visible
        and (
            field.get("required") is True
            or any(evaluate_rule(when, data) for when in require_rules.get(field["id"], []))
        )
    }
    for document in documents:
        document_id = document["id"]
        shown = ("condition" not in document or evaluate_rule(document["condition"], data)) and (
            document_id not in show_rules
            or any(evaluate_rule(when, data) for when in show_rules[document_id])
        )
        if not shown:
            continue
        visible.add(document_id)
        if document.get("required") is True or any(
            evaluate_rule(when, data) for when in require_rules.get(document_id, [])
        ):
            required.add(document_id)
    return visible, required
