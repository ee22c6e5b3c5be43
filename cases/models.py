"""Citizen filings (tenant schema): cases, their drafts, documents, history, issued documents
(acuse, resolutions) and the folio counter.

Each case remembers the catalogue version it was filed under, so upgrading an enabled app never
changes a case already filed. Files are stored under the tenant's own prefix
(TenantFileSystemStorage: MEDIA_ROOT/<schema>/cases/...) and only ever served by views that check
who asks; never through MEDIA_URL.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _file_path(prefix: str) -> str:
    # No part of the citizen's file name reaches the disk: names can carry personal data.
    return f"{prefix}/{timezone.localdate().year}/{uuid.uuid4().hex}"


def document_upload_to(instance: models.Model, filename: str) -> str:
    return _file_path("cases")


def output_upload_to(instance: models.Model, filename: str) -> str:
    return _file_path("cases/outputs")


class Case(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enabled_app = models.ForeignKey(
        "apps_registry.EnabledApp",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("trámite habilitado"),
    )
    # The version the case was filed under; it stays when the enabled app is upgraded.
    version = models.ForeignKey(
        "catalog.AppVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("versión"),
    )
    # Null only for cases not filed online by an account (e.g. captured at an office).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("persona solicitante"),
    )
    folio = models.CharField(_("folio"), max_length=40, unique=True)
    # Id of the workflow state of `version` the case is in.
    status = models.CharField(_("estado"), max_length=64)
    status_changed_at = models.DateTimeField(_("último cambio de estado"), default=timezone.now)
    # The cleaned answers (JSON: money as "1099.00", dates as ISO text).
    answers = models.JSONField(_("respuestas"), default=dict, blank=True)
    # What lists show without loading the version's definition (the procedure's name at filing).
    data = models.JSONField(_("datos"), default=dict, blank=True)
    # Sent by the filing form; a retry or a double click with the same key returns the same case.
    idempotency_key = models.UUIDField(
        _("clave de idempotencia"), unique=True, null=True, blank=True
    )
    privacy_notice_version = models.CharField(
        _("versión del aviso de privacidad"), max_length=64, blank=True
    )
    privacy_accepted_at = models.DateTimeField(_("aviso aceptado"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("presentada"), null=True, blank=True)
    # Copied from the answers at filing, in upper case (as official records write names), so the
    # office can search by prefix on an index instead of reading JSON.
    applicant_name = models.TextField(_("nombre de la persona solicitante"), blank=True)
    applicant_curp = models.CharField(
        _("CURP de la persona solicitante"), max_length=18, blank=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        null=True,
        blank=True,
        verbose_name=_("persona asignada"),
    )
    # Last day of the legal plazo (cases.deadlines); moves later after each pause.
    due_on = models.DateField(_("fecha límite"), null=True, blank=True)
    # Set while the case waits for the citizen (prevención): the plazo does not run.
    clock_paused_since = models.DateTimeField(_("plazo detenido desde"), null=True, blank=True)
    paused_business_days = models.PositiveIntegerField(_("días hábiles en pausa"), default=0)
    # When the case reached a resolution (a final state or one that issues a resolution).
    resolved_at = models.DateTimeField(_("resuelto"), null=True, blank=True)
    ficta_applied_at = models.DateTimeField(_("ficta aplicada"), null=True, blank=True)
    # Optimistic concurrency: every change of state or assignment increments it, so an officer
    # acting on what they saw earlier is refused instead of overwriting a colleague's action.
    lock_version = models.PositiveIntegerField(_("versión"), default=0)
    created_at = models.DateTimeField(_("presentado"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("expediente")
        verbose_name_plural = _("expedientes")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["applicant", "-created_at"], name="cases_case_applicant_idx"),
            # The officers' inbox: keyset pages by (due_on, id), narrowed by one filter.
            models.Index(fields=["due_on", "id"], name="cases_case_due_idx"),
            # The default inbox shows open cases only; once most cases are resolved (the usual
            # state of a long-running office), this partial index keeps its first page at a few
            # milliseconds instead of skipping hundreds of thousands of resolved rows.
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(resolved_at__isnull=True),
                name="cases_case_open_due_idx",
            ),
            models.Index(fields=["status", "due_on", "id"], name="cases_case_status_due_idx"),
            models.Index(
                fields=["assigned_to", "due_on", "id"], name="cases_case_assigned_due_idx"
            ),
            models.Index(fields=["enabled_app", "due_on", "id"], name="cases_case_app_due_idx"),
            # Search by CURP (exact or prefix: LIKE 'X%'). Names are searched by prefix with
            # `applicant_name__istartswith`, i.e. UPPER(name) LIKE 'X%', on the expression index
            # `cases_case_name_upper_idx` that migration 0005 creates in SQL (Django renders an
            # operator class on an expression index as invalid SQL).
            models.Index(
                fields=["applicant_curp"],
                name="cases_case_curp_idx",
                opclasses=["text_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.folio

    @property
    def procedure_name(self) -> dict[str, str]:
        return self.data.get("procedure_name") or {}


class CaseDraft(models.Model):
    """What a citizen has typed so far, kept on the server so it survives closing the browser."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="case_drafts",
        verbose_name=_("persona solicitante"),
    )
    enabled_app = models.ForeignKey(
        "apps_registry.EnabledApp",
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("trámite habilitado"),
    )
    # Raw answers as typed (not cleaned: an unfinished form is allowed to be wrong).
    answers = models.JSONField(_("respuestas"), default=dict, blank=True)
    current_step = models.CharField(_("paso actual"), max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("borrador de solicitud")
        verbose_name_plural = _("borradores de solicitud")
        ordering = ("-updated_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "enabled_app"], name="cases_one_draft_per_applicant_and_app"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id}@{self.enabled_app_id}"


class CaseDocument(models.Model):
    """A file a citizen uploaded: first attached to the draft, moved to the case on submission."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_documents",
        verbose_name=_("persona que lo subió"),
    )
    draft = models.ForeignKey(
        CaseDraft,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    # Id of the definition's document or of the form's file field.
    document_id = models.CharField(_("documento"), max_length=64)
    file = models.FileField(_("archivo"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("nombre original"), max_length=255)
    # Detected from the content (magic bytes), not what the browser declared.
    content_type = models.CharField(_("tipo de contenido"), max_length=100)
    size = models.PositiveBigIntegerField(_("tamaño en bytes"))
    sha256 = models.CharField(_("huella SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("subido"), default=timezone.now)
    # Set when a newer file for the same document replaced it on the case (kept for history).
    superseded_at = models.DateTimeField(_("reemplazado"), null=True, blank=True)

    class Meta:
        verbose_name = _("documento de expediente")
        verbose_name_plural = _("documentos de expediente")
        ordering = ("uploaded_at", "id")
        indexes = [models.Index(fields=["case", "document_id"], name="cases_doc_case_idx")]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.original_name}"

    @property
    def metadata(self) -> dict[str, object]:
        """The value a form's file field holds ({name, size, content_type})."""
        return {
            "name": self.original_name,
            "size": self.size,
            "content_type": self.content_type,
            "document": str(self.public_id),
        }


class CaseEventKind(models.TextChoices):
    FILED = "filed", _("Solicitud presentada")
    STATUS_CHANGED = "status_changed", _("Cambio de estado")
    MESSAGE_FROM_OFFICE = "message_from_office", _("Mensaje de la oficina")
    CITIZEN_REPLY = "citizen_reply", _("Respuesta de la persona solicitante")
    DOCUMENT_ADDED = "document_added", _("Documento agregado")
    OUTPUT_ISSUED = "output_issued", _("Documento emitido")
    # Office-only kinds: never shown to the citizen (see INTERNAL_EVENT_KINDS).
    INTERNAL_NOTE = "internal_note", _("Nota interna")
    ASSIGNED = "assigned", _("Asignación")
    FICTA_APPLIED = "ficta_applied", _("Plazo vencido: ficta")


# History the office writes for itself; citizen-facing timelines leave these out.
INTERNAL_EVENT_KINDS = (CaseEventKind.INTERNAL_NOTE, CaseEventKind.ASSIGNED)


class CaseEvent(models.Model):
    """Append-only history of a case: what "my procedures" shows, written by the services."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("tipo"), max_length=32, choices=CaseEventKind.choices)
    from_status = models.CharField(_("estado anterior"), max_length=64, blank=True)
    to_status = models.CharField(_("estado nuevo"), max_length=64, blank=True)
    actor_email = models.CharField(_("persona"), max_length=254, blank=True)
    message = models.TextField(_("mensaje"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("evento de expediente")
        verbose_name_plural = _("eventos de expediente")
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.case_id} · {self.kind}"


class CaseOutputKind(models.TextChoices):
    ACUSE = "acuse", _("Acuse de recibo")
    RESOLUCION = "resolucion", _("Resolución")
    CONSTANCIA = "constancia", _("Constancia")


class CaseOutput(models.Model):
    """A document the government issued for a case (acuse, resolution), verifiable by its QR.

    `snapshot` holds everything printed on it, frozen at issue time, so the PDF says what was
    filed then even after a correction. The PDF is rendered once and kept; `sha256` is its
    fingerprint, shown on the public verification page.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(_("tipo"), max_length=16, choices=CaseOutputKind.choices)
    # Id of the definition's output ("acuse", "resolucion_aprobada"…).
    output_id = models.CharField(_("salida"), max_length=64)
    snapshot = models.JSONField(default=dict)
    file = models.FileField(upload_to=output_upload_to, max_length=200, blank=True)
    sha256 = models.CharField(_("huella SHA-256"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("emitido"), default=timezone.now)
    issued_by_email = models.CharField(_("emitido por"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("documento emitido")
        verbose_name_plural = _("documentos emitidos")
        ordering = ("issued_at", "id")

    def __str__(self) -> str:
        return f"{self.case_id} · {self.output_id}"


class FolioCounter(models.Model):
    """Last folio number given in a year, one row per year (the schema is the government)."""

    year = models.PositiveSmallIntegerField(_("año"), unique=True)
    last_value = models.PositiveIntegerField(_("último número"), default=0)

    class Meta:
        verbose_name = _("contador de folios")
        verbose_name_plural = _("contadores de folios")
        ordering = ("year",)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_value}"


class ProcedureRegistry(models.Model):
    """The government's figure for its registry of procedures (one row per schema).

    The dashboard's digitisation chart compares the procedures the government offers online
    with all the procedures it has: those of the shared catalogue it can see plus
    `offline_procedures`, the ones in its registry (catálogo de trámites) that no catalogue app
    covers yet. A number kept here, not a list, because the registry itself lives elsewhere.
    """

    offline_procedures = models.PositiveIntegerField(_("trámites sin versión en línea"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registro de trámites")
        verbose_name_plural = _("registro de trámites")

    def __str__(self) -> str:
        return str(self.offline_procedures)
