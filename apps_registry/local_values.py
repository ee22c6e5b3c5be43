"""Local values: what an adopting government sets at the override points the publisher declared
(agency, official name, homoclave, fees, legal basis, offices, plazo, texts…).

Values are checked against the type of each override point with the same JSON Schema pieces
that define the format (`catalog/definition/schema/app-definition.v1.json`), so a local value
can never make the effective definition invalid. Every error is located: its location is the
override key, followed by a JSON pointer inside the value when the problem is deeper
("fees/0/amount"). Override keys contain no "/", so `location.split("/")[0]` is always the key.

Place-bound values (`apps_registry.place_bound.PLACE_BOUND`: agency, offices, legal basis, fees,
homoclave) belong to the government that serves the app. On another government's site they
never fall back to the publisher's: each shows the adopter's own value, "no aplica" when the adopter marked its key
in `EnabledApp.not_applicable`, or, while neither, nothing of the publisher's ("Por definir").
A place-bound target the publisher did not declare as an override point still gets one (an
implicit point, keyed by the slot's name), so an adopter can always set it; and an app cannot go
live on an adopter's site while one of them is neither set nor "no aplica" (`missing_place_bound`).
The identity provider and contact facts are not values here: `{{variables}}` resolve them.
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
from apps_registry.place_bound import (
    ABSENT,
    PLACE_BOUND,
    inside_place_bound,
    place_bound_slot,
)
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
    # An adopter sets its own amounts in pesos (a UMA multiple is the publisher's way to say it).
    "fee_concepts": _schema(
        {"type": "array", "items": {"$ref": "#/$defs/fee_concept", "required": ["amount"]}}
    ),
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
    # The place-bound slot this point replaces whole ("" for any other point).
    place_bound: str = ""
    # Added for a place-bound target the publisher did not declare.
    implicit: bool = False
    may_be_not_applicable: bool = False
    # The government marked it "no aplica".
    not_applicable: bool = False

    @property
    def label_es(self) -> str:
        return self.label.get("es-MX", self.key)

    @property
    def is_set(self) -> bool:
        return self.local_value is not None


def declared_overrides(definition: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The publisher's override points, then an implicit one (`"implicit": True`) for each
    place-bound target it did not declare, so an adopter can always set its own value."""
    declared = [dict(item) for item in Definition(definition).overrides]
    targets = {item.get("target") for item in declared}
    keys = {item.get("key") for item in declared}
    for slot in PLACE_BOUND:
        if slot.target in targets:
            continue
        # A publisher may have used the slot's name for another point.
        key = slot.name if slot.name not in keys else f"lugar.{slot.name}"
        declared.append(
            {
                "key": key,
                "type": slot.type,
                "required": False,
                "label": dict(slot.label),
                "target": slot.target,
                "implicit": True,
            }
        )
    return declared


def override_points(
    definition: Mapping[str, Any],
    local_values: Mapping[str, Any] | None = None,
    not_applicable: Sequence[str] = (),
) -> list[OverridePoint]:
    """The definition's override points in declared order (implicit place-bound ones last),
    each with its current local value."""
    local_values = local_values or {}
    points = []
    for item in declared_overrides(definition):
        target = item.get("target") or ""
        found, value = resolve_pointer(definition, target) if target else (False, None)
        slot = place_bound_slot(target)
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
                place_bound=slot.name if slot else "",
                implicit=item.get("implicit") is True,
                may_be_not_applicable=bool(slot and slot.may_be_not_applicable),
                not_applicable=bool(slot and item["key"] in not_applicable),
            )
        )
    return points


def missing_required(
    definition: Mapping[str, Any],
    values: Mapping[str, Any],
    not_applicable: Sequence[str] = (),
) -> list[str]:
    """Keys of required override points without a local value (a publisher's default does not
    count: "required" means the adopting government must set it itself). A place-bound point
    marked "no aplica" is answered."""
    return [
        item["key"]
        for item in declared_overrides(definition)
        if item.get("required") is True
        and _is_empty(values.get(item["key"]))
        and item["key"] not in not_applicable
    ]


def missing_place_bound(
    definition: Mapping[str, Any],
    values: Mapping[str, Any],
    not_applicable: Sequence[str] = (),
) -> list[OverridePoint]:
    """Place-bound points an adopter has neither set nor marked "no aplica": while any is left,
    the app cannot go live on the adopter's site."""
    return [
        point
        for point in override_points(definition, values, not_applicable)
        if point.place_bound and _is_empty(point.local_value) and not point.not_applicable
    ]


def place_bound_states(
    definition: Mapping[str, Any],
    values: Mapping[str, Any] | None,
    not_applicable: Sequence[str] = (),
    *,
    is_publisher: bool,
) -> dict[str, str]:
    """Slot name → "local", "not_applicable", "unset" or "publisher" (the publisher's own site
    showing its own value): what a page says where a place-bound value is empty."""
    states = {}
    for point in override_points(definition, values, not_applicable):
        if not point.place_bound:
            continue
        if not _is_empty(point.local_value):
            state = "local"
        elif point.not_applicable:
            state = "not_applicable"
        elif is_publisher:
            state = "publisher"
        else:
            state = "unset"
        states[point.place_bound] = state
    return states


def validate_not_applicable(
    definition: Mapping[str, Any], not_applicable: Any, values: Mapping[str, Any]
) -> tuple[list[str], list[ErrorDetail]]:
    """Check the keys marked "no aplica": each names a place-bound point that allows it (not
    the agency) and has no value at the same time. Returns them sorted, and every problem."""
    if not isinstance(not_applicable, list | tuple | set | frozenset) or not all(
        isinstance(key, str) for key in not_applicable
    ):
        return [], [
            ErrorDetail(
                errors.NOT_APPLICABLE_INVALID,
                "«No aplica» debe ser una lista de claves de ajustes.",
                "'Not applicable' must be a list of override keys.",
                "not_applicable",
            )
        ]
    points = {point.key: point for point in override_points(definition)}
    cleaned: list[str] = []
    problems: list[ErrorDetail] = []
    for key in sorted(set(not_applicable)):
        point = points.get(key)
        if point is None or not point.place_bound:
            problems.append(
                ErrorDetail(
                    errors.NOT_APPLICABLE_INVALID,
                    f"«{key}» no es un valor propio del lugar que pueda marcarse «No aplica».",
                    f"'{key}' is not a place-bound value that can be marked 'not applicable'.",
                    key,
                )
            )
        elif not point.may_be_not_applicable:
            problems.append(
                ErrorDetail(
                    errors.NOT_APPLICABLE_INVALID,
                    f"«{point.label_es}» no puede marcarse «No aplica»: alguna dependencia "
                    "debe responder por el trámite.",
                    f"'{point.label.get('en', key)}' cannot be marked 'not applicable': some "
                    "agency must answer for the procedure.",
                    key,
                )
            )
        elif not _is_empty(values.get(key)):
            problems.append(
                ErrorDetail(
                    errors.NOT_APPLICABLE_INVALID,
                    f"«{point.label_es}»: escriba un valor o marque «No aplica», no ambos.",
                    f"'{point.label.get('en', key)}': enter a value or mark it 'not "
                    "applicable', not both.",
                    key,
                )
            )
        else:
            cleaned.append(key)
    return cleaned, problems


def validate_local_values(
    definition: Mapping[str, Any],
    values: Any,
    *,
    require_all: bool,
    not_applicable: Sequence[str] = (),
    is_publisher: bool = True,
) -> tuple[dict[str, Any], list[ErrorDetail]]:
    """Check `values` (override key → value) against the override points of `definition`.

    Returns the cleaned values (form text converted to numbers, booleans or translatable texts;
    empty values dropped) and every problem found. With `require_all` (the app is about to go
    live, or is live), a required override point without a value is an error too, and so, on an
    adopter's site (`is_publisher=False`), is a place-bound point neither set nor marked in
    `not_applicable`."""
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
        unanswered = set()
        if not is_publisher:
            for point in missing_place_bound(definition, cleaned, not_applicable):
                if any(p.location.split("/")[0] == point.key for p in problems):
                    continue
                unanswered.add(point.key)
                problems.append(_place_bound_missing(point))
        for key in missing_required(definition, cleaned, not_applicable):
            if key in unanswered or any(p.location.split("/")[0] == key for p in problems):
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

    On the publisher's own site (`is_publisher`) points without either keep its value. On
    another government's site a place-bound value never does: it is the adopter's value, its
    "no aplica" (`not_applicable`: no offices, no legal basis, no fees…), or, while unset,
    nothing of the publisher's (`PlaceBound.unset`); points inside a place-bound value
    ("/fees/concepts/0/amount") apply only the adopter's own value. Place-bound values are
    replaced first, so the points inside them change the government's own value."""
    effective = copy.deepcopy(dict(definition))
    values = values or {}
    items = declared_overrides(definition)
    items.sort(key=lambda item: place_bound_slot(str(item.get("target"))) is None)
    for item in items:
        target = item.get("target")
        if not isinstance(target, str) or not target.startswith("/"):
            continue
        key = item["key"]
        slot = place_bound_slot(target)
        if not _is_empty(values.get(key)):
            replacement = values[key]
        elif slot is not None and key in not_applicable and slot.may_be_not_applicable:
            replacement = slot.not_applicable
        elif is_publisher:
            if "default" not in item:
                continue
            replacement = item["default"]
        elif slot is not None:
            replacement = slot.unset
        elif inside_place_bound(target):
            continue
        elif "default" in item:
            replacement = item["default"]
        else:
            continue
        if replacement is ABSENT:
            _remove_pointer(effective, target)
        else:
            _set_pointer(effective, target, copy.deepcopy(replacement), create=slot is not None)
    return effective


# --- helpers ------------------------------------------------------------------------------------


def _place_bound_missing(point: OverridePoint) -> ErrorDetail:
    label_es = point.label.get("es-MX", point.key)
    label_en = point.label.get("en", label_es)
    if point.may_be_not_applicable:
        return ErrorDetail(
            errors.LOCAL_VALUE_PLACE_BOUND,
            f"Falta «{label_es}»: escriba el de su gobierno o marque «No aplica» antes de "
            "poner el trámite en línea (no se usa el del gobierno que lo publica).",
            f"'{label_en}' is missing: enter your government's own or mark it 'not "
            "applicable' before going live (the publisher's is never used).",
            point.key,
        )
    return ErrorDetail(
        errors.LOCAL_VALUE_PLACE_BOUND,
        f"Falta «{label_es}»: escriba la de su gobierno antes de poner el trámite en línea "
        "(no se usa la del gobierno que lo publica).",
        f"'{label_en}' is missing: enter your government's own before going live (the "
        "publisher's is never used).",
        point.key,
    )


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


def _set_pointer(
    document: dict[str, Any], json_pointer: str, value: Any, *, create: bool = False
) -> None:
    """Set the value at an RFC 6901 pointer, creating the last key if it is absent (an optional
    property the publisher left out). A path that does not exist is left alone: the catalogue
    already refused such targets when the version was published. With `create`, missing
    objects on the way are created (an implicit place-bound point: "/fees" of an app whose
    publisher charges nothing); an empty value then creates nothing."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in json_pointer.split("/")[1:]]
    node: Any = document
    for token in tokens[:-1]:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        elif create and isinstance(node, dict) and not _is_empty(value):
            node = node.setdefault(token, {})
        else:
            return
    last = tokens[-1]
    if isinstance(node, dict):
        node[last] = value
    elif isinstance(node, list) and last.isdigit() and int(last) < len(node):
        node[int(last)] = value


def _remove_pointer(document: dict[str, Any], json_pointer: str) -> None:
    found, parent = resolve_pointer(document, json_pointer.rsplit("/", 1)[0])
    last = json_pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
    if found and isinstance(parent, dict):
        parent.pop(last, None)
