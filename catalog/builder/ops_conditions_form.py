"""The condition editor as a form (rules and documents share it): an all/any choice and rows of
"[pregunta] [operador] [valor]". Works without JavaScript: the value of a question with options
is a set of checkboxes of those options, drawn for the question chosen when the page was
rendered; "Actualizar" (a submit that does not save) redraws them after choosing another
question, and a typed value is accepted too (matched against option values and labels).

Form names, with `prefix` p: `p-match`, `p-count`, `p-<i>-question`, `p-<i>-operator`,
`p-<i>-value` (typed) or `p-<i>-choices` (checkboxes). A row without a question is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from catalog.builder.controls import I18n
from catalog.builder.operations import clean_text, get_at, id_from_label, remove_at, set_value
from catalog.builder.ops_conditions import (
    MANY_VALUES,
    NO_VALUE,
    OPERATORS,
    Condition,
    Logic,
    Question,
    condition_pointer,
    editable,
    encode_logic,
    operators_for,
    questions,
    typed_value,
    value_text,
)
from catalog.builder.pages import Control
from core.errors import ApplicationError, ErrorDetail

INPUT_INVALID = "catalog.builder_input_invalid"
MAX_ROWS = 20
UNMATCHED = "#"  # a control pointer no problem pointer falls under


def _posted(data: Any, name: str) -> str:
    return str(data.get(name, "")) if data is not None else ""


def _posted_list(data: Any, name: str) -> list[str]:
    if data is None or not hasattr(data, "getlist"):
        return []
    return [str(v) for v in data.getlist(name)]


@dataclass
class Row:
    number: int
    question: Control
    operator: Control
    value: Control


@dataclass
class Editor:
    prefix: str
    match: Control
    rows: list[Row]
    count: int

    @property
    def controls(self) -> list[Control]:
        return [self.match] + [c for r in self.rows for c in (r.question, r.operator, r.value)]


def row_count(data: Any, prefix: str, stored: int) -> int:
    posted = _posted(data, f"{prefix}-count")
    count = int(posted) if posted.isdigit() else stored + 1
    if _posted(data, "accion") == "otra_condicion":
        count += 1
    return max(1, min(count, MAX_ROWS))


def _value_control(
    name: str,
    question: Question | None,
    values: list[str],
    text: str,
    pointer: str,
    typed: bool = False,
) -> Control:
    if question is not None and question.options and not typed:
        choices = [(value_text(v), label) for v, label in question.options]
        return Control(f"{name}-choices", _("Valor"), pointer, "checkboxes", values, choices)
    return Control(
        f"{name}-value",
        _("Valor"),
        pointer,
        value=text,
        help=_("Varios valores (para «es una de»): sepárelos con comas."),
    )


def editor(
    definition: Mapping[str, Any],
    base: str,
    data: Any = None,
    prefix: str = "cond",
) -> Editor:
    """The editor's controls for the condition at `base` (a pointer), from the definition or,
    with `data`, from what was posted (so nothing typed is lost)."""
    known = questions(definition)
    stored_logic = get_at(definition, base)
    parsed = editable(stored_logic, definition) if stored_logic is not None else None
    conditions = list(parsed.conditions) if parsed else []
    count = row_count(data, prefix, len(conditions)) if data is not None else len(conditions) + 1
    question_choices = [("", _("(elija una pregunta)"))] + [(q.id, q.label) for q in known.values()]
    rows = []
    for index in range(count):
        name = f"{prefix}-{index}"
        pointer = (
            condition_pointer(base, stored_logic, index) if index < len(conditions) else UNMATCHED
        )
        if data is not None:
            question_id = _posted(data, f"{name}-question")
            operator = _posted(data, f"{name}-operator")
            values = _posted_list(data, f"{name}-choices")
            text = _posted(data, f"{name}-value")
            question = known.get(question_id)
            typed = False
            if question is not None and question.options and not values and text:
                matched, unknown = _match_options(question, text)
                values = [value_text(v) for v in matched]
                typed = bool(unknown)  # kept as typed, beside its error
            elif not text and values:
                text = ", ".join(values)
        elif index < len(conditions):
            condition = conditions[index]
            question_id, operator = condition.question, condition.operator
            values = [value_text(v) for v in condition.values]
            text = ", ".join(values)
            question = known.get(question_id)
            # A value its question no longer offers stays visible, typed, to be corrected.
            offered = {value_text(v) for v, _label in question.options} if question else set()
            typed = bool(offered) and any(v not in offered for v in values)
        else:
            question_id, operator, values, text, question = "", "es", [], "", None
            typed = False
        rows.append(
            Row(
                index + 1,
                Control(
                    f"{name}-question",
                    _("Pregunta"),
                    pointer,
                    "select",
                    question_id,
                    question_choices,
                ),
                Control(
                    f"{name}-operator", _("Operador"), UNMATCHED, "select", operator, OPERATORS
                ),
                _value_control(name, question, values, text, UNMATCHED, typed),
            )
        )
    stored_match = parsed.match if parsed else "all"
    match = Control(
        f"{prefix}-match",
        _("Se cumple cuando se cumplen"),
        UNMATCHED,
        "select",
        _posted(data, f"{prefix}-match") if data is not None else stored_match,
        (("all", _("todas las condiciones")), ("any", _("alguna de las condiciones"))),
    )
    return Editor(prefix, match, rows, count)


def _match_options(question: Question, text: str) -> tuple[list[Any], list[str]]:
    """Typed values matched to options by value or label: (matched values, unknown texts)."""
    matched: list[Any] = []
    unknown: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        found = [
            stored
            for stored, label in question.options
            if value_text(stored).lower() == part.lower() or label.lower() == part.lower()
        ]
        if found:
            matched.append(found[0])
        else:
            unknown.append(part)
    return matched, unknown


def _error(location: str, message_es: str, message_en: str) -> ErrorDetail:
    return ErrorDetail(INPUT_INVALID, message_es, message_en, location)


def read(
    definition: Mapping[str, Any], data: Any, prefix: str = "cond"
) -> tuple[Logic | None, list[ErrorDetail]]:
    """The condition the form says, or None when no row names a question; with every problem
    located at its control's name."""
    known = questions(definition)
    count = row_count(data, prefix, 0)
    conditions: list[Condition] = []
    problems: list[ErrorDetail] = []
    for index in range(count):
        name = f"{prefix}-{index}"
        question_id = clean_text(_posted(data, f"{name}-question"))
        if not question_id:
            continue
        question = known.get(question_id)
        if question is None:
            problems.append(
                _error(
                    f"{name}-question",
                    f"La pregunta «{question_id}» ya no existe en el formulario: elija otra.",
                    f"Question '{question_id}' no longer exists in the form: choose another.",
                )
            )
            continue
        operator = _posted(data, f"{name}-operator")
        if operator not in operators_for(question.type):
            problems.append(
                _error(
                    f"{name}-operator",
                    f"Ese operador no se usa con la pregunta «{question.label}»; elija otro.",
                    f"That operator is not used with question '{question.label}'; choose another.",
                )
            )
            continue
        values, value_problems = _values(question, operator, data, name)
        problems += value_problems
        if not value_problems:
            conditions.append(Condition(question.id, operator, tuple(values)))
    if problems or not conditions:
        return None, problems
    match = _posted(data, f"{prefix}-match")
    return Logic(match if match in ("all", "any") else "all", tuple(conditions)).normal(), []


def _values(question: Question, operator: str, data: Any, name: str) -> tuple[list[Any], list]:
    if operator in NO_VALUE:
        return [], []
    values: list[Any] = []
    if question.options:
        location = f"{name}-choices"
        chosen = _posted_list(data, location)
        by_text = {value_text(stored): stored for stored, _label in question.options}
        unknown = [c for c in chosen if c not in by_text]
        values = [by_text[c] for c in chosen if c in by_text]
        text = _posted(data, f"{name}-value")
        if not chosen and text:
            values, unknown = _match_options(question, text)
            location = f"{name}-value"
        if unknown:
            return [], [
                _error(
                    location,
                    f"La pregunta «{question.label}» no tiene la opción «{unknown[0]}».",
                    f"Question '{question.label}' has no option '{unknown[0]}'.",
                )
            ]
    else:
        location = f"{name}-value"
        text = clean_text(_posted(data, location))
        parts = [p.strip() for p in text.split(",")] if operator in MANY_VALUES else [text]
        try:
            values = [typed_value(question, part) for part in parts if part]
        except ValueError:
            return [], [
                _error(
                    location,
                    f"Escriba un número para comparar con «{question.label}».",
                    f"Enter a number to compare with '{question.label}'.",
                )
            ]
    if not values:
        return [], [
            _error(
                location,
                f"Elija o escriba el valor con que se compara «{question.label}».",
                f"Choose or enter the value '{question.label}' is compared with.",
            )
        ]
    if operator not in MANY_VALUES and len(values) > 1:
        return [], [
            _error(
                location,
                "Elija un solo valor, o use «es una de».",
                "Choose a single value, or use 'is one of'.",
            )
        ]
    return values, []


def apply(
    definition: dict[str, Any],
    base: str,
    data: Any,
    prefix: str = "cond",
    required: bool = False,
    location: str = "",
) -> dict[str, Any]:
    """Write the posted condition at `base`. Unchanged words keep the stored JSON (so a page
    saved unchanged gives an equal definition); no condition removes it, or is refused when
    `required` (located at `location`)."""
    stored = get_at(definition, base)
    if stored is not None and editable(stored, definition) is None:
        return definition  # read-only here: only the JSON page changes it
    logic, problems = read(definition, data, prefix)
    if problems:
        raise ApplicationError(problems)
    if logic is None:
        if required:
            raise ApplicationError(
                [
                    _error(
                        location or f"{prefix}-0-question",
                        "Añada al menos una condición: elija una pregunta.",
                        "Add at least one condition: choose a question.",
                    )
                ]
            )
        return remove_at(definition, base)
    if stored is not None and editable(stored, definition) == logic:
        return definition
    return set_value(definition, base, encode_logic(logic))


# --- rules ----------------------------------------------------------------------------------

EFFECTS = (("show", _("Mostrar")), ("require", _("Exigir (hacer obligatorio)")))


def rule_index(definition: Mapping[str, Any], rule_id: str) -> int | None:
    rules = definition.get("rules")
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        if isinstance(rule, Mapping) and rule.get("id") == rule_id:
            return index
    return None


def _taken_ids(definition: Mapping[str, Any]) -> set[str]:
    rules = definition.get("rules")
    return {
        rule["id"]
        for rule in (rules if isinstance(rules, list) else [])
        if isinstance(rule, Mapping) and isinstance(rule.get("id"), str)
    }


def rule_apply(definition: dict[str, Any], index: int | None, data: Any) -> dict[str, Any]:
    """Add (index None) or change a rule from the posted page: effect, target, description and
    its condition. A new rule's id comes from its effect and target and never changes."""
    effect = clean_text(_posted(data, "effect"))
    target = clean_text(_posted(data, "target"))
    if index is None:
        word = {"show": "mostrar", "require": "exigir"}.get(effect, "regla")
        rule_id = id_from_label(f"{word}_{target}", _taken_ids(definition))
        rules = definition.get("rules")
        index = len(rules) if isinstance(rules, list) else 0
        definition = set_value(definition, "/rules/-", {"id": rule_id})
    base = f"/rules/{index}"
    definition = set_value(definition, f"{base}/effect", effect)
    definition = set_value(definition, f"{base}/target", target)
    definition = I18n("description", "/description", "").apply(definition, data, base)
    return apply(definition, f"{base}/when", data, required=True)


def remove_rule(definition: dict[str, Any], rule_id: str) -> dict[str, Any]:
    index = rule_index(definition, rule_id)
    if index is None:
        raise ApplicationError(
            [
                _error(
                    "regla",
                    "Esa regla ya no existe: recargue la página.",
                    "That rule no longer exists: reload the page.",
                )
            ]
        )
    return remove_at(definition, f"/rules/{index}")
