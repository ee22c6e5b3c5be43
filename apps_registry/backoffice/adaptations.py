"""The "Redacción propia" screen of an enabled app: every text citizens read, with the
publisher's wording and the government's own (Spanish and English side by side), editable in
one form; and the review of those whose publisher's text changed upstream (keep, rewrite, drop).

Works without JavaScript. Writes go through apps_registry.adaptation_services; another
government's enabled app is "not found" (enabled_app_or_404 reads the current schema only)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps_registry.adaptation_services import (
    enabled_app_adapt,
    enabled_app_adaptations_save,
    enabled_app_keep_adaptation,
    enabled_app_unadapt,
)
from apps_registry.adaptations import adaptable_texts, to_review
from apps_registry.backoffice.views import ACTING_ROLES, READING_ROLES, can_act, enabled_app_or_404
from apps_registry.models import EnabledApp, EnabledAppStatus
from core.actors import Actor
from core.errors import ApplicationError
from core.i18n import content_language
from core.permissions import role_required
from tenants.requests import TenantRequest


@dataclass
class Row:
    index: int
    pointer: str
    location: str
    publisher: Mapping[str, str]
    adapted: bool
    es: str
    en: str
    errors: list[str] = field(default_factory=list)

    @property
    def publisher_es(self) -> str:
        return self.publisher.get("es-MX", "")

    @property
    def publisher_en(self) -> str:
        return self.publisher.get("en", "")

    @property
    def es_name(self) -> str:
        return f"es::{self.pointer}"

    @property
    def en_name(self) -> str:
        return f"en::{self.pointer}"


@dataclass
class Group:
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Review:
    index: int
    pointer: str
    location: str
    text: Mapping[str, str]
    source: Mapping[str, str]
    new_source: Mapping[str, str] | None

    @property
    def text_es(self) -> str:
        return self.text.get("es-MX", "")

    @property
    def text_en(self) -> str:
        return self.text.get("en", "")


def _rows(enabled: EnabledApp, language: str) -> tuple[list[Group], list[Review]]:
    texts = adaptable_texts(enabled.version.definition)
    by_pointer = {item.pointer: item for item in texts}
    flagged = set(to_review(enabled.adaptations))
    groups: dict[str, Group] = {}
    for index, item in enumerate(texts):
        if item.pointer in flagged:
            continue
        adaptation = enabled.adaptations.get(item.pointer)
        shown = adaptation["text"] if adaptation else item.text
        group = groups.setdefault(item.group(language), Group(item.group(language)))
        group.rows.append(
            Row(
                index=index,
                pointer=item.pointer,
                location=item.location(language),
                publisher=item.text,
                adapted=adaptation is not None,
                es=shown.get("es-MX", ""),
                en=shown.get("en", ""),
            )
        )
    reviews = []
    for index, pointer in enumerate(sorted(flagged)):
        adaptation = enabled.adaptations[pointer]
        now = by_pointer.get(pointer)
        reviews.append(
            Review(
                index=index,
                pointer=pointer,
                location=now.location(language) if now else pointer,
                text=adaptation.get("text") or {},
                source=adaptation.get("source") or {},
                new_source=now.text if now else None,
            )
        )
    return list(groups.values()), reviews


def _changes(groups: list[Group], data: Mapping[str, Any]) -> dict[str, Mapping[str, str] | None]:
    """What the form changes: a row whose boxes differ from what was shown; both boxes emptied
    means back to the publisher's text. Each row's boxes keep what was typed."""
    changes: dict[str, Mapping[str, str] | None] = {}
    for group in groups:
        for row in group.rows:
            if row.es_name not in data and row.en_name not in data:
                continue
            es = str(data.get(row.es_name, "")).strip()
            en = str(data.get(row.en_name, "")).strip()
            if (es, en) == (row.es.strip(), row.en.strip()):
                continue
            row.es, row.en = es, en
            if not es and not en:
                if row.adapted:
                    changes[row.pointer] = None
                continue
            changes[row.pointer] = {"es-MX": es, "en": en}
    return changes


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def adaptations(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = enabled_app_or_404(public_id)
    language = content_language()
    acting = can_act(request) and enabled.status != EnabledAppStatus.DISABLED
    groups, reviews = _rows(enabled, language)
    general: list[str] = []
    summary: list[tuple[str, str]] = []
    if request.method == "POST":
        if not acting:
            return _refused(request, enabled)
        changes = _changes(groups, request.POST)
        try:
            enabled_app_adaptations_save(
                enabled_app=enabled, changes=changes, actor=Actor.from_request(request)
            )
        except ApplicationError as error:
            rows = {row.pointer: row for group in groups for row in group.rows}
            for problem in error.errors:
                row = _row_of(rows, problem.location)
                if row is None:
                    general.append(problem.message)
                    continue
                row.errors.append(problem.message)
                summary.append((f"texto-{row.index}-es", f"{row.location}: {problem.message}"))
        else:
            messages.success(request, _("Redacción propia guardada."))
            return redirect("apps_registry:adaptations", public_id=enabled.public_id)
    return render(
        request,
        "apps_registry/adaptations.html",
        {
            "enabled": enabled,
            "app": enabled.catalog_app,
            "groups": groups,
            "reviews": reviews,
            "can_act": acting,
            "general_errors": general,
            "summary": summary,
            "error_count": len(general) + len(summary),
            "adapted_count": len(enabled.adaptations),
        },
        status=422 if general or summary else 200,
    )


@role_required(*ACTING_ROLES)
@require_POST
def adaptation_review(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    """Keep, rewrite or drop one text whose publisher's source changed upstream."""
    enabled = enabled_app_or_404(public_id)
    pointer = request.POST.get("pointer", "")
    decision = request.POST.get("decision", "")
    actor = Actor.from_request(request)
    try:
        if decision == "keep":
            enabled_app_keep_adaptation(enabled_app=enabled, pointer=pointer, actor=actor)
        elif decision == "drop":
            enabled_app_unadapt(enabled_app=enabled, pointer=pointer, actor=actor)
        elif decision == "rewrite":
            text = {"es-MX": request.POST.get("es", ""), "en": request.POST.get("en", "")}
            enabled_app_adapt(enabled_app=enabled, pointer=pointer, text=text, actor=actor)
        else:
            messages.error(request, _("Acción desconocida."))
            return redirect("apps_registry:adaptations", public_id=enabled.public_id)
    except ApplicationError as error:
        for problem in error.errors:
            messages.error(request, problem.message)
    else:
        messages.success(request, _("Revisión guardada."))
    return redirect("apps_registry:adaptations", public_id=enabled.public_id)


def _row_of(rows: Mapping[str, Row], location: str) -> Row | None:
    """The row an error located at a pointer (or at a language under it) belongs to."""
    if location in rows:
        return rows[location]
    parent = location.rsplit("/", 1)[0]
    return rows.get(parent)


def _refused(request: TenantRequest, enabled: EnabledApp) -> HttpResponse:
    if enabled.status == EnabledAppStatus.DISABLED:
        messages.error(
            request, _("El trámite está deshabilitado: habilítelo de nuevo para editarlo.")
        )
        return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)
    raise PermissionDenied
