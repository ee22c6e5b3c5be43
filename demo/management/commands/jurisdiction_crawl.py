from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from demo.crawl import TERM_SETS, crawl_government
from tenants.models import Government


class Command(BaseCommand):
    help = (
        "Recorre las páginas ciudadanas de un gobierno y cuenta las que nombran a otra "
        "jurisdicción (CDMX). / Crawls a government's citizen pages and counts those naming "
        "another jurisdiction (CDMX)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--government", required=True, help="slug del gobierno (sonora)")
        parser.add_argument("--terms", default="cdmx", choices=sorted(TERM_SETS))

    def handle(self, *args: Any, **options: Any) -> None:
        government = Government.objects.filter(slug=options["government"]).first()
        if government is None:
            raise CommandError(f"No existe el gobierno «{options['government']}».")
        self.stdout.write(f"{government.name}:")
        result = crawl_government(government, terms=options["terms"], report=self.stdout.write)
        self.stdout.write(
            f"{len(result.offenders)} de {len(result.pages)} páginas nombran a "
            f"{options['terms'].upper()}"
        )
        for page, terms in result.offenders:
            self.stdout.write(f"  {page}: {', '.join(terms)}")
