"""Pure edits of the form's steps and questions ("Pasos y preguntas"): add, reorder, move and
remove steps and fields, and find what refers to a field before it goes.

Every function takes a definition and returns a new one (see operations.py). Ids are generated
from labels when an item is created and never change afterwards. Removing something that a
rule, a document or fee condition, an output template ("{{id}}") or an override point refers to
is refused with the list of those references, each located; removing a field whose only
references are rules may take those rules with it (`remove_field(..., with_rules=True)`).

Override points name their value by JSON pointer, and pointers under /form/steps carry indexes:
reordering or moving re-points them (by step and field id) so an override keeps its value.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from catalog import errors
from catalog.builder.operations import (
    ES,
    clean_text,
    get_at,
    id_from_label,
    pointer_join,
    set_text,
)
from catalog.definition import DEFINITION_SCHEMA_V1, document_ids, field_ids, registry
from catalog.definition.rules import inspect_logic
from core.errors import ApplicationError, ErrorDetail

D = "/definition"
_FIELD_SCHEMA: Mapping[str, Any] = DEFINITION_SCHEMA_V1["$defs"]["field"]
# An output template names an answer by the field's id, without dots ("{{placa}}").
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def _error(message_es: str, message_en: str, location: str) -> ApplicationError:
    return ApplicationError.single(errors.BUILDER_INPUT_INVALID, message_es, message_en, location)


# --- field types: the registry, as far as the format allows them ---------------------------------


def field_type_names() -> list[str]:
    """The registered field types the definition format accepts, in the format's order."""
    return [name for name in _FIELD_SCHEMA["properties"]["type"]["enum"] if name in registry]


def type_clauses(type_name: str) -> list[Mapping[str, Any]]:
    """The schema's `then` parts that apply to fields of `type_name`."""
    clauses = []
    for clause in _FIELD_SCHEMA.get("allOf", []):
        condition = clause.get("if", {}).get("properties", {}).get("type", {})
        names = [condition["const"]] if "const" in condition else condition.get("enum", [])
        if type_name in names:
            clauses.append(clause.get("then", {}))
    return clauses


def type_settings(type_name: str) -> dict[str, Mapping[str, Any]]:
    """The settings a field of this type has beyond the common ones, by key, in schema order."""
    settings: dict[str, Mapping[str, Any]] = {}
    for clause in type_clauses(type_name):
        settings.update(clause.get("properties", {}))
    return settings


def _placeholder_options() -> list[dict[str, Any]]:
    return [
        {"value": "opcion_1", "label": {"es-MX": "Opción 1", "en": "Option 1"}},
        {"value": "opcion_2", "label": {"es-MX": "Opción 2", "en": "Option 2"}},
    ]


# What a new field starts with for each setting its type requires (the person edits it next).
REQUIRED_DEFAULTS: Mapping[str, Any] = {
    "options": _placeholder_options,
    "list": lambda: "municipios",
    "accept": lambda: ["application/pdf"],
    "max_size_mb": lambda: 5,
}


def new_field(*, field_id: str, type_name: str, label: Mapping[str, str]) -> dict[str, Any]:
    field: dict[str, Any] = {"id": field_id, "type": type_name}
    field = set_text(field, "/label", label)
    field["required"] = True
    for clause in type_clauses(type_name):
        for key in clause.get("required", []):
            if key in REQUIRED_DEFAULTS and key not in field:
                field[key] = REQUIRED_DEFAULTS[key]()
    return field


# --- locating steps and fields ------------------------------------------------------------------


def steps_of(definition: Mapping[str, Any]) -> list[dict[str, Any]]:
    steps = get_at(definition, "/form/steps")
    return [s for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []


def step_index(definition: Mapping[str, Any], step_id: str) -> int | None:
    return next((i for i, s in enumerate(steps_of(definition)) if s.get("id") == step_id), None)


def field_location(definition: Mapping[str, Any], field_id: str) -> tuple[int, int] | None:
    """(step index, field index) of a field, or None."""
    for s, step in enumerate(steps_of(definition)):
        for f, field in enumerate(step.get("fields") or []):
            if isinstance(field, Mapping) and field.get("id") == field_id:
                return s, f
    return None


def step_pointer(index: int) -> str:
    return pointer_join("form", "steps", index)


def field_pointer(step: int, field: int) -> str:
    return pointer_join("form", "steps", step, "fields", field)


def _require_step(definition: Mapping[str, Any], step_id: str) -> int:
    index = step_index(definition, step_id)
    if index is None:
        raise _error(
            f"No existe el paso «{step_id}».", f"There is no step '{step_id}'.", f"{D}/form/steps"
        )
    return index


def _require_field(definition: Mapping[str, Any], field_id: str) -> tuple[int, int]:
    location = field_location(definition, field_id)
    if location is None:
        raise _error(
            f"No existe la pregunta «{field_id}».",
            f"There is no question '{field_id}'.",
            f"{D}/form/steps",
        )
    return location


def taken_ids(definition: Mapping[str, Any]) -> set[str]:
    """Ids a new field may not take: fields and documents share one space (rules name both)."""
    return set(field_ids(definition)) | set(document_ids(definition))


# --- keeping override targets under /form on their step and field --------------------------------


_FORM_TARGET = re.compile(r"^/form/steps/(\d+)(?:/fields/(\d+))?(/.*)?$")


def _form_targets(definition: Mapping[str, Any]) -> dict[int, tuple[str, str | None, str]]:
    """Override index → (step id, field id or None, rest of the pointer) for pointers into the
    form, so they can be rebuilt after the form's order changed."""
    found: dict[int, tuple[str, str | None, str]] = {}
    steps = steps_of(definition)
    for index, override in enumerate(definition.get("overrides") or []):
        target = override.get("target") if isinstance(override, Mapping) else None
        match = _FORM_TARGET.match(target) if isinstance(target, str) else None
        if match is None or int(match[1]) >= len(steps):
            continue
        step = steps[int(match[1])]
        field_id = None
        if match[2] is not None:
            fields = step.get("fields") or []
            if int(match[2]) >= len(fields) or not isinstance(fields[int(match[2])], Mapping):
                continue
            field_id = fields[int(match[2])].get("id")
        found[index] = (str(step.get("id")), field_id, match[3] or "")
    return found


def _retarget(
    definition: dict[str, Any], recorded: Mapping[int, tuple[str, str | None, str]]
) -> dict[str, Any]:
    for index, (step_id, field_id, rest) in recorded.items():
        if field_id is not None:
            location = field_location(definition, field_id)
            if location is None:
                continue
            base = field_pointer(*location)
        else:
            found = step_index(definition, step_id)
            if found is None:
                continue
            base = step_pointer(found)
        definition["overrides"][index]["target"] = base + rest
    return definition


def _reordering(definition: Mapping[str, Any], change: Any) -> dict[str, Any]:
    """Apply `change` (mutating a copy) and keep override targets on their items."""
    recorded = _form_targets(definition)
    result = copy.deepcopy(dict(definition))
    change(result)
    return _retarget(result, recorded)


# --- steps ----------------------------------------------------------------------------------------


def add_step(
    definition: Mapping[str, Any],
    *,
    title: Mapping[str, str],
    first_label: Mapping[str, str],
    first_type: str,
) -> tuple[dict[str, Any], str, str]:
    """A new last step with its first question (a step has at least one). Returns the new
    definition, the step's id and the field's id."""
    title_es = clean_text(title.get(ES, ""))
    label_es = clean_text(first_label.get(ES, ""))
    problems = []
    if not title_es:
        problems.append(
            ErrorDetail(
                errors.BUILDER_INPUT_INVALID,
                "Escriba el título del paso en español.",
                "Enter the step's title in Spanish.",
                "nuevo_paso_title_es",
            )
        )
    problems.extend(_new_field_problems(label_es, first_type, "nuevo_paso"))
    if problems:
        raise ApplicationError(problems)
    step_id = id_from_label(title_es, {str(s.get("id")) for s in steps_of(definition)})
    field_id = id_from_label(label_es, taken_ids(definition))
    step: dict[str, Any] = {"id": step_id}
    step = set_text(step, "/title", title)
    step["fields"] = [new_field(field_id=field_id, type_name=first_type, label=first_label)]
    result = copy.deepcopy(dict(definition))
    result.setdefault("form", {}).setdefault("steps", []).append(step)
    return result, step_id, field_id


def move_step(definition: Mapping[str, Any], step_id: str, offset: int) -> dict[str, Any]:
    index = _require_step(definition, step_id)
    target = index + offset
    if not 0 <= target < len(steps_of(definition)):
        return copy.deepcopy(dict(definition))

    def change(result: dict[str, Any]) -> None:
        steps = result["form"]["steps"]
        steps.insert(target, steps.pop(index))

    return _reordering(definition, change)


def remove_step(definition: Mapping[str, Any], step_id: str) -> dict[str, Any]:
    index = _require_step(definition, step_id)
    step = steps_of(definition)[index]
    ids = {str(f.get("id")) for f in step.get("fields") or [] if isinstance(f, Mapping)}
    references = references_to(definition, ids, extra_pointers=[step_pointer(index)])
    if references:
        raise referenced_error(references, f"{D}{step_pointer(index)}", _step_name(step))

    def change(result: dict[str, Any]) -> None:
        del result["form"]["steps"][index]

    return _reordering(definition, change)


def _step_name(step: Mapping[str, Any]) -> str:
    title = step.get("title")
    return str(title.get(ES, step.get("id"))) if isinstance(title, Mapping) else str(step["id"])


# --- fields ---------------------------------------------------------------------------------------


def _new_field_problems(label_es: str, type_name: str, prefix: str) -> list[ErrorDetail]:
    problems = []
    if not label_es:
        problems.append(
            ErrorDetail(
                errors.BUILDER_INPUT_INVALID,
                "Escriba la pregunta en español.",
                "Enter the question in Spanish.",
                f"{prefix}_label_es",
            )
        )
    if type_name not in field_type_names():
        problems.append(
            ErrorDetail(
                errors.BUILDER_INPUT_INVALID,
                "Elija qué tipo de respuesta pide la pregunta.",
                "Choose what kind of answer the question asks for.",
                f"{prefix}_type",
            )
        )
    return problems


def add_field(
    definition: Mapping[str, Any],
    *,
    step_id: str,
    label: Mapping[str, str],
    type_name: str,
    prefix: str = "",
) -> tuple[dict[str, Any], str]:
    """A new last question of a step; its id comes from the Spanish label. Problems are located
    at the add form's inputs (`<prefix>_label_es`, `<prefix>_type`)."""
    index = _require_step(definition, step_id)
    label_es = clean_text(label.get(ES, ""))
    problems = _new_field_problems(label_es, type_name, prefix or f"nueva-{step_id}")
    if problems:
        raise ApplicationError(problems)
    field_id = id_from_label(label_es, taken_ids(definition))
    result = copy.deepcopy(dict(definition))
    result["form"]["steps"][index].setdefault("fields", []).append(
        new_field(field_id=field_id, type_name=type_name, label=label)
    )
    return result, field_id


def move_field(definition: Mapping[str, Any], field_id: str, offset: int) -> dict[str, Any]:
    """Up (-1) or down (+1) within its step."""
    step, index = _require_field(definition, field_id)
    target = index + offset
    if not 0 <= target < len(steps_of(definition)[step]["fields"]):
        return copy.deepcopy(dict(definition))

    def change(result: dict[str, Any]) -> None:
        fields = result["form"]["steps"][step]["fields"]
        fields.insert(target, fields.pop(index))

    return _reordering(definition, change)


def move_field_to_step(
    definition: Mapping[str, Any], field_id: str, to_step: str
) -> dict[str, Any]:
    """To the end of another step (a step left without questions is refused by the save)."""
    step, index = _require_field(definition, field_id)
    target = _require_step(definition, to_step)
    if target == step:
        return copy.deepcopy(dict(definition))

    def change(result: dict[str, Any]) -> None:
        steps = result["form"]["steps"]
        steps[target].setdefault("fields", []).append(steps[step]["fields"].pop(index))

    return _reordering(definition, change)


def remove_field(
    definition: Mapping[str, Any], field_id: str, *, with_rules: bool = False
) -> dict[str, Any]:
    """Without the field. Refused when anything refers to it; with `with_rules`, rules that
    refer to it go with it, provided nothing else does."""
    step, index = _require_field(definition, field_id)
    references = references_to(definition, {field_id})
    if references and not (with_rules and all(r.kind == RULE for r in references)):
        field = steps_of(definition)[step]["fields"][index]
        raise referenced_error(references, f"{D}{field_pointer(step, index)}", _label(field))
    rule_indexes = {r.index for r in references}

    def change(result: dict[str, Any]) -> None:
        del result["form"]["steps"][step]["fields"][index]
        if rule_indexes:
            result["rules"] = [
                rule for i, rule in enumerate(result["rules"]) if i not in rule_indexes
            ]

    return _reordering(definition, change)


def _label(item: Mapping[str, Any]) -> str:
    label = item.get("label")
    return str(label.get(ES, item.get("id"))) if isinstance(label, Mapping) else str(item["id"])


# --- references -----------------------------------------------------------------------------------

RULE, DOCUMENT, FEE, OUTPUT, OVERRIDE = "regla", "documento", "costo", "salida", "ajuste"


@dataclass(frozen=True)
class Reference:
    """Something that refers to a field: where (a pointer relative to the definition), what
    kind of thing (RULE…), its index in its list and how a person recognises it."""

    pointer: str
    kind: str
    index: int
    name: str

    def describe(self) -> tuple[str, str]:
        what = {
            RULE: ("la regla", "rule"),
            DOCUMENT: ("la condición del documento", "the condition of document"),
            FEE: ("la condición del costo", "the condition of fee"),
            OUTPUT: ("el texto del documento de salida", "the text of output"),
            OVERRIDE: ("el ajuste local", "local setting"),
        }[self.kind]
        return (
            f"{what[0]} «{self.name}» ({self.pointer})",
            f"{what[1]} '{self.name}' ({self.pointer})",
        )


def _text_name(item: Mapping[str, Any], key: str, fallback: str) -> str:
    value = item.get(key)
    if isinstance(value, Mapping) and value.get(ES):
        return str(value[ES])
    return str(item.get(fallback, ""))


def _logic_uses(logic: object, ids: set[str]) -> list[str]:
    """Pointers (relative to the logic) where it reads one of `ids` (an address's part too)."""
    variables, _problems = inspect_logic(logic)
    return [v.pointer for v in variables if v.name.partition(".")[0] in ids]


def references_to(
    definition: Mapping[str, Any], ids: set[str], extra_pointers: list[str] | None = None
) -> list[Reference]:
    """Everything that refers to the fields `ids`: rules (target or condition), document and
    fee conditions, output templates, override targets inside them (or inside
    `extra_pointers`, e.g. the step being removed)."""
    found: list[Reference] = []
    for index, rule in enumerate(definition.get("rules") or []):
        if not isinstance(rule, Mapping):
            continue
        name = str(rule.get("id", index))
        if rule.get("target") in ids:
            found.append(Reference(pointer_join("rules", index, "target"), RULE, index, name))
        for where in _logic_uses(rule.get("when"), ids)[:1]:
            found.append(Reference(pointer_join("rules", index, "when") + where, RULE, index, name))
    for index, document in enumerate(definition.get("documents") or []):
        if isinstance(document, Mapping):
            for where in _logic_uses(document.get("condition"), ids)[:1]:
                pointer = pointer_join("documents", index, "condition") + where
                found.append(
                    Reference(pointer, DOCUMENT, index, _text_name(document, "name", "id"))
                )
    concepts = get_at(definition, "/fees/concepts")
    for index, concept in enumerate(concepts if isinstance(concepts, list) else []):
        if isinstance(concept, Mapping):
            for where in _logic_uses(concept.get("condition"), ids)[:1]:
                pointer = pointer_join("fees", "concepts", index, "condition") + where
                found.append(Reference(pointer, FEE, index, _text_name(concept, "concept", "id")))
    for index, output in enumerate(definition.get("outputs") or []):
        if isinstance(output, Mapping):
            found.extend(_output_references(output, index, ids))
    pointers = list(extra_pointers or [])
    for field_id in ids:
        location = field_location(definition, field_id)
        if location is not None:
            pointers.append(field_pointer(*location))
    for index, override in enumerate(definition.get("overrides") or []):
        target = override.get("target") if isinstance(override, Mapping) else None
        if isinstance(target, str) and any(
            target == p or target.startswith(p + "/") for p in pointers
        ):
            name = _text_name(override, "label", "key")
            found.append(
                Reference(pointer_join("overrides", index, "target"), OVERRIDE, index, name)
            )
    return found


def _output_references(output: Mapping[str, Any], index: int, ids: set[str]) -> Iterator[Reference]:
    for key in ("title", "body"):
        text = output.get(key)
        if not isinstance(text, Mapping):
            continue
        for language, value in text.items():
            used = set(_PLACEHOLDER.findall(str(value))) & ids
            if used:
                pointer = pointer_join("outputs", index, key, language)
                yield Reference(pointer, OUTPUT, index, _text_name(output, "title", "id"))
                return


def referenced_error(references: list[Reference], location: str, name: str) -> ApplicationError:
    """The refusal of a removal: what refers to the item, each reference located."""
    listed = [r.describe() for r in references]
    return ApplicationError.single(
        errors.BUILDER_REFERENCED,
        f"No se puede quitar «{name}»: la usa "
        + "; ".join(es for es, _en in listed)
        + ". Cambie o quite primero esas referencias.",
        f"'{name}' cannot be removed: it is used by "
        + "; ".join(en for _es, en in listed)
        + ". Change or remove those references first.",
        location,
    )


# --- choice options that rules compare against ----------------------------------------------------


def _logics(definition: Mapping[str, Any]) -> Iterator[tuple[str, object]]:
    for index, rule in enumerate(definition.get("rules") or []):
        if isinstance(rule, Mapping) and "when" in rule:
            yield pointer_join("rules", index, "when"), rule["when"]
    for index, document in enumerate(definition.get("documents") or []):
        if isinstance(document, Mapping) and "condition" in document:
            yield pointer_join("documents", index, "condition"), document["condition"]
    concepts = get_at(definition, "/fees/concepts")
    for index, concept in enumerate(concepts if isinstance(concepts, list) else []):
        if isinstance(concept, Mapping) and "condition" in concept:
            yield pointer_join("fees", "concepts", index, "condition"), concept["condition"]


def _is_var_of(node: object, field_id: str) -> bool:
    if not isinstance(node, Mapping) or len(node) != 1 or "var" not in node:
        return False
    name = node["var"]
    if isinstance(name, list):
        name = name[0] if name else ""
    return name == field_id


def _compared_values(node: object, field_id: str, pointer: str) -> Iterator[tuple[str, str]]:
    """(value, pointer) of every string an operation compares with the field's answer."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _compared_values(item, field_id, f"{pointer}/{index}")
        return
    if not isinstance(node, Mapping):
        return
    for operator, arguments in node.items():
        here = f"{pointer}/{pointer_join(operator)[1:]}"
        args = arguments if isinstance(arguments, list) else [arguments]
        if isinstance(arguments, list) and any(_is_var_of(a, field_id) for a in args):
            for index, argument in enumerate(args):
                if isinstance(argument, str):
                    yield argument, f"{here}/{index}"
                elif isinstance(argument, list):
                    for inner, value in enumerate(argument):
                        if isinstance(value, str):
                            yield value, f"{here}/{index}/{inner}"
        if isinstance(arguments, (list, Mapping)):
            yield from _compared_values(arguments, field_id, here)


def option_references(definition: Mapping[str, Any], field_id: str) -> dict[str, list[str]]:
    """Option value → pointers of the conditions that compare the field's answer with it."""
    found: dict[str, list[str]] = {}
    for pointer, logic in _logics(definition):
        for value, where in _compared_values(logic, field_id, pointer):
            found.setdefault(value, []).append(where)
    return found
