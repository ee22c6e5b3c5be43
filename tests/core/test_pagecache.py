"""The "pages" cache alias (core.pagecache): kept parts are per government, come back from the
cache until cleared, and clearing (the function or the command) empties the process's own caches
of parsed objects too."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django_tenants.utils import schema_context

from core import pagecache


def test_the_alias_is_bounded_and_keys_carry_the_schema_like_the_default_cache() -> None:
    pages = settings.CACHES[pagecache.PAGES]

    assert pages["KEY_FUNCTION"] == settings.CACHES["default"]["KEY_FUNCTION"]
    assert pages["BACKEND"] == "core.pagecache.TextMemoryCache"
    assert pages["OPTIONS"]["MAX_ENTRIES"] == 4096


def test_the_in_process_alias_keeps_text_as_it_is_and_refuses_anything_else() -> None:
    cache = caches[pagecache.PAGES]
    text = "<p>Trámite</p>" * 10

    cache.set("texto", text)

    assert cache.get("texto") is text
    assert cache.get("otro", "nada") == "nada"
    with pytest.raises(TypeError):
        cache.set("lista", ["no", "texto"])
    assert cache.get("lista") is None


def test_a_part_is_rendered_once_per_government(sonora, cdmx) -> None:
    pagecache.clear()
    renders: list[str] = []

    def render(name: str):
        def inner() -> str:
            renders.append(name)
            return f"<p>{name}</p>"

        return inner

    with schema_context(sonora.schema_name):
        first = pagecache.cached_html("prueba", (1, "es"), render("sonora"))
        again = pagecache.cached_html("prueba", (1, "es"), render("sonora"))
    with schema_context(cdmx.schema_name):
        other = pagecache.cached_html("prueba", (1, "es"), render("cdmx"))
    with schema_context(sonora.schema_name):
        english = pagecache.cached_html("prueba", (1, "en"), render("sonora-en"))

    assert (first, again, other, english) == (
        "<p>sonora</p>",
        "<p>sonora</p>",
        "<p>cdmx</p>",
        "<p>sonora-en</p>",
    )
    assert renders == ["sonora", "cdmx", "sonora-en"]


def test_clearing_renders_again_and_empties_the_registered_local_caches(sonora) -> None:
    cleared: list[bool] = []
    pagecache.also_clear(lambda: cleared.append(True))
    try:
        with schema_context(sonora.schema_name):
            pagecache.cached_text("prueba-borrar", (), lambda: "antes")
            call_command("clear_caches", stdout=StringIO())
            after = pagecache.cached_text("prueba-borrar", (), lambda: "después")
    finally:
        pagecache._local_clears.pop()

    assert after == "después"
    assert cleared == [True]


def test_long_or_spaced_parts_make_short_keys() -> None:
    key = pagecache.page_key("blank-fields", (7, '{"oficina": "Centro"}' * 50, "paso uno"))

    assert len(key) < 64 and " " not in key
