"""Numbers and dates: `integer`, `decimal`, `money` (pesos) and `date`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date, format_datetime
from django.utils import timezone

from catalog.definition.errors import AnswerErrorCode as Code
from catalog.definition.field_types.base import (
    SAMPLE_CITIZEN,
    FieldType,
    FieldValueError,
    SamplePerson,
    register,
)
from core.i18n import is_english
from core.templatetags.mx import format_mxn


def django_language(language: str) -> str:
    """The Django language code of a definition language ("es-MX" → "es-mx")."""
    return "en" if is_english(language) else "es-mx"


def babel_locale(language: str) -> str:
    # As core.templatetags.mx does: English dates and pesos are written the US way.
    return "en_US" if is_english(language) else "es_MX"


def long_date(value: dt.date, language: str) -> str:
    """ "17 de mayo de 1990" / "May 17, 1990": core.templatetags.mx.fecha in `language`."""
    locale = babel_locale(language)
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        pattern = "d 'de' MMMM 'de' y, HH:mm" if locale.startswith("es") else "long"
        return format_datetime(value, pattern, locale=locale)
    return format_date(value, "long", locale=locale)


def check_range(field: Mapping[str, Any], number: Decimal | int, unit: str = "") -> None:
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


class _NumberField(FieldType):
    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        """The minimum (1 without one), kept under the maximum, as form text."""
        low, high = field.get("min"), field.get("max")
        value = 1 if low is None else low
        if high is not None and value > high:
            value = high
        return str(value)


@register("integer")
class IntegerField(_NumberField):
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
        check_range(field, number)
        return number


@register("decimal")
class DecimalField(_NumberField):
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
        check_range(field, number)
        return number


@register("money")
class MoneyField(_NumberField):
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
        check_range(field, number, unit="$")
        return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def display(self, field: Mapping[str, Any], value: Any) -> dict[str, str]:
        return {"es-MX": format_mxn(value, "es-mx"), "en": format_mxn(value, "en")}

    def display_text(self, field: Mapping[str, Any], value: Any, language: str) -> str:
        if value is None or value == "" or value == []:
            return ""
        return format_mxn(value, django_language(language))


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

    def display(self, field: Mapping[str, Any], value: Any) -> dict[str, str]:
        """Stored dates are ISO text: DD/MM/YYYY in Spanish, as Mexican forms print them."""
        if isinstance(value, str) and len(value) == 10:
            year, month, day = value.split("-")
            return {"es-MX": f"{day}/{month}/{year}", "en": value}
        return super().display(field, value)

    def display_text(self, field: Mapping[str, Any], value: Any, language: str) -> str:
        if value is None or value == "" or value == []:
            return ""
        if isinstance(value, dt.date):
            return long_date(value, language)
        try:
            return long_date(dt.date.fromisoformat(str(value)[:10]), language)
        except ValueError:
            return str(value)

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        """A month ago, moved into the field's limits; a birth date is a grown-up's."""
        today = timezone.localdate()
        day = today - dt.timedelta(days=30)
        low = field.get("min")
        if isinstance(low, str) and low != "today" and dt.date.fromisoformat(low) > day:
            day = dt.date.fromisoformat(low)
        if field.get("max") == "today" and day > today:
            day = today
        if "nacimiento" in str(field["id"]):
            day = dt.date(1990, 5, 17)
        return day.isoformat()
