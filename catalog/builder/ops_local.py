"""The "Ajustes locales y variables" page: the definition's override points (what an adopting
government may or must set itself), the jurisdiction variables to copy into texts, and the
portability report with each finding linked to the page that edits it.

An override point is {key, type, required, label, help?, target?, default?}. Its type is one of
catalog.definition.override_types (the same list apps_registry checks local values with); its
target is chosen from the places of this definition that hold a value of that type
(`fitting_places`), so a point can never replace, say, an agency with a number. The key is what
adopters' local values are stored under: it is chosen once, when the point is added.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from catalog import errors
from catalog.builder.controls import I18n, _posted
from catalog.builder.operations import ES, clean_text, get_at, pointer_join
from catalog.builder.ops_costs import NamedI18n
from catalog.builder.pages import DEFINITION_POINTER, Control, Group, Panel
from catalog.definition.override_types import override_types, plain_text
from core.errors import ApplicationError, ErrorDetail

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
NEW = "nuevo"  # the name prefix of the "add a point" fieldset

TYPE_LABELS = {
    "text": _("Texto"),
    "translatable": _("Texto en varios idiomas"),
    "integer": _("Número entero"),
    "money": _("Monto en pesos"),
    "boolean": _("Sí o no"),
    "url": _("Dirección web"),
    "agency": _("Dependencia responsable"),
    "legal_basis": _("Fundamento jurídico"),
    "fee_concepts": _("Conceptos de pago"),
    "offices": _("Oficinas"),
    "plazo": _("Plazo de respuesta"),
}


def type_choices() -> list[tuple[str, Any]]:
    """The override types the platform knows (catalog.definition.override_types), in words."""
    return [(name, TYPE_LABELS.get(name, name)) for name in override_types]


# --- where a point of each type may point -------------------------------------------------------

# Parts of a definition an adopter never replaces: the form, its rules, the workflow and the
# override points themselves are the app's logic, the same for everyone.
_NOT_LOCAL = ("form", "rules", "workflow", "overrides")
_TEXT_KEYS = frozenset(
    {"homoclave", "acronym", "address", "phone", "email", "ordenamiento", "articulo"}
)
_INTEGER_ROOTS = ("plazo", "prevencion", "validity", "documents", "fees")


def _walk(document: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """(pointer, key, value) of every value, depth first, in document order."""
    if isinstance(document, Mapping):
        for key, value in document.items():
            pointer = f"{path}{pointer_join(key)}"
            yield pointer, str(key), value
            yield from _walk(value, pointer)
    elif isinstance(document, list):
        for index, value in enumerate(document):
            pointer = f"{path}/{index}"
            yield pointer, str(index), value
            yield from _walk(value, pointer)


def _is_translatable(value: Any) -> bool:
    return (
        isinstance(value, Mapping)
        and isinstance(value.get(ES), str)
        and all(isinstance(text, str) for text in value.values())
    )


def _excerpt(value: Any) -> str:
    if _is_translatable(value):
        text = value[ES]
    elif isinstance(value, Mapping) and _is_translatable(value.get("name")):
        text = value["name"][ES]
    elif isinstance(value, list):
        return str(_("%(count)s elementos") % {"count": len(value)})
    else:
        text = plain_text(value)
    text = " ".join(text.split())
    return f"«{text[:60]}…»" if len(text) > 60 else f"«{text}»"


def fitting_places(definition: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """For each override type, the (pointer, description) of the places of `definition` a point
    of that type may target, in document order."""
    places: dict[str, list[tuple[str, str]]] = {name: [] for name in override_types}

    def add(kind: str, pointer: str, value: Any) -> None:
        if kind in places and all(pointer != known for known, _label in places[kind]):
            shown = _excerpt(value) if value is not None else str(_("(vacío)"))
            places[kind].append((pointer, f"{pointer} — {shown}"))

    metadata = definition.get("metadata")
    if isinstance(metadata, Mapping):
        add("agency", "/metadata/agency", metadata.get("agency"))
        add("legal_basis", "/metadata/legal_basis", metadata.get("legal_basis"))
        add("offices", "/metadata/offices", metadata.get("offices"))
        add("text", "/metadata/homoclave", metadata.get("homoclave"))
    fees = definition.get("fees")
    if isinstance(fees, Mapping):
        add("fee_concepts", "/fees/concepts", fees.get("concepts"))
        concepts = fees.get("concepts")
        for index, concept in enumerate(concepts if isinstance(concepts, list) else []):
            if isinstance(concept, Mapping):
                add("money", f"/fees/concepts/{index}/amount", concept.get("amount"))
    add("plazo", "/plazo", definition.get("plazo"))
    for pointer, key, value in _walk(definition):
        root = pointer.split("/")[1]
        if root in _NOT_LOCAL or root == "schema_version":
            continue
        if _is_translatable(value):
            add("translatable", pointer, value)
        elif isinstance(value, bool):
            add("boolean", pointer, value)
        elif isinstance(value, int) and root in _INTEGER_ROOTS:
            add("integer", pointer, value)
        elif isinstance(value, str) and key == "url":
            add("url", pointer, value)
        elif isinstance(value, str) and key in _TEXT_KEYS and root == "metadata":
            add("text", pointer, value)
        elif key == "legal_basis" and isinstance(value, list):
            add("legal_basis", pointer, value)
    return places


# --- the page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PointRow:
    """One fieldset: an existing point (`index` in the stored list) or the new one."""

    name: str  # HTML name prefix: "ov-3" or "nuevo"
    pointer: str  # where it lives: "/overrides/3" (the new one: one past the last)
    stored: Mapping[str, Any] | None


def _rows(definition: Mapping[str, Any]) -> list[PointRow]:
    stored = definition.get("overrides")
    stored = stored if isinstance(stored, list) else []
    rows = [
        PointRow(f"ov-{index}", f"/overrides/{index}", item if isinstance(item, Mapping) else {})
        for index, item in enumerate(stored)
    ]
    rows.append(PointRow(NEW, f"/overrides/{len(stored)}", None))
    return rows


def default_text(value: Any) -> str:
    if isinstance(value, Mapping | list):
        return json.dumps(value, ensure_ascii=False)
    return plain_text(value)


def _row_groups(row: PointRow, definition: Mapping[str, Any], data: Any) -> Group:
    stored = row.stored or {}
    posted = data is not None

    def value(field: str, shown: Any) -> Any:
        return _posted(data, f"{row.name}-{field}") if posted else shown

    kind = value("type", stored.get("type", ""))
    places = fitting_places(definition)
    if row.stored is None and not kind:
        target_choices = [
            (pointer, f"{text} ({TYPE_LABELS.get(name, name)})")
            for name, items in places.items()
            for pointer, text in items
        ]
    else:
        target_choices = list(places.get(kind, []))
    target = value("target", stored.get("target", ""))
    if target and target not in dict(target_choices):
        target_choices.append((target, target))
    controls: list[Control] = []
    if row.stored is None:
        controls.append(
            Control(
                f"{row.name}-key",
                _("Clave"),
                f"{row.pointer}/key",
                value=value("key", ""),
                help=_(
                    "Nombre estable del punto, en minúsculas, p. ej. «homoclave» o "
                    "«fees.derecho_expedicion.amount». Ya no cambia: con él se guardan los "
                    "valores de cada gobierno."
                ),
            )
        )
    controls.append(
        Control(
            f"{row.name}-type",
            _("Tipo de valor"),
            f"{row.pointer}/type",
            "select",
            kind,
            [("", _("(elija un tipo)")), *type_choices()],
        )
    )
    controls.append(
        Control(
            f"{row.name}-target",
            _("Lugar de la definición que reemplaza"),
            f"{row.pointer}/target",
            "select",
            target,
            [("", _("(elija un lugar)")), *target_choices],
            help=_("Sólo se ofrecen los lugares que guardan un valor de ese tipo."),
        )
    )
    for field, legend in (("label", _("Etiqueta")), ("help", _("Ayuda para quien adopta"))):
        controls.extend(
            NamedI18n(f"{row.name}-{field}", f"/{field}", legend).controls(
                {"row": stored}, data, "/row"
            )
        )
    for control in controls:
        control.pointer = control.pointer.replace("/row", row.pointer, 1)
    controls.append(
        Control(
            f"{row.name}-required",
            _("Obligatorio: quien adopta debe fijarlo antes de habilitar el trámite"),
            f"{row.pointer}/required",
            "checkbox",
            bool(_posted(data, f"{row.name}-required")) if posted else stored.get("required"),
        )
    )
    controls.append(
        Control(
            f"{row.name}-default",
            _("Valor predeterminado (opcional)"),
            f"{row.pointer}/default",
            value=value("default", default_text(stored.get("default"))),
            help=_(
                "Lo que se usa cuando quien adopta no fija nada; vacío: el valor del lugar "
                "que reemplaza. Los valores compuestos se escriben en JSON."
            ),
        )
    )
    if row.stored is not None:
        controls.append(
            Control(
                f"{row.name}-remove",
                _("Quitar este punto de ajuste"),
                f"{row.pointer}/remove",
                "checkbox",
                bool(_posted(data, f"{row.name}-remove")) if posted else False,
            )
        )
        title = str(_("Punto de ajuste «%(key)s»")) % {"key": stored.get("key", "")}
        return Group(title, controls, layout="row")
    return Group(
        _("Agregar un punto de ajuste"),
        controls,
        _("Para agregar un punto, escriba su clave y elija su tipo y su lugar."),
        "row",
    )


def local_panels(definition: Mapping[str, Any], data: Any = None) -> list[Panel]:
    groups = [_row_groups(row, definition, data) for row in _rows(definition)]
    return [
        Panel(
            _("Puntos de ajuste"),
            groups,
            _(
                "Valores que cada gobierno que adopte el trámite puede (o debe, si es "
                "obligatorio) fijar: su dependencia, sus montos, su homoclave, sus oficinas…"
            ),
            "puntos",
        )
    ]


def _problem(location: str, message_es: str, message_en: str) -> ErrorDetail:
    return ErrorDetail(
        errors.BUILDER_INPUT_INVALID, message_es, message_en, f"{DEFINITION_POINTER}{location}"
    )


def _default_value(kind: str, text: str, stored: Any) -> tuple[Any, bool]:
    """(value, ok): the default as typed, JSON for composite values, else the type's coercion."""
    if "default" in stored and default_text(stored["default"]) == text:
        return stored["default"], True
    if text[:1] in ("{", "["):
        try:
            return json.loads(text), True
        except ValueError:
            return text, False
    return override_types.coerce(kind, text), True


@dataclass
class LocalEdit:
    """Applies the page's post; `origin[i]` is the stored index (or the new fieldset's) of the
    i-th point of the result, so the validator's problems go back to their fieldsets."""

    data: Any
    origin: list[int] | None = None

    def __call__(self, definition: dict[str, Any]) -> dict[str, Any]:
        data = self.data
        places = fitting_places(definition)
        result: list[dict[str, Any]] = []
        origin: list[int] = []
        problems: list[ErrorDetail] = []
        rows = _rows(definition)
        keys = {str(r.stored.get("key")) for r in rows if r.stored is not None}
        for position, row in enumerate(rows):
            if row.stored is not None and _posted(data, f"{row.name}-remove"):
                continue
            item: dict[str, Any] = copy.deepcopy(dict(row.stored or {}))
            if row.stored is None:
                key = clean_text(_posted(data, f"{row.name}-key"))
                typed = [_posted(data, f"{row.name}-{f}") for f in ("type", "target", "default")]
                texts = [
                    f"{row.name}-{f}_{lang}" for f in ("label", "help") for lang in ("es", "en")
                ]
                if not key and not any(map(clean_text, typed + [_posted(data, t) for t in texts])):
                    continue  # nothing typed in the "add" fieldset
                if not KEY_PATTERN.match(key):
                    problems.append(
                        _problem(
                            f"{row.pointer}/key",
                            "Escriba una clave en minúsculas, sin espacios ni acentos (letras, "
                            "números, «_» y «.»), que empiece con una letra.",
                            "Enter a lower-case key without spaces or accents (letters, digits, "
                            "'_' and '.'), starting with a letter.",
                        )
                    )
                elif key in keys:
                    problems.append(
                        _problem(
                            f"{row.pointer}/key",
                            f"Ya hay un punto de ajuste con la clave «{key}».",
                            f"There is already an override point with key '{key}'.",
                        )
                    )
                item["key"] = key
            kind = clean_text(_posted(data, f"{row.name}-type"))
            target = clean_text(_posted(data, f"{row.name}-target"))
            item["type"] = kind
            if kind not in override_types:
                problems.append(
                    _problem(
                        f"{row.pointer}/type",
                        "Elija el tipo de valor.",
                        "Choose the type of value.",
                    )
                )
            elif target not in {pointer for pointer, _label in places[kind]}:
                problems.append(
                    _problem(
                        f"{row.pointer}/target",
                        "Elija un lugar de la definición que guarde un valor de ese tipo.",
                        "Choose a place of the definition that holds a value of that type.",
                    )
                )
            if target:
                item["target"] = target
            else:
                item.pop("target", None)
            wrapper: dict[str, Any] = {"row": item}
            for field in ("label", "help"):
                wrapper = I18n(f"{row.name}-{field}", f"/{field}", "").apply(wrapper, data, "/row")
            item = wrapper.get("row", {})
            item["required"] = bool(_posted(data, f"{row.name}-required"))
            text = clean_text(_posted(data, f"{row.name}-default"))
            if not text:
                item.pop("default", None)
            else:
                value, ok = _default_value(kind, text, row.stored or {})
                if not ok:
                    problems.append(
                        _problem(
                            f"{row.pointer}/default",
                            "El valor compuesto no es JSON válido.",
                            "The composite value is not valid JSON.",
                        )
                    )
                item["default"] = value
            result.append(item)
            origin.append(position)
        if problems:
            raise ApplicationError(problems)
        self.origin = origin
        new = copy.deepcopy(definition)
        if result or "overrides" in new:
            new["overrides"] = result
        return new

    def located(self, problems: list[ErrorDetail]) -> list[ErrorDetail]:
        """The validator's problems, moved from the saved list's indices to the page's."""
        if self.origin is None:
            return problems
        moved = []
        prefix = f"{DEFINITION_POINTER}/overrides/"
        for problem in problems:
            location = problem.location
            if location.startswith(prefix):
                index, _sep, rest = location[len(prefix) :].partition("/")
                if index.isdigit() and int(index) < len(self.origin):
                    location = f"{prefix}{self.origin[int(index)]}" + (f"/{rest}" if rest else "")
            moved.append(
                ErrorDetail(problem.code, problem.message_es, problem.message_en, location)
            )
        return moved


def point_count(definition: Mapping[str, Any]) -> int:
    overrides = get_at(definition, "/overrides")
    return len(overrides) if isinstance(overrides, list) else 0
