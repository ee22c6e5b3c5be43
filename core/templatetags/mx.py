"""Formatting for Mexico: money in pesos (MXN) with the conventions of es-MX."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import format_currency
from django import template
from django.utils.translation import get_language, to_locale

register = template.Library()


@register.filter
def mxn(value: object) -> str:
    """1099 → "$1,099.00" (es-MX) or "MX$1,099.00" (en)."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    locale = to_locale(get_language() or "es-mx")
    return format_currency(amount, "MXN", locale=locale if locale != "en" else "en_US")
