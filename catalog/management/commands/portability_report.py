from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from catalog.models import CatalogApp
from catalog.portability import jurisdiction_terms, report_with_terms
from catalog.services import version_portability_refresh
from core.actors import Actor
from tenants.models import Government


class Command(BaseCommand):
    help = (
        "Muestra la portabilidad (0–100) de la última versión publicada de cada app, leída de "
        "nuevo contra los términos actuales de su gobierno. / Prints the portability score "
        "(0–100) of every app's latest published version, computed again against its "
        "publisher's current terms."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--publisher", help="Solo las apps de este gobierno, p. ej. cdmx / Only this one."
        )
        parser.add_argument(
            "--save",
            action="store_true",
            help="Guardar el reporte en cada versión / Store the report on each version.",
        )
        parser.add_argument(
            "--findings",
            type=int,
            default=5,
            help="Hallazgos a mostrar por app (0: ninguno) / Findings shown per app.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        apps = CatalogApp.objects.filter(latest_version__isnull=False).select_related(
            "publisher", "latest_version"
        )
        if options["publisher"]:
            publisher = Government.objects.filter(slug=options["publisher"]).first()
            if publisher is None:
                raise CommandError(
                    f"No existe el gobierno «{options['publisher']}» / "
                    f"No government '{options['publisher']}'"
                )
            apps = apps.filter(publisher=publisher)
        rows = list(apps.order_by("publisher__slug", "slug"))
        actor = Actor.system("portability_report", email="sistema@ventanilla.mx", schema="public")
        shown = max(0, options["findings"])
        terms_of: dict[int, Any] = {}
        scores: list[int] = []
        for number, app in enumerate(rows, start=1):
            version = app.latest_version
            assert version is not None
            if options["save"]:
                report = version_portability_refresh(version=version, actor=actor).portability
            else:
                if app.publisher_id not in terms_of:
                    terms_of[app.publisher_id] = jurisdiction_terms(app.publisher)
                report = report_with_terms(version.definition, terms_of[app.publisher_id])
            scores.append(report["score"])
            findings = report["findings"]
            prefix = f"{app.publisher.slug}/" if not options["publisher"] else ""
            self.stdout.write(
                f"[{number}/{len(rows)}] {prefix}{app.slug} {version.version}: "
                f"{report['score']} ({len(findings)} hallazgos/findings, "
                f"{report['texts']} textos/texts)"
            )
            for finding in findings[:shown]:
                language = f" [{finding['language']}]" if finding["language"] else ""
                self.stdout.write(
                    f"    {finding['pointer']}{language}: «{finding['term']}» "
                    f"({finding['kind']}) {finding['excerpt']}"
                )
            if len(findings) > shown > 0:
                self.stdout.write(f"    … +{len(findings) - shown}")
        average = sum(scores) / len(scores) if scores else 100.0
        perfect = sum(1 for value in scores if value == 100)
        self.stdout.write(
            f"Apps: {len(scores)} · promedio/average {average:.1f} · "
            f"con 100/at 100: {perfect}" + (" · guardado/saved" if options["save"] else "")
        )
