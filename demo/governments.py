"""Demo governments with distinct, real-looking themes, and their staff accounts."""

from __future__ import annotations

from django_tenants.utils import schema_context

from core.models import Role, User
from demo.steps import DEMO_PASSWORD, DemoAccount, Reporter
from tenants.services import ThemeInput, government_onboard

DEMO_GOVERNMENTS = [
    {
        "slug": "cdmx",
        "name": "Gobierno de la Ciudad de México",
        "inegi_code": "09",
        "theme": ThemeInput(
            display_name="Ciudad de México",
            primary_color="#9F2241",
            secondary_color="#BC955C",
            footer_text="Agencia Digital de Innovación Pública · Plaza de la Constitución 2, "
            "Centro Histórico, Cuauhtémoc, 06000, CDMX.",
            legal_text="Los datos personales recabados se protegen conforme a la Ley de "
            "Protección de Datos Personales en Posesión de Sujetos Obligados de la Ciudad de México.",
            contact_email="atencion@cdmx.gob.mx",
            contact_phone="55 5658 1111",
        ),
    },
    {
        "slug": "sonora",
        "name": "Gobierno del Estado de Sonora",
        "inegi_code": "26",
        "theme": ThemeInput(
            display_name="Sonora",
            primary_color="#00587A",
            secondary_color="#E0A526",
            footer_text="Secretaría de la Contraloría General · Centro de Gobierno, Blvd. Paseo "
            "Río Sonora y Comonfort, Hermosillo, Sonora.",
            legal_text="Aviso de privacidad conforme a la Ley de Protección de Datos Personales en "
            "Posesión de Sujetos Obligados del Estado de Sonora.",
            contact_email="tramites@sonora.gob.mx",
            contact_phone="662 212 0000",
        ),
    },
    {
        "slug": "yucatan",
        "name": "Gobierno del Estado de Yucatán",
        "inegi_code": "31",
        "theme": ThemeInput(
            display_name="Yucatán",
            primary_color="#1E5631",
            secondary_color="#C9A227",
            footer_text="Agencia de Transformación Digital de Yucatán · Calle 61 s/n, Centro, Mérida.",
            legal_text="Sus datos se tratan conforme a la Ley de Protección de Datos Personales en "
            "Posesión de Sujetos Obligados del Estado de Yucatán.",
            contact_email="contacto@yucatan.gob.mx",
            contact_phone="999 930 3100",
        ),
    },
]

STAFF_ROLES = [
    ("admin", "Administración", Role.ADMINISTRATOR),
    ("editor", "Edición de catálogo", Role.PUBLISHER),
    ("funcionario", "Atención de expedientes", Role.CASE_OFFICER),
    ("auditor", "Auditoría", Role.AUDITOR),
]


def demo_domain(slug: str, base_domain: str) -> str:
    return f"{slug}.{base_domain}"


def demo_accounts() -> list[DemoAccount]:
    return [
        DemoAccount(tenant=str(spec["slug"]), email=f"{prefix}@{spec['slug']}.gob.mx", role=label)
        for spec in DEMO_GOVERNMENTS
        for prefix, label, _role in STAFF_ROLES
    ]


def load_governments(report: Reporter) -> None:
    from django.conf import settings

    for spec in DEMO_GOVERNMENTS:
        slug = str(spec["slug"])
        result = government_onboard(
            slug=slug,
            name=str(spec["name"]),
            domain=demo_domain(slug, settings.VENTANILLA_BASE_DOMAIN),
            admin_email=f"admin@{slug}.gob.mx",
            admin_password=DEMO_PASSWORD,
            admin_name=f"Administración {spec['theme'].display_name}",  # type: ignore[attr-defined]
            inegi_code=str(spec["inegi_code"]),
            theme=spec["theme"],  # type: ignore[arg-type]
        )
        report(f"    {'alta' if result.created else 'ya existía'}: {result.government.name}")
        with schema_context(result.government.schema_name):
            for prefix, label, role in STAFF_ROLES:
                email = f"{prefix}@{slug}.gob.mx"
                if not User.objects.filter(email=email).exists():
                    User.objects.create_user(
                        email, DEMO_PASSWORD, full_name=label, is_staff=True, roles=[role]
                    )


OPERATOR_EMAIL = "operador@ventanilla.mx"


def load_operator(report: Reporter) -> None:
    """The platform operator's account in the public schema, for the Django admin."""
    if not User.objects.filter(email=OPERATOR_EMAIL).exists():
        User.objects.create_superuser(
            OPERATOR_EMAIL, DEMO_PASSWORD, full_name="Operación Ventanilla"
        )
        report(f"    operador creado: {OPERATOR_EMAIL}")
