"""Local values: what an adopting government sets at the override points the publisher declared
(agency, official name, homoclave, fees, legal basis, offices, plazo, texts…).

Values are checked against the type of each override point with the same JSON Schema pieces
that define the format (`catalog/definition/schema/app-definition.v1.json`), so a local value
can never make the effective definition invalid. Every error is located: its location is the
override key, followed by a JSON pointer inside the value when the problem is deeper
("fees/0/amount"). Override keys contain no "/", so `location.split("/")[0]` is always the key.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from jsonschema import Draft202012Validator

from apps_registry import errors
from catalog.definition import Definition
from catalog.definition.consistency import resolve_pointer
from catalog.definition.override_types import override_types
from catalog.definition.validation import DEFINITION_SCHEMA_V1, translate_schema_error
from core.errors import ErrorDetail
from core.links import is_web_url

_DEFS = DEFINITION_SCHEMA_V1["$defs"]


def _schema(body: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(
        {"$defs": _DEFS, **body}, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


# One validator per override type, built once: the shapes come from the definition format.
_VALIDATORS: dict[str, Draft202012Validator] = {
    "text": _schema({"type": "string", "minLength": 1, "maxLength": 2000}),
    "translatable": _schema({"$ref": "#/$defs/translatable"}),
    "integer": _schema({"type": "integer", "minimum": 0, "maximum": 100000}),
    "money": _schema({"type": "number", "minimum": 0, "maximum": 100000000}),
    "boolean": _schema({"type": "boolean"}),
    "url": _schema({"type": "string", "minLength": 1, "maxLength": 2000}),
    "agency": _schema({"$ref": "#/$defs/agency"}),
    "legal_basis": _schema({"$ref": "#/$defs/legal_basis", "minItems": 1}),
    "fee_concepts": _schema({"type": "array", "items": {"$ref": "#/$defs/fee_concept"}}),
    "offices": _schema({"type": "array", "items": {"$ref": "#/$defs/office"}}),
    "plazo": _schema({"$ref": "#/$defs/plazo"}),
}
OVERRIDE_TYPES = tuple(_VALIDATORS)


@dataclass(frozen=True)
class OverridePoint:
    """One override point of a definition, with what a form needs to show it."""

    key: str
    type: str
    required: bool
    label: dict[str, str]
    help: dict[str, str]
    target: str
    has_default: bool
    default: Any
    # The publisher's value at `target` (what citizens see when nothing local is set).
    publisher_value: Any
    # The government's value, or None when it has set none.
    local_value: Any

    @property
    def label_es(self) -> str:
        return self.label.get("es-MX", self.key)

    @property
    def is_set(self) -> bool:
        return self.local_value is not None


def declared_overrides(definition: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [dict(item) for item in Definition(definition).overrides]


def override_points(
    definition: Mapping[str, Any], local_values: Mapping[str, Any] | None = None
) -> list[OverridePoint]:
    """The definition's override points in declared order, each with its current local value."""
    local_values = local_values or {}
    points = []
    for item in declared_overrides(definition):
        target = item.get("target") or ""
        found, value = resolve_pointer(definition, target) if target else (False, None)
        points.append(
            OverridePoint(
                key=item["key"],
                type=item.get("type", ""),
                required=item.get("required") is True,
                label=item.get("label") or {},
                help=item.get("help") or {},
                target=target,
                has_default="default" in item,
                default=copy.deepcopy(item.get("default")),
                publisher_value=copy.deepcopy(value) if found else None,
                local_value=copy.deepcopy(local_values.get(item["key"])),
            )
        )
    return points


def missing_required(definition: Mapping[str, Any], values: Mapping[str, Any]) -> list[str]:
    """Keys of required override points without a local value (a publisher's default does not
    count: "required" means the adopting government must set it itself)."""
    return [
        item["key"]
        for item in declared_overrides(definition)
        if item.get("required") is True and _is_empty(values.get(item["key"]))
    ]


def validate_local_values(
    definition: Mapping[str, Any], values: Any, *, require_all: bool
) -> tuple[dict[str, Any], list[ErrorDetail]]:
    """Check `values` (override key → value) against the override points of `definition`.

    Returns the cleaned values (form text converted to numbers, booleans or translatable texts;
    empty values dropped) and every problem found. With `require_all`, a required override point
    without a value is an error too (the app is about to go live)."""
    if not isinstance(values, Mapping):
        return {}, [
            ErrorDetail(
                errors.LOCAL_VALUE_INVALID,
                "Los valores locales deben ser un objeto (clave → valor).",
                "Local values must be an object (key → value).",
                "",
            )
        ]
    declared = {item["key"]: item for item in declared_overrides(definition)}
    cleaned: dict[str, Any] = {}
    problems: list[ErrorDetail] = []
    for key, raw in values.items():
        override = declared.get(key)
        if override is None:
            problems.append(
                ErrorDetail(
                    errors.LOCAL_VALUE_UNKNOWN,
                    f"«{key}» no es un ajuste local de esta versión.",
                    f"'{key}' is not an override point of this version.",
                    str(key),
                )
            )
            continue
        value = override_types.coerce(str(override.get("type", "")), raw)
        if _is_empty(value):
            continue
        found = _type_errors(override, value)
        if found:
            problems.extend(found)
        else:
            cleaned[key] = value
    if require_all:
        for key in missing_required(definition, cleaned):
            if any(p.location.split("/")[0] == key for p in problems):
                continue
            label = (declared[key].get("label") or {}).get("es-MX", key)
            label_en = (declared[key].get("label") or {}).get("en", label)
            problems.append(
                ErrorDetail(
                    errors.LOCAL_VALUE_REQUIRED,
                    f"Falta «{label}»: es obligatorio antes de poner el trámite en línea.",
                    f"'{label_en}' is missing: it is required before the app goes live.",
                    key,
                )
            )
    return cleaned, problems


def apply_local_values(
    definition: Mapping[str, Any],
    values: Mapping[str, Any] | None,
    *,
    not_applicable: Sequence[str] = (),
    is_publisher: bool = True,
) -> dict[str, Any]:
    """The effective definition citizens see: a copy of the publisher's definition with each
    override target replaced by the local value, or by the declared default when there is none.
    Points without either keep the publisher's value."""
    effective = copy.deepcopy(dict(definition))
    values = values or {}
    for item in declared_overrides(definition):
        target = item.get("target")
        if not isinstance(target, str) or not target.startswith("/"):
            continue
        key = item["key"]
        if not _is_empty(values.get(key)):
            replacement = values[key]
        elif "default" in item:
            replacement = item["default"]
        else:
            continue
        _set_pointer(effective, target, copy.deepcopy(replacement))
    return effective


# --- helpers ------------------------------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value
    return False


def _type_errors(override: Mapping[str, Any], value: Any) -> list[ErrorDetail]:
    key: str = override["key"]
    kind = override.get("type", "")
    validator = _VALIDATORS.get(kind)
    if validator is None:
        return [
            ErrorDetail(
                errors.LOCAL_VALUE_INVALID,
                f"Tipo de ajuste desconocido «{kind}».",
                f"Unknown override type '{kind}'.",
                key,
            )
        ]
    problems = [
        ErrorDetail(
            errors.LOCAL_VALUE_INVALID,
            detail.message_es,
            detail.message_en,
            f"{key}{detail.location}",
        )
        for error in validator.iter_errors(value)
        for detail in translate_schema_error(error)
    ]
    if problems:
        return problems
    if kind == "url":
        try:
            URLValidator(schemes=["http", "https"])(value)
        except DjangoValidationError:
            problems.append(
                ErrorDetail(
                    errors.LOCAL_VALUE_INVALID,
                    "Escriba una dirección web completa, p. ej. https://www.sonora.gob.mx.",
                    "Enter a full web address, e.g. https://www.sonora.gob.mx.",
                    key,
                )
            )
    if kind == "legal_basis":
        # Shown as links on the citizen's ficha: web addresses only (no javascript:).
        problems.extend(
            ErrorDetail(
                errors.LOCAL_VALUE_INVALID,
                "Escriba una dirección web completa que empiece con https://, "
                "p. ej. https://www.sonora.gob.mx.",
                "Enter a full web address starting with https://, e.g. https://www.sonora.gob.mx.",
                f"{key}/{index}/url",
            )
            for index, item in enumerate(value)
            if isinstance(item, Mapping) and "url" in item and not is_web_url(item["url"])
        )
    if kind == "money" and not _at_most_cents(value):
        problems.append(_cents_error(key))
    if kind == "fee_concepts":
        seen: set[str] = set()
        for index, concept in enumerate(value):
            if not _at_most_cents(concept["amount"]):
                problems.append(_cents_error(f"{key}/{index}/amount"))
            if concept["id"] in seen:
                problems.append(
                    ErrorDetail(
                        errors.LOCAL_VALUE_INVALID,
                        f"El concepto «{concept['id']}» está repetido.",
                        f"Fee concept '{concept['id']}' is repeated.",
                        f"{key}/{index}/id",
                    )
                )
            seen.add(concept["id"])
    return problems


def _at_most_cents(amount: Any) -> bool:
    return Decimal(str(amount)).as_tuple().exponent >= -2  # type: ignore[operator]


def _cents_error(location: str) -> ErrorDetail:
    return ErrorDetail(
        errors.LOCAL_VALUE_INVALID,
        "El monto admite como máximo dos decimales (centavos).",
        "The amount takes at most two decimals (cents).",
        location,
    )


def _set_pointer(document: dict[str, Any], json_pointer: str, value: Any) -> None:
    """Set the value at an RFC 6901 pointer, creating the last key if it is absent (an optional
    property the publisher left out). A path that does not exist is left alone: the catalogue
    already refused such targets when the version was published."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in json_pointer.split("/")[1:]]
    node: Any = document
    for token in tokens[:-1]:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return
    last = tokens[-1]
    if isinstance(node, dict):
        node[last] = value
    elif isinstance(node, list) and last.isdigit() and int(last) < len(node):
        node[int(last)] = value
