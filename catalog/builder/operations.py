"""Pure edits of a definition: each takes a definition dict and returns a NEW dict, never
changing its input, so a refused save leaves the draft (and the caller's copy) as it was.

Locations are JSON pointers (RFC 6901) relative to the definition, e.g. "/metadata/name".
An operation that cannot apply raises `core.errors.ApplicationError` located at the pointer it
concerns; the definition validator (run by the save) catches everything else.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from catalog import errors
from core.errors import ApplicationError

ES = "es-MX"
EN = "en"
_ID_LIMIT = 64
_SLUG_LIMIT = 100


# --- JSON pointers ------------------------------------------------------------------------------


def pointer_parts(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def pointer_join(*parts: object) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def get_at(document: Any, pointer: str, default: Any = None) -> Any:
    """The value at `pointer`, or `default` when any step is missing."""
    current = document
    for part in pointer_parts(pointer):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return default
    return current


def _pointer_error(pointer: str) -> ApplicationError:
    return ApplicationError.single(
        errors.BUILDER_POINTER_INVALID,
        f"No existe el elemento {pointer} en la definición.",
        f"There is no element {pointer} in the definition.",
        f"/definition{pointer}",
    )


def set_value(definition: Mapping[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    """A copy of `definition` with `value` at `pointer`; missing objects on the way are created.
    A list index must exist (or be "-", to append)."""
    parts = pointer_parts(pointer)
    if not parts:
        raise _pointer_error(pointer)
    result = copy.deepcopy(dict(definition))
    current: Any = result
    for position, part in enumerate(parts[:-1]):
        following = parts[position + 1]
        if isinstance(current, dict):
            if not isinstance(current.get(part), (dict, list)):
                current[part] = [] if following == "-" else {}
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            raise _pointer_error(pointer)
    last = parts[-1]
    if isinstance(current, dict):
        current[last] = copy.deepcopy(value)
    elif isinstance(current, list) and last == "-":
        current.append(copy.deepcopy(value))
    elif isinstance(current, list) and last.isdigit() and int(last) < len(current):
        current[int(last)] = copy.deepcopy(value)
    else:
        raise _pointer_error(pointer)
    return result


def remove_at(definition: Mapping[str, Any], pointer: str) -> dict[str, Any]:
    """A copy without what is at `pointer`; nothing changes when it is already absent."""
    parts = pointer_parts(pointer)
    result = copy.deepcopy(dict(definition))
    parent = get_at(result, pointer_join(*parts[:-1])) if parts else None
    if isinstance(parent, dict):
        parent.pop(parts[-1], None)
    elif isinstance(parent, list) and parts[-1].isdigit() and int(parts[-1]) < len(parent):
        del parent[int(parts[-1])]
    return result


# --- texts --------------------------------------------------------------------------------------


def set_text(
    definition: Mapping[str, Any], pointer: str, text: Mapping[str, str]
) -> dict[str, Any]:
    """Set the Spanish and English of a translatable text, keeping its other languages (nah,
    yaq…). An empty language is removed; with no language left the whole text is removed (so an
    optional text the publisher emptied disappears, and a required one is reported as missing
    by the validator, located here)."""
    current = get_at(definition, pointer)
    merged: dict[str, str] = dict(current) if isinstance(current, Mapping) else {}
    for language in (ES, EN):
        if language not in text:
            continue
        value = clean_text(text[language])
        if value:
            merged[language] = value
        else:
            merged.pop(language, None)
    if not merged:
        return remove_at(definition, pointer)
    return set_value(definition, pointer, merged)


def set_string(definition: Mapping[str, Any], pointer: str, value: str) -> dict[str, Any]:
    """Set a plain string; an empty one removes the key (optional strings are absent, never "")."""
    value = clean_text(value)
    if not value:
        return remove_at(definition, pointer)
    return set_value(definition, pointer, value)


def clean_text(value: object) -> str:
    """What a browser sends, as stored: CRLF line ends become LF, surrounding blanks go."""
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


# --- identifiers --------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def id_from_label(label: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A definition id (`^[a-z][a-z0-9_]*$`) from a label: "Número de placas" → "numero_de_placas";
    a number is added when the id is taken. Ids never change once created."""
    base = re.sub(r"[^a-z0-9]+", "_", _ascii(label)).strip("_")[:_ID_LIMIT] or "elemento"
    if not base[0].isalpha():
        base = f"e_{base}"[:_ID_LIMIT]
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"_{number}"
        candidate = base[: _ID_LIMIT - len(suffix)] + suffix
        number += 1
    return candidate


def slug_from_name(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """An app slug (`^[a-z0-9]+(-[a-z0-9]+)*$`) from its name: "Licencia de conducir" →
    "licencia-de-conducir"; a number is added when taken."""
    base = re.sub(r"[^a-z0-9]+", "-", _ascii(name)).strip("-")[:_SLUG_LIMIT].strip("-") or "tramite"
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: _SLUG_LIMIT - len(suffix)].strip("-") + suffix
        number += 1
    return candidate
