"""Rendered HTML and page parts kept between requests: the Django cache alias "pages".

Parts of pages that are the same for everyone who comes with the same key (every page's header
and footer, the wizard's top and its blank fields…) are rendered once and kept in this alias
rather than in per-function lru_caches, so that they can be measured and cleared like any Django
cache, and moved to a shared store by a setting (VENTANILLA_PAGES_CACHE_URL; see
config.settings.integrations). By default the alias is a `TextMemoryCache` (below): one per
process, bounded by MAX_ENTRIES, where a read is a dictionary look-up and no network round trip.

Keys: everything the HTML depends on (version, local values, language, URLconf, script
prefix, the government's look…) hashed to a short fixed-length key that every backend accepts
(memcached refuses long keys or spaces, and local values can be long). The alias's KEY_FUNCTION
puts the current schema in front, as the default cache's does, so one government's HTML is never
served on another government's site.

Clearing: `clear()` empties the alias and the process-local caches registered with
`also_clear` (parsed objects that stay in the process: see their comments); `manage.py
clear_caches` does the same from the command line, which reaches the web workers only when the
alias is shared (Redis): a LocMemCache lives in each worker, and goes with a restart.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, cast

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.utils.safestring import SafeString, mark_safe

PAGES = "pages"


class TextMemoryCache(LocMemCache):
    """Django's LocMemCache for immutable text: values are kept as they are, not pickled, and
    keys (page_key's, fixed-length hex) are not checked character by character for memcached.
    Pickling a page part on every read cost about a tenth of the citizen's form page; a str
    needs no copy to be safe from callers. Anything else `set` here is refused."""

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        key = self.make_key(key, version=version)
        store = cast(Any, self)  # LocMemCache's private parts, which django-stubs leaves out
        with store._lock:
            if store._has_expired(key):
                store._delete(key)
                return default
            value = store._cache[key]
            store._cache.move_to_end(key, last=False)
        return value

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        if not isinstance(value, str):
            raise TypeError("The pages cache keeps plain text only")
        value = str.__str__(value)  # a plain str, even from a SafeString
        key = self.make_key(key, version=version)
        store = cast(Any, self)
        with store._lock:
            store._set(key, value, timeout)


_local_clears: list[Callable[[], None]] = []


def page_key(kind: str, parts: tuple[object, ...]) -> str:
    """A short key for `parts`: built from values with a stable repr (strings, numbers, dates,
    None, tuples and frozen dataclasses of them), never from model instances."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"{kind}:{digest}"


def cached_text(kind: str, parts: tuple[object, ...], render: Callable[[], str]) -> str:
    """The text kept for (`kind`, `parts`), rendered with `render` on a miss."""
    cache = caches[PAGES]
    key = page_key(kind, parts)
    text = cache.get(key)
    if text is None:
        # Kept as a plain str (callers mark it safe again, see cached_html): a shared store
        # would pickle a SafeString with its class on every write and read.
        text = str.__str__(render())
        cache.set(key, text)
    return text


def cached_html(kind: str, parts: tuple[object, ...], render: Callable[[], str]) -> SafeString:
    """`cached_text` for HTML that `render` produced with auto-escaping templates."""
    return mark_safe(cached_text(kind, parts, render))  # noqa: S308 - rendered auto-escaped


def also_clear(clear: Callable[[], None]) -> None:
    """Register a process-local cache (an lru_cache's `cache_clear`) that `clear()` empties."""
    _local_clears.append(clear)


def clear() -> None:
    """Forget every kept page part: the alias (all governments) and this process's own caches."""
    caches[PAGES].clear()
    for local_clear in _local_clears:
        local_clear()
