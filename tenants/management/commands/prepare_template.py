from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from tenants.services import platform_ensure, template_schema_prepare


class Command(BaseCommand):
    help = (
        "Crea o actualiza el esquema plantilla del que se clonan los gobiernos, y registra el "
        "dominio base de la plataforma. / Creates or updates the template schema that new "
        "governments are cloned from, and registers the platform's base domain."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options["verbosity"])
        self.stdout.write(f"→ Esquema plantilla «{settings.TENANT_TEMPLATE_SCHEMA}»…")
        template_schema_prepare(verbosity=max(verbosity - 1, 0))
        platform_ensure(base_domain=settings.VENTANILLA_BASE_DOMAIN)
        self.stdout.write(self.style.SUCCESS("✓ Plantilla al día / Template up to date"))
