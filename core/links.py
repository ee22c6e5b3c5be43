"""Which addresses a page may link to. Texts a government writes (definitions, local values)
end up as `<a href>` on other governments' sites, so only web addresses pass: http and https with
a host. `javascript:`, `data:`, `vbscript:` and relative or scheme-less values never do, whatever
their letter case, leading spaces or control characters."""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})


def is_web_url(value: object) -> bool:
    if not isinstance(value, str) or value != value.strip():
        return False
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def web_url_or_empty(value: object) -> str:
    """The address when a page may link to it, else "" (checked again when the page is drawn:
    rows saved before the rule, or written around the services, never become links)."""
    return value if isinstance(value, str) and is_web_url(value) else ""
