"""The form of an app's local values, generated from the override points its version declares.

Each override type gets the inputs a person can fill without writing JSON: one input for a text,
number or web address; Spanish and English inputs for a translatable text; one input per part of
an agency or a plazo; rows of inputs for lists (legal basis, fees, offices), with a button that
adds a row without JavaScript. A place-bound point (offices, legal basis, fees, homoclave) also
gets a "No aplica" checkbox: checked, its inputs are ignored and its key is marked. The form only
turns what was typed into the JSON shape of each type; `apps_registry.local_values.validate_local_values` (called by the services) decides whether
it is acceptable, and its located errors are placed back next to the input they name.

Everything typed is kept on a refused submission: inputs are always rendered from the posted text.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps_registry.local_values import OverridePoint, override_points
from catalog.definition.override_types import override_types, plain_text
from core.errors import ErrorDetail
from core.i18n import text_in

# Rows shown empty below the filled ones in a list, so one more item can be added at once.
SPARE_ROWS = 1
MAX_ROWS = 50
DAY_UNITS = (
    ("business_days", _("días hábiles")),
    ("calendar_days", _("días naturales")),
)


@dataclass(frozen=True)
class Part:
    """One input of a structured value: its name in the form and where its text goes in the JSON
    value (("name", "es-MX") → value["name"]["es-MX"])."""

    name: str
    label: Any
    path: tuple[str, ...]
    input_type: str = "text"  # text, number, email, url, textarea, select, decimal
    choices: tuple[tuple[str, Any], ...] = ()
    required: bool = False
    # Kept from the initial value but not editable (a fee concept's id the rules refer to).
    fixed: bool = False


_TRANSLATABLE_PARTS = (
    Part("es", _("En español"), ("es-MX",), required=True),
    Part("en", _("En inglés (opcional)"), ("en",)),
)
_AGENCY_PARTS = (
    Part("name", _("Nombre de la dependencia"), ("name", "es-MX"), required=True),
    Part("name_en", _("Nombre en inglés (opcional)"), ("name", "en")),
    Part("acronym", _("Siglas (opcional)"), ("acronym",)),
    Part("unit", _("Unidad administrativa que resuelve (opcional)"), ("unit", "es-MX")),
)
_PLAZO_PARTS = (
    Part("value", _("Número de días"), ("value",), input_type="number", required=True),
    Part("unit", _("Tipo de días"), ("unit",), input_type="select", choices=DAY_UNITS),
)
_LEGAL_REFERENCE_PARTS = (
    Part("ordenamiento", _("Ordenamiento (ley o reglamento)"), ("ordenamiento",), required=True),
    Part("articulo", _("Artículo(s)"), ("articulo",), required=True),
    Part("url", _("Dirección web (opcional)"), ("url",), input_type="url"),
)
_FEE_PARTS = (
    Part("id", _("Clave del concepto"), ("id",), required=True),
    Part("concept", _("Concepto"), ("concept", "es-MX"), required=True),
    Part("amount", _("Monto en pesos"), ("amount",), input_type="decimal", required=True),
    Part(
        "fiscal_year", _("Ejercicio fiscal"), ("fiscal_year",), input_type="number", required=True
    ),
)
_OFFICE_PARTS = (
    Part("name", _("Nombre de la oficina"), ("name", "es-MX"), required=True),
    Part("address", _("Domicilio"), ("address",), required=True),
    Part("hours", _("Horario (opcional)"), ("hours", "es-MX")),
    Part("phone", _("Teléfono (opcional)"), ("phone",)),
    Part("email", _("Correo electrónico (opcional)"), ("email",), input_type="email"),
)
OBJECT_PARTS: dict[str, tuple[Part, ...]] = {
    "translatable": _TRANSLATABLE_PARTS,
    "agency": _AGENCY_PARTS,
    "plazo": _PLAZO_PARTS,
}
LIST_PARTS: dict[str, tuple[Part, ...]] = {
    "legal_basis": _LEGAL_REFERENCE_PARTS,
    "fee_concepts": _FEE_PARTS,
    "offices": _OFFICE_PARTS,
}
LIST_ITEM_NAMES = {
    "legal_basis": _("Referencia"),
    "fee_concepts": _("Concepto"),
    "offices": _("Oficina"),
}
SCALAR_INPUTS = {"text": "text", "integer": "number", "money": "decimal", "url": "url"}


def _dom_id(name: str) -> str:
    """Override keys may hold dots ("prevencion.applicant_days"); ids keep to [a-z0-9-]."""
    return "ajuste-" + re.sub(r"[^a-zA-Z0-9]+", "-", name).strip("-")


def group_id(key: str) -> str:
    """The id of an override point's fieldset: pages link to it where a value is missing."""
    return f"{_dom_id(key)}-grupo"


def _get(value: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(step)
    return value


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for step in path[:-1]:
        target = target.setdefault(step, {})
    target[path[-1]] = value


def _number(text: str, *, integer: bool) -> Any:
    """The number typed, or the text itself when it is not one (the service then refuses it
    with a located message, and the text is shown again)."""
    cleaned = text.replace(",", "").replace("$", "").strip()
    try:
        return int(cleaned) if integer else _decimal(cleaned)
    except ValueError:
        return text


def _decimal(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


@dataclass
class Input:
    """One rendered input, with the text it shows and its located messages."""

    name: str
    id: str
    label: Any
    input_type: str
    value: str
    required: bool = False
    choices: tuple[tuple[str, Any], ...] = ()
    fixed: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"


@dataclass
class Row:
    index: int
    label: str
    inputs: list[Input]


@dataclass
class Group:
    """The inputs of one override point."""

    point: OverridePoint
    label: str
    help: str
    id: str
    kind: str  # "scalar", "boolean", "object" or "list"
    inputs: list[Input] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    rows_name: str = ""
    publisher_hint: str = ""
    # On an adopter's site a place-bound value never falls back to the publisher's.
    place_bound: bool = False
    not_applicable: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.point.key

    @property
    def may_be_not_applicable(self) -> bool:
        return self.point.may_be_not_applicable

    @property
    def not_applicable_name(self) -> str:
        return f"{self.point.key}__no_aplica"

    @property
    def not_applicable_id(self) -> str:
        return f"{self.id}-no-aplica"

    @property
    def required(self) -> bool:
        return self.point.required

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def help_id(self) -> str:
        return f"{self.id}-ayuda"

    @property
    def has_errors(self) -> bool:
        return bool(
            self.errors
            or any(i.errors for i in self.inputs)
            or any(i.errors for row in self.rows for i in row.inputs)
        )

    @property
    def first_input_id(self) -> str:
        if self.inputs:
            return self.inputs[0].id
        for row in self.rows:
            for item in row.inputs:
                if not item.fixed:
                    return item.id
        return self.id


@dataclass(frozen=True)
class SummaryError:
    anchor: str
    label: str
    message: str


class LocalValuesForm:
    """Inputs for every override point of `definition`.

    Unbound: each point shows the government's local value, else the declared default (required
    points without either start empty, since the government must set them itself; the
    publisher's value is shown as a hint). On an adopter's site (`is_publisher=False`)
    place-bound points never start with the publisher's default either. Bound (`data` =
    request.POST): inputs show exactly what was posted."""

    def __init__(
        self,
        definition: Mapping[str, Any],
        *,
        local_values: Mapping[str, Any] | None = None,
        not_applicable: Sequence[str] = (),
        data: Any = None,
        add_row: str = "",
        only_keys: set[str] | None = None,
        language: str = "es-MX",
        is_publisher: bool = False,
    ) -> None:
        self.language = language
        self.data = data
        self.is_bound = data is not None
        self.is_publisher = is_publisher
        self.groups: list[Group] = []
        for point in override_points(definition, local_values, not_applicable):
            if only_keys is not None and point.key not in only_keys:
                continue
            initial = point.local_value
            if initial is None and point.has_default and (is_publisher or not point.place_bound):
                initial = point.default
            self.groups.append(self._group(point, initial, add_row == point.key))
        self.summary: list[SummaryError] = []

    # --- building ------------------------------------------------------------------------------

    def _posted(self, name: str) -> str:
        return str(self.data.get(name, "")) if self.is_bound else ""

    def _group(self, point: OverridePoint, initial: Any, add_row: bool) -> Group:
        kind = point.type
        group = Group(
            point=point,
            label=text_in(point.label, self.language) or point.key,
            help=text_in(point.help, self.language),
            id=group_id(point.key),
            kind="scalar",
            publisher_hint=override_types.hint(kind, point.publisher_value, self.language),
            place_bound=bool(point.place_bound) and not self.is_publisher,
        )
        if point.may_be_not_applicable:
            group.not_applicable = (
                bool(self._posted(group.not_applicable_name))
                if self.is_bound
                else point.not_applicable
            )
        if kind in LIST_PARTS:
            group.kind = "list"
            group.rows_name = f"{point.key}__rows"
            items = initial if isinstance(initial, list) else []
            if self.is_bound:
                count = self._row_count(group.rows_name, len(items) + SPARE_ROWS)
            else:
                count = len(items) + SPARE_ROWS
            if add_row:
                count = min(count + 1, MAX_ROWS)
            item_name = LIST_ITEM_NAMES[kind]
            for index in range(count):
                item = items[index] if index < len(items) else None
                inputs = [
                    self._input(f"{point.key}__{index}__{part.name}", part, _get(item, part.path))
                    for part in LIST_PARTS[kind]
                ]
                group.rows.append(Row(index=index, label=f"{item_name} {index + 1}", inputs=inputs))
        elif kind in OBJECT_PARTS:
            group.kind = "object"
            for part in OBJECT_PARTS[kind]:
                text_part = (
                    kind == "translatable" and len(plain_text(_get(initial, part.path))) > 80
                )
                shown = Part(
                    part.name,
                    part.label,
                    part.path,
                    "textarea" if text_part else part.input_type,
                    part.choices,
                    part.required and point.required,
                )
                group.inputs.append(
                    self._input(f"{point.key}__{part.name}", shown, _get(initial, part.path))
                )
        elif kind == "boolean":
            group.kind = "boolean"
            part = Part("", group.label, (), input_type="boolean", required=point.required)
            group.inputs.append(self._input(point.key, part, initial))
        else:
            part = Part(
                "",
                group.label,
                (),
                input_type=SCALAR_INPUTS.get(kind, "text"),
                required=point.required,
            )
            group.inputs.append(self._input(point.key, part, initial))
        return group

    def _row_count(self, name: str, fallback: int) -> int:
        try:
            return max(1, min(int(self._posted(name)), MAX_ROWS))
        except ValueError:
            return fallback

    def _input(self, name: str, part: Part, initial: Any) -> Input:
        value = self._posted(name) if self.is_bound else plain_text(initial)
        return Input(
            name=name,
            id=_dom_id(name),
            label=part.label,
            input_type=part.input_type,
            value=value,
            required=part.required,
            choices=part.choices,
            fixed=part.fixed,
        )

    # --- reading -------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Override key → the JSON value typed (empty inputs left out, so the service treats the
        point as unset)."""
        values: dict[str, Any] = {}
        for group in self.groups:
            if group.not_applicable:
                continue
            kind = group.point.type
            if group.kind == "list":
                items = [self._row_value(group, row) for row in group.rows]
                items = [item for item in items if item is not None]
                if items:
                    values[group.key] = items
            elif group.kind == "object":
                value = self._object_value(kind, group.inputs, OBJECT_PARTS[kind])
                if value is not None:
                    values[group.key] = value
            else:
                text = group.inputs[0].value.strip()
                if not text:
                    continue
                if kind == "integer":
                    values[group.key] = _number(text, integer=True)
                elif kind == "money":
                    values[group.key] = _number(text, integer=False)
                else:
                    # Booleans go as "true"/"false": the service reads them.
                    values[group.key] = text
        return values

    def not_applicable(self) -> list[str]:
        """Keys whose "No aplica" box is checked."""
        return [group.key for group in self.groups if group.not_applicable]

    def _object_value(
        self, kind: str, inputs: list[Input], parts: tuple[Part, ...]
    ) -> dict[str, Any] | None:
        value: dict[str, Any] = {}
        filled = False
        for item, part in zip(inputs, parts, strict=True):
            text = item.value.strip()
            if part.input_type == "select":
                # A select always sends something; it alone does not make the value "set".
                if text:
                    _put(value, part.path, text)
                continue
            if not text:
                continue
            filled = True
            if part.input_type == "number":
                _put(value, part.path, _number(text, integer=True))
            elif part.input_type == "decimal":
                _put(value, part.path, _number(text, integer=False))
            else:
                _put(value, part.path, text)
        return value if filled else None

    def _row_value(self, group: Group, row: Row) -> dict[str, Any] | None:
        kind = group.point.type
        value = self._object_value(kind, row.inputs, LIST_PARTS[kind])
        if value is not None and kind == "fee_concepts":
            value["currency"] = "MXN"
            # A concept's condition refers to the form's own fields (it is logic, not local
            # content) and has no input here: keep the publisher's for the same concept id.
            condition = _fee_conditions(group.point).get(str(value.get("id", "")))
            if condition is not None:
                value["condition"] = copy.deepcopy(condition)
        return value

    # --- errors --------------------------------------------------------------------------------

    def add_errors(self, problems: list[ErrorDetail]) -> list[ErrorDetail]:
        """Place each problem next to its input (located by override key, then by the pointer
        inside the value). Returns those that name no override point (for the page to show)."""
        by_key = {group.key: group for group in self.groups}
        unplaced = []
        explained: set[str] = set()
        for problem in problems:
            message = problem.message_in(self.language)
            key, _sep, rest = problem.location.partition("/")
            group = by_key.get(key)
            if group is None:
                unplaced.append(problem)
                continue
            tokens = rest.split("/") if rest else []
            # A problem about a whole row or object that is partly filled ("required property
            # 'concept'") is said in the page's words instead: which of its inputs is empty.
            empty = self._empty_required(group, tokens)
            if empty:
                for item in empty:
                    if item.id in explained:
                        continue
                    explained.add(item.id)
                    text = str(_("Escriba «%(label)s».") % {"label": item.label})
                    item.errors.append(text)
                    self.summary.append(
                        SummaryError(anchor=item.id, label=group.label, message=text)
                    )
                continue
            target = self._locate(group, tokens)
            if target is None:
                group.errors.append(message)
                anchor = group.first_input_id
            else:
                target.errors.append(message)
                anchor = target.id
            self.summary.append(SummaryError(anchor=anchor, label=group.label, message=message))
        return unplaced

    def _empty_required(self, group: Group, tokens: list[str]) -> list[Input]:
        """The empty required inputs a problem is about, when its row or object is partly
        filled (the schema then says "required property 'concept'" in its own words)."""
        if group.kind == "object":
            inputs, inner = group.inputs, tokens
        elif group.kind == "list" and tokens and tokens[0].isdigit():
            index = int(tokens[0])
            inputs = group.rows[index].inputs if index < len(group.rows) else []
            inner = tokens[1:]
        else:
            return []
        if not any(i.input_type != "select" and i.value.strip() for i in inputs):
            return []
        empty = [i for i in inputs if i.required and not i.fixed and not i.value.strip()]
        if not inner:
            return empty
        parts = OBJECT_PARTS.get(group.point.type) or LIST_PARTS.get(group.point.type) or ()
        named = _match_part(inputs, parts, inner)
        return [named] if named in empty else []

    def _locate(self, group: Group, tokens: list[str]) -> Input | None:
        if group.kind in ("scalar", "boolean"):
            return group.inputs[0]
        if group.kind == "object":
            return _match_part(group.inputs, OBJECT_PARTS[group.point.type], tokens)
        if tokens and tokens[0].isdigit() and int(tokens[0]) < len(group.rows):
            row = group.rows[int(tokens[0])]
            found = _match_part(row.inputs, LIST_PARTS[group.point.type], tokens[1:])
            return found or next((i for i in row.inputs if not i.fixed), None)
        return None

    @property
    def has_errors(self) -> bool:
        return any(group.has_errors for group in self.groups)


def _fee_conditions(point: OverridePoint) -> dict[str, Any]:
    conditions: dict[str, Any] = {}
    for source in (point.publisher_value, point.default, point.local_value):
        for item in source if isinstance(source, list) else []:
            if isinstance(item, Mapping) and "condition" in item:
                conditions[str(item.get("id"))] = item["condition"]
    return conditions


def _match_part(inputs: list[Input], parts: tuple[Part, ...], tokens: list[str]) -> Input | None:
    if not tokens:
        return None
    for item, part in zip(inputs, parts, strict=True):
        if tuple(tokens[: len(part.path)]) == part.path:
            return item
    # "/name" when the whole translatable is wrong: the first input of that path.
    for item, part in zip(inputs, parts, strict=True):
        if part.path[0] == tokens[0]:
            return item
    return None


class AgreementBulkForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Confirmo que quiero habilitar todos estos trámites"), required=True
    )
