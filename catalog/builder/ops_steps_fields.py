"""The question page ("pasos/<step>/preguntas/<field>/"): the settings every question has (label,
help, required, prefill source, sensitive) and those its type has in the definition schema, read
from the schema's per-type clauses, so a setting added to the format shows up here by kind
(translatable, enum, integer, number, boolean, list) without a hand-kept list per type.

Like ficha.py, the page is data (items of catalog.builder.controls plus `Options` and `Number`
below) applied at the field's pointer; keys the page does not show are kept.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalog import errors
from catalog.builder.controls import Choice, Flag, I18n, Item, Lines, Text
from catalog.builder.operations import (
    EN,
    ES,
    clean_text,
    get_at,
    id_from_label,
    remove_at,
    set_text,
    set_value,
)
from catalog.builder.ops_steps import D, field_location, field_pointer, option_references
from catalog.builder.ops_steps import type_settings as schema_settings
from catalog.builder.pages import Control, Group, Panel
from core.errors import ApplicationError, ErrorDetail

Label = str | Promise
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")

# Where an answer may be prefilled from: the signed-in person's identity (what the bundles use).
PREFILL_SOURCES: tuple[tuple[str, Label], ...] = (
    ("identity.nombre", _("Nombre de la persona (de su cuenta)")),
    ("identity.primer_apellido", _("Primer apellido (de su cuenta)")),
    ("identity.segundo_apellido", _("Segundo apellido (de su cuenta)")),
    ("identity.curp", _("CURP (de su cuenta)")),
    ("identity.email", _("Correo electrónico (de su cuenta)")),
)

TYPE_LABELS: Mapping[str, Label] = {
    "text": _("Texto corto"),
    "textarea": _("Texto largo"),
    "integer": _("Número entero"),
    "decimal": _("Número con decimales"),
    "money": _("Cantidad en pesos"),
    "date": _("Fecha"),
    "boolean": _("Sí o no"),
    "choice": _("Una opción de una lista"),
    "multiple_choice": _("Varias opciones de una lista"),
    "email": _("Correo electrónico"),
    "phone_mx": _("Teléfono (México)"),
    "curp": _("CURP"),
    "rfc": _("RFC"),
    "postal_code": _("Código postal"),
    "address": _("Domicilio"),
    "file": _("Archivo"),
    "code_list": _("Opción de un catálogo del gobierno"),
}

SETTING_LABELS: Mapping[str, Label] = {
    "min_length": _("Mínimo de caracteres"),
    "max_length": _("Máximo de caracteres"),
    "pattern": _("Formato (expresión regular)"),
    "pattern_message": _("Mensaje cuando la respuesta no tiene el formato"),
    "min": _("Mínimo"),
    "max": _("Máximo"),
    "decimal_places": _("Número de decimales"),
    "widget": _("Cómo se muestran las opciones"),
    "list": _("Catálogo"),
    "min_items": _("Mínimo de opciones elegidas"),
    "max_items": _("Máximo de opciones elegidas"),
    "persona": _("Tipo de persona"),
    "check_digit": _("Comprobar el dígito verificador"),
    "accept": _("Formatos de archivo aceptados"),
    "max_size_mb": _("Tamaño máximo (MB)"),
    "options": _("Opciones"),
}

SETTING_HELP: Mapping[str, Label] = {
    "pattern": _(
        "Se comprueba igual en el servidor (RE2) y en el navegador: sin búsquedas hacia "
        "adelante o atrás, referencias ni banderas como (?i). P. ej. [A-Z]{3}-[0-9]{4}"
    ),
    "accept": _("Uno por línea, p. ej. application/pdf o image/jpeg."),
    "check_digit": _("Si no se indica, se comprueba."),
}
DATE_LIMIT_HELP = _("AAAA-MM-DD, o «today» para el día en que se llena.")

ENUM_LABELS: Mapping[str, Label] = {
    "radio": _("Botones, todas a la vista"),
    "select": _("Lista desplegable"),
    "fisica": _("Persona física (13 caracteres)"),
    "moral": _("Persona moral (12 caracteres)"),
    "cualquiera": _("Cualquiera"),
}
YES_NO = (("si", _("Sí")), ("no", _("No")))


def type_label(type_name: str) -> str:
    return str(TYPE_LABELS.get(type_name, type_name))


def _posted(data: Any, name: str) -> str:
    return str(data.get(name, "")) if data is not None else ""


@dataclass(frozen=True)
class Number(Text):
    """A number that may have decimals: whole numbers are stored as integers, others as
    numbers; what is not a number is stored as typed, for the validator to report in place."""

    kind: str = "number"

    def control(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> Control:
        # As stored (str), never localised by the template ("0,5" would not read back).
        control = super().control(definition, data, prefix)
        control.value = str(control.value)
        return control

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]:
        value = clean_text(_posted(data, self.name))
        pointer = prefix + self.pointer
        if not value:
            return remove_at(definition, pointer)
        number: Any = value
        if _DECIMAL.fullmatch(value):
            number = int(value) if "." not in value else float(value)
        return set_value(definition, pointer, number)


@dataclass(frozen=True)
class Options:
    """A choice's options: one row each (value, Spanish and English label) plus an empty row to
    add one; a row left empty is removed. A new option without a value gets one from its label.
    The old value of a removed or changed option that a condition compares against is refused
    (see field_apply)."""

    name: str = "opcion"
    pointer: str = "/options"

    def stored(self, definition: Mapping[str, Any], prefix: str) -> list[Any]:
        stored = get_at(definition, prefix + self.pointer)
        return stored if isinstance(stored, list) else []

    def count(self, definition: Mapping[str, Any], data: Any, prefix: str) -> int:
        stored = len(self.stored(definition, prefix))
        if data is None:
            return stored + 1
        posted = _posted(data, f"{self.name}-count")
        return int(posted) if posted.isdigit() and int(posted) <= stored + 1 else stored

    def groups(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Group]:
        stored = self.stored(definition, prefix)
        groups = []
        for index in range(self.count(definition, data, prefix)):
            row = f"{prefix}{self.pointer}/{index}"
            value = Text(f"{self.name}-{index}-value", "/value", _("Valor guardado"))
            label = I18n(f"{self.name}-{index}-label", "/label", "")
            controls = [
                value.control(definition, data, row),
                *label.controls(definition, data, row),
            ]
            new = index >= len(stored)
            legend = _("Opción nueva") if new else _("Opción %(number)s") % {"number": index + 1}
            hint = (
                _(
                    "Para agregar una opción, escriba su texto; el valor sale del texto si lo deja vacío."
                )
                if new
                else ""
            )
            groups.append(Group(legend, controls, hint, "row"))
        return groups

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]:
        stored = self.stored(definition, prefix)
        rows: list[Any] = []
        for index in range(self.count(definition, data, prefix)):
            value = clean_text(_posted(data, f"{self.name}-{index}-value"))
            texts = {ES: _posted(data, f"{self.name}-{index}-label_es")}
            texts[EN] = _posted(data, f"{self.name}-{index}-label_en")
            if not value and not any(clean_text(t) for t in texts.values()):
                continue
            row: dict[str, Any] = (
                copy.deepcopy(stored[index])
                if index < len(stored) and isinstance(stored[index], dict)
                else {}
            )
            if not value:
                taken = {str(r.get("value")) for r in rows if isinstance(r, Mapping)}
                taken |= {str(r.get("value")) for r in stored if isinstance(r, Mapping)}
                value = id_from_label(clean_text(texts[ES]), taken)
            row = {"value": value, **{k: v for k, v in row.items() if k != "value"}}
            rows.append(set_text(row, "/label", texts))
        if not rows and get_at(definition, prefix + self.pointer) is None:
            return definition
        return set_value(definition, prefix + self.pointer, rows)


def _setting_item(key: str, spec: Mapping[str, Any], lists: Sequence[tuple[str, Label]]) -> Any:
    name, pointer = f"s_{key}", f"/{key}"
    label = SETTING_LABELS.get(key, key)
    help_text = SETTING_HELP.get(key, "")
    if key == "options":
        return Options()
    if key == "list":
        return Choice(name, pointer, label, lists, help_text, optional=False)
    if str(spec.get("$ref", "")).endswith("/translatable"):
        return I18n(name, pointer, label)
    if "enum" in spec:
        choices = [(str(v), ENUM_LABELS.get(str(v), str(v))) for v in spec["enum"]]
        return Choice(name, pointer, label, choices, help_text)
    kind = spec.get("type")
    if kind == "integer":
        return Text(name, pointer, label, "number", help_text)
    if kind == "number":
        return Number(name, pointer, label, help=help_text)
    if kind == "boolean":
        return Choice(name, pointer, label, YES_NO, help_text, stored_as={"si": True, "no": False})
    if kind == "array":
        return Lines(name, pointer, label, help_text)
    if key in ("min", "max") and "pattern" in spec:
        help_text = DATE_LIMIT_HELP
    return Text(name, pointer, label, "text", help_text)


def common_items() -> tuple[Item, ...]:
    return (
        I18n("label", "/label", _("Pregunta")),
        I18n("help", "/help", _("Ayuda (opcional)"), multiline=True),
        Flag("required", "/required", _("Es obligatoria")),
        Choice(
            "prefill",
            "/prefill",
            _("Llenar de antemano con"),
            PREFILL_SOURCES,
            _("La persona puede cambiar lo que se llena de antemano."),
        ),
        Flag(
            "sensitive",
            "/sensitive",
            _("Pide datos personales sensibles"),
            _("Se menciona en el aviso de privacidad y no se imprime en los documentos."),
        ),
    )


def setting_items(type_name: str, lists: Sequence[tuple[str, Label]]) -> list[Any]:
    return [_setting_item(k, spec, lists) for k, spec in schema_settings(type_name).items()]


def _items(field: Mapping[str, Any], lists: Sequence[tuple[str, Label]]) -> list[Any]:
    return [*common_items(), *setting_items(str(field.get("type")), lists)]


def field_panels(
    definition: Mapping[str, Any], field_id: str, lists: Sequence[tuple[str, Label]], data: Any
) -> list[Panel]:
    location = field_location(definition, field_id)
    if location is None:
        return []
    prefix = field_pointer(*location)
    field = get_at(definition, prefix)
    common = [g for item in common_items() for g in item.groups(definition, data, prefix)]
    panels = [Panel(_("Pregunta"), common, anchor="pregunta")]
    settings = [
        item
        for item in setting_items(str(field.get("type")), lists)
        if not isinstance(item, Options)
    ]
    if settings:
        groups = [g for item in settings for g in item.groups(definition, data, prefix)]
        title = _("Ajustes de «%(type)s»") % {"type": type_label(str(field.get("type")))}
        panels.append(Panel(title, groups, anchor="ajustes"))
    if "options" in schema_settings(str(field.get("type"))):
        options = Options()
        count = (f"{options.name}-count", options.count(definition, data, prefix))
        panels.append(
            Panel(
                _("Opciones"),
                options.groups(definition, data, prefix),
                _(
                    "El valor es lo que se guarda y lo que comparan las condiciones; el texto es lo que ve la persona."
                ),
                "opciones",
                [count],
            )
        )
    return panels


def field_apply(
    definition: dict[str, Any], field_id: str, lists: Sequence[tuple[str, Label]], data: Any
) -> dict[str, Any]:
    """The definition with the posted settings of the field applied. Refused, located at the
    option's value, when an option a condition compares against disappears."""
    location = field_location(definition, field_id)
    if location is None:
        raise ApplicationError.single(
            errors.BUILDER_INPUT_INVALID,
            f"No existe la pregunta «{field_id}».",
            f"There is no question '{field_id}'.",
            f"{D}/form/steps",
        )
    prefix = field_pointer(*location)
    before = get_at(definition, prefix)
    for item in _items(before, lists):
        definition = item.apply(definition, data, prefix)
    _check_options(before, get_at(definition, prefix), definition, prefix)
    return definition


def _values(field: Mapping[str, Any]) -> list[str]:
    options = field.get("options")
    return (
        [str(o.get("value")) for o in options if isinstance(o, Mapping)]
        if isinstance(options, list)
        else []
    )


def _check_options(
    before: Mapping[str, Any], after: Mapping[str, Any], definition: Mapping[str, Any], prefix: str
) -> None:
    kept = set(_values(after))
    used = option_references(definition, str(before.get("id")))
    problems = []
    for index, value in enumerate(_values(before)):
        if value in kept or value not in used:
            continue
        where = ", ".join(used[value])
        problems.append(
            ErrorDetail(
                errors.BUILDER_REFERENCED,
                f"No se puede quitar ni cambiar la opción «{value}»: una condición la compara "
                f"({where}). Cambie primero esa condición.",
                f"Option '{value}' cannot be removed or changed: a condition compares against "
                f"it ({where}). Change that condition first.",
                f"{D}{prefix}/options/{index}/value",
            )
        )
    if problems:
        raise ApplicationError(problems)
