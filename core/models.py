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
