"""Verify one government's audit chain: exit 0 when intact, 1 on the first broken record."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import get_tenant_model, schema_context, schema_exists

from core.audit import audit_verify

EXIT_BROKEN = 1
EXIT_USAGE = 2


# Not django-tenants' TenantWrappedCommand: that one asks for a schema interactively when none is
# given (this command must fail instead, for cron and CI) and knows tenant rows only, while the
# template schema new governments are cloned from has a chain to verify too.
class Command(BaseCommand):
    help = (
        "Recalcula la cadena de huellas del registro de auditoría de un gobierno y termina con "
        "código distinto de cero en el primer registro alterado / Recomputes a government's audit "
        "hash chain; exits non-zero at the first tampered record."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schema",
            required=True,
            help="Esquema del gobierno (p. ej. sonora) / The government's schema (e.g. sonora).",
        )
        parser.add_argument(
            "--progress-every",
            type=int,
            default=10_000,
            help="Informar el avance cada N registros / Report progress every N records.",
        )

    def handle(self, *args: Any, schema: str, progress_every: int, **options: Any) -> None:
        known = (
            get_tenant_model().objects.filter(schema_name=schema).exists()
            or schema == settings.TENANT_TEMPLATE_SCHEMA
        )
        if not known or not schema_exists(schema):
            raise CommandError(
                f"No hay ningún gobierno con el esquema «{schema}» / "
                f"No government has the schema '{schema}'",
                returncode=EXIT_USAGE,
            )

        def report(checked: int) -> None:
            self.stdout.write(f"  {checked} registros verificados / records verified")

        with schema_context(schema):
            result = audit_verify(progress=report, progress_every=max(1, progress_every))
        if not result.ok:
            raise CommandError(
                f"Cadena rota en «{schema}», registro {result.first_broken_seq} "
                f"({result.checked} íntegros antes): {result.reason} / "
                f"Chain broken in '{schema}' at record {result.first_broken_seq} "
                f"({result.checked} intact before it)",
                returncode=EXIT_BROKEN,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadena íntegra en «{schema}»: {result.checked} registros / "
                f"Chain intact in '{schema}': {result.checked} records"
            )
        )
