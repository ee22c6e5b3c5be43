"""Bilingual texts in templates: `{{ state.name|tr }}` reads {"es-MX": ..., "en": ...} in the
page's language (Spanish when the other is missing)."""

from __future__ import annotations

from django import template

from core.i18n import content_language, text_in

register = template.Library()


@register.filter
def tr(value: object) -> str:
    return text_in(value, content_language())
