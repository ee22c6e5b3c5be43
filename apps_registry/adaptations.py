"""An adopting government's own wording for citizen-visible texts of an app it adopted.

Stored on EnabledApp.adaptations as pointer → {"text": {"es-MX", "en"?}, "source": the
publisher's text it replaced, "source_changed": bool}. Structure (ids, fields, rules, workflow)
stays the publisher's: only translatable texts can be adapted.

Which texts are adaptable is read from the definition format itself
(catalog/definition/schema/app-definition.v1.json): every property whose schema is a
`translatable`, walked together with the definition, except the parts that are not the
adopter's to reword (rules and override points are not shown to citizens; agencies and offices
are place-bound values set as local values) and the targets of override points (set as local
values too). A new translatable property in the format is adaptable without touching this file.

On upgrade an adaptation is compared with the new version's text at its pointer: unchanged, it
is kept silently; changed or removed, it is flagged `source_changed` until the adopter keeps,
rewrites or drops it (apps_registry.adaptation_services).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from catalog.definition.rules import escape_pointer
from catalog.definition.validation import DEFINITION_SCHEMA_V1

LANGUAGES = ("es-MX", "en")
_TRANSLATABLE = "#/$defs/translatable"
# Parts of the format an adopter does not reword: rule descriptions and override points are
# read only in back offices; agencies and offices are place-bound values, set as local values.
_NOT_ADAPTABLE = frozenset({"rule", "override", "agency", "office"})

# How a location is said, in Spanish and English: the kind of an item of a list...
_ITEM_NOUNS: dict[str, tuple[str, str]] = {
    "step": ("Paso", "Step"),
    "field": ("Pregunta", "Question"),
    "option": ("Opción", "Option"),
    "document": ("Documento", "Document"),
    "fee_concept": ("Concepto de pago", "Fee"),
    "state": ("Estado", "Status"),
    "transition": ("Acción", "Action"),
    "output": ("Documento emitido", "Issued document"),
    "modalities": ("Modalidad", "Modality"),
}
# ...a part of the definition that is not a list...
_SECTIONS: dict[str, tuple[str, str]] = {
    "metadata": ("Ficha del trámite", "Procedure sheet"),
    "fees": ("Pagos", "Fees"),
    "validity": ("Vigencia", "Validity"),
}
# ...the group a text is listed under on the "Redacción propia" screen...
_GROUPS: dict[str, tuple[str, str]] = {
    "metadata": ("Ficha del trámite", "Procedure sheet"),
    "documents": ("Documentos requeridos", "Required documents"),
    "fees": ("Pagos", "Fees"),
    "validity": ("Vigencia", "Validity"),
    "workflow": ("Estados y acciones del expediente", "Case statuses and actions"),
    "outputs": ("Documentos que se emiten", "Issued documents"),
}
# ...and which text of the item it is.
_ATTRIBUTES: dict[str, tuple[str, str]] = {
    "name": ("nombre", "name"),
    "citizen_name": ("nombre para la ciudadanía", "name shown to citizens"),
    "description": ("descripción", "description"),
    "keep_for_verification": ("qué conservar para verificarlo", "what to keep for verification"),
    "resolution_criteria": ("criterios de resolución", "decision criteria"),
    "title": ("título", "title"),
    "label": ("texto", "text"),
    "help": ("texto de ayuda", "help text"),
    "pattern_message": ("mensaje de formato no válido", "invalid format message"),
    "concept": ("concepto", "concept"),
    "notes": ("notas", "notes"),
    "body": ("texto", "body"),
    "alternatives": ("alternativa", "alternative"),
    "payment_alternatives": ("forma de pago", "payment option"),
}
_ITEM_NAMES = ("label", "title", "name", "concept")


@dataclass(frozen=True)
class AdaptableText:
    pointer: str
    # The publisher's text at the pointer, variables unresolved.
    text: Mapping[str, str]
    group_es: str
    group_en: str
    # "Paso «Domicilio» › Pregunta «Alcaldía» › texto de ayuda".
    location_es: str
    location_en: str

    def group(self, language: str) -> str:
        return self.group_en if language == "en" else self.group_es

    def location(self, language: str) -> str:
        return self.location_en if language == "en" else self.location_es


def is_text(value: object) -> TypeGuard[Mapping[str, str]]:
    """A translatable text of the format: es-MX required, every value a string (languages
    besides es-MX and en, e.g. nah, are allowed by the format)."""
    return (
        isinstance(value, Mapping)
        and isinstance(value.get("es-MX"), str)
        and all(isinstance(text, str) for text in value.values())
    )


def clean_text(text: object) -> dict[str, str]:
    """{"es-MX", "en"?} with surrounding spaces removed and empty languages left out."""
    if not isinstance(text, Mapping):
        return {}
    cleaned = {}
    for language in LANGUAGES:
        value = text.get(language)
        if isinstance(value, str) and value.strip():
            cleaned[language] = value.strip()
    return cleaned


def adaptable_texts(definition: Mapping[str, Any]) -> list[AdaptableText]:
    """Every citizen-visible translatable text of `definition` an adopter may reword, in
    document order, with its pointer and where it is in words."""
    targets = _override_targets(definition)
    found = []
    for pointer, text, crumbs in _walk(definition, DEFINITION_SCHEMA_V1, "", (), None):
        if _under_a_target(pointer, targets):
            continue
        top = pointer.split("/")[1]
        if top == "form" and crumbs:
            group_es, group_en = crumbs[0]
        else:
            group_es, group_en = _GROUPS.get(top, (top, top))
        found.append(
            AdaptableText(
                pointer=pointer,
                text=text,
                group_es=group_es,
                group_en=group_en,
                location_es=" › ".join(es for es, _en in crumbs),
                location_en=" › ".join(en for _es, en in crumbs),
            )
        )
    return found


def adaptable_text_at(definition: Mapping[str, Any], pointer: str) -> AdaptableText | None:
    return next((item for item in adaptable_texts(definition) if item.pointer == pointer), None)


def is_override_target(definition: Mapping[str, Any], pointer: str) -> bool:
    """Whether `pointer` is, holds or lies inside an override point's target (a local value)."""
    return _under_a_target(pointer, _override_targets(definition))


def source_changed(adaptation: Mapping[str, Any], text_now: AdaptableText | None) -> bool:
    """Whether the publisher's text the adaptation was written against is no longer the one at
    its pointer (changed, removed, or no longer adaptable there)."""
    return text_now is None or dict(text_now.text) != adaptation.get("source")


def reflag(
    adaptations: Mapping[str, Any], definition: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The adaptations against a newly pinned version: each one flagged `source_changed` when
    its source is not the new version's text at its pointer, unflagged when it is again. Also
    the pointers newly flagged. Nothing is dropped: the adopter decides."""
    texts = {item.pointer: item for item in adaptable_texts(definition)}
    result: dict[str, Any] = {}
    newly: list[str] = []
    for pointer, adaptation in adaptations.items():
        changed = source_changed(adaptation, texts.get(pointer))
        if changed and not adaptation.get("source_changed"):
            newly.append(pointer)
        result[pointer] = {**adaptation, "source_changed": changed}
    return result, newly


def to_review(adaptations: Mapping[str, Any]) -> list[str]:
    """Pointers of the adaptations whose source changed upstream, waiting for the adopter."""
    return [
        pointer
        for pointer, adaptation in adaptations.items()
        if isinstance(adaptation, Mapping) and adaptation.get("source_changed")
    ]


def apply_adaptations(
    definition: Mapping[str, Any], adaptations: Mapping[str, Any]
) -> dict[str, Any]:
    """A copy of `definition` with each adapted text replaced.

    Applied only where the pointer still names an adaptable text: an adaptation whose pointer
    the publisher removed (or turned into structure or an override point) is ignored here and
    shown for review; one flagged `source_changed` still applies until the adopter decides.
    A text is replaced by a new object at its parent, never changed in place, so a text object
    shared by two places is not changed at both."""
    if not adaptations:
        return dict(definition)
    effective = copy.deepcopy(dict(definition))
    adaptable = {item.pointer for item in adaptable_texts(effective)}
    for pointer, adaptation in adaptations.items():
        if pointer not in adaptable or not isinstance(adaptation, Mapping):
            continue
        text = clean_text(adaptation.get("text"))
        if "es-MX" not in text:
            continue
        parent_pointer, _, token = pointer.rpartition("/")
        parent = _node_at(effective, parent_pointer)
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(parent, dict):
            parent[key] = text
        elif isinstance(parent, list) and key.isdigit():
            parent[int(key)] = text
    return effective


# --- the walk ----------------------------------------------------------------------------------


Crumbs = tuple[tuple[str, str], ...]


def _walk(
    node: object, schema: Mapping[str, Any], pointer: str, crumbs: Crumbs, list_key: str | None
) -> Iterator[tuple[str, Mapping[str, str], Crumbs]]:
    schema, kind = _resolved(schema)
    if kind in _NOT_ADAPTABLE:
        return
    if isinstance(node, Mapping):
        noun = _ITEM_NOUNS.get(kind or "") or _ITEM_NOUNS.get(list_key or "")
        if list_key is not None and noun is not None:
            name_es, name_en = _item_names(node)
            crumbs = (*crumbs, (f"{noun[0]} «{name_es}»", f"{noun[1]} '{name_en}'"))
        elif list_key is None and pointer.count("/") == 1 and pointer[1:] in _SECTIONS:
            crumbs = (*crumbs, _SECTIONS[pointer[1:]])
        properties = _properties(schema)
        for key, value in node.items():
            sub = properties.get(key)
            if sub is None:
                continue
            here = f"{pointer}/{escape_pointer(key)}"
            attribute = _ATTRIBUTES.get(key, (key, key))
            if _is_translatable(sub):
                if is_text(value):
                    yield here, value, (*crumbs, attribute)
            elif isinstance(value, list) and _is_translatable(_items(sub)):
                for index, item in enumerate(value):
                    if is_text(item):
                        numbered = (f"{attribute[0]} {index + 1}", f"{attribute[1]} {index + 1}")
                        yield f"{here}/{index}", item, (*crumbs, numbered)
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    yield from _walk(item, _items(sub), f"{here}/{index}", crumbs, key)
            elif isinstance(value, Mapping):
                yield from _walk(value, sub, here, crumbs, None)


def _resolved(schema: Mapping[str, Any]) -> tuple[Mapping[str, Any], str | None]:
    """The schema behind a chain of local $refs, and the name of the last $def on the way."""
    kind = None
    while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
        reference = schema["$ref"]
        if not reference.startswith("#/$defs/"):
            break
        kind = reference.removeprefix("#/$defs/")
        schema = DEFINITION_SCHEMA_V1["$defs"].get(kind, {})
    return schema, kind


_PROPERTIES_BY_ID: dict[int, dict[str, Any]] = {}


def _properties(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The properties a schema allows, those of its allOf/anyOf/oneOf branches and their
    if/then/else included (which one applies is decided by the definition itself: a property
    that is present is the one the branch allowed). Kept per schema object: the schema is read
    once per process and never changes."""
    key = id(schema)
    if key not in _PROPERTIES_BY_ID:
        _PROPERTIES_BY_ID[key] = _collect_properties(schema)
    return _PROPERTIES_BY_ID[key]


def _collect_properties(schema: Mapping[str, Any]) -> dict[str, Any]:
    schema, _kind = _resolved(schema)
    properties: dict[str, Any] = {}
    for branch_key in ("allOf", "anyOf", "oneOf"):
        for branch in schema.get(branch_key, ()):
            for part in (branch, branch.get("then", {}), branch.get("else", {})):
                for key, value in _collect_properties(part).items():
                    properties.setdefault(key, value)
    properties.update(schema.get("properties", {}))
    return properties


def _items(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    resolved, _kind = _resolved(schema)
    items = resolved.get("items")
    return items if isinstance(items, Mapping) else {}


def _is_translatable(schema: Mapping[str, Any]) -> bool:
    return isinstance(schema, Mapping) and schema.get("$ref") == _TRANSLATABLE


def _item_names(item: Mapping[str, Any]) -> tuple[str, str]:
    for key in _ITEM_NAMES:
        value = item.get(key)
        if is_text(value):
            spanish = value["es-MX"]
            return spanish, value.get("en") or spanish
    identifier = str(item.get("id") or item.get("value") or item.get("key") or "—")
    return identifier, identifier


def _override_targets(definition: Mapping[str, Any]) -> list[str]:
    overrides = definition.get("overrides")
    if not isinstance(overrides, list):
        return []
    return [
        item["target"]
        for item in overrides
        if isinstance(item, Mapping) and isinstance(item.get("target"), str)
    ]


def _under_a_target(pointer: str, targets: Sequence[str]) -> bool:
    return any(
        pointer == target or pointer.startswith(f"{target}/") or target.startswith(f"{pointer}/")
        for target in targets
    )


def _node_at(document: object, pointer: str) -> object:
    node = document
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node
