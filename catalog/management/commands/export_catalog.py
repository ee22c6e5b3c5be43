from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from catalog.bundles import bundle_dumps, bundle_file_name
from catalog.models import CatalogApp
from catalog.services import bundle_export
from tenants.models import Government


class Command(BaseCommand):
    help = (
        "Escribe un paquete (*.json) por cada app publicada de un gobierno. / "
        "Writes one bundle (*.json) per published app of a government."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path, help="Carpeta de destino / Output folder.")
        parser.add_argument(
            "--publisher", required=True, help="Identificador del gobierno, p. ej. cdmx."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        publisher = Government.objects.filter(slug=options["publisher"]).first()
        if publisher is None:
            raise CommandError(
                f"No existe el gobierno «{options['publisher']}» / "
                f"No government '{options['publisher']}'"
            )
        folder: Path = options["folder"]
        folder.mkdir(parents=True, exist_ok=True)
        apps = CatalogApp.objects.filter(publisher=publisher, latest_version__isnull=False)
        apps = apps.order_by("slug")
        total = apps.count()
        for number, app in enumerate(apps, start=1):
            path = folder / bundle_file_name(app.slug)
            path.write_text(bundle_dumps(bundle_export(app)), encoding="utf-8")
            self.stdout.write(f"[{number}/{total}] {path.name}")
        self.stdout.write(f"Exportadas / Exported: {total} → {folder}")
