"""Spanish first: the language is Spanish (es-MX) unless the visitor chose another with the
language switch. The browser's Accept-Language is not consulted, so a government site never
greets its citizens in English just because their browser was set up that way."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class SpanishFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def content_language(language: str | None = None) -> str:
    """The key of stored bilingual texts (definitions, snapshots, notices) for `language`, the
    active Django language by default: "en" for any English, else "es-MX". Spanish is the
    fallback because every text is written in Spanish first; English is only a translation."""
    chosen = translation.get_language() if language is None else language
    return "en" if (chosen or "").lower().startswith("en") else "es-MX"


def is_english(language: str | None = None) -> bool:
    return content_language(language) == "en"


# The language keys of stored bilingual texts; Spanish is the one every text must have.
LANGUAGES = ("es-MX", "en")


def text_in(value: object, language: str) -> str:
    """A bilingual text ({"es-MX": "...", "en": "..."}) in the wanted language, else in
    Spanish; a plain value as text."""
    if isinstance(value, Mapping):
        return str(value.get(language) or value.get("es-MX") or "")
    return "" if value is None else str(value)
