"""Translatable texts of definitions: {"es-MX": "...", "en": "..."} read in one language.

The reading itself is the kernel's (core.i18n.text_in: error messages, notices and snapshots are
bilingual the same way); definitions name it here so field types and rendering share one import.
"""

from __future__ import annotations

from core.i18n import LANGUAGES, text_in

__all__ = ["LANGUAGES", "text_in"]
