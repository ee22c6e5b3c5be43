"""Mexican identifiers and contact data, checked the same way everywhere on the platform.

The kernel owns these rules because both the citizen profile (core.accounts) and the CURP, RFC,
phone, postal-code and e-mail fields of procedure forms (catalog.definition.field_types) apply
them: the kernel must import no app, so the apps import this module instead.

Each `clean_*` function takes the text as typed and returns its canonical form, or raises
`IdentifierError` with a reason ("invalid", "check_digit", "persona") and a Spanish and English
message. Checksums come from python-stdnum; nothing here re-implements them.
"""

from __future__ import annotations

import re
from typing import Literal

from email_validator import EmailNotValidError, validate_email
from stdnum import exceptions as stdnum_errors
from stdnum.mx import curp as stdnum_curp
from stdnum.mx import rfc as stdnum_rfc

Reason = Literal["invalid", "check_digit", "persona"]
Persona = Literal["fisica", "moral", "cualquiera"]

# SAT's generic RFCs (público en general, extranjeros): valid although their check digit is not.
GENERIC_RFCS = frozenset({"XAXX010101000", "XEXX010101000"})


class IdentifierError(ValueError):
    """Why a value is not a valid identifier, in Spanish and English."""

    def __init__(self, reason: Reason, message_es: str, message_en: str) -> None:
        super().__init__(message_es)
        self.reason: Reason = reason
        self.message_es = message_es
        self.message_en = message_en


def clean_curp(text: str) -> str:
    """The CURP in upper case, with its RENAPO check digit verified."""
    try:
        return str(stdnum_curp.validate(text.strip().upper()))
    except stdnum_errors.InvalidChecksum:
        raise IdentifierError(
            "check_digit",
            "El dígito verificador de la CURP no coincide; revisa que esté bien escrita.",
            "The CURP check digit does not match; check that it is typed correctly.",
        ) from None
    except stdnum_errors.ValidationError:
        raise IdentifierError(
            "invalid",
            "La CURP tiene 18 caracteres: 4 letras, fecha AAMMDD, H/M, entidad y 5 más.",
            "A CURP has 18 characters: 4 letters, date YYMMDD, H/M, state and 5 more.",
        ) from None


def clean_rfc(text: str, *, persona: Persona | str = "cualquiera", check_digit: bool = True) -> str:
    """The RFC in upper case: 13 characters for a persona física, 12 for a persona moral.

    The check digit is verified unless `check_digit` is false or the RFC is one of SAT's
    generic ones (GENERIC_RFCS), which do not follow it."""
    rfc = text.strip().upper()
    try:
        rfc = str(
            stdnum_rfc.validate(rfc, validate_check_digits=check_digit and rfc not in GENERIC_RFCS)
        )
    except stdnum_errors.InvalidChecksum:
        raise IdentifierError(
            "check_digit",
            "El dígito verificador del RFC no coincide; revisa la homoclave.",
            "The RFC check digit does not match; check the last characters.",
        ) from None
    except stdnum_errors.ValidationError:
        raise IdentifierError(
            "invalid",
            "El RFC no es válido: 13 caracteres para personas físicas, 12 para morales.",
            "The RFC is not valid: 13 characters for individuals, 12 for companies.",
        ) from None
    if persona == "fisica" and len(rfc) != 13:
        raise IdentifierError(
            "persona",
            "Escribe un RFC de persona física (13 caracteres).",
            "Enter an RFC of an individual (13 characters).",
        )
    if persona == "moral" and len(rfc) != 12:
        raise IdentifierError(
            "persona",
            "Escribe un RFC de persona moral (12 caracteres).",
            "Enter an RFC of a company (12 characters).",
        )
    return rfc


def clean_phone_mx(text: str) -> str:
    """Ten digits since the 2019 numbering plan; a +52 (or 52) prefix and separators are
    dropped."""
    digits = re.sub(r"[\s\-().]", "", text.strip())
    if digits.startswith("+52"):
        digits = digits[3:]
    elif len(digits) == 12 and digits.startswith("52"):
        digits = digits[2:]
    if not re.fullmatch(r"\d{10}", digits):
        raise IdentifierError(
            "invalid", "Escribe un teléfono de 10 dígitos.", "Enter a 10-digit phone number."
        )
    return digits


def clean_postal_code(text: str) -> str:
    """Five digits. SEPOMEX codes run from 01000 to 99999: the first two digits are never 00."""
    code = text.strip()
    if not re.fullmatch(r"\d{5}", code) or code.startswith("00"):
        raise IdentifierError(
            "invalid", "El código postal tiene 5 dígitos.", "The postal code has 5 digits."
        )
    return code


def clean_email(text: str) -> str:
    """The address normalised by email-validator (domain in lower case). No DNS lookups:
    validation must work offline and not leak what people type."""
    try:
        result = validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise IdentifierError(
            "invalid",
            "Escribe un correo electrónico válido, por ejemplo nombre@dominio.mx.",
            "Enter a valid e-mail address, for example name@domain.mx.",
        ) from None
    return str(result.normalized)
