"""A readable structural diff between two versions of an app definition, and what it means for an
adopter's local values. Pure (definitions in, dataclasses out): the publisher's builder reads it
before publishing (catalog.builder.ops_publish) and an adopter before upgrading
(apps_registry.diff adds what an upgrade means for its own wording).

Items are matched by their stable ids (fields, documents, rules, states, transitions, outputs, fee
concepts) or keys (override points), never by position, so a reordering is not a change and a
renamed label is a change of the same item. Each changed item lists which attributes changed,
with the values before and after, so a template can say "Monto: 1,099.00 → 1,250.00".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Top-level parts of the ficha compared as a whole: (path, Spanish title, English title).
_GENERAL_PARTS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("metadata", "name"), "Nombre oficial", "Official name"),
    (("metadata", "citizen_name"), "Nombre para la ciudadanía", "Citizen name"),
    (("metadata", "description"), "Descripción", "Description"),
    (("metadata", "category"), "Categoría", "Category"),
    (("metadata", "kind"), "Tipo", "Kind"),
    (("metadata", "channels"), "Canales", "Channels"),
    (("metadata", "identity_level"), "Nivel de identidad", "Identity level"),
    (("metadata", "requires_appointment"), "Requiere cita", "Needs an appointment"),
    (("metadata", "homoclave"), "Homoclave", "Registry key"),
    (("metadata", "agency"), "Dependencia", "Agency"),
    (("metadata", "legal_basis"), "Fundamento jurídico", "Legal basis"),
    (("metadata", "offices"), "Oficinas", "Offices"),
    (("metadata", "modalities"), "Modalidades", "Modalities"),
    (("plazo",), "Plazo de respuesta", "Response time"),
    (("ficta",), "Silencio de la autoridad (ficta)", "Meaning of silence (ficta)"),
    (("prevencion",), "Prevención", "Request for information"),
    (("validity",), "Vigencia", "Validity"),
    (("fees", "payment_alternatives"), "Formas de pago", "Payment options"),
    (("workflow", "initial"), "Estado inicial", "Initial state"),
    (("workflow", "final"), "Estados finales", "Final states"),
)


@dataclass(frozen=True)
class Change:
    """One attribute of an item that changed."""

    attribute: str
    before: Any
    after: Any

    @property
    def before_text(self) -> str:
        return display_value(self.before)

    @property
    def after_text(self) -> str:
        return display_value(self.after)


@dataclass(frozen=True)
class DiffItem:
    id: str
    # Human label in Spanish and English (from the item's label/name/title, or its id).
    label_es: str
    label_en: str
    # The item as it was and as it is (None when added / removed).
    before: Any = None
    after: Any = None
    changes: tuple[Change, ...] = ()


@dataclass
class DiffSection:
    key: str
    title_es: str
    title_en: str
    added: list[DiffItem] = field(default_factory=list)
    removed: list[DiffItem] = field(default_factory=list)
    changed: list[DiffItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


@dataclass
class DefinitionDiff:
    general: DiffSection
    fields: DiffSection
    documents: DiffSection
    rules: DiffSection
    states: DiffSection
    transitions: DiffSection
    fees: DiffSection
    outputs: DiffSection
    overrides: DiffSection

    @property
    def sections(self) -> list[DiffSection]:
        """In reading order; use `non_empty_sections` to show only what changed."""
        return [
            self.general,
            self.fields,
            self.documents,
            self.rules,
            self.states,
            self.transitions,
            self.fees,
            self.outputs,
            self.overrides,
        ]

    @property
    def non_empty_sections(self) -> list[DiffSection]:
        return [section for section in self.sections if not section.is_empty]

    @property
    def is_empty(self) -> bool:
        return all(section.is_empty for section in self.sections)


@dataclass(frozen=True)
class OverrideRef:
    key: str
    label_es: str
    label_en: str
    type: str


@dataclass
class LocalValuesImpact:
    """What an upgrade means for the adopter's local values."""

    # Keys whose value is carried over as it is.
    kept: list[str] = field(default_factory=list)
    # Override points the adopter must fill (new, newly required, or whose type changed).
    new_required: list[OverrideRef] = field(default_factory=list)
    # New optional override points it may fill.
    new_optional: list[OverrideRef] = field(default_factory=list)
    # Keys of current values the new version no longer declares: dropped on upgrade.
    removed: list[str] = field(default_factory=list)
    # Keys with a value whose override type changed: the value must be entered again.
    retyped: list[str] = field(default_factory=list)

    @property
    def needs_input(self) -> bool:
        return bool(self.new_required or self.retyped)


def definition_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> DefinitionDiff:
    return DefinitionDiff(
        general=_general(old, new),
        fields=_by_id(
            "fields", "Campos del formulario", "Form fields", _fields(old), _fields(new), "label"
        ),
        documents=_by_id(
            "documents",
            "Documentos requeridos",
            "Required documents",
            _list(old, "documents"),
            _list(new, "documents"),
            "name",
        ),
        rules=_by_id(
            "rules", "Reglas", "Rules", _list(old, "rules"), _list(new, "rules"), "description"
        ),
        states=_by_id(
            "states",
            "Estados del expediente",
            "Workflow states",
            _list(old, "workflow", "states"),
            _list(new, "workflow", "states"),
            "name",
        ),
        transitions=_by_id(
            "transitions",
            "Transiciones",
            "Workflow transitions",
            _list(old, "workflow", "transitions"),
            _list(new, "workflow", "transitions"),
            "label",
        ),
        fees=_by_id(
            "fees",
            "Derechos (pagos)",
            "Fees",
            _list(old, "fees", "concepts"),
            _list(new, "fees", "concepts"),
            "concept",
        ),
        outputs=_by_id(
            "outputs",
            "Documentos que se emiten",
            "Documents issued",
            _list(old, "outputs"),
            _list(new, "outputs"),
            "title",
        ),
        overrides=_by_id(
            "overrides",
            "Ajustes locales",
            "Local settings (override points)",
            _list(old, "overrides"),
            _list(new, "overrides"),
            "label",
            id_key="key",
        ),
    )


def local_values_impact(
    diff: DefinitionDiff, current_values: Mapping[str, Any]
) -> LocalValuesImpact:
    """Kept, new to fill, removed and retyped local values if the adopter upgrades."""
    impact = LocalValuesImpact()
    removed = {item.id for item in diff.overrides.removed}
    retyped: set[str] = set()
    for item in diff.overrides.changed:
        if (item.before or {}).get("type") != (item.after or {}).get("type"):
            retyped.add(item.id)
    has_value = {key for key, value in current_values.items() if value not in (None, "", [], {})}
    impact.removed = sorted(has_value & removed)
    impact.retyped = sorted(has_value & retyped)
    impact.kept = sorted(has_value - removed - retyped)
    for item in [*diff.overrides.added, *diff.overrides.changed]:
        after = item.after or {}
        if item.id in has_value and item.id not in retyped:
            continue
        ref = OverrideRef(
            key=item.id, label_es=item.label_es, label_en=item.label_en, type=after.get("type", "")
        )
        is_new = item.before is None
        if after.get("required") is True:
            impact.new_required.append(ref)
        elif is_new:
            impact.new_optional.append(ref)
    return impact


def display_value(value: Any) -> str:
    """A short Spanish rendering of a JSON value for diff tables."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, int | float):
        return f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"
    if isinstance(value, str):
        return value
    if (
        isinstance(value, dict)
        and "es-MX" in value
        and all(isinstance(v, str) for v in value.values())
    ):
        return value["es-MX"]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if isinstance(value, dict) and "name" in value and isinstance(value["name"], dict):
        return display_value(value["name"])
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 160 else f"{text[:157]}…"


# --- helpers ------------------------------------------------------------------------------------


def _get(document: Mapping[str, Any], *path: str) -> Any:
    node: Any = document
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def _list(document: Mapping[str, Any], *path: str) -> list[dict[str, Any]]:
    node = _get(document, *path)
    return [item for item in node if isinstance(item, dict)] if isinstance(node, list) else []


def _fields(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Form fields with the id of their step added, so moving a field to another step shows."""
    return [
        {**item, "step": step.get("id")}
        for step in _list(document, "form", "steps")
        for item in step.get("fields", [])
        if isinstance(item, dict)
    ]


def _labels(item: Mapping[str, Any], label_key: str, fallback: str) -> tuple[str, str]:
    label = item.get(label_key)
    if isinstance(label, dict):
        spanish = str(label.get("es-MX") or fallback)
        return spanish, str(label.get("en") or spanish)
    return fallback, fallback


def _by_id(
    key: str,
    title_es: str,
    title_en: str,
    old_items: Iterable[dict[str, Any]],
    new_items: Iterable[dict[str, Any]],
    label_key: str,
    *,
    id_key: str = "id",
) -> DiffSection:
    section = DiffSection(key=key, title_es=title_es, title_en=title_en)
    old = {str(item.get(id_key)): item for item in old_items if item.get(id_key) is not None}
    new = {str(item.get(id_key)): item for item in new_items if item.get(id_key) is not None}
    for identifier, item in new.items():
        label_es, label_en = _labels(item, label_key, identifier)
        if identifier not in old:
            section.added.append(DiffItem(identifier, label_es, label_en, None, item))
            continue
        before = old[identifier]
        changes = tuple(
            Change(attribute, before.get(attribute), item.get(attribute))
            for attribute in _ordered_keys(before, item)
            if before.get(attribute) != item.get(attribute)
        )
        if changes:
            section.changed.append(DiffItem(identifier, label_es, label_en, before, item, changes))
    for identifier, item in old.items():
        if identifier not in new:
            label_es, label_en = _labels(item, label_key, identifier)
            section.removed.append(DiffItem(identifier, label_es, label_en, item, None))
    return section


def _ordered_keys(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    keys = list(before)
    keys.extend(k for k in after if k not in before)
    return keys


def _general(old: Mapping[str, Any], new: Mapping[str, Any]) -> DiffSection:
    section = DiffSection(key="general", title_es="Ficha del trámite", title_en="Procedure sheet")
    for path, title_es, title_en in _GENERAL_PARTS:
        before, after = _get(old, *path), _get(new, *path)
        if before == after:
            continue
        identifier = ".".join(path)
        item = DiffItem(
            identifier, title_es, title_en, before, after, (Change(identifier, before, after),)
        )
        if before is None:
            section.added.append(item)
        elif after is None:
            section.removed.append(item)
        else:
            section.changed.append(item)
    return section
