"""Writes on governments: the template schema, onboarding, suspension."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.management import call_command
from django.core.validators import DomainNameValidator, validate_email
from django.db import connection, transaction
from django_tenants.clone import CloneSchema
from django_tenants.postgresql_backend.base import is_valid_schema_name
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from core.actors import Actor, ActorRole
from core.audit import audit_record
from core.errors import ApplicationError, ErrorDetail
from core.models import Role, User
from core.tenancy import tenant_connection
from tenants import errors
from tenants.models import Domain, Government, GovernmentStatus, hex_color_validator

ProgressCallback = Callable[[str], None]

# Lower-case letters, digits and hyphens; starts with a letter. Hyphens become underscores in the
# schema name, so "nuevo-leon" is served from schema "nuevo_leon".
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")
RESERVED_SCHEMAS = {"public", "information_schema", settings.TENANT_TEMPLATE_SCHEMA}
# Clave de entidad federativa del INEGI: 01 (Aguascalientes) … 32 (Zacatecas).
INEGI_CODES = {f"{n:02d}" for n in range(1, 33)}


@dataclass(frozen=True)
class ThemeInput:
    display_name: str = ""
    primary_color: str = "#235B4E"
    secondary_color: str = "#BC955C"
    footer_text: str = ""
    legal_text: str = ""
    contact_email: str = ""
    contact_phone: str = ""


@dataclass
class OnboardingResult:
    government: Government
    created: bool
    # Only set when the service generated the administrator's password, so it can be shown once.
    generated_password: str | None = None
    steps: list[str] = field(default_factory=list)


def schema_name_for_slug(slug: str) -> str:
    return slug.replace("-", "_")


def template_schema_prepare(*, verbosity: int = 0) -> None:
    """Create the template schema if needed and apply every tenant migration to it.

    Idempotent; run after `migrate` so that new governments are cloned from an up-to-date schema.
    """
    template = settings.TENANT_TEMPLATE_SCHEMA
    if not schema_exists(template):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{template}"')
    call_command(
        "migrate_schemas",
        tenant=True,
        schema_name=template,
        interactive=False,
        verbosity=verbosity,
    )
    tenant_connection().set_schema_to_public()


def platform_ensure(*, base_domain: str) -> Government:
    """The public schema's own row, so the base domain routes to the platform site."""
    platform, _ = Government.objects.get_or_create(
        schema_name=get_public_schema_name(),
        defaults={
            "name": "Ventanilla",
            "slug": "plataforma",
            "display_name": "Ventanilla",
            "status": GovernmentStatus.ACTIVE,
        },
    )
    Domain.objects.get_or_create(
        domain=base_domain, defaults={"tenant": platform, "is_primary": True}
    )
    return platform


def government_onboard(
    *,
    slug: str,
    name: str,
    domain: str,
    admin_email: str,
    admin_password: str | None = None,
    admin_name: str = "",
    inegi_code: str = "",
    locale: str = "es-mx",
    theme: ThemeInput | None = None,
    progress: ProgressCallback | None = None,
) -> OnboardingResult:
    """Onboard a government: clone the template schema, create its administrator and domain, and
    only then mark it active.

    All of it runs in one transaction (PostgreSQL DDL is transactional), so a failure at any step
    leaves nothing behind. Running it again with the same slug, name and domain returns the
    existing government. A row left in "onboarding" by an older, interrupted run is cleaned up
    and the onboarding resumed.
    """
    report = progress or (lambda _message: None)
    theme = theme or ThemeInput()
    slug = slug.strip().lower()
    domain = domain.strip().lower()
    admin_email = admin_email.strip().lower()

    report("Validando datos / Validating input")
    _validate_onboarding_input(
        slug=slug,
        name=name,
        domain=domain,
        admin_email=admin_email,
        inegi_code=inegi_code,
        theme=theme,
    )

    existing = Government.objects.filter(slug=slug).first()
    if existing is not None and existing.status != GovernmentStatus.ONBOARDING:
        _ensure_same_government(existing, name=name, domain=domain)
        report("Ya estaba dado de alta; nada que hacer / Already onboarded; nothing to do")
        return OnboardingResult(government=existing, created=False)
    if existing is not None:
        report("Limpiando un alta interrumpida / Cleaning up an interrupted onboarding")
        _discard_unfinished(existing)

    if not schema_exists(settings.TENANT_TEMPLATE_SCHEMA):
        raise ApplicationError.single(
            errors.TEMPLATE_MISSING,
            "No existe el esquema plantilla; ejecute `manage.py prepare_template`.",
            "The template schema is missing; run `manage.py prepare_template`.",
        )

    password = admin_password or secrets.token_urlsafe(12)
    schema_name = schema_name_for_slug(slug)
    with transaction.atomic():
        report("Registrando gobierno / Registering government")
        government = Government.objects.create(
            schema_name=schema_name,
            slug=slug,
            name=name.strip(),
            inegi_code=inegi_code,
            locale=locale,
            status=GovernmentStatus.ONBOARDING,
            display_name=theme.display_name or name.strip(),
            primary_color=theme.primary_color,
            secondary_color=theme.secondary_color,
            footer_text=theme.footer_text,
            legal_text=theme.legal_text,
            contact_email=theme.contact_email,
            contact_phone=theme.contact_phone,
        )
        report(
            f"Clonando el esquema plantilla en «{schema_name}» / "
            f"Cloning the template schema into '{schema_name}'"
        )
        CloneSchema().clone_schema(settings.TENANT_TEMPLATE_SCHEMA, schema_name)
        report("Creando la cuenta de administración / Creating the administrator account")
        with schema_context(schema_name):
            User.objects.create_user(
                admin_email,
                password,
                full_name=admin_name,
                is_staff=True,
                roles=[Role.ADMINISTRATOR],
            )
        report(f"Registrando el dominio {domain} / Registering domain {domain}")
        Domain.objects.create(domain=domain, tenant=government, is_primary=True)
        government.status = GovernmentStatus.ACTIVE
        government.save(update_fields=["status", "updated_at"])
        report("Listo: el gobierno está activo / Done: the government is active")
    return OnboardingResult(
        government=government,
        created=True,
        generated_password=None if admin_password else password,
    )


# The operator's record of a government's service being suspended or reactivated. It goes to the
# public schema's own hash-chained trail (core.audit), not to the catalogue's audit table: tenants
# sits below catalog and imports nothing from it, and this is about the platform, not the
# catalogue.
GOVERNMENT_STATUS_CHANGED = "government.status_changed"
# Who may suspend or reactivate a government: the platform's operators and the platform itself.
STATUS_WRITERS = (ActorRole.OPERATOR, ActorRole.SYSTEM)


@transaction.atomic
def government_set_status(
    *,
    government: Government,
    status: GovernmentStatus,
    actor: Actor | None = None,
    reason: str = "",
) -> Government:
    """Suspend (its sites stop serving) or reactivate a government, with an audit row in the
    public schema's trail. `actor=None` is the platform itself (commands, tests)."""
    actor = actor or Actor.system("tenants", schema=get_public_schema_name())
    actor.require(*STATUS_WRITERS)
    if government.is_platform:
        raise ApplicationError.single(
            errors.STATUS_INVALID,
            "La plataforma no se suspende: solo los gobiernos.",
            "The platform itself cannot be suspended: only governments.",
            "status",
        )
    if government.status == GovernmentStatus.ONBOARDING:
        raise ApplicationError.single(
            "tenants.still_onboarding",
            "El gobierno aún no termina su alta.",
            "The government has not finished onboarding.",
            "status",
        )
    previous = government.status
    government.status = status
    government.save(update_fields=["status", "updated_at"])
    with schema_context(get_public_schema_name()):
        audit_record(
            action=GOVERNMENT_STATUS_CHANGED,
            actor_email=actor.email,
            actor_role=actor.role,
            object_type="government",
            object_id=government.slug,
            data={"from": str(previous), "to": str(status), "reason": reason.strip()},
        )
    return government


def _validate_onboarding_input(
    *, slug: str, name: str, domain: str, admin_email: str, inegi_code: str, theme: ThemeInput
) -> None:
    problems: list[ErrorDetail] = []
    if not SLUG_PATTERN.match(slug):
        problems.append(
            ErrorDetail(
                errors.SLUG_INVALID,
                "El identificador debe tener de 3 a 40 caracteres: minúsculas, dígitos y guiones, "
                "y empezar con una letra.",
                "The slug must be 3 to 40 characters: lower-case letters, digits and hyphens, "
                "starting with a letter.",
                "slug",
            )
        )
    else:
        schema_name = schema_name_for_slug(slug)
        if (
            schema_name in RESERVED_SCHEMAS
            or schema_name.startswith("pg_")
            or not is_valid_schema_name(schema_name)
        ):
            problems.append(
                ErrorDetail(
                    errors.SCHEMA_NAME_INVALID,
                    f"«{schema_name}» no puede usarse como nombre de esquema en PostgreSQL.",
                    f"'{schema_name}' cannot be used as a PostgreSQL schema name.",
                    "slug",
                )
            )
    if not name.strip():
        problems.append(
            ErrorDetail(
                errors.NAME_REQUIRED, "El nombre es obligatorio.", "The name is required.", "name"
            )
        )
    try:
        DomainNameValidator(accept_idna=False)(domain)
    except ValidationError:
        problems.append(
            ErrorDetail(
                errors.DOMAIN_INVALID,
                f"«{domain}» no es un nombre de dominio válido.",
                f"'{domain}' is not a valid domain name.",
                "domain",
            )
        )
    else:
        owner = Domain.objects.filter(domain=domain).exclude(tenant__slug=slug).first()
        if owner is not None:
            problems.append(
                ErrorDetail(
                    errors.DOMAIN_TAKEN,
                    f"El dominio {domain} ya pertenece a otro gobierno.",
                    f"The domain {domain} already belongs to another government.",
                    "domain",
                )
            )
    try:
        validate_email(admin_email)
    except ValidationError:
        problems.append(
            ErrorDetail(
                errors.EMAIL_INVALID,
                f"«{admin_email}» no es un correo electrónico válido.",
                f"'{admin_email}' is not a valid e-mail address.",
                "admin_email",
            )
        )
    if inegi_code and inegi_code not in INEGI_CODES:
        problems.append(
            ErrorDetail(
                errors.INEGI_CODE_INVALID,
                "La clave INEGI de entidad va de 01 a 32.",
                "The INEGI state code ranges from 01 to 32.",
                "inegi_code",
            )
        )
    for field_name in ("primary_color", "secondary_color"):
        try:
            hex_color_validator(getattr(theme, field_name))
        except ValidationError:
            problems.append(
                ErrorDetail(
                    errors.COLOR_INVALID,
                    "Use un color hexadecimal como #9F2241.",
                    "Use a hex colour like #9F2241.",
                    field_name,
                )
            )
    if problems:
        raise ApplicationError(problems)


def _ensure_same_government(existing: Government, *, name: str, domain: str) -> None:
    same_domain = existing.domains.filter(domain=domain).exists()
    if existing.name != name.strip() or not same_domain:
        raise ApplicationError.single(
            errors.SLUG_TAKEN,
            f"El identificador «{existing.slug}» ya lo usa {existing.name}.",
            f"The slug '{existing.slug}' is already used by {existing.name}.",
            "slug",
        )


@transaction.atomic
def _discard_unfinished(government: Government) -> None:
    """Drop what an interrupted onboarding left: its schema, domains and row."""
    if schema_exists(government.schema_name):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{government.schema_name}" CASCADE')
    government.domains.all().delete()
    Government.objects.filter(pk=government.pk).delete()


# --- theme (appended for issue 4: adoption) ------------------------------------------------------

THEME_TEXT_FIELDS = (
    "display_name",
    "footer_text",
    "legal_text",
    "contact_email",
    "contact_phone",
)
THEME_COLOR_FIELDS = ("primary_color", "secondary_color")
# Logos are shown with <img>; raster formats only (an SVG may carry scripts).
LOGO_CONTENT_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}
LOGO_MAX_BYTES = 1024 * 1024


def theme_contrast_report(primary_color: str, secondary_color: str) -> dict[str, float]:
    """Contrast of the text the site puts on each colour (white or near-black, whichever reads
    better, as core.theming does) — what WCAG AA asks to be at least 4.5."""
    from core.theming import contrast_ratio, readable_text_on

    return {
        field_name: round(contrast_ratio(color, readable_text_on(color)), 2)
        for field_name, color in (
            ("primary_color", primary_color),
            ("secondary_color", secondary_color),
        )
    }


def government_update_theme(
    *, government: Government, actor_email: str, **fields: object
) -> Government:
    """Change a government's theme: display name, colours, footer and legal texts, contact, logo
    (`logo`: an uploaded image, `remove_logo`: True to drop it). Only the given fields change.

    Colours are refused unless the text drawn on them (white or near-black) reaches WCAG 2.1 AA
    contrast (4.5:1), so no government can make its own citizen pages unreadable."""
    from core.theming import WCAG_AA_NORMAL_TEXT

    allowed = {*THEME_TEXT_FIELDS, *THEME_COLOR_FIELDS, "logo", "remove_logo"}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise TypeError(f"Unknown theme fields: {', '.join(unknown)}")
    problems: list[ErrorDetail] = []
    changes: dict[str, object] = {}
    for field_name in THEME_TEXT_FIELDS:
        if field_name in fields:
            changes[field_name] = str(fields[field_name] or "").strip()
    if "display_name" in changes and not changes["display_name"]:
        problems.append(
            ErrorDetail(
                errors.NAME_REQUIRED,
                "El nombre visible es obligatorio.",
                "The display name is required.",
                "display_name",
            )
        )
    if changes.get("contact_email"):
        try:
            validate_email(str(changes["contact_email"]))
        except ValidationError:
            problems.append(
                ErrorDetail(
                    errors.EMAIL_INVALID,
                    "Escriba un correo electrónico válido, p. ej. contacto@sonora.gob.mx.",
                    "Enter a valid e-mail address, e.g. contacto@sonora.gob.mx.",
                    "contact_email",
                )
            )
    for field_name in THEME_COLOR_FIELDS:
        if field_name not in fields:
            continue
        color = str(fields[field_name] or "").strip().upper()
        try:
            hex_color_validator(color)
        except ValidationError:
            problems.append(
                ErrorDetail(
                    errors.COLOR_INVALID,
                    "Use un color hexadecimal como #9F2241.",
                    "Use a hex colour like #9F2241.",
                    field_name,
                )
            )
        else:
            changes[field_name] = color
    primary = str(changes.get("primary_color", government.primary_color))
    secondary = str(changes.get("secondary_color", government.secondary_color))
    if not any(p.location in THEME_COLOR_FIELDS for p in problems):
        for field_name, ratio in theme_contrast_report(primary, secondary).items():
            if ratio >= WCAG_AA_NORMAL_TEXT:
                continue
            which_es = "primario" if field_name == "primary_color" else "secundario"
            which_en = "primary" if field_name == "primary_color" else "secondary"
            problems.append(
                ErrorDetail(
                    errors.CONTRAST_TOO_LOW,
                    f"El texto sobre el color {which_es} tiene un contraste de {ratio:.2f}:1; "
                    f"las pautas WCAG AA piden al menos {WCAG_AA_NORMAL_TEXT}:1. Elija un tono "
                    "más oscuro o más claro.",
                    f"Text on the {which_en} colour has a contrast of {ratio:.2f}:1; WCAG AA "
                    f"asks for at least {WCAG_AA_NORMAL_TEXT}:1. Choose a darker or lighter "
                    "shade.",
                    field_name,
                )
            )
    logo = cast("UploadedFile | None", fields.get("logo"))
    if logo is not None:
        content_type = getattr(logo, "content_type", "")
        if content_type not in LOGO_CONTENT_TYPES:
            problems.append(
                ErrorDetail(
                    errors.LOGO_INVALID,
                    "El logotipo debe ser una imagen PNG, JPEG o WebP.",
                    "The logo must be a PNG, JPEG or WebP image.",
                    "logo",
                )
            )
        elif getattr(logo, "size", 0) > LOGO_MAX_BYTES:
            problems.append(
                ErrorDetail(
                    errors.LOGO_INVALID,
                    "El logotipo pesa más de 1 MB.",
                    "The logo is larger than 1 MB.",
                    "logo",
                )
            )
    if problems:
        raise ApplicationError(problems)
    with transaction.atomic():
        government = Government.objects.select_for_update().get(pk=government.pk)
        for field_name, value in changes.items():
            setattr(government, field_name, value)
        update_fields = [*changes, "updated_at"]
        if fields.get("remove_logo") and government.logo:
            government.logo.delete(save=False)
            government.logo = ""
            update_fields.append("logo")
        if logo is not None:
            name = f"logo-{secrets.token_hex(6)}{LOGO_CONTENT_TYPES[logo.content_type or '']}"
            government.logo.save(name, logo, save=False)
            update_fields.append("logo")
        # save() also clears the host → government cache (tenants.routing), so the new theme
        # shows on the next request.
        government.save(update_fields=update_fields)
        import logging

        logging.getLogger("ventanilla.tenants.theme").info(
            "theme updated",
            extra={"schema": government.schema_name, "fields": sorted(update_fields)},
        )
    return government


@transaction.atomic
def government_set_publish_approval(
    *, government: Government, required: bool, actor: Actor
) -> Government:
    """Whether publishing a new version of one of the government's apps needs a second person's
    approval (catalog.builder.services_publish). Its administrators decide, for their own
    government only; the change is in its audit trail."""
    actor.require(ActorRole.ADMINISTRATOR, ActorRole.SYSTEM)
    if not actor.is_system and actor.schema != government.schema_name:
        raise ApplicationError.single(
            errors.NOT_FOUND,
            "Su gobierno no tiene ese dato.",
            "Your government has no such record.",
        )
    government = Government.objects.select_for_update().get(pk=government.pk)
    before = government.publish_requires_approval
    if before != required:
        government.publish_requires_approval = required
        # save() clears the host → government cache (tenants.routing): pages see it at once.
        government.save(update_fields=["publish_requires_approval", "updated_at"])
        with schema_context(government.schema_name):
            audit_record(
                action="government.publish_approval_set",
                actor_email=actor.email,
                actor_role=actor.role,
                object_type="government",
                object_id=government.slug,
                data={"before": before, "after": required},
            )
    return government
