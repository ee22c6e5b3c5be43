"""Filters of the citizen pages: definition texts in the reader's language."""

from __future__ import annotations

from django import template

from catalog.definition.rendering import text_in
from core.i18n import content_language

register = template.Library()


def definition_language() -> str:
    """The language key of definition texts ("es-MX", "en") for the active Django language.
    Kept as a name for cases/filing/wizard.py, which another branch is rewriting; new code calls
    core.i18n.content_language."""
    return content_language()


@register.filter
def tr(value: object) -> str:
    """{"es-MX": "Recibida", "en": "Received"} → the text in the active language, else Spanish."""
    return text_in(value, content_language())
