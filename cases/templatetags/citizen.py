"""Filters of the citizen pages: definition texts in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from catalog.definition.rendering import text_in

register = template.Library()


def definition_language() -> str:
    """The language key of definition texts ("es-MX", "en") for the active Django language."""
    return "en" if (get_language() or "").startswith("en") else "es-MX"


@register.filter
def tr(value: object) -> str:
    """{"es-MX": "Recibida", "en": "Received"} → the text in the active language, else Spanish."""
    return text_in(value, definition_language())
