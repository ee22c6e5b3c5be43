"""Forget the kept page parts (core.pagecache): the "pages" cache alias of every government."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from core import pagecache


class Command(BaseCommand):
    help = (
        "Vacía el caché de partes de página (alias «pages») de todos los gobiernos. Con el caché "
        "en memoria (sin VENTANILLA_PAGES_CACHE_URL) cada proceso web tiene el suyo: reinícielos. "
        "/ Empties the page-parts cache (the 'pages' alias) of every government. With the "
        "in-memory cache (no VENTANILLA_PAGES_CACHE_URL) each web process has its own: restart them."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pagecache.clear()
        self.stdout.write("Caché «pages» vaciado / 'pages' cache cleared")
