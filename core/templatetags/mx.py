"""Formatting for Mexico: money in pesos (MXN) with the conventions of es-MX."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency
from django import template
from django.utils import timezone
from django.utils.translation import get_language, to_locale

register = template.Library()


def format_mxn(value: object, language: str) -> str:
    """1099 → "$1,099.00" (es-MX) or "MX$1,099.00" (en); text that is not a number is kept."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    locale = to_locale(language)
    return format_currency(amount, "MXN", locale=locale if locale != "en" else "en_US")


@register.filter
def mxn(value: object) -> str:
    """Money in pesos in the active language."""
    return format_mxn(value, get_language() or "es-mx")


@register.filter
def fecha(value: date | datetime | None, length: str = "long") -> str:
    """A date as people in Mexico write it: "24 de noviembre de 2026" (months in lower case,
    which Django's own Spanish catalogue capitalises)."""
    if value is None or value == "":
        return ""
    locale = to_locale(get_language() or "es-mx")
    locale = locale if locale != "en" else "en_US"
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return format_datetime(
            value, "d 'de' MMMM 'de' y, HH:mm" if locale.startswith("es") else length, locale=locale
        )
    return format_date(value, length, locale=locale)
