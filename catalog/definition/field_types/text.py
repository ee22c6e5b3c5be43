"""Free text: one line (`text`, with an optional pattern) and several (`textarea`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.definition.errors import AnswerErrorCode as Code
from catalog.definition.field_types.base import (
    SAMPLE_CITIZEN,
    FieldType,
    FieldValueError,
    SamplePerson,
    as_text,
    register,
)
from catalog.definition.patterns import fullmatch


def check_length(field: Mapping[str, Any], text: str) -> None:
    min_length, max_length = field.get("min_length"), field.get("max_length")
    if isinstance(min_length, int) and len(text) < min_length:
        raise FieldValueError.of(
            Code.TOO_SHORT,
            f"Escribe al menos {min_length} caracteres (tiene {len(text)}).",
            f"Enter at least {min_length} characters (it has {len(text)}).",
        )
    if isinstance(max_length, int) and len(text) > max_length:
        raise FieldValueError.of(
            Code.TOO_LONG,
            f"Escribe como máximo {max_length} caracteres (tiene {len(text)}).",
            f"Enter at most {max_length} characters (it has {len(text)}).",
        )


def _sample_candidates(field: Mapping[str, Any]) -> list[str]:
    """Texts to try against the field's length limits and pattern, most readable first."""
    low = int(field.get("min_length") or 1)
    high = int(field.get("max_length") or max(low, 20))
    lengths = sorted({max(low, min(high, n)) for n in (low, 10, 18, 20, high)})
    candidates = ["Demostración"]
    for length in lengths:
        candidates += [
            ("AB12CD34EF56GH78IJ90" * 10)[:length],
            ("1234567890" * 10)[:length],
            ("ABCDEFGHIJ" * 10)[:length],
        ]
    return candidates


@register("text")
class TextField(FieldType):
    def clean(self, field: Mapping[str, Any], value: object) -> str:
        text = as_text(value)
        check_length(field, text)
        pattern = field.get("pattern")
        if isinstance(pattern, str) and not fullmatch(pattern, text):
            custom = field.get("pattern_message") or {}
            raise FieldValueError.of(
                Code.PATTERN_MISMATCH,
                custom.get("es-MX") or "El texto no tiene el formato esperado.",
                custom.get("en") or "The text does not have the expected format.",
            )
        return text

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        # Names are recognised by the field id, so demo filings read like a real person's.
        field_id = str(field["id"])
        if "segundo_apellido" in field_id:
            return person.second_surname
        if "apellido" in field_id:
            return person.first_surname
        if "nombre" in field_id:
            label = str((field.get("label") or {}).get("es-MX", "")).lower()
            return person.full_name if "complet" in field_id + label else person.given_name
        pattern = field.get("pattern")
        for candidate in _sample_candidates(field):
            length_ok = (
                int(field.get("min_length") or 0)
                <= len(candidate)
                <= int(field.get("max_length") or 10_000)
            )
            if length_ok and (not pattern or fullmatch(str(pattern), candidate)):
                return candidate
        return None


@register("textarea")
class TextareaField(FieldType):
    def clean(self, field: Mapping[str, Any], value: object) -> str:
        text = as_text(value)
        check_length(field, text)
        return text

    def widget(self, field: Mapping[str, Any]) -> str:
        return "textarea"

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        return "Solicitud presentada para la demostración de Ventanilla."
