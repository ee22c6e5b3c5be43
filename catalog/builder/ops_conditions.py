"""Conditions in words ⇄ JSON Logic, for rules (`rules[].when`) and documents (`condition`).

The editor writes only shapes that the server (datalogic-py, catalog/definition/rules.py) and
the browser (json-logic-js, cases/static/cases/filing.js) evaluate identically. Checked against
both engines (tests/catalog/builder/test_conditions_logic.py):
- `==` / `!=` agree only when the value is not false, 0 or "": with no answer the server's
  `null == false` is true and the browser's `undefined == false` is false. So those values are
  written with `===` / `!==`, which agree always;
- `in` (one of a list, or a value in a multiple choice), `>`, `<`, `>=`, `<=` against numbers
  and ISO dates, `!`, `missing`, `and`, `or` agree.
`{"!!": {"var": q}}` (has a truthy value) is read as "está contestada" when q's answers are never
false or 0 (not a yes/no nor a number); kept as stored until its words change, then written in
the usual form (`!missing`).
A condition the editor cannot express exactly (nested groups, other operators, a document as
question) is shown read-only in words and never rewritten.

Editing keeps the stored JSON when the words did not change, so saving a page unchanged gives an
equal definition even for shapes the editor reads but would write differently (`{"and": [c]}`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalog.builder.operations import ES
from catalog.definition.rules import iter_fields
from core.errors import ErrorDetail

INPUT_INVALID = "catalog.builder_input_invalid"

# Operator keys of the editor, in the order the select shows them.
OPERATORS: tuple[tuple[str, str | Promise], ...] = (
    ("es", _("es")),
    ("no_es", _("no es")),
    ("una_de", _("es una de")),
    ("ninguna_de", _("no es ninguna de")),
    ("incluye", _("incluye")),
    ("no_incluye", _("no incluye")),
    ("mayor", _("es mayor que")),
    ("menor", _("es menor que")),
    ("mayor_igual", _("es mayor o igual que")),
    ("menor_igual", _("es menor o igual que")),
    ("contestada", _("está contestada")),
    ("no_contestada", _("no está contestada")),
)
OPERATOR_WORDS = dict(OPERATORS)
NO_VALUE = frozenset({"contestada", "no_contestada"})
MANY_VALUES = frozenset({"una_de", "ninguna_de"})
ORDERING = {"mayor": ">", "menor": "<", "mayor_igual": ">=", "menor_igual": "<="}
_ORDERING_BACK = {symbol: key for key, symbol in ORDERING.items()}

NUMERIC_TYPES = frozenset({"integer", "decimal", "money"})
ORDERED_TYPES = NUMERIC_TYPES | {"date"}
OPTION_TYPES = frozenset({"choice", "multiple_choice", "boolean"})
ANSWERED_ONLY_TYPES = frozenset({"file", "address"})


def operators_for(field_type: str) -> tuple[str, ...]:
    """Which operators make sense (and evaluate alike on both engines) for a field type."""
    if field_type == "multiple_choice":
        return ("incluye", "no_incluye", "contestada", "no_contestada")
    if field_type == "boolean":
        return ("es", "no_es", "contestada", "no_contestada")
    if field_type in ANSWERED_ONLY_TYPES:
        return ("contestada", "no_contestada")
    base: tuple[str, ...] = ("es", "no_es", "una_de", "ninguna_de")
    if field_type in ORDERED_TYPES:
        base += ("mayor", "menor", "mayor_igual", "menor_igual")
    return (*base, "contestada", "no_contestada")


# --- the questions a condition can ask about ------------------------------------------------


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    type: str
    options: tuple[tuple[Any, str], ...] = ()  # (stored value, label) for choices and yes/no


def _label(text: object, fallback: str) -> str:
    if isinstance(text, Mapping) and isinstance(text.get(ES), str) and text[ES]:
        return str(text[ES])
    return fallback


def questions(definition: Mapping[str, Any]) -> dict[str, Question]:
    """The form's fields by id, in form order, with their options."""
    result: dict[str, Question] = {}
    for field in iter_fields(definition):
        field_type = str(field.get("type", ""))
        options: tuple[tuple[Any, str], ...] = ()
        if field_type == "boolean":
            options = ((True, str(_("Sí"))), (False, str(_("No"))))
        elif field_type in ("choice", "multiple_choice"):
            raw = field.get("options")
            options = tuple(
                (option["value"], _label(option.get("label"), str(option["value"])))
                for option in (raw if isinstance(raw, list) else [])
                if isinstance(option, Mapping) and isinstance(option.get("value"), str)
            )
        result[field["id"]] = Question(
            field["id"], _label(field.get("label"), field["id"]), field_type, options
        )
    return result


def targets(definition: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What a rule can show or require: every field and document, (id, label in words)."""
    choices = [(q.id, str(_("Pregunta «%s»") % q.label)) for q in questions(definition).values()]
    documents = definition.get("documents")
    for document in documents if isinstance(documents, list) else []:
        if isinstance(document, Mapping) and isinstance(document.get("id"), str):
            name = _label(document.get("name"), document["id"])
            choices.append((document["id"], str(_("Documento «%s»") % name)))
    return choices


# --- the model of a condition in words ------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    question: str
    operator: str
    values: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Logic:
    match: str  # "all" or "any"
    conditions: tuple[Condition, ...]

    def normal(self) -> Logic:
        """One condition is the same whatever the match."""
        return Logic("all", self.conditions) if len(self.conditions) == 1 else self


def _var(node: object) -> str | None:
    if isinstance(node, dict) and len(node) == 1 and "var" in node:
        name = node["var"]
        if isinstance(name, list) and len(name) == 1:
            name = name[0]
        if isinstance(name, str) and name:
            return name
    return None


def _scalar(value: object) -> bool:
    return isinstance(value, str | bool | int | float)


def _unary(node: dict[str, Any], operator: str) -> object:
    argument = node[operator]
    if isinstance(argument, list):
        return argument[0] if len(argument) == 1 else None
    return argument


def parse_condition(node: object) -> Condition | None:
    """The editor's reading of one comparison, or None when it is not one it can edit."""
    if not isinstance(node, dict) or len(node) != 1:
        return None
    operator, arguments = next(iter(node.items()))
    if operator == "!":
        inner = parse_condition(_unary(node, "!"))
        negated = {"una_de": "ninguna_de", "incluye": "no_incluye", "no_contestada": "contestada"}
        if inner is None or inner.operator not in negated:
            return None
        return Condition(inner.question, negated[inner.operator], inner.values)
    if operator == "!!":
        # "Has a truthy value": for a question whose answers are never false, 0 or "" it reads
        # as "está contestada" (`editable` keeps it read-only for the others).
        name = _var(_unary(node, "!!"))
        return Condition(name, "contestada") if name is not None else None
    if operator == "missing":
        names = arguments if isinstance(arguments, list) else [arguments]
        if len(names) == 1 and isinstance(names[0], str) and names[0]:
            return Condition(names[0], "no_contestada")
        return None
    if not isinstance(arguments, list) or len(arguments) != 2:
        return None
    left, right = arguments
    if operator in ("==", "===", "!=", "!==", *_ORDERING_BACK):
        name = _var(left)
        if name is None or not _scalar(right):
            return None
        if operator in _ORDERING_BACK:
            if isinstance(right, bool) or not isinstance(right, int | float | str):
                return None
            return Condition(name, _ORDERING_BACK[operator], (right,))
        return Condition(name, "es" if operator in ("==", "===") else "no_es", (right,))
    if operator == "in":
        name = _var(left)
        if name is not None and isinstance(right, list) and right and all(map(_scalar, right)):
            return Condition(name, "una_de", tuple(right))
        name = _var(right)
        if name is not None and _scalar(left):
            return Condition(name, "incluye", (left,))
    return None


def parse_logic(logic: object) -> Logic | None:
    """One condition, or an all/any group of them; None for anything else."""
    if isinstance(logic, dict) and len(logic) == 1:
        operator, arguments = next(iter(logic.items()))
        if operator in ("and", "or") and isinstance(arguments, list) and arguments:
            parsed = [parse_condition(item) for item in arguments]
            if all(c is not None for c in parsed):
                match = "all" if operator == "and" else "any"
                return Logic(match, tuple(c for c in parsed if c is not None)).normal()
            return None
    single = parse_condition(logic)
    return Logic("all", (single,)) if single is not None else None


def editable(logic: object, definition: Mapping[str, Any]) -> Logic | None:
    """The words of a condition the editor can change: it parses and asks only about fields."""
    parsed = parse_logic(logic)
    if parsed is None:
        return None
    known = questions(definition)
    if any(c.question not in known for c in parsed.conditions):
        return None
    if any(known[name].type in FALSY_ANSWER_TYPES for name in _truthy_tests(logic)):
        return None  # `!!` of a yes/no or a number is not "answered": "No" and 0 are answers
    return parsed


# Types with answers JSON Logic takes as false (`!!` is then not "está contestada").
FALSY_ANSWER_TYPES = NUMERIC_TYPES | {"boolean"}


def _truthy_tests(logic: object) -> list[str]:
    """The questions a condition tests with `!!` (at its top or in its all/any group)."""
    items = [logic]
    if isinstance(logic, dict) and len(logic) == 1:
        operator, arguments = next(iter(logic.items()))
        if operator in ("and", "or") and isinstance(arguments, list):
            items = list(arguments)
    names = []
    for item in items:
        if isinstance(item, dict) and len(item) == 1 and "!!" in item:
            name = _var(_unary(item, "!!"))
            if name is not None:
                names.append(name)
    return names


def _falsy(value: Any) -> bool:
    return value is False or value == "" or (not isinstance(value, bool) and value == 0)


def encode_condition(condition: Condition) -> dict[str, Any]:
    var = {"var": condition.question}
    operator, values = condition.operator, list(condition.values)
    if operator in ("es", "no_es"):
        value = values[0]
        # Loose == / != disagree between the engines for false, 0 and "" when unanswered.
        symbol = {"es": "==", "no_es": "!="}[operator]
        return {(symbol[0] + "==") if _falsy(value) else symbol: [var, value]}
    if operator in ORDERING:
        return {ORDERING[operator]: [var, values[0]]}
    if operator == "una_de":
        return {"in": [var, values]}
    if operator == "ninguna_de":
        return {"!": {"in": [var, values]}}
    if operator == "incluye":
        return {"in": [values[0], var]}
    if operator == "no_incluye":
        return {"!": {"in": [values[0], var]}}
    if operator == "no_contestada":
        return {"missing": [condition.question]}
    if operator == "contestada":
        return {"!": {"missing": [condition.question]}}
    raise ValueError(f"unknown operator {operator!r}")


def encode_logic(logic: Logic) -> dict[str, Any]:
    if len(logic.conditions) == 1:
        return encode_condition(logic.conditions[0])
    group = "and" if logic.match == "all" else "or"
    return {group: [encode_condition(c) for c in logic.conditions]}


def condition_pointer(base: str, logic: object, index: int) -> str:
    """Where condition `index` of a stored condition lives (for placing problems)."""
    if isinstance(logic, dict) and len(logic) == 1:
        operator = next(iter(logic))
        if operator in ("and", "or"):
            return f"{base}/{operator}/{index}"
    return base


# --- words ----------------------------------------------------------------------------------


def value_words(question: Question | None, value: Any) -> str:
    if question is not None:
        for stored, label in question.options:
            if stored == value and type(stored) is type(value):
                return f"«{label}»"
    if isinstance(value, bool):
        return f"«{_('Sí') if value else _('No')}»"
    return f"«{value}»"


def condition_words(condition: Condition, known: Mapping[str, Question]) -> str:
    question = known.get(condition.question)
    name = f"«{question.label}»" if question else f"«{condition.question}»"
    words = f"{name} {OPERATOR_WORDS.get(condition.operator, condition.operator)}"
    if condition.values:
        words += " " + ", ".join(value_words(question, v) for v in condition.values)
    return words


def logic_words(logic: object, definition: Mapping[str, Any]) -> str | None:
    """A condition in words, also the ones the editor cannot edit; None when it cannot say."""
    known = questions(definition)
    parsed = parse_logic(logic)
    if any(n in known and known[n].type in FALSY_ANSWER_TYPES for n in _truthy_tests(logic)):
        parsed = None  # said as "tiene un valor que no es «No», cero ni vacío"
    if parsed is not None:
        parts = [condition_words(c, known) for c in parsed.conditions]
        if len(parts) == 1:
            return parts[0]
        joiner = str(_(" y ")) if parsed.match == "all" else str(_(" o "))
        return joiner.join(parts)
    return _loose_words(logic, known)


def _loose_words(logic: object, known: Mapping[str, Question]) -> str | None:
    if logic is True:
        return str(_("siempre"))
    if logic is False:
        return str(_("nunca"))
    if not isinstance(logic, dict) or len(logic) != 1:
        return None
    operator, arguments = next(iter(logic.items()))
    single = parse_condition(logic) if operator != "!!" else None
    if single is not None:
        return condition_words(single, known)
    if operator in ("and", "or") and isinstance(arguments, list) and arguments:
        parts = [_loose_words(item, known) for item in arguments]
        if any(p is None for p in parts):
            return None
        joiner = str(_(" y ")) if operator == "and" else str(_(" o "))
        return "(" + joiner.join(str(p) for p in parts) + ")"
    if operator == "!!":
        name = _var(_unary(logic, "!!"))
        if name is not None:
            question = known.get(name)
            label = question.label if question else name
            return str(_("«%s» tiene un valor que no es «No», cero ni vacío") % label)
    if operator == "!":
        inner = _loose_words(_unary(logic, "!"), known)
        return None if inner is None else str(_("no se cumple que %s") % inner)
    return None


# --- checks ---------------------------------------------------------------------------------


def _problem(location: str, message_es: str, message_en: str) -> ErrorDetail:
    return ErrorDetail(INPUT_INVALID, message_es, message_en, location)


def _stale_options(logic: object, base: str, known: Mapping[str, Question]) -> list[ErrorDetail]:
    """Comparisons with an option a choice question no longer has."""
    problems: list[ErrorDetail] = []

    def walk(node: object, here: str) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{here}/{index}")
            return
        if not isinstance(node, dict) or len(node) != 1:
            return
        single = parse_condition(node)
        if single is not None and single.operator not in NO_VALUE:
            question = known.get(single.question)
            if question is not None and question.type in ("choice", "multiple_choice"):
                values = {stored for stored, _label in question.options}
                for value in single.values:
                    if isinstance(value, str) and value not in values:
                        problems.append(
                            _problem(
                                f"/definition{here}",
                                f"La condición usa la opción «{value}», que la pregunta "
                                f"«{question.label}» ya no tiene.",
                                f"The condition uses option '{value}', which question "
                                f"'{question.label}' no longer has.",
                            )
                        )
            return
        operator, arguments = next(iter(node.items()))
        walk(arguments, f"{here}/{operator.replace('~', '~0').replace('/', '~1')}")

    walk(logic, base)
    return problems


def stale_option_problems(definition: Mapping[str, Any]) -> list[ErrorDetail]:
    """Every rule, document or fee condition on an option that no longer exists, located."""
    known = questions(definition)
    problems: list[ErrorDetail] = []
    rules = definition.get("rules")
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        if isinstance(rule, Mapping) and "when" in rule:
            problems += _stale_options(rule["when"], f"/rules/{index}/when", known)
    documents = definition.get("documents")
    for index, document in enumerate(documents if isinstance(documents, list) else []):
        if isinstance(document, Mapping) and "condition" in document:
            problems += _stale_options(
                document["condition"], f"/documents/{index}/condition", known
            )
    concepts = (
        definition.get("fees", {}).get("concepts")
        if isinstance(definition.get("fees"), Mapping)
        else None
    )
    for index, concept in enumerate(concepts if isinstance(concepts, list) else []):
        if isinstance(concept, Mapping) and "condition" in concept:
            problems += _stale_options(
                concept["condition"], f"/fees/concepts/{index}/condition", known
            )
    return problems


def typed_value(question: Question, text: str) -> Any:
    """A typed value as stored: numbers for numeric questions, true/false for yes/no."""
    if question.type == "boolean":
        lowered = text.strip().lower()
        if lowered in ("true", "sí", "si", "yes"):
            return True
        if lowered in ("false", "no"):
            return False
        raise ValueError(text)
    if question.type in NUMERIC_TYPES:
        cleaned = text.replace(",", "").replace("$", "").strip()
        number = float(cleaned)
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(text)
        if question.type == "integer" or (number.is_integer() and "." not in cleaned):
            if not number.is_integer():
                raise ValueError(text)
            return int(number)
        return number
    return text.strip()


def value_text(value: Any) -> str:
    """A stored value as the text input shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
