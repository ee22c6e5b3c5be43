"""Answers to a definition's form: cleaning them all at once, and turning them into JSON.

Apart from field_types because it needs the rules (which fields are visible and required) and
the rules need the field types (to normalise answers before a condition reads them): with this
module in between, neither of those two imports the other both ways.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from catalog.definition.errors import AnswerErrorCode as Code
from catalog.definition.field_types import FieldValueError, registry
from catalog.definition.rules import active_items, iter_fields
from core.errors import ErrorDetail


def validate_answers(
    definition: Mapping, answers: dict, *, items: tuple[set[str], set[str]] | None = None
) -> tuple[dict, list[ErrorDetail]]:
    """Clean the answers to a definition's form: every problem is listed, located by field id.

    Hidden fields' values are dropped (a rule hid them, so they were not asked); answers that
    name no field are dropped too. Empty optional fields are left out of the cleaned answers.
    `items` is `active_items(definition, answers)` when the caller has already computed it.
    """
    visible, required = items if items is not None else active_items(definition, answers)
    cleaned: dict[str, Any] = {}
    errors: list[ErrorDetail] = []

    for field in iter_fields(definition):
        field_id = field["id"]
        field_type = registry.get(str(field.get("type")))
        if field_id not in visible or field_type is None:
            continue
        value = answers.get(field_id)
        if field_type.is_empty(value):
            if field_id in required:
                errors.append(
                    ErrorDetail(
                        str(Code.REQUIRED),
                        "Este dato es obligatorio.",
                        "This field is required.",
                        field_id,
                    )
                )
            continue
        try:
            cleaned[field_id] = field_type.clean(field, value)
        except FieldValueError as error:
            errors.extend(
                ErrorDetail(str(problem.code), problem.message_es, problem.message_en, field_id)
                for problem in error.problems
            )
    return cleaned, errors


def jsonable_answers(cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """Cleaned answers as JSON: money and decimals as strings ("1099.00"), dates as ISO text."""

    def convert(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Mapping):
            return {key: convert(item) for key, item in value.items()}
        if isinstance(value, list):
            return [convert(item) for item in value]
        return value

    return {key: convert(value) for key, value in cleaned.items()}
