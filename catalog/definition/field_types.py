"""Field types of app forms: a typed registry, one class per type, registered with a decorator.

Each type turns a submitted value (from an HTML form, so usually text, or from JSON) into a clean
Python value, or says in Spanish and English why it cannot. `validate_answers` applies them to a
whole form, after the rules have decided which fields are visible and required.

Cleaned values: str, int, Decimal (decimal, money), datetime.date, bool, list[str], dict (address,
file metadata). `jsonable_answers` turns them into JSON for storage.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, ClassVar

from django.utils import timezone
from email_validator import EmailNotValidError, validate_email
from stdnum import exceptions as stdnum_errors
from stdnum.mx import curp as stdnum_curp
from stdnum.mx import rfc as stdnum_rfc

from catalog.definition.errors import AnswerErrorCode as Code
from catalog.definition.rules import active_items, iter_fields
from core.errors import ErrorDetail


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


class FieldType:
    """Base of every field type. Subclasses set `name` through the registry decorator."""

    name: ClassVar[str] = ""
    # How the renderer shows it: the HTML <input type>, inputmode and autocomplete hints.
    html_input: ClassVar[str] = "text"
    inputmode: ClassVar[str] = ""
    autocomplete: ClassVar[str] = ""

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


class FieldTypeRegistry:
    def __init__(self) -> None:
        self._types: dict[str, FieldType] = {}

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


registry = FieldTypeRegistry()
register = registry


def _text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise FieldValueError.of(Code.INVALID_TYPE, "Escribe un texto.", "Enter a text.")
    return str(value).strip()


def _check_length(field: Mapping[str, Any], text: str) -> None:
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


def _check_range(field: Mapping[str, Any], number: Decimal | int, unit: str = "") -> None:
    minimum, maximum = field.get("min"), field.get("max")
    if isinstance(minimum, int | float) and number < Decimal(str(minimum)):
        raise FieldValueError.of(
            Code.BELOW_MIN,
            f"El valor mínimo es {unit}{minimum}.",
            f"The minimum is {unit}{minimum}.",
        )
    if isinstance(maximum, int | float) and number > Decimal(str(maximum)):
        raise FieldValueError.of(
            Code.ABOVE_MAX,
            f"El valor máximo es {unit}{maximum}.",
            f"The maximum is {unit}{maximum}.",
        )


@register("text")
class TextField(FieldType):
    def clean(self, field: Mapping[str, Any], value: object) -> str:
        text = _text(value)
        _check_length(field, text)
        pattern = field.get("pattern")
        if isinstance(pattern, str) and not re.fullmatch(pattern, text):
            custom = field.get("pattern_message") or {}
            raise FieldValueError.of(
                Code.PATTERN_MISMATCH,
                custom.get("es-MX") or "El texto no tiene el formato esperado.",
                custom.get("en") or "The text does not have the expected format.",
            )
        return text


@register("textarea")
class TextareaField(FieldType):
    def clean(self, field: Mapping[str, Any], value: object) -> str:
        text = _text(value)
        _check_length(field, text)
        return text


@register("integer")
class IntegerField(FieldType):
    html_input = "text"
    inputmode = "numeric"

    def clean(self, field: Mapping[str, Any], value: object) -> int:
        number: int
        if isinstance(value, bool):
            raise FieldValueError.of(
                Code.INVALID_INTEGER, "Escribe un número entero.", "Enter a whole number."
            )
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip().replace(",", "")):
            number = int(value.strip().replace(",", ""))
        else:
            raise FieldValueError.of(
                Code.INVALID_INTEGER, "Escribe un número entero.", "Enter a whole number."
            )
        _check_range(field, number)
        return number


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float):
        number = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace(" ", "")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def _decimal_places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@register("decimal")
class DecimalField(FieldType):
    inputmode = "decimal"

    def clean(self, field: Mapping[str, Any], value: object) -> Decimal:
        number = _decimal(value)
        if number is None:
            raise FieldValueError.of(Code.INVALID_NUMBER, "Escribe un número.", "Enter a number.")
        places = field.get("decimal_places")
        if isinstance(places, int) and _decimal_places(number) > places:
            raise FieldValueError.of(
                Code.TOO_MANY_DECIMALS,
                f"Usa como máximo {places} decimales.",
                f"Use at most {places} decimal places.",
            )
        _check_range(field, number)
        return number


@register("money")
class MoneyField(FieldType):
    """Pesos mexicanos: never negative, two decimals; "$1,099.50" is accepted."""

    inputmode = "decimal"

    def clean(self, field: Mapping[str, Any], value: object) -> Decimal:
        raw = value.strip().removeprefix("$").strip() if isinstance(value, str) else value
        number = _decimal(raw)
        if number is None or number < 0:
            raise FieldValueError.of(
                Code.INVALID_MONEY,
                "Escribe una cantidad en pesos, por ejemplo 1099.50.",
                "Enter an amount in pesos, for example 1099.50.",
            )
        if _decimal_places(number) > 2:
            raise FieldValueError.of(
                Code.TOO_MANY_DECIMALS,
                "Usa como máximo 2 decimales (centavos).",
                "Use at most 2 decimal places (cents).",
            )
        _check_range(field, number, unit="$")
        return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _date_limit(limit: object) -> dt.date | None:
    if limit == "today":
        return timezone.localdate()
    if isinstance(limit, str):
        try:
            return dt.date.fromisoformat(limit)
        except ValueError:
            return None
    return None


@register("date")
class DateField(FieldType):
    html_input = "date"

    def clean(self, field: Mapping[str, Any], value: object) -> dt.date:
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                day = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise FieldValueError.of(
                    Code.INVALID_DATE, "Esa fecha no existe.", "That date does not exist."
                ) from None
        else:
            raise FieldValueError.of(
                Code.INVALID_DATE,
                "Escribe la fecha como AAAA-MM-DD.",
                "Enter the date as YYYY-MM-DD.",
            )
        earliest, latest = _date_limit(field.get("min")), _date_limit(field.get("max"))
        if earliest and day < earliest:
            raise FieldValueError.of(
                Code.BELOW_MIN,
                f"La fecha no puede ser anterior al {earliest.isoformat()}.",
                f"The date cannot be before {earliest.isoformat()}.",
            )
        if latest and day > latest:
            raise FieldValueError.of(
                Code.ABOVE_MAX,
                f"La fecha no puede ser posterior al {latest.isoformat()}.",
                f"The date cannot be after {latest.isoformat()}.",
            )
        return day


_TRUE = {"true", "1", "si", "sí", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


@register("boolean")
class BooleanField(FieldType):
    """Sí/no. Answering "no" is an answer: a required yes/no question accepts false."""

    html_input = "radio"

    def clean(self, field: Mapping[str, Any], value: object) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise FieldValueError.of(Code.INVALID_BOOLEAN, "Responde sí o no.", "Answer yes or no.")


def _option_values(field: Mapping[str, Any]) -> list[str]:
    options = field.get("options")
    return [
        option["value"]
        for option in (options if isinstance(options, list) else [])
        if isinstance(option, Mapping) and isinstance(option.get("value"), str)
    ]


@register("choice")
class ChoiceField(FieldType):
    html_input = "radio"

    def clean(self, field: Mapping[str, Any], value: object) -> str:
        if not isinstance(value, str) or value not in _option_values(field):
            raise FieldValueError.of(
                Code.INVALID_CHOICE,
                "Elige una de las opciones.",
                "Choose one of the options.",
            )
        return value


@register("multiple_choice")
class MultipleChoiceField(FieldType):
    html_input = "checkbox"

    def clean(self, field: Mapping[str, Any], value: object) -> list[str]:
        chosen = [value] if isinstance(value, str) else value
        allowed = _option_values(field)
        if not isinstance(chosen, list | tuple) or any(
            not isinstance(item, str) or item not in allowed for item in chosen
        ):
            raise FieldValueError.of(
                Code.INVALID_CHOICE,
                "Elige solo entre las opciones dadas.",
                "Choose only among the given options.",
            )
        # Keep the order of the options, once each.
        picked = [option for option in allowed if option in chosen]
        min_items, max_items = field.get("min_items"), field.get("max_items")
        if isinstance(min_items, int) and len(picked) < min_items:
            raise FieldValueError.of(
                Code.TOO_FEW_CHOICES,
                f"Elige al menos {min_items} opciones.",
                f"Choose at least {min_items} options.",
            )
        if isinstance(max_items, int) and len(picked) > max_items:
            raise FieldValueError.of(
                Code.TOO_MANY_CHOICES,
                f"Elige como máximo {max_items} opciones.",
                f"Choose at most {max_items} options.",
            )
        return picked


@register("email")
class EmailField(FieldType):
    html_input = "email"
    autocomplete = "email"

    def clean(self, field: Mapping[str, Any], value: object) -> str:
        text = _text(value)
        try:
            # No DNS lookups: validation must work offline and not leak what citizens type.
            result = validate_email(text, check_deliverability=False)
        except EmailNotValidError:
            raise FieldValueError.of(
                Code.INVALID_EMAIL,
                "Escribe un correo electrónico válido, por ejemplo nombre@dominio.mx.",
                "Enter a valid e-mail address, for example name@domain.mx.",
            ) from None
        return str(result.normalized)


@register("phone_mx")
class PhoneMxField(FieldType):
    """Ten digits since the 2019 numbering plan; a +52 (or 52) prefix and separators are dropped."""

    html_input = "tel"
    inputmode = "tel"
    autocomplete = "tel-national"

    def clean(self, field: Mapping[str, Any], value: object) -> str:
        text = _text(value)
        digits = re.sub(r"[\s\-().]", "", text)
        if digits.startswith("+52"):
            digits = digits[3:]
        elif len(digits) == 12 and digits.startswith("52"):
            digits = digits[2:]
        if not re.fullmatch(r"\d{10}", digits):
            raise FieldValueError.of(
                Code.INVALID_PHONE,
                "Escribe un teléfono de 10 dígitos.",
                "Enter a 10-digit phone number.",
            )
        return digits


@register("curp")
class CurpField(FieldType):
    autocomplete = "off"

    def clean(self, field: Mapping[str, Any], value: object) -> str:
        text = _text(value).upper()
        try:
            return str(stdnum_curp.validate(text))
        except stdnum_errors.InvalidChecksum:
            raise FieldValueError.of(
                Code.CURP_CHECK_DIGIT,
                "El dígito verificador de la CURP no coincide; revisa que esté bien escrita.",
                "The CURP check digit does not match; check that it is typed correctly.",
            ) from None
        except stdnum_errors.ValidationError:
            raise FieldValueError.of(
                Code.INVALID_CURP,
                "La CURP tiene 18 caracteres: 4 letras, fecha AAMMDD, H/M, entidad y 5 más.",
                "A CURP has 18 characters: 4 letters, date YYMMDD, H/M, state and 5 more.",
            ) from None


GENERIC_RFCS = frozenset({"XAXX010101000", "XEXX010101000"})


@register("rfc")
class RfcField(FieldType):
    autocomplete = "off"

    def clean(self, field: Mapping[str, Any], value: object) -> str:
        text = _text(value).upper()
        # SAT's generic RFCs (público en general, extranjeros) do not follow the check digit.
        check_digit = field.get("check_digit", True) is not False and text not in GENERIC_RFCS
        try:
            rfc = str(stdnum_rfc.validate(text, validate_check_digits=check_digit))
        except stdnum_errors.InvalidChecksum:
            raise FieldValueError.of(
                Code.RFC_CHECK_DIGIT,
                "El dígito verificador del RFC no coincide; revisa la homoclave.",
                "The RFC check digit does not match; check the last characters.",
            ) from None
        except stdnum_errors.ValidationError:
            raise FieldValueError.of(
                Code.INVALID_RFC,
                "El RFC no es válido: 13 caracteres para personas físicas, 12 para morales.",
                "The RFC is not valid: 13 characters for individuals, 12 for companies.",
            ) from None
        persona = field.get("persona", "cualquiera")
        if (persona == "fisica" and len(rfc) != 13) or (persona == "moral" and len(rfc) != 12):
            es, en = (
                ("de persona física (13 caracteres)", "of an individual (13 characters)")
                if persona == "fisica"
                else ("de persona moral (12 caracteres)", "of a company (12 characters)")
            )
            raise FieldValueError.of(
                Code.INVALID_RFC, f"Escribe un RFC {es}.", f"Enter an RFC {en}."
            )
        return rfc


def _postal_code(value: object) -> str:
    text = _text(value)
    # SEPOMEX codes run from 01000 to 99999: the first two digits are never 00.
    if not re.fullmatch(r"\d{5}", text) or text.startswith("00"):
        raise FieldValueError.of(
            Code.INVALID_POSTAL_CODE,
            "El código postal tiene 5 dígitos.",
            "The postal code has 5 digits.",
        )
    return text


@register("postal_code")
class PostalCodeField(FieldType):
    inputmode = "numeric"
    autocomplete = "postal-code"

    def clean(self, field: Mapping[str, Any], value: object) -> str:
        return _postal_code(value)


# (key, required, Spanish label, English label, autocomplete)
ADDRESS_PARTS: tuple[tuple[str, bool, str, str, str], ...] = (
    ("calle", True, "Calle", "Street", "address-line1"),
    ("numero_exterior", True, "Número exterior", "Street number", "off"),
    ("numero_interior", False, "Número interior", "Apartment or unit", "address-line2"),
    ("colonia", True, "Colonia", "Neighbourhood (colonia)", "address-level3"),
    ("municipio", True, "Alcaldía o municipio", "Borough or municipality", "address-level2"),
    ("estado", True, "Entidad federativa", "State", "address-level1"),
    ("codigo_postal", True, "Código postal", "Postal code", "postal-code"),
)


@register("address")
class AddressField(FieldType):
    """A Mexican address block; the value is an object with the keys of ADDRESS_PARTS."""

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
                            f"Falta {label_es.lower()} del domicilio.",
                            f"The address is missing: {label_en.lower()}.",
                        )
                    )
                continue
            try:
                text = _postal_code(raw) if key == "codigo_postal" else _text(raw)
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


def _accepted(content_type: str, accept: list[str]) -> bool:
    for allowed in accept:
        if allowed.endswith("/*") and content_type.startswith(allowed[:-1]):
            return True
        if content_type == allowed:
            return True
    return False


def file_metadata_problems(
    value: object, accept: list[str], max_size_mb: float | int | None
) -> list[Problem]:
    """Checks of an uploaded file's {name, size, content_type}; documents use it too."""
    if not isinstance(value, Mapping) or not all(
        key in value for key in ("name", "size", "content_type")
    ):
        return [
            Problem(
                Code.INVALID_FILE,
                "Adjunta un archivo.",
                "Attach a file.",
            )
        ]
    size, content_type = value.get("size"), str(value.get("content_type") or "").lower()
    problems = []
    if accept and not _accepted(content_type.split(";")[0].strip(), accept):
        names = ", ".join(item.split("/")[-1].upper() for item in accept)
        problems.append(
            Problem(
                Code.FILE_TYPE_NOT_ALLOWED,
                f"Tipo de archivo no permitido; se aceptan: {names}.",
                f"File type not allowed; accepted: {names}.",
            )
        )
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        problems.append(Problem(Code.INVALID_FILE, "Adjunta un archivo.", "Attach a file."))
    elif isinstance(max_size_mb, int | float) and size > max_size_mb * 1024 * 1024:
        problems.append(
            Problem(
                Code.FILE_TOO_LARGE,
                f"El archivo pesa más de {max_size_mb:g} MB.",
                f"The file is larger than {max_size_mb:g} MB.",
            )
        )
    return problems


@register("file")
class FileField(FieldType):
    """The value is the upload's metadata, {name, size, content_type}; storage is elsewhere."""

    html_input = "file"

    def clean(self, field: Mapping[str, Any], value: object) -> dict[str, Any]:
        accept = field.get("accept")
        problems = file_metadata_problems(
            value, accept if isinstance(accept, list) else [], field.get("max_size_mb")
        )
        if problems:
            raise FieldValueError(*problems)
        assert isinstance(value, Mapping)
        return {
            "name": str(value["name"]),
            "size": value["size"],
            "content_type": str(value["content_type"]).lower(),
        }


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
