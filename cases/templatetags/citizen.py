"""Definition texts in the reader's language, for cases/filing/wizard.py."""

from __future__ import annotations

from core.i18n import content_language


def definition_language() -> str:
    """The language key of definition texts ("es-MX", "en") for the active Django language."""
    return content_language()
