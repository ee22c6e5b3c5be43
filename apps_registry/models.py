"""A government's enabled apps (tenant schema): which catalogue app it offers, pinned to which
published version, with which local values, and in which state.

Rows point to the shared catalogue (public schema) with PROTECT: published versions are never
deleted while anyone uses them. Nothing in the public schema points back here.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnabledAppStatus(models.TextChoices):
    # Enabled but not offered yet (required local values missing, or not put live yet).
    DRAFT = "draft", _("Configurando")
    LIVE = "live", _("En línea")
    # Citizens see "temporarily unavailable"; cases already filed continue.
    PAUSED = "paused", _("Pausado")
    DISABLED = "disabled", _("Deshabilitado")


class EnabledApp(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    catalog_app = models.ForeignKey(
        "catalog.CatalogApp",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("app del catálogo"),
    )
    version = models.ForeignKey(
        "catalog.AppVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("versión fijada"),
    )
    # Override key → value, already validated against the version's declared types.
    local_values = models.JSONField(_("valores locales"), default=dict, blank=True)
    # Keys of place-bound override points (offices, fees, legal basis…) the government marked
    # "no aplica": shown as such, never filled with the publisher's value.
    not_applicable = models.JSONField(_("no aplica"), default=list, blank=True)
    # The government's own wording: JSON pointer of a citizen-visible text → {"text": {"es-MX",
    # "en"}, "source": the publisher's text it replaced, "source_changed": bool}
    # (apps_registry.adaptations).
    adaptations = models.JSONField(_("redacción propia"), default=dict, blank=True)
    status = models.CharField(
        _("estado"),
        max_length=16,
        choices=EnabledAppStatus.choices,
        default=EnabledAppStatus.DRAFT,
    )
    enabled_by_email = models.CharField(_("habilitada por"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("habilitada"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trámite habilitado")
        verbose_name_plural = _("trámites habilitados")
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["catalog_app"], name="apps_registry_one_enabled_app_per_catalog_app"
            ),
        ]
        indexes = [models.Index(fields=["status"], name="apps_registry_status_idx")]

    def __str__(self) -> str:
        return f"{self.catalog_app_id}@{self.version_id} ({self.status})"

    @property
    def is_offered(self) -> bool:
        """Shown on the citizen home (live, or paused as "temporarily unavailable")."""
        return self.status in (EnabledAppStatus.LIVE, EnabledAppStatus.PAUSED)

    @property
    def has_upgrade(self) -> bool:
        """A newer published version exists. Cheap only with `catalog_app__latest_version` and
        `version` selected (the enabled_apps selector does it)."""
        latest = self.catalog_app.latest_version
        return latest is not None and latest.semver > self.version.semver


class EnabledAppAction(models.TextChoices):
    ENABLED = "enabled", _("Habilitada")
    LOCAL_VALUES_UPDATED = "local_values_updated", _("Valores locales cambiados")
    WENT_LIVE = "went_live", _("Puesta en línea")
    PAUSED = "paused", _("Pausada")
    RESUMED = "resumed", _("Reanudada")
    DISABLED = "disabled", _("Deshabilitada")
    UPGRADED = "upgraded", _("Actualizada de versión")
    ADAPTED = "adapted", _("Redacción propia cambiada")
    ADAPTATION_REVIEWED = "adaptation_reviewed", _("Redacción propia revisada")
    PROPOSAL_SENT = "proposal_sent", _("Propuesta enviada al gobierno que publica")


class EnabledAppEvent(models.Model):
    """Append-only history of an enabled app, written by the services inside their transaction."""

    enabled_app = models.ForeignKey(
        EnabledApp, on_delete=models.PROTECT, related_name="events", verbose_name=_("trámite")
    )
    action = models.CharField(_("acción"), max_length=32, choices=EnabledAppAction.choices)
    actor_email = models.CharField(_("persona"), max_length=254)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("evento de trámite habilitado")
        verbose_name_plural = _("eventos de trámites habilitados")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.action} · {self.actor_email}"
