"""Governments (tenants) and their domains. Public schema."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import get_public_schema_name

hex_color_validator = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$",
    _("Use un color hexadecimal como #9F2241 / Use a hex colour like #9F2241."),
)


class GovernmentStatus(models.TextChoices):
    ONBOARDING = "onboarding", _("En alta")
    ACTIVE = "active", _("Activo")
    SUSPENDED = "suspended", _("Suspendido")


class Government(TenantMixin):
    """A partner government: one PostgreSQL schema, one or more domains, its own theme."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nombre oficial"), max_length=200)
    slug = models.SlugField(_("identificador"), max_length=40, unique=True)
    # Clave de entidad federativa del INEGI ("09" CDMX, "26" Sonora); blank for the platform row.
    inegi_code = models.CharField(_("clave INEGI"), max_length=2, blank=True)
    status = models.CharField(
        _("estado"),
        max_length=16,
        choices=GovernmentStatus.choices,
        default=GovernmentStatus.ONBOARDING,
    )
    locale = models.CharField(_("idioma"), max_length=10, default="es-mx")
    # Theme
    display_name = models.CharField(_("nombre visible"), max_length=120)
    logo = models.FileField(_("logotipo"), upload_to="themes/", blank=True)
    primary_color = models.CharField(
        _("color primario"), max_length=7, default="#235B4E", validators=[hex_color_validator]
    )
    secondary_color = models.CharField(
        _("color secundario"), max_length=7, default="#BC955C", validators=[hex_color_validator]
    )
    footer_text = models.TextField(_("texto del pie de página"), blank=True)
    legal_text = models.TextField(_("aviso legal"), blank=True)
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    contact_phone = models.CharField(_("teléfono de contacto"), max_length=40, blank=True)
    # Jurisdiction facts that shared apps name through variables (catalog.definition.variables).
    identity_provider_name = models.CharField(
        _("nombre del servicio de identidad"),
        max_length=80,
        blank=True,
        help_text=_("Como lo conoce la ciudadanía, p. ej. «Llave CDMX» o «Llave Sonora»."),
    )
    # When on, a publisher requests the publication of a new version of one of its apps and a
    # different person with the publisher role approves it (catalog.builder.services_publish).
    publish_requires_approval = models.BooleanField(
        _("publicar requiere aprobación"),
        default=False,
        help_text=_(
            "Una segunda persona con el rol de publicación aprueba cada versión antes de "
            "publicarla."
        ),
    )
    # Bumped by every change to the facts above, the agencies or the code lists: part of the key
    # under which each process keeps an effective definition (apps_registry.selectors).
    jurisdiction_revision = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Schemas are cloned from the template by the onboarding service, never created on save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("gobierno")
        verbose_name_plural = _("gobiernos")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.display_name or self.name

    @property
    def logo_url(self) -> str:
        """Where the government's own site serves its logo (core.views.theme_logo)."""
        if not self.logo or not self.logo.name:
            return ""
        return reverse(
            "core:theme_logo",
            urlconf="config.urls_tenant",
            kwargs={"name": PurePosixPath(self.logo.name).name},
        )

    @property
    def is_routable(self) -> bool:
        return self.status != GovernmentStatus.ONBOARDING

    @property
    def is_platform(self) -> bool:
        """The operator's own row (public schema): never a party to agreements or adoptions."""
        return self.schema_name == get_public_schema_name()


class Agency(models.Model):
    """One of a government's agencies (dependencias), under a key every government shares
    ("movilidad", "registro_civil"…: catalog.definition.vocabulary.AGENCY_KEYS), so that a shared
    app names "the agency in charge of mobility" and each government answers with its own.
    Public schema, always read and written through the current government (tenants.jurisdiction).
    """

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="agencies", verbose_name=_("gobierno")
    )
    key = models.SlugField(_("clave"), max_length=40)
    name_es = models.CharField(_("nombre"), max_length=300)
    name_en = models.CharField(_("nombre en inglés"), max_length=300, blank=True)
    acronym = models.CharField(_("siglas"), max_length=30, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dependencia")
        verbose_name_plural = _("dependencias")
        ordering = ("government", "key")
        constraints = [
            models.UniqueConstraint(
                fields=["government", "key"], name="tenants_agency_one_per_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name_es


class CodeList(models.Model):
    """A list of options a government maintains itself (its offices, its programmes…), which a
    shared app's `code_list` field offers on that government's site. Municipalities are not
    stored: they come from INEGI's catalogue (tenants.inegi)."""

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="code_lists", verbose_name=_("gobierno")
    )
    key = models.SlugField(_("clave"), max_length=40)
    name_es = models.CharField(_("nombre"), max_length=200)
    name_en = models.CharField(_("nombre en inglés"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("catálogo propio")
        verbose_name_plural = _("catálogos propios")
        ordering = ("government", "key")
        constraints = [
            models.UniqueConstraint(
                fields=["government", "key"], name="tenants_code_list_one_per_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name_es


class CodeListItem(models.Model):
    code_list = models.ForeignKey(
        CodeList, on_delete=models.CASCADE, related_name="items", verbose_name=_("catálogo")
    )
    code = models.CharField(_("clave"), max_length=40)
    label_es = models.CharField(_("texto"), max_length=300)
    label_en = models.CharField(_("texto en inglés"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("opción de catálogo")
        verbose_name_plural = _("opciones de catálogo")
        ordering = ("code_list", "position", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["code_list", "code"], name="tenants_code_list_item_one_per_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.label_es}"


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("dominio")
        verbose_name_plural = _("dominios")
        ordering = ("domain",)

    def __str__(self) -> str:
        return self.domain
