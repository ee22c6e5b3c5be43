"""What publishing a draft changes, read before publishing: the structural diff against the
previous published version (catalog.definition.diff) with the changes that break something for
citizens with a request under way or for adopting governments called out, and the version
number that follows from them (a breaking change is a new major version).

Pure: definitions in, dataclasses out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from catalog.definition.diff import DefinitionDiff, DiffItem, definition_diff
from catalog.definition.variables import translatable_texts, variables_in
from catalog.models import parse_semver

# The kinds of breaking change, each with what it means (Spanish, English).
FIELD_REMOVED = "field_removed"
FIELD_RENAMED = "field_renamed"
FIELD_RETYPED = "field_retyped"
FIELD_REQUIRED = "field_required"
DOCUMENT_REQUIRED = "document_required"
LOCAL_VALUE_REQUIRED = "local_value_required"
VARIABLE_ADDED = "variable_added"
WORKFLOW_CHANGED = "workflow_changed"

KIND_TEXTS: dict[str, tuple[str, str]] = {
    FIELD_REMOVED: (
        "Pregunta quitada: las solicitudes en curso pierden esa respuesta.",
        "Question removed: requests under way lose that answer.",
    ),
    FIELD_RENAMED: (
        "Pregunta con identificador nuevo: para el sistema es otra pregunta, y las respuestas, "
        "reglas y plantillas que usaban el anterior ya no la encuentran.",
        "Question with a new identifier: to the system it is another question, and the answers, "
        "rules and templates that used the old one no longer find it.",
    ),
    FIELD_RETYPED: (
        "Pregunta de otro tipo: las respuestas guardadas pueden dejar de ser válidas.",
        "Question of another type: stored answers may no longer be valid.",
    ),
    FIELD_REQUIRED: (
        "Pregunta obligatoria nueva o que ahora es obligatoria: las solicitudes en curso "
        "deberán contestarla.",
        "New required question, or one now required: requests under way must answer it.",
    ),
    DOCUMENT_REQUIRED: (
        "Documento obligatorio nuevo o que ahora es obligatorio.",
        "New required document, or one now required.",
    ),
    LOCAL_VALUE_REQUIRED: (
        "Valor local obligatorio nuevo (o de otro tipo): cada gobierno que lo adoptó debe "
        "capturarlo antes de actualizar.",
        "New required local value (or one of another type): each adopting government must "
        "enter it before upgrading.",
    ),
    VARIABLE_ADDED: (
        "Variable de jurisdicción nueva: un gobierno sin ese dato no puede poner la versión "
        "en servicio.",
        "New jurisdiction variable: a government without that fact cannot put the version in "
        "service.",
    ),
    WORKFLOW_CHANGED: (
        "Flujo cambiado: los expedientes en curso pueden quedar en un estado que ya no existe "
        "o sin el paso que esperaban.",
        "Workflow changed: cases under way may be left in a state that no longer exists or "
        "without the step they expected.",
    ),
}


@dataclass(frozen=True)
class Breaking:
    """One breaking change: its kind, the item (id and labels) and a short detail."""

    kind: str
    id: str
    label_es: str
    label_en: str
    detail_es: str = ""
    detail_en: str = ""

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_es

    def detail(self, language: str) -> str:
        return self.detail_en if language == "en" else self.detail_es

    def meaning(self, language: str) -> str:
        es, en = KIND_TEXTS[self.kind]
        return en if language == "en" else es

    @property
    def meaning_es(self) -> str:
        return KIND_TEXTS[self.kind][0]

    @property
    def meaning_en(self) -> str:
        return KIND_TEXTS[self.kind][1]


@dataclass(frozen=True)
class PublishReview:
    """What the publish page shows: the previous version (None for a first publication), the
    diff, the breaking changes and the suggested version number."""

    previous: str | None
    diff: DefinitionDiff
    breaking: tuple[Breaking, ...]
    suggested_version: str

    @property
    def is_breaking(self) -> bool:
        return bool(self.breaking)


def _required(item: Mapping[str, Any] | None) -> bool:
    return isinstance(item, Mapping) and item.get("required") is True


def _item(kind: str, item: DiffItem, detail_es: str = "", detail_en: str = "") -> Breaking:
    return Breaking(kind, item.id, item.label_es, item.label_en, detail_es, detail_en)


def _fields(diff: DefinitionDiff) -> list[Breaking]:
    found: list[Breaking] = []
    added = list(diff.fields.added)
    # A removed field with an added one of the same Spanish label is the same question under a
    # new id (a rename): said once, as a rename.
    by_label = {item.label_es.strip().casefold(): item for item in added}
    renamed_to: set[str] = set()
    for item in diff.fields.removed:
        twin = by_label.get(item.label_es.strip().casefold())
        if twin is not None and twin.id not in renamed_to:
            renamed_to.add(twin.id)
            found.append(
                _item(FIELD_RENAMED, item, f"{item.id} → {twin.id}", f"{item.id} → {twin.id}")
            )
        else:
            found.append(_item(FIELD_REMOVED, item, item.id, item.id))
    for item in added:
        if _required(item.after) and item.id not in renamed_to:
            found.append(_item(FIELD_REQUIRED, item, "nueva", "new"))
    for item in diff.fields.changed:
        before, after = item.before or {}, item.after or {}
        if before.get("type") != after.get("type"):
            detail = f"{before.get('type')} → {after.get('type')}"
            found.append(_item(FIELD_RETYPED, item, detail, detail))
        if _required(after) and not _required(before):
            found.append(_item(FIELD_REQUIRED, item, "ahora obligatoria", "now required"))
    return found


def _documents(diff: DefinitionDiff) -> list[Breaking]:
    found = [
        _item(DOCUMENT_REQUIRED, item, "nuevo", "new")
        for item in diff.documents.added
        if _required(item.after) and "condition" not in (item.after or {})
    ]
    found.extend(
        _item(DOCUMENT_REQUIRED, item, "ahora obligatorio", "now required")
        for item in diff.documents.changed
        if _required(item.after) and not _required(item.before)
    )
    return found


def _overrides(diff: DefinitionDiff) -> list[Breaking]:
    found = [
        _item(LOCAL_VALUE_REQUIRED, item, "nuevo", "new")
        for item in diff.overrides.added
        if _required(item.after)
    ]
    for item in diff.overrides.changed:
        before, after = item.before or {}, item.after or {}
        if before.get("type") != after.get("type"):
            detail = f"{before.get('type')} → {after.get('type')}"
            found.append(_item(LOCAL_VALUE_REQUIRED, item, detail, detail))
        elif _required(after) and not _required(before):
            found.append(_item(LOCAL_VALUE_REQUIRED, item, "ahora obligatorio", "now required"))
    return found


def _workflow(diff: DefinitionDiff) -> list[Breaking]:
    found = [
        _item(WORKFLOW_CHANGED, i, "estado quitado", "state removed") for i in diff.states.removed
    ]
    found.extend(_item(WORKFLOW_CHANGED, i, "estado nuevo", "new state") for i in diff.states.added)
    found.extend(
        _item(WORKFLOW_CHANGED, i, "transición quitada", "transition removed")
        for i in diff.transitions.removed
    )
    found.extend(
        _item(WORKFLOW_CHANGED, i, "transición cambiada", "transition changed")
        for i in diff.transitions.changed
        if any(change.attribute in ("from", "to") for change in i.changes)
    )
    for item in diff.general.changed + diff.general.added + diff.general.removed:
        if item.id in ("workflow.initial", "workflow.final"):
            found.append(_item(WORKFLOW_CHANGED, item, item.id, item.id))
    return found


def _variables(definition: Mapping[str, Any]) -> set[str]:
    return {
        name
        for _pointer, text in translatable_texts(definition)
        for value in text.values()
        if isinstance(value, str)
        for name in variables_in(value)
        if "." in name
    }


def _new_variables(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Breaking]:
    return [
        Breaking(VARIABLE_ADDED, name, f"{{{{{name}}}}}", f"{{{{{name}}}}}")
        for name in sorted(_variables(new) - _variables(old))
    ]


def breaking_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Breaking]:
    """Every change from `old` to `new` that breaks a request or case under way, or an
    adopter's set-up, in reading order (questions, documents, local values, variables, flow)."""
    diff = definition_diff(old, new)
    return [
        *_fields(diff),
        *_documents(diff),
        *_overrides(diff),
        *_new_variables(old, new),
        *_workflow(diff),
    ]


def next_version(previous: str | None, *, breaking: bool) -> str:
    """1.4.2 → 1.5.0, or 2.0.0 when the changes break something; 1.0.0 for a first one."""
    numbers = parse_semver(previous) if previous else None
    if numbers is None:
        return "1.0.0"
    major, minor, _patch = numbers
    return f"{major + 1}.0.0" if breaking else f"{major}.{minor + 1}.0"


def publish_review(
    previous: Mapping[str, Any] | None, previous_version: str | None, draft: Mapping[str, Any]
) -> PublishReview:
    diff = definition_diff(previous or {}, draft)
    breaking: Sequence[Breaking] = breaking_changes(previous, draft) if previous else ()
    return PublishReview(
        previous=previous_version,
        diff=diff,
        breaking=tuple(breaking),
        suggested_version=next_version(previous_version, breaking=bool(breaking)),
    )
