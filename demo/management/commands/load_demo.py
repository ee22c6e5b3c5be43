from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.governments import DEMO_GOVERNMENTS, OPERATOR_EMAIL, demo_accounts, demo_domain
from demo.steps import DEMO_PASSWORD, run_demo_steps


class Command(BaseCommand):
    help = (
        "Carga los datos de demostración (gobiernos, personal, catálogo…). Se puede repetir. / "
        "Loads the demo data (governments, staff, catalogue…). Safe to re-run."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", default="8000", help="Puerto para imprimir las URL.")

    def handle(self, *args: Any, **options: Any) -> None:
        run_demo_steps(self.stdout.write)
        port = options["port"]
        base = settings.VENTANILLA_BASE_DOMAIN
        self.stdout.write(self.style.SUCCESS("\nDemo lista / Demo ready:\n"))
        self.stdout.write(f"  Plataforma:      http://{base}:{port}/   (admin: /admin/)")
        for spec in DEMO_GOVERNMENTS:
            domain = demo_domain(str(spec["slug"]), base)
            self.stdout.write(f"  {spec['name']:<34} http://{domain}:{port}/")
        self.stdout.write(f"\n  Cuentas de personal (contraseña «{DEMO_PASSWORD}»):")
        for account in demo_accounts():
            self.stdout.write(f"    {account.tenant:<8} {account.email:<28} {account.role}")
        self.stdout.write(
            f"  Operador de la plataforma: {OPERATOR_EMAIL} en http://{base}:{port}/admin/"
        )
        from demo.citizens import DEMO_CITIZENS

        self.stdout.write("\n  Ciudadanía / Citizens (misma contraseña / same password):")
        for citizen in DEMO_CITIZENS:
            self.stdout.write(f"    {citizen.tenant:<8} {citizen.email}")
