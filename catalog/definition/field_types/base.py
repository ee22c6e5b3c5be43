"""The base of field types and their registry, plus helpers shared by several types.

A field type owns every per-type behaviour, so that no caller switches on `field["type"]`:
cleaning a submitted value, the answer as printed (PDF: `display`) and as read on a page
(`display_text`, `display_submitted`), how the renderer draws it (`html_input`, `widget`,
`is_grouped`) and a valid sample answer for demos (`sample`). Like open-forms' component
registry, types register with a decorator: `@register("curp")`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Protocol

from catalog.definition.errors import AnswerErrorCode as Code
from core.i18n import LANGUAGES


@dataclass(frozen=True)
class Problem:
    code: str
    message_es: str
    message_en: str


class FieldValueError(Exception):
    """Raised by a field type's `clean` with every problem of the value."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__(problems)
        self.problems = list(problems)

    @classmethod
    def of(cls, code: str, message_es: str, message_en: str) -> FieldValueError:
        return cls(Problem(code, message_es, message_en))


class SamplePerson(Protocol):
    """Whose answers `FieldType.sample` gives (cases.demo.DemoCitizen is one)."""

    @property
    def email(self) -> str: ...
    @property
    def full_name(self) -> str: ...
    @property
    def given_name(self) -> str: ...
    @property
    def first_surname(self) -> str: ...
    @property
    def second_surname(self) -> str: ...
    @property
    def curp(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def address(self) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class SampleCitizen:
    """A made-up citizen whose identifiers pass every check (the CURP's check digit too)."""

    email: str = "maria.lopez@example.mx"
    full_name: str = "María López Ruiz"
    given_name: str = "María"
    first_surname: str = "López"
    second_surname: str = "Ruiz"
    curp: str = "LORM900517MSRPZR00"
    phone: str = "6621234567"
    address: Mapping[str, str] = field(
        default_factory=lambda: {
            "calle": "Blvd. Kino",
            "numero_exterior": "1020",
            "colonia": "Pitic",
            "municipio": "Hermosillo",
            "estado": "Sonora",
            "codigo_postal": "83150",
        }
    )


SAMPLE_CITIZEN = SampleCitizen()


def is_blank(value: object) -> bool:
    """No answer: None, "", [] (what the answer pages print as nothing)."""
    return value is None or value == "" or value == []


def same_in_both(text: str) -> dict[str, str]:
    return dict.fromkeys(LANGUAGES, text)


class FieldType:
    """Base of every field type. Subclasses set `name` through the registry decorator."""

    name: ClassVar[str] = ""
    # How the renderer shows it: the HTML <input type>, inputmode and autocomplete hints.
    html_input: ClassVar[str] = "text"
    inputmode: ClassVar[str] = ""
    autocomplete: ClassVar[str] = ""
    # Drawn as a <fieldset> with a <legend> (several inputs), so an error links to the group.
    grouped: ClassVar[bool] = False
    # Its answer is an uploaded file, kept as a case document instead of read from the form.
    stores_upload: ClassVar[bool] = False
    # Its answer is the applicant's CURP: the office searches cases by it.
    identifies_applicant: ClassVar[bool] = False

    def is_empty(self, value: object) -> bool:
        if value is None:
            return True
        if isinstance(value, str):
            return not value.strip()
        if isinstance(value, list | tuple | dict):
            return not value
        return False

    def clean(self, field: Mapping[str, Any], value: object) -> object:
        raise NotImplementedError

    def logic_value(self, field: Mapping[str, Any], value: object) -> object:
        """The value JSON Logic rules see: the cleaned one when valid, the raw one otherwise."""
        try:
            return self.clean(field, value)
        except FieldValueError:
            return value

    # --- rendering ---------------------------------------------------------------------------

    def widget(self, field: Mapping[str, Any]) -> str:
        """Which control the form template draws: "input" (an <input type=html_input>),
        "textarea", "select", "options" (radios or checkboxes), "yes_no", "address", "file"."""
        return "input"

    def is_grouped(self, field: Mapping[str, Any]) -> bool:
        """Whether this field renders as a fieldset (its anchor is "#campo-<id>-grupo")."""
        return self.grouped

    def from_post(self, field: Mapping[str, Any], data: Any) -> Any:
        """The answer as the browser posted it (a QueryDict), as typed: one value by default."""
        return data.get(str(field["id"]), "")

    # --- reading answers ---------------------------------------------------------------------

    def display(self, field: Mapping[str, Any], value: Any) -> dict[str, str]:
        """A cleaned (stored) answer as printed on a document, keyed by "es-MX" and "en"."""
        return same_in_both(str(value))

    def display_text(self, field: Mapping[str, Any], value: Any, language: str) -> str:
        """A cleaned (stored) answer as read on the citizen summary and the officer's case
        page, in `language` ("es-MX" or "en"); nothing answered reads as ""."""
        if is_blank(value):
            return ""
        if isinstance(value, Mapping):  # an unknown structured value: its name, if any
            return str(value.get("name", ""))
        return str(value)

    def display_submitted(self, field: Mapping[str, Any], value: Any, language: str) -> str:
        """An answer as submitted (a draft's text): the cleaned value read when it is valid
        (so "sí" reads "Sí" and options keep their order), else what was typed."""
        if is_blank(value):
            return ""
        try:
            cleaned = self.clean(field, value)
        except FieldValueError:
            return str(value)
        return self.display_text(field, cleaned, language)

    # --- demos -------------------------------------------------------------------------------

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        """A plausible answer this type's `clean` accepts, as a form would submit it; None when
        there is none to give (e.g. a file)."""
        return None


class _UnknownType(FieldType):
    """What callers get for a type name no class registered: values read as they are."""

    def clean(self, field: Mapping[str, Any], value: object) -> object:
        return value


class FieldTypeRegistry:
    def __init__(self) -> None:
        self._types: dict[str, FieldType] = {}
        self._unknown = _UnknownType()

    def __call__(self, name: str) -> Callable[[type[FieldType]], type[FieldType]]:
        def decorator(cls: type[FieldType]) -> type[FieldType]:
            if name in self._types:
                raise ValueError(f"Field type {name!r} is already registered")
            cls.name = name
            self._types[name] = cls()
            return cls

        return decorator

    def __getitem__(self, name: str) -> FieldType:
        return self._types[name]

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def __iter__(self) -> Iterator[str]:
        return iter(self._types)

    def get(self, name: str) -> FieldType | None:
        return self._types.get(name)

    def of(self, field: Mapping[str, Any]) -> FieldType:
        """The type of a field; an unregistered one reads values unchanged."""
        return self._types.get(str(field.get("type")), self._unknown)

    # Shortcuts so callers write `registry.display(field, value)` without a lookup.

    def display(self, field: Mapping[str, Any], value: Any) -> dict[str, str]:
        return self.of(field).display(field, value)

    def display_text(self, field: Mapping[str, Any], value: Any, language: str) -> str:
        return self.of(field).display_text(field, value, language)

    def display_submitted(self, field: Mapping[str, Any], value: Any, language: str) -> str:
        return self.of(field).display_submitted(field, value, language)

    def is_grouped(self, field: Mapping[str, Any]) -> bool:
        return self.of(field).is_grouped(field)

    def widget(self, field: Mapping[str, Any]) -> str:
        return self.of(field).widget(field)

    def from_post(self, field: Mapping[str, Any], data: Any) -> Any:
        return self.of(field).from_post(field, data)

    def stores_upload(self, field: Mapping[str, Any]) -> bool:
        return self.of(field).stores_upload

    def identifies_applicant(self, field: Mapping[str, Any]) -> bool:
        return self.of(field).identifies_applicant

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        return self.of(field).sample(field, person)


registry = FieldTypeRegistry()
register = registry


def as_text(value: object) -> str:
    """A submitted value as stripped text; numbers are accepted (JSON clients send them)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise FieldValueError.of(Code.INVALID_TYPE, "Escribe un texto.", "Enter a text.")
    return str(value).strip()
