"""Reusable kinds of builder inputs. Each `Item` knows its controls (filled from the definition,
or from what was posted so nothing typed is lost) and how to apply the posted values to a
definition through the pure operations. A page is a list of panels of items (see ficha.py).

Rules that keep builder ⇄ JSON round-trips lossless:
- a translatable keeps its languages other than es-MX/en;
- an optional value left empty is removed, never stored as "" (a required one is then reported
  by the validator, located at its control);
- an empty list or flag stays as it was when the key existed, and stays absent when it did not;
- list rows start from the stored row, so keys the page does not show are kept.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalog.builder.operations import (
    EN,
    ES,
    clean_text,
    get_at,
    id_from_label,
    remove_at,
    set_string,
    set_text,
    set_value,
)
from catalog.builder.pages import Control, Group

Data = Mapping[str, Any]  # request.POST, or None-like when rendering from the definition
Label = str | Promise


def _posted(data: Any, name: str) -> str:
    return str(data.get(name, "")) if data is not None else ""


class Item(Protocol):
    def groups(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Group]: ...

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]: ...


@dataclass(frozen=True)
class I18n:
    """A translatable text: Spanish and English side by side in one fieldset."""

    name: str
    pointer: str
    legend: Label
    multiline: bool = False
    hint: Label = ""

    def controls(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Control]:
        kind = "textarea" if self.multiline else "text"
        stored = get_at(definition, prefix + self.pointer)
        stored = stored if isinstance(stored, Mapping) else {}
        result = []
        for suffix, language, label in (("es", ES, _("Español")), ("en", EN, _("Inglés"))):
            name = f"{self.name}_{suffix}"
            value = _posted(data, name) if data is not None else stored.get(language, "")
            result.append(
                Control(
                    name, label, f"{prefix}{self.pointer}/{language}", kind, value, lang=language
                )
            )
        return result

    def groups(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Group]:
        return [Group(self.legend, self.controls(definition, data, prefix), self.hint, "pair")]

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]:
        text = {ES: _posted(data, f"{self.name}_es"), EN: _posted(data, f"{self.name}_en")}
        return set_text(definition, prefix + self.pointer, text)


@dataclass(frozen=True)
class Text:
    """A plain string (kind "text", "textarea", "email", "url", "date"), or an integer ("number":
    what is not a whole number is stored as typed, so the validator reports it at its control)."""

    name: str
    pointer: str
    label: Label
    kind: str = "text"
    help: Label = ""

    def control(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> Control:
        if data is not None:
            value: Any = _posted(data, self.name)
        else:
            stored = get_at(definition, prefix + self.pointer)
            value = "" if stored is None else stored
        return Control(
            self.name, self.label, prefix + self.pointer, self.kind, value, help=self.help
        )

    def groups(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Group]:
        return [Group("", [self.control(definition, data, prefix)])]

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]:
        raw = _posted(data, self.name)
        if self.kind != "number":
            return set_string(definition, prefix + self.pointer, raw)
        value = clean_text(raw)
        if not value:
            return remove_at(definition, prefix + self.pointer)
        number: Any = int(value) if value.lstrip("-").isdigit() else value
        return set_value(definition, prefix + self.pointer, number)


@dataclass(frozen=True)
class Choice:
    """One value from a list (a select); the empty choice removes an optional value."""

    name: str
    pointer: str
    label: Label
    choices: Sequence[tuple[str, Label]]
    help: Label = ""
    optional: bool = True
    # Stored values that are not the choice's key, e.g. {"si": True, "no": False}.
    stored_as: Mapping[str, Any] | None = None

    def control(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> Control:
        stored = get_at(definition, prefix + self.pointer)
        for key, value in (self.stored_as or {}).items():
            if stored is value:
                stored = key
        value = _posted(data, self.name) if data is not None else ("" if stored is None else stored)
        choices = list(self.choices)
        if self.optional:
            choices.insert(0, ("", _("(sin indicar)")))
        if isinstance(stored, str) and stored and stored not in dict(choices):
            # A value the list does not know (a newer format) is kept and shown as is.
            choices.append((stored, stored))
        return Control(
            self.name, self.label, prefix + self.pointer, "select", value, choices, self.help
        )

    def groups(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Group]:
        return [Group("", [self.control(definition, data, prefix)])]

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]:
        posted = clean_text(_posted(data, self.name))
        if self.stored_as and posted in self.stored_as:
            return set_value(definition, prefix + self.pointer, self.stored_as[posted])
        return set_string(definition, prefix + self.pointer, posted)


@dataclass(frozen=True)
class Flag:
    """A yes/no checkbox. Unticked stores false when the key existed, else leaves it absent."""

    name: str
    pointer: str
    label: Label
    help: Label = ""

    def control(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> Control:
        if data is not None:
            value = bool(_posted(data, self.name))
        else:
            value = get_at(definition, prefix + self.pointer) is True
        return Control(
            self.name, self.label, prefix + self.pointer, "checkbox", value, help=self.help
        )

    def groups(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Group]:
        return [Group("", [self.control(definition, data, prefix)])]

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]:
        pointer = prefix + self.pointer
        if _posted(data, self.name):
            return set_value(definition, pointer, True)
        if get_at(definition, pointer) is None:
            return definition
        return set_value(definition, pointer, False)


def _set_list(definition: dict[str, Any], pointer: str, values: list[Any]) -> dict[str, Any]:
    if not values and get_at(definition, pointer) is None:
        return definition
    return set_value(definition, pointer, values)


@dataclass(frozen=True)
class Checks:
    """Several values from a list (checkboxes). Stored order is kept; new ones go last."""

    name: str
    pointer: str
    legend: Label
    choices: Sequence[tuple[str, Label]]
    hint: Label = ""

    def groups(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Group]:
        if data is not None:
            value = list(data.getlist(self.name)) if hasattr(data, "getlist") else []
        else:
            stored = get_at(definition, prefix + self.pointer)
            value = list(stored) if isinstance(stored, list) else []
        control = Control(
            self.name, self.legend, prefix + self.pointer, "checkboxes", value, self.choices
        )
        return [Group(self.legend, [control], self.hint, "checkboxes")]

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]:
        chosen = [str(v) for v in (data.getlist(self.name) if hasattr(data, "getlist") else [])]
        stored = get_at(definition, prefix + self.pointer)
        stored = stored if isinstance(stored, list) else []
        kept = [value for value in stored if value in chosen]
        known = [value for value, _label in self.choices]
        added = [value for value in known if value in chosen and value not in kept]
        return _set_list(definition, prefix + self.pointer, kept + added)


@dataclass(frozen=True)
class Lines:
    """A list of short texts, one per line."""

    name: str
    pointer: str
    label: Label
    help: Label = ""

    def groups(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Group]:
        if data is not None:
            value = _posted(data, self.name)
        else:
            stored = get_at(definition, prefix + self.pointer)
            value = "\n".join(str(v) for v in stored) if isinstance(stored, list) else ""
        control = Control(
            self.name, self.label, prefix + self.pointer, "textarea", value, help=self.help
        )
        return [Group("", [control])]

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]:
        lines = [clean_text(line) for line in clean_text(_posted(data, self.name)).split("\n")]
        return _set_list(definition, prefix + self.pointer, [line for line in lines if line])


@dataclass(frozen=True)
class Rows:
    """A list of objects, one fieldset per row plus an empty one to add a row; a row left empty
    is removed. `columns` are items with pointers relative to the row ("/ordenamiento").
    With `id_from`, a new row gets an id generated from that column's Spanish text."""

    name: str
    pointer: str
    legend: Label  # "Fundamento %(number)s"
    columns: Sequence[Any]
    id_from: str = ""
    hint: Label = ""
    can_add: bool = True
    row_legend_pointer: str = ""  # a translatable shown in each row's legend (e.g. "/name")

    def _stored(self, definition: Mapping[str, Any]) -> list[Any]:
        stored = get_at(definition, self.pointer)
        return stored if isinstance(stored, list) else []

    def _count(self, definition: Mapping[str, Any], data: Any) -> int:
        stored = len(self._stored(definition))
        if data is None:
            return stored + (1 if self.can_add else 0)
        posted = _posted(data, f"{self.name}-count")
        return int(posted) if posted.isdigit() and int(posted) <= stored + 1 else stored

    def _column(self, column: Any, index: int) -> Any:
        return _renamed(column, f"{self.name}-{index}-{column.name}")

    def groups(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Group]:
        stored = self._stored(definition)
        groups = []
        for index in range(self._count(definition, data)):
            row_prefix = f"{self.pointer}/{index}"
            controls: list[Control] = []
            for column in self.columns:
                renamed = self._column(column, index)
                if isinstance(renamed, I18n):
                    controls.extend(renamed.controls(definition, data, row_prefix))
                else:
                    controls.append(renamed.control(definition, data, row_prefix))
            legend = str(self.legend) % {"number": index + 1}
            if index < len(stored) and self.row_legend_pointer:
                title = get_at(stored[index], self.row_legend_pointer)
                if isinstance(title, Mapping) and title.get(ES):
                    legend = f"{legend}: {title[ES]}"
            hint = self.hint if index >= len(stored) else ""
            groups.append(Group(legend, controls, hint, "row"))
        return groups

    def count_control(self, definition: Mapping[str, Any], data: Any) -> tuple[str, int]:
        return f"{self.name}-count", self._count(definition, data)

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]:
        stored = self._stored(definition)
        rows: list[Any] = []
        taken = {row.get("id") for row in stored if isinstance(row, Mapping)}
        for index in range(self._count(definition, data)):
            columns = [self._column(column, index) for column in self.columns]
            if not any(_has_input(column, data) for column in columns) and self.can_add:
                continue  # an empty row: removed (or never added)
            row: dict[str, Any] = (
                copy.deepcopy(stored[index])
                if index < len(stored) and isinstance(stored[index], dict)
                else {}
            )
            wrapper = {"row": row}
            for column in columns:
                wrapper = column.apply(wrapper, data, "/row")
            row = wrapper.get("row", {})
            if self.id_from and "id" not in row:
                label = clean_text(_posted(data, f"{self.name}-{index}-{self.id_from}_es"))
                row = {"id": id_from_label(label, {t for t in taken if isinstance(t, str)}), **row}
                taken.add(row["id"])
            rows.append(row)
        return _set_list(definition, self.pointer, rows)


def _renamed(column: Any, name: str) -> Any:
    return type(column)(**{**column.__dict__, "name": name})


def _has_input(column: Any, data: Any) -> bool:
    if isinstance(column, I18n):
        names = [f"{column.name}_es", f"{column.name}_en"]
    else:
        names = [column.name]
    return any(clean_text(_posted(data, name)) for name in names)


@dataclass(frozen=True)
class Object:
    """Items that together make one optional object (e.g. metadata.formato): when the page
    leaves all of them empty the object is removed rather than stored empty."""

    pointer: str
    items: Sequence[Any] = field(default_factory=tuple)

    def groups(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Group]:
        return [group for item in self.items for group in item.groups(definition, data, prefix)]

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]:
        for item in self.items:
            definition = item.apply(definition, data, prefix)
        if get_at(definition, prefix + self.pointer) == {}:
            definition = remove_at(definition, prefix + self.pointer)
        return definition
