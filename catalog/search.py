"""Full-text search of the catalogue: Spanish stemming, accents ignored, synonyms included.

Each app keeps a `search_vector` computed from its latest published version when that version is
published (not by a signal): name and citizen name weigh A, synonyms and homoclave B, description
and agency C, other languages D. A GIN index keeps queries fast over thousands of versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet

from catalog.definition import Definition

# Created in migration 0002: pg_catalog.spanish with `unaccent` before the Spanish stemmer.
SEARCH_CONFIG = "public.es_unaccent"
SPANISH = "es-MX"


def _text(value: Any, language: str = SPANISH) -> str:
    if isinstance(value, Mapping):
        return str(value.get(language, ""))
    return str(value) if isinstance(value, str) else ""


def _other_languages(value: Any) -> list[str]:
    if not isinstance(value, Mapping):
        return []
    return [str(text) for language, text in value.items() if language != SPANISH]


def search_documents(definition: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """The four weighted texts (A, B, C, D) of a definition."""
    app = Definition(definition)
    # citizen_name falls back to the name: counted once, as when it is missing.
    a = " ".join(dict.fromkeys([_text(app.name), _text(app.citizen_name)]))
    b = " ".join([*app.synonyms, app.homoclave])
    c = " ".join(
        [
            _text(app.description),
            _text(app.agency_name),
            app.agency_acronym,
            app.category.replace("-", " "),
            app.life_event.replace("-", " "),
        ]
    )
    d = " ".join(
        _other_languages(app.name)
        + (_other_languages(app.citizen_name) if app.citizen_name != app.name else [])
        + _other_languages(app.description)
    )
    return a.strip(), b.strip(), c.strip(), d.strip()


def apps_refresh_search_vectors(documents: Iterable[tuple[int, dict[str, Any]]]) -> None:
    """Recompute `search_vector` for (app id, definition) pairs in one UPDATE."""
    rows = [(app_id, *search_documents(definition)) for app_id, definition in documents]
    if not rows:
        return
    values = ", ".join(["(%s::bigint, %s, %s, %s, %s)"] * len(rows))
    params = [value for row in rows for value in row]
    config = f"'{SEARCH_CONFIG}'::regconfig"
    sql = f"""
        UPDATE catalog_catalogapp AS app SET search_vector =
            setweight(to_tsvector({config}, doc.a), 'A')
            || setweight(to_tsvector({config}, doc.b), 'B')
            || setweight(to_tsvector({config}, doc.c), 'C')
            || setweight(to_tsvector({config}, doc.d), 'D')
        FROM (VALUES {values}) AS doc(id, a, b, c, d)
        WHERE app.id = doc.id
    """  # noqa: S608 (only placeholders and a constant are interpolated)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def search_apps(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Filter `queryset` to apps matching `text` (web-search syntax: words, "phrases", -not),
    best match first."""
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    return (
        queryset.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "title", "pk")
    )
