"""A Mexican address block (`address`): calle, números, colonia, municipio, estado, CP."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import connection

from catalog.definition.errors import AnswerErrorCode as Code
from catalog.definition.field_types.base import (
    SAMPLE_CITIZEN,
    FieldType,
    FieldValueError,
    Problem,
    SamplePerson,
    as_text,
    register,
    same_in_both,
)
from catalog.definition.field_types.identity import postal_code
from tenants.inegi import territorial_unit

# (key, required, Spanish label, English label, autocomplete)
ADDRESS_PARTS: tuple[tuple[str, bool, str, str, str], ...] = (
    ("calle", True, "Calle", "Street", "address-line1"),
    ("numero_exterior", True, "Número exterior", "Street number", "off"),
    ("numero_interior", False, "Número interior", "Apartment or unit", "address-line2"),
    ("colonia", True, "Colonia", "Neighbourhood (colonia)", "address-level3"),
    # Labelled with the serving government's word ("Municipio", "Alcaldía"): `part_label`.
    ("municipio", True, "Alcaldía o municipio", "Borough or municipality", "address-level2"),
    ("estado", True, "Entidad federativa", "State", "address-level1"),
    ("codigo_postal", True, "Código postal", "Postal code", "postal-code"),
)


def part_label(key: str, label_es: str, label_en: str, language: str) -> str:
    """An address part's label in `language`; the territorial unit is called what the serving
    government calls it (an alcaldía in Mexico City, a municipio elsewhere), and both words where
    no government is being served."""
    if key != "municipio":
        return label_en if language == "en" else label_es
    # The government the request or task set; no query (forms are drawn inside requests).
    code = str(getattr(getattr(connection, "tenant", None), "inegi_code", "") or "")
    if not code:
        return "Borough or municipality" if language == "en" else "Alcaldía o municipio"
    unit = territorial_unit(code, language)
    return unit[:1].upper() + unit[1:]


def address_line(value: Mapping[str, Any]) -> str:
    """The address on one line, its parts in ADDRESS_PARTS order, empty ones left out."""
    return ", ".join(str(value[key]) for key, *_rest in ADDRESS_PARTS if value.get(key))


@register("address")
class AddressField(FieldType):
    """A Mexican address block; the value is an object with the keys of ADDRESS_PARTS."""

    grouped = True

    def from_post(self, field: Mapping[str, Any], data: Any) -> dict[str, str]:
        # One input per part, named "<field>.<part>".
        return {key: data.get(f"{field['id']}.{key}", "") for key, *_rest in ADDRESS_PARTS}

    def is_empty(self, value: object) -> bool:
        if isinstance(value, Mapping):
            return all(super(AddressField, self).is_empty(item) for item in value.values())
        return super().is_empty(value)

    def clean(self, field: Mapping[str, Any], value: object) -> dict[str, str]:
        if not isinstance(value, Mapping):
            raise FieldValueError.of(
                Code.INVALID_ADDRESS,
                "Escribe el domicilio completo.",
                "Enter the full address.",
            )
        problems: list[Problem] = []
        cleaned: dict[str, str] = {}
        for key, required, label_es, label_en, _autocomplete in ADDRESS_PARTS:
            raw = value.get(key)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if required:
                    problems.append(
                        Problem(
                            Code.ADDRESS_PART_MISSING,
                            f"Falta {part_label(key, label_es, label_en, 'es-MX').lower()} "
                            "del domicilio.",
                            "The address is missing: "
                            f"{part_label(key, label_es, label_en, 'en').lower()}.",
                        )
                    )
                continue
            try:
                text = postal_code(raw) if key == "codigo_postal" else as_text(raw)
            except FieldValueError as error:
                problems.extend(error.problems)
                continue
            if len(text) > 200:
                problems.append(
                    Problem(
                        Code.TOO_LONG,
                        f"{label_es}: como máximo 200 caracteres.",
                        f"{label_en}: at most 200 characters.",
                    )
                )
                continue
            cleaned[key] = text
        if problems:
            raise FieldValueError(*problems)
        return cleaned

    def widget(self, field: Mapping[str, Any]) -> str:
        return "address"

    def display(self, field: Mapping[str, Any], value: Any) -> dict[str, str]:
        if isinstance(value, Mapping):
            return same_in_both(address_line(value))
        return super().display(field, value)

    def display_text(self, field: Mapping[str, Any], value: Any, language: str) -> str:
        if isinstance(value, Mapping):
            return address_line(value)
        return super().display_text(field, value, language)

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        return dict(person.address)
