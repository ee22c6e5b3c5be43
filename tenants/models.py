"""Governments (tenants) and their domains. Public schema."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

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


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("dominio")
        verbose_name_plural = _("dominios")
        ordering = ("domain",)

    def __str__(self) -> str:
        return self.domain
