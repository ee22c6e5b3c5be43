"""Bilingual texts in templates: `{{ state.name|tr }}` reads {"es-MX": ..., "en": ...} in the
page's language (Spanish when the other is missing)."""

from __future__ import annotations

from django import template

from core.i18n import content_language, text_in
from core.links import web_url_or_empty

register = template.Library()


@register.filter
def tr(value: object) -> str:
    return text_in(value, content_language())


@register.filter
def web_url(value: object) -> str:
    """`{% with href=item.url|web_url %}`: the address if it is http(s), else "" (no link)."""
    return web_url_or_empty(value)
