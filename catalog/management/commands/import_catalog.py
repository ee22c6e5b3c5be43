from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from catalog.services import SYSTEM_ACTOR, bundle_import_folder
from core.actors import Actor
from tenants.models import Government


class Command(BaseCommand):
    help = (
        "Importa una carpeta de paquetes de apps (*.json) al catálogo de un gobierno. Se puede "
        "repetir: lo ya publicado igual no cambia nada. / Imports a folder of app bundles (*.json) "
        "into a government's catalogue. Safe to re-run."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path, help="Carpeta con los paquetes / Bundle folder.")
        parser.add_argument(
            "--publisher", required=True, help="Identificador del gobierno, p. ej. cdmx."
        )
        parser.add_argument(
            "--actor-email",
            default=SYSTEM_ACTOR.email,
            help="Correo que queda en la auditoría / E-mail recorded in the audit trail.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"No existe la carpeta {folder} / No such folder: {folder}")
        publisher = Government.objects.filter(slug=options["publisher"]).first()
        if publisher is None:
            raise CommandError(
                f"No existe el gobierno «{options['publisher']}» / "
                f"No government '{options['publisher']}'"
            )
        summary = bundle_import_folder(
            publisher=publisher,
            folder=folder,
            # Whoever runs the command acts as the platform; the e-mail only labels the rows.
            actor=Actor.system("import_catalog", email=options["actor_email"], schema="public"),
            progress=self.stdout.write,
        )
        for name in summary.ignored:
            self.stdout.write(f"ignorado (no es .json) / ignored (not .json): {name}")
        for name, error in summary.errors:
            where = error.location or "/"
            self.stderr.write(
                f"{name}: {where}: [{error.code}] {error.message_es} / {error.message_en}"
            )
        self.stdout.write(
            f"Resumen / Summary: creadas/created {len(summary.created)}, "
            f"actualizadas/updated {len(summary.updated)}, "
            f"sin cambios/unchanged {len(summary.unchanged)}, "
            f"con errores/errors {len(summary.failed)}, ignorados/ignored {len(summary.ignored)}"
        )
        if summary.failed:
            raise CommandError(
                f"{len(summary.failed)} archivo(s) con errores / file(s) failed: "
                + ", ".join(summary.failed)
            )
