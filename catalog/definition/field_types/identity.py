"""Contact data and Mexican identifiers: `email`, `phone_mx`, `curp`, `rfc`, `postal_code`.

The rules themselves live in core.identifiers, shared with the citizen profile; these types
only map its reasons to the stable answer error codes."""

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
from core.identifiers import (
    GENERIC_RFCS,
    IdentifierError,
    clean_curp,
    clean_email,
    clean_phone_mx,
    clean_postal_code,
    clean_rfc,
)

__all__ = ["GENERIC_RFCS", "postal_code"]


def _refused(code: str, error: IdentifierError) -> FieldValueError:
    return FieldValueError.of(code, error.message_es, error.message_en)


def postal_code(value: object) -> str:
    """A submitted postal code, cleaned; the address type checks its part with it too."""
    try:
        return clean_postal_code(as_text(value))
    except IdentifierError as error:
        raise _refused(Code.INVALID_POSTAL_CODE, error) from None


@register("email")
class EmailField(FieldType):
    html_input = "email"
    autocomplete = "email"

    def clean(self, field: Mapping[str, Any], value: object) -> str:
        try:
            return clean_email(as_text(value))
        except IdentifierError as error:
            raise _refused(Code.INVALID_EMAIL, error) from None

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        return person.email


@register("phone_mx")
class PhoneMxField(FieldType):
    """Ten digits since the 2019 numbering plan; a +52 (or 52) prefix and separators are dropped."""

    html_input = "tel"
    inputmode = "tel"
    autocomplete = "tel-national"

    def clean(self, field: Mapping[str, Any], value: object) -> str:
        try:
            return clean_phone_mx(as_text(value))
        except IdentifierError as error:
            raise _refused(Code.INVALID_PHONE, error) from None

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        return person.phone


@register("curp")
class CurpField(FieldType):
    identifies_applicant = True
    autocomplete = "off"

    def clean(self, field: Mapping[str, Any], value: object) -> str:
        try:
            return clean_curp(as_text(value))
        except IdentifierError as error:
            code = Code.CURP_CHECK_DIGIT if error.reason == "check_digit" else Code.INVALID_CURP
            raise _refused(code, error) from None

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        return person.curp


@register("rfc")
class RfcField(FieldType):
    autocomplete = "off"

    def clean(self, field: Mapping[str, Any], value: object) -> str:
        try:
            return clean_rfc(
                as_text(value),
                persona=str(field.get("persona", "cualquiera")),
                check_digit=field.get("check_digit", True) is not False,
            )
        except IdentifierError as error:
            code = Code.RFC_CHECK_DIGIT if error.reason == "check_digit" else Code.INVALID_RFC
            raise _refused(code, error) from None

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        # SAT's RFC for the general public: valid for any persona física field.
        return "XAXX010101000"


@register("postal_code")
class PostalCodeField(FieldType):
    inputmode = "numeric"
    autocomplete = "postal-code"

    def clean(self, field: Mapping[str, Any], value: object) -> str:
        return postal_code(value)

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        return person.address["codigo_postal"]
