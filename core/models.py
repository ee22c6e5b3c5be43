"""Accounts shared by the public schema (platform operators) and every tenant schema (staff and
citizens of that government). The same table exists in each schema, so accounts never cross."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Back-office roles within one government. Citizens have none."""

    ADMINISTRATOR = "administrator", _("Administración")
    PUBLISHER = "publisher", _("Edición de catálogo")
    CASE_OFFICER = "case_officer", _("Atención de expedientes")
    AUDITOR = "auditor", _("Auditoría (solo lectura)")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("El correo electrónico es obligatorio / E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("correo electrónico"), unique=True)
    full_name = models.CharField(_("nombre completo"), max_length=200, blank=True)
    roles = ArrayField(
        models.CharField(max_length=32, choices=Role.choices),
        default=list,
        blank=True,
        verbose_name=_("roles"),
    )
    is_staff = models.BooleanField(
        _("personal"), default=False, help_text=_("Puede entrar al back office.")
    )
    is_active = models.BooleanField(_("activo"), default=True)
    date_joined = models.DateTimeField(_("alta"), default=timezone.now)
    # Citizen profile. Validated by core.accounts.services (CURP check digit, 10-digit phone);
    # blank until the citizen fills the profile.
    curp = models.CharField(_("CURP"), max_length=18, blank=True)
    phone = models.CharField(_("teléfono"), max_length=10, blank=True)
    # Set by the link e-mailed at sign-up, a password reset or an identity provider that vouches
    # for the address. Unverified accounts may sign in but not file procedures.
    email_verified = models.BooleanField(_("correo verificado"), default=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        ordering = ("email",)

    def __str__(self) -> str:
        return self.email

    def has_role(self, role: Role) -> bool:
        return self.is_active and role in self.roles

    @property
    def role_labels(self) -> list[str]:
        """The roles as people read them ("Administración"), in the order they were given."""
        labels = dict(Role.choices)
        return [str(labels.get(role, role)) for role in self.roles]


class IdentityProviderKind(models.TextChoices):
    OIDC = "oidc", "OpenID Connect"


class IdentityProviderConfig(models.Model):
    """An external identity provider a government offers on its sign-in page (e.g. "Llave
    Sonora"). Each government configures its own, so the rows that matter live in the tenant
    schema. The model is in `core` only because the layout keeps accounts there; `core` is also a
    shared app, so the public schema gets an empty, unused table of the same shape."""

    key = models.SlugField(_("clave"), max_length=50, unique=True)
    kind = models.CharField(
        _("tipo"), max_length=20, choices=IdentityProviderKind.choices, default="oidc"
    )
    display_name = models.CharField(_("nombre visible"), max_length=100)
    issuer = models.URLField(_("emisor (issuer)"))
    client_id = models.CharField(_("identificador de cliente"), max_length=255)
    client_secret = models.CharField(_("secreto de cliente"), max_length=255, blank=True)
    scopes = models.CharField(_("alcances"), max_length=255, default="openid email profile")
    enabled = models.BooleanField(_("habilitado"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("proveedor de identidad")
        verbose_name_plural = _("proveedores de identidad")
        ordering = ("display_name",)

    def __str__(self) -> str:
        return self.display_name


class ExternalIdentity(models.Model):
    """Links a local account to the subject (`sub`) an identity provider gave it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    provider_key = models.SlugField(max_length=50)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identidad externa")
        verbose_name_plural = _("identidades externas")
        ordering = ("provider_key", "subject")
        constraints = [
            models.UniqueConstraint(
                fields=["provider_key", "subject"], name="external_identity_unique_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider_key}:{self.subject}"


class AuditEvent(models.Model):
    """One entry of a government's append-only, hash-chained audit trail.

    Written only by `core.audit.audit_record`; a database trigger refuses UPDATE and DELETE, and
    `core.audit.audit_verify` recomputes the chain, so an edit made with the trigger disabled is
    still found. Lives in every schema (core is shared); each government's chain is its own.
    """

    seq = models.BigIntegerField(_("número"), primary_key=True)
    occurred_at = models.DateTimeField(_("fecha y hora"))
    actor_email = models.CharField(_("actor"), max_length=254, blank=True)
    actor_role = models.CharField(_("rol del actor"), max_length=32, blank=True)
    action = models.CharField(_("acción"), max_length=64)
    object_type = models.CharField(_("tipo de objeto"), max_length=64)
    object_id = models.CharField(_("objeto"), max_length=64)
    data = models.JSONField(_("datos"), default=dict, blank=True)
    prev_hash = models.CharField(_("huella anterior"), max_length=64)
    hash = models.CharField(_("huella"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("evento de auditoría")
        verbose_name_plural = _("eventos de auditoría")
        ordering = ("seq",)
        indexes = [
            # A case's timeline: its events in order.
            models.Index(fields=["object_type", "object_id", "seq"], name="audit_object_timeline"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class NonWorkingDay(models.Model):
    """A day a government's offices are closed besides weekends and Mexico's national holidays
    (e.g. days published in its official gazette). Plazos in business days skip it. Lives in the
    tenant schema; the public schema's copy of the table stays empty."""

    day = models.DateField(_("día"), unique=True)
    description = models.CharField(_("motivo"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("día inhábil")
        verbose_name_plural = _("días inhábiles")
        ordering = ("day",)

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.description}"
