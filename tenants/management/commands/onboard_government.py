from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from tenants.services import ThemeInput, government_onboard


class Command(BaseCommand):
    help = (
        "Da de alta un gobierno: clona el esquema plantilla, crea su administrador, dominio y "
        "tema, y lo activa. Se puede repetir sin riesgo. / Onboards a government: clones the "
        "template schema, creates its administrator, domain and theme, then activates it. Safe "
        "to re-run."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--slug", required=True, help="p. ej. sonora")
        parser.add_argument("--name", required=True, help='"Gobierno del Estado de Sonora"')
        parser.add_argument("--domain", required=True, help="sonora.localhost")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-password", help="Se genera una si se omite.")
        parser.add_argument("--admin-name", default="")
        parser.add_argument("--inegi-code", default="", help="Clave de entidad, 01–32.")
        parser.add_argument("--locale", default="es-mx")
        parser.add_argument("--display-name", default="")
        parser.add_argument("--primary-color", default="#235B4E")
        parser.add_argument("--secondary-color", default="#BC955C")
        parser.add_argument("--footer-text", default="")
        parser.add_argument("--legal-text", default="")
        parser.add_argument("--contact-email", default="")
        parser.add_argument("--contact-phone", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        step = 0

        def progress(message: str) -> None:
            nonlocal step
            step += 1
            elapsed = time.perf_counter() - started
            self.stdout.write(f"  [{step}] {message}  ({elapsed:.2f} s)")

        theme = ThemeInput(
            display_name=options["display_name"],
            primary_color=options["primary_color"],
            secondary_color=options["secondary_color"],
            footer_text=options["footer_text"],
            legal_text=options["legal_text"],
            contact_email=options["contact_email"],
            contact_phone=options["contact_phone"],
        )
        try:
            result = government_onboard(
                slug=options["slug"],
                name=options["name"],
                domain=options["domain"],
                admin_email=options["admin_email"],
                admin_password=options["admin_password"],
                admin_name=options["admin_name"],
                inegi_code=options["inegi_code"],
                locale=options["locale"],
                theme=theme,
                progress=progress,
            )
        except ApplicationError as error:
            lines = [
                f"  --{e.location.replace('_', '-')}: {e.message_es} / {e.message_en}"
                for e in error.errors
            ]
            raise CommandError("No se dio de alta / Not onboarded:\n" + "\n".join(lines)) from None

        government = result.government
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(f"✓ {government.name} activo en {options['domain']}")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"✓ {government.name} ya existía; sin cambios"))
        if result.generated_password:
            self.stdout.write(
                f"  Administrador: {options['admin_email']} / contraseña: {result.generated_password}"
            )
