"""Apply the ficta to cases past their plazo, in one government or in every active one."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import get_public_schema_name, tenant_context

from cases.office.ficta import ficta_apply_due
from tenants.models import Government, GovernmentStatus


# Its own loop rather than django-tenants' BaseTenantCommand / all_tenants_command: those run a
# command over every tenant row (the public one and suspended governments included), print their
# own banner per schema and wrap another registered command; the ficta is for active governments
# only, with one summary line each, and `--schema` may name any government.
class Command(BaseCommand):
    help = (
        "Aplica la afirmativa o negativa ficta a los expedientes con plazo vencido sin "
        "resolución (una sola vez por expediente) / Applies the ficta to cases past their plazo "
        "without a resolution (once per case)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schema",
            help="Esquema de un gobierno (si no, todos los activos) / One government's schema "
            "(default: every active one).",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="Fecha de referencia AAAA-MM-DD (si no, hoy) / Reference date (default: today).",
        )

    def handle(self, *args: Any, schema: str | None, today: date | None, **options: Any) -> None:
        # The platform's own (public) tenant has no cases.
        governments = (
            Government.objects.filter(status=GovernmentStatus.ACTIVE)
            .exclude(schema_name=get_public_schema_name())
            .order_by("id")
        )
        if schema:
            governments = Government.objects.filter(schema_name=schema)
            if not governments.exists():
                raise CommandError(f"Esquema desconocido / Unknown schema: {schema}")
        for government in governments:
            with tenant_context(government):
                applied = ficta_apply_due(today=today)
            self.stdout.write(f"{government.schema_name}: {len(applied)} expediente(s) / case(s)")
