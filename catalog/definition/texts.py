"""Translatable texts of definitions: {"es-MX": "...", "en": "..."} read in one language.

Kept apart from rendering.py so that field types (which rendering imports) can use it too.
"""

from __future__ import annotations

from collections.abc import Mapping

# The language keys of definition texts; Spanish is the one every text must have.
LANGUAGES = ("es-MX", "en")


def text_in(value: object, language: str) -> str:
    """A translatable text in the wanted language, else in Spanish."""
    if isinstance(value, Mapping):
        return str(value.get(language) or value.get("es-MX") or "")
    return "" if value is None else str(value)


def definition_language(django_language: str | None) -> str:
    """The key of definition texts ("es-MX", "en") for a Django language code ("es-mx", "en")."""
    return "en" if (django_language or "").startswith("en") else "es-MX"
