"""Types of override points (`overrides[].type`): what an adopting government may set locally.

Like the field types, each type owns its per-type behaviour so that the local-values form and
service need not switch on the type name: `coerce` turns posted form text into the type's JSON
value (apps_registry.local_values._coerce today) and `hint` says the publisher's value in a few
words (apps_registry.forms._hint today). Their shapes are checked elsewhere, against the JSON
Schema pieces of the format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from catalog.definition.uma import uma_text
from catalog.definition.vocabulary import PLAZO_UNITS, YES_NO, label
from core.i18n import text_in

_TRUE_TEXTS = frozenset({"true", "1", "on", "si", "sí", "yes"})
_FALSE_TEXTS = frozenset({"false", "0", "off", "no"})


def plain_text(value: Any) -> str:
    """A JSON value as a form input shows it: booleans as "true"/"false", 3.0 as "3"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _items(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)]


class OverrideType:
    """Base of override types: text in, text out."""

    name: ClassVar[str] = ""

    def coerce(self, value: Any) -> Any:
        """Form posts send text: turn it into the type's JSON value when it reads unambiguously.
        Anything else is left as it came, for the schema check to refuse with a located error."""
        if isinstance(value, str):
            text = value.strip()
            return self.coerce_text(text) if text else text
        return value

    def coerce_text(self, text: str) -> Any:
        """`coerce` of a stripped, non-empty text."""
        return text

    def hint(self, value: Any, language: str) -> str:
        """The publisher's value in a few words, shown as help beside the local input."""
        if value in (None, "", [], {}):
            return ""
        return self.hint_text(value, language)

    def hint_text(self, value: Any, language: str) -> str:
        return plain_text(value)


class OverrideTypeRegistry:
    def __init__(self) -> None:
        self._types: dict[str, OverrideType] = {}
        self._fallback = OverrideType()

    def __call__(self, name: str) -> Callable[[type[OverrideType]], type[OverrideType]]:
        def decorator(cls: type[OverrideType]) -> type[OverrideType]:
            if name in self._types:
                raise ValueError(f"Override type {name!r} is already registered")
            cls.name = name
            self._types[name] = cls()
            return cls

        return decorator

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def __iter__(self) -> Iterator[str]:
        return iter(self._types)

    def __getitem__(self, name: str) -> OverrideType:
        return self._types[name]

    def get(self, name: str) -> OverrideType:
        """The type of that name; an unknown one treats values as plain text (the schema check
        refuses the unknown type itself)."""
        return self._types.get(name, self._fallback)

    def coerce(self, kind: str, value: Any) -> Any:
        return self.get(kind).coerce(value)

    def hint(self, kind: str, value: Any, language: str) -> str:
        return self.get(kind).hint(value, language)


override_types = OverrideTypeRegistry()


@override_types("text")
class TextOverride(OverrideType):
    pass


@override_types("url")
class UrlOverride(OverrideType):
    pass


@override_types("translatable")
class TranslatableOverride(OverrideType):
    """{"es-MX": ..., "en": ...}; a single posted text is the Spanish one."""

    def coerce(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: v.strip() if isinstance(v, str) else v for k, v in value.items() if v != ""}
        return super().coerce(value)

    def coerce_text(self, text: str) -> Any:
        return {"es-MX": text}

    def hint_text(self, value: Any, language: str) -> str:
        return text_in(value, language)


@override_types("integer")
class IntegerOverride(OverrideType):
    def coerce_text(self, text: str) -> Any:
        return int(text) if text.lstrip("-").isdigit() else text


@override_types("money")
class MoneyOverride(OverrideType):
    """Pesos as a JSON number: 1099 stays an integer, 1099.5 a float."""

    def coerce_text(self, text: str) -> Any:
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            return text
        return int(number) if number == number.to_integral_value() else float(number)


@override_types("boolean")
class BooleanOverride(OverrideType):
    def coerce_text(self, text: str) -> Any:
        lowered = text.lower()
        return lowered in _TRUE_TEXTS if lowered in _TRUE_TEXTS | _FALSE_TEXTS else text

    def hint_text(self, value: Any, language: str) -> str:
        return text_in(YES_NO[bool(value)], language)


@override_types("agency")
class AgencyOverride(OverrideType):
    def hint_text(self, value: Any, language: str) -> str:
        return text_in(value.get("name") if isinstance(value, Mapping) else None, language)


@override_types("plazo")
class PlazoOverride(OverrideType):
    def hint_text(self, value: Any, language: str) -> str:
        if not isinstance(value, Mapping):
            return plain_text(value)
        return f"{value.get('value')} {label(PLAZO_UNITS, str(value.get('unit')), language)}"


@override_types("legal_basis")
class LegalBasisOverride(OverrideType):
    def hint_text(self, value: Any, language: str) -> str:
        if not isinstance(value, list):
            return plain_text(value)
        return "; ".join(
            f"{item.get('ordenamiento')}, art. {item.get('articulo')}" for item in _items(value)
        )


@override_types("fee_concepts")
class FeeConceptsOverride(OverrideType):
    def hint_text(self, value: Any, language: str) -> str:
        if not isinstance(value, list):
            return plain_text(value)
        return "; ".join(
            f"{text_in(item.get('concept'), language)}: "
            f"{uma_text(item, language) or '$' + plain_text(item.get('amount'))}"
            for item in _items(value)
        )


@override_types("offices")
class OfficesOverride(OverrideType):
    def hint_text(self, value: Any, language: str) -> str:
        if not isinstance(value, list):
            return plain_text(value)
        return "; ".join(text_in(item.get("name"), language) for item in _items(value))
