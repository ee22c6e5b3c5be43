"""The shared catalogue (public schema): apps, their immutable versions, agreements and the audit
trail of catalogue writes.

Users live in tenant schemas, so who did something is recorded as an e-mail plus the schema it
belongs to, never as a foreign key (no foreign key from public to a tenant table).
"""

from __future__ import annotations

import copy
import re
import uuid
from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog import errors
from core.errors import ApplicationError

# Strict semantic version MAJOR.MINOR.PATCH (no leading zeros, no pre-release): versions of a
# procedure must be comparable by citizens and officers at a glance.
SEMVER_PATTERN = re.compile(r"^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$")


def parse_semver(value: str) -> tuple[int, int, int] | None:
    match = SEMVER_PATTERN.match(value or "")
    if match is None:
        return None
    return int(match[1]), int(match[2]), int(match[3])


class SharingPolicy(models.TextChoices):
    PUBLIC = "public", _("Pública: cualquier gobierno socio")
    AGREEMENT = "agreement", _("Solo gobiernos con convenio")
    PRIVATE = "private", _("Privada: solo el gobierno que la publica")


class CatalogApp(models.Model):
    """A procedure app published by one government. Its content lives in its versions; the name,
    category and search document are copied here from the latest published version so that lists
    and search never read the definitions."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    publisher = models.ForeignKey(
        "tenants.Government",
        on_delete=models.PROTECT,
        related_name="catalog_apps",
        verbose_name=_("gobierno que publica"),
    )
    slug = models.SlugField(_("identificador"), max_length=100)
    sharing_policy = models.CharField(
        _("política de uso compartido"),
        max_length=16,
        choices=SharingPolicy.choices,
        default=SharingPolicy.PUBLIC,
    )
    # Copied from the latest published version (or from the draft while nothing is published).
    category = models.SlugField(_("categoría"), max_length=100, blank=True)
    kind = models.CharField(_("tipo"), max_length=16, blank=True)
    title = models.CharField(_("nombre"), max_length=300, blank=True)
    metadata = models.JSONField(_("metadatos"), default=dict, blank=True)
    latest_version = models.ForeignKey(
        "catalog.AppVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("última versión publicada"),
    )
    search_vector = SearchVectorField(null=True, editable=False)
    deprecated_at = models.DateTimeField(_("en desuso desde"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("app del catálogo")
        verbose_name_plural = _("apps del catálogo")
        ordering = ("title", "slug")
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "slug"], name="catalog_app_unique_slug_per_publisher"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="catalog_app_search_gin"),
            models.Index(fields=["category"], name="catalog_app_category_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.slug

    @property
    def is_deprecated(self) -> bool:
        return self.deprecated_at is not None

    @property
    def is_published(self) -> bool:
        return self.latest_version_id is not None


class AppVersion(models.Model):
    """One version of an app's definition. A draft can be edited; once published it is immutable
    (here and by a database trigger) and never deleted, because tenants pin it."""

    # Fields that can never change once the row is published.
    IMMUTABLE_FIELDS = (
        "app_id",
        "version",
        "major",
        "minor",
        "patch",
        "definition",
        "changelog",
        "published_at",
        "published_by_email",
        "published_by_schema",
    )

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    app = models.ForeignKey(
        CatalogApp, on_delete=models.PROTECT, related_name="versions", verbose_name=_("app")
    )
    version = models.CharField(_("versión"), max_length=32)
    # The three numbers of `version`, so "latest" and "must increase" are plain SQL comparisons.
    major = models.PositiveIntegerField(default=0)
    minor = models.PositiveIntegerField(default=0)
    patch = models.PositiveIntegerField(default=0)
    definition = models.JSONField(_("definición"))
    changelog = models.JSONField(_("notas de la versión"), default=dict, blank=True)
    created_by_email = models.CharField(max_length=254, blank=True)
    created_by_schema = models.CharField(max_length=63, blank=True)
    published_at = models.DateTimeField(_("publicada"), null=True, blank=True)
    published_by_email = models.CharField(_("publicada por"), max_length=254, blank=True)
    published_by_schema = models.CharField(max_length=63, blank=True)
    # Where the definition names its publisher's own jurisdiction outside variables and override
    # points ({"score": 0–100, "findings": [{"pointer", "term", "kind"}…]}); computed at save
    # and publish (catalog.portability). Not part of the immutable content: derived from it.
    portability = models.JSONField(_("portabilidad"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("versión de app")
        verbose_name_plural = _("versiones de app")
        ordering = ("app", "-major", "-minor", "-patch")
        constraints = [
            models.UniqueConstraint(fields=["app", "version"], name="catalog_version_unique"),
            # One draft at a time per app: the next version being prepared.
            models.UniqueConstraint(
                fields=["app"],
                condition=Q(published_at__isnull=True),
                name="catalog_version_one_draft_per_app",
            ),
        ]
        indexes = [
            models.Index(
                fields=["app", "-major", "-minor", "-patch"], name="catalog_version_order_idx"
            ),
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._stored_immutable = self._published_snapshot()

    def __str__(self) -> str:
        return f"{self.app_id}@{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        stored = getattr(self, "_stored_immutable", None)
        if self.pk is not None and stored is not None and stored != self._immutable_values():
            raise _immutable_error(self.version)
        super().save(*args, **kwargs)
        self._stored_immutable = self._published_snapshot()

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if getattr(self, "_stored_immutable", None) is not None:
            raise _immutable_error(self.version)
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def semver(self) -> tuple[int, int, int]:
        return (self.major, self.minor, self.patch)

    def _immutable_values(self) -> tuple[Any, ...]:
        # Read from __dict__ so deferred fields are not loaded (they count as "not loaded", and
        # assigning one later counts as a change). A deep copy: definitions are dicts, and
        # editing one in place must count as a change too.
        return copy.deepcopy(
            tuple(self.__dict__.get(name, models.DEFERRED) for name in self.IMMUTABLE_FIELDS)
        )

    def _published_snapshot(self) -> tuple[Any, ...] | None:
        published = self.__dict__.get("published_at")
        return self._immutable_values() if published not in (None, models.DEFERRED) else None


def _immutable_error(version: str) -> ApplicationError:
    return ApplicationError.single(
        errors.VERSION_IMMUTABLE,
        f"La versión {version} ya está publicada: no puede modificarse ni borrarse.",
        f"Version {version} is published: it can be neither changed nor deleted.",
        "version",
    )


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    ACTIVE = "active", _("Vigente")
    # Nothing new goes live or upgrades; filing stays open until the notice period ends.
    SUSPENDED = "suspended", _("Suspendido")
    TERMINATED = "terminated", _("Terminado")


# Calendar days citizens can still file under an app whose agreement was suspended or
# terminated, unless the agreement states otherwise.
DEFAULT_NOTICE_DAYS = 30


class Agreement(models.Model):
    """A convenio: the publisher lets the adopter use all its apps, or the listed ones, between two
    dates. Only agreements that are active and in force today count."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    publisher = models.ForeignKey(
        "tenants.Government",
        on_delete=models.PROTECT,
        related_name="agreements_as_publisher",
        verbose_name=_("gobierno que comparte"),
    )
    adopter = models.ForeignKey(
        "tenants.Government",
        on_delete=models.PROTECT,
        related_name="agreements_as_adopter",
        verbose_name=_("gobierno que adopta"),
    )
    title = models.CharField(_("nombre del convenio"), max_length=300)
    covers_all_apps = models.BooleanField(_("cubre todas las apps"), default=True)
    apps = models.ManyToManyField(
        CatalogApp, blank=True, related_name="agreements", verbose_name=_("apps cubiertas")
    )
    valid_from = models.DateField(_("vigente desde"))
    valid_to = models.DateField(_("vigente hasta"), null=True, blank=True)
    status = models.CharField(
        _("estado"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_document_reference = models.CharField(
        _("referencia del documento firmado"), max_length=500, blank=True
    )
    # What happens when it ends: filing stays open this many calendar days afterwards.
    notice_days = models.PositiveIntegerField(
        _("días de aviso"),
        default=DEFAULT_NOTICE_DAYS,
        blank=True,
        help_text=_("Días naturales que la ciudadanía aún puede presentar tras la terminación."),
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    terminated_at = models.DateTimeField(null=True, blank=True)
    # Last day citizens may file under it, set when it is suspended or terminated.
    filing_until = models.DateField(_("se puede presentar hasta"), null=True, blank=True)
    end_reason = models.TextField(_("motivo"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("convenio")
        verbose_name_plural = _("convenios")
        ordering = ("publisher", "adopter", "-valid_from")
        constraints = [
            models.CheckConstraint(
                condition=~Q(publisher=models.F("adopter")),
                name="catalog_agreement_distinct_parties",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="catalog_agreement_valid_range",
            ),
        ]
        indexes = [
            models.Index(fields=["adopter", "status"], name="catalog_agreement_adopter_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def in_force_on(self, day: Any) -> bool:
        return (
            self.status == AgreementStatus.ACTIVE
            and self.valid_from <= day
            and (self.valid_to is None or self.valid_to >= day)
        )

    @property
    def in_force_today(self) -> bool:
        return self.in_force_on(timezone.localdate())


class AuditAction(models.TextChoices):
    APP_CREATED = "app_created", _("App creada")
    DRAFT_SAVED = "draft_saved", _("Borrador guardado")
    VERSION_PUBLISHED = "version_published", _("Versión publicada")
    APP_DEPRECATED = "app_deprecated", _("App en desuso")
    SHARING_POLICY_CHANGED = "sharing_policy_changed", _("Política de uso compartido cambiada")
    AGREEMENT_CREATED = "agreement_created", _("Convenio creado")
    AGREEMENT_ACTIVATED = "agreement_activated", _("Convenio activado")
    AGREEMENT_SUSPENDED = "agreement_suspended", _("Convenio suspendido")
    AGREEMENT_TERMINATED = "agreement_terminated", _("Convenio terminado")
    GOVERNMENT_STATUS_CHANGED = "government_status_changed", _("Estado de gobierno cambiado")
    PROPOSAL_RECEIVED = "proposal_received", _("Propuesta recibida")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("Propuesta aceptada")
    PROPOSAL_DECLINED = "proposal_declined", _("Propuesta declinada")
    PUBLICATION_REQUESTED = "publication_requested", _("Publicación solicitada")
    PUBLICATION_APPROVED = "publication_approved", _("Publicación aprobada")
    PUBLICATION_WITHDRAWN = "publication_withdrawn", _("Solicitud de publicación retirada")


class CatalogAuditEvent(models.Model):
    """Who changed the shared catalogue, and how. Written by the services, inside their
    transaction, and never edited."""

    action = models.CharField(_("acción"), max_length=32, choices=AuditAction.choices)
    actor_email = models.CharField(_("persona"), max_length=254)
    actor_schema = models.CharField(_("esquema"), max_length=63)
    app = models.ForeignKey(
        CatalogApp, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    version = models.ForeignKey(
        AppVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("evento de auditoría del catálogo")
        verbose_name_plural = _("eventos de auditoría del catálogo")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.action} · {self.actor_email}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    ACCEPTED = "accepted", _("Aceptada")
    DECLINED = "declined", _("Declinada")


class Proposal(models.Model):
    """An adopter's suggestion back to the publisher: new wording for one text of a published
    version (one of its adaptations, or any field), with a comment. The publisher accepts it
    (it lands in its next draft) or declines it with a reason; both sides see the outcome.

    Public schema, read and written only by the two governments involved (catalog.proposals).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    app = models.ForeignKey(
        CatalogApp, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("app")
    )
    version = models.ForeignKey(
        AppVersion,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("versión"),
    )
    sender = models.ForeignKey(
        "tenants.Government",
        on_delete=models.PROTECT,
        related_name="proposals_sent",
        verbose_name=_("gobierno que propone"),
    )
    sender_email = models.CharField(_("persona que propone"), max_length=254)
    # RFC 6901 pointer of the text in `version`'s definition.
    pointer = models.CharField(_("ubicación"), max_length=500)
    # The publisher's text at `pointer` when the proposal was sent, and the proposed one.
    current_text = models.JSONField(_("texto actual"), default=dict)
    proposed_text = models.JSONField(_("texto propuesto"))
    comment = models.TextField(_("comentario"), blank=True)
    status = models.CharField(
        _("estado"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by_email = models.CharField(_("decidida por"), max_length=254, blank=True)
    decided_at = models.DateTimeField(_("decidida"), null=True, blank=True)
    decline_reason = models.TextField(_("motivo"), blank=True)
    # The draft the accepted text landed in.
    landed_in = models.ForeignKey(
        AppVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("propuesta")
        verbose_name_plural = _("propuestas")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["app", "status"], name="catalog_proposal_app_idx"),
            models.Index(fields=["sender", "status"], name="catalog_proposal_sender_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.app_id} {self.pointer} ({self.status})"


class PublicationRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    APPROVED = "approved", _("Aprobada")
    WITHDRAWN = "withdrawn", _("Retirada")


class PublicationRequest(models.Model):
    """Where a government asks for a second person's approval before publishing
    (`Government.publish_requires_approval`): one publisher requests the publication of the
    draft as it is (its revision, version number and changelog) and a different publisher
    approves it, which publishes it. A draft saved after the request voids it."""

    app = models.ForeignKey(
        CatalogApp, on_delete=models.PROTECT, related_name="publication_requests"
    )
    version = models.ForeignKey(
        AppVersion, on_delete=models.CASCADE, related_name="publication_requests"
    )
    version_number = models.CharField(_("versión"), max_length=32)
    changelog = models.JSONField(_("notas de la versión"), default=dict, blank=True)
    # The draft's `updated_at` when it was requested: approving anything else is refused.
    draft_revision = models.CharField(max_length=64)
    status = models.CharField(
        _("estado"),
        max_length=16,
        choices=PublicationRequestStatus.choices,
        default=PublicationRequestStatus.PENDING,
    )
    requested_by_email = models.CharField(_("solicitada por"), max_length=254)
    requested_by_schema = models.CharField(max_length=63)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by_email = models.CharField(_("resuelta por"), max_length=254, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("solicitud de publicación")
        verbose_name_plural = _("solicitudes de publicación")
        ordering = ("-requested_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["app"],
                condition=Q(status="pending"),
                name="catalog_one_pending_publication_per_app",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.app_id}@{self.version_number} · {self.status}"
