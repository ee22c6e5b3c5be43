"""The citizen home of a government's site: its live procedures by category, searchable."""

from __future__ import annotations

import unicodedata

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps_registry.selectors import CitizenApp, live_apps_for_citizens
from core.i18n import content_language, text_in


def _folded(text: str) -> str:
    """Lower case without accents, so "tramite" finds "trámite"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _matches(app: CitizenApp, words: list[str]) -> bool:
    texts = [
        *app.name.values(),
        *app.citizen_name.values(),
        *app.synonyms,
    ]
    haystack = _folded(" ".join(str(t) for t in texts))
    return all(word in haystack for word in words)


def home(request: HttpRequest) -> HttpResponse:
    """The citizen home: the government's live apps by category (paused ones shown as
    temporarily unavailable), filtered on the server by name and synonyms."""
    query = request.GET.get("q", "").strip()[:100]
    apps = live_apps_for_citizens()
    words = _folded(query).split()
    if words:
        apps = [app for app in apps if _matches(app, words)]
    language = content_language()
    categories: dict[str, list[dict[str, object]]] = {}
    for app in apps:
        label = app.category.replace("-", " ").capitalize() or _("Otros trámites")
        categories.setdefault(label, []).append(
            {
                "public_id": app.public_id,
                "name": text_in(app.citizen_name, language),
                "description": text_in(app.description, language),
                "available": app.available,
            }
        )
    return render(
        request,
        "cases/home.html",
        {"query": query, "categories": categories, "apps_count": len(apps)},
    )
