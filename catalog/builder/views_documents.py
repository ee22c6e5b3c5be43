"""Documentos: the list of requisitos (reorder, remove) and a page per document to add or change
one, with its condition in the same editor as Condiciones."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.backoffice.views import PUBLISHING_ROLES
from catalog.builder import ops_conditions_form as condition_form
from catalog.builder import ops_documents as ops
from catalog.builder import pages
from catalog.builder.ops_conditions import editable
from catalog.builder.services import builder_save
from catalog.builder.views_conditions import (
    REFRESH_ACTIONS,
    ConditionView,
    checked,
    condition_view,
)
from core.actors import Actor
from core.errors import ApplicationError
from core.permissions import role_required
from tenants.requests import TenantRequest


@dataclass(frozen=True)
class DocumentView:
    id: str
    name: str
    formats: str
    max_size_mb: Any
    required: bool
    presented: str
    condition: ConditionView | None
    first: bool
    last: bool


def _document_views(definition: Mapping[str, Any]) -> list[DocumentView]:
    documents = [d for d in definition.get("documents") or [] if isinstance(d, Mapping)]
    presented = dict(ops.ORIGINAL_OR_COPY)
    views = []
    for position, document in enumerate(documents):
        accept = document.get("accept")
        formats = ", ".join(
            str(ops.FORMAT_NAMES.get(v, v)) for v in (accept if isinstance(accept, list) else [])
        )
        views.append(
            DocumentView(
                str(document.get("id", "")),
                ops.document_name(document),
                formats,
                document.get("max_size_mb", ""),
                document.get("required") is True,
                str(presented.get(str(document.get("original_or_copy")), "")),
                condition_view(document["condition"], definition)
                if "condition" in document
                else None,
                position == 0,
                position == len(documents) - 1,
            )
        )
    return views


ACTIONS = {
    "subir": lambda d, doc: ops.move_document(d, doc, -1),
    "bajar": lambda d, doc: ops.move_document(d, doc, 1),
    "quitar": ops.remove_document,
}


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_documents(request: TenantRequest, slug: str) -> HttpResponse:
    source = pages.own_source(request, slug)
    errors: list[pages.ShownError] = []
    revision = source.revision
    if request.method == "POST":
        revision = request.POST.get("revision", "")
        action = ACTIONS.get(request.POST.get("accion", ""))
        document_id = request.POST.get("documento", "")
        if action is None:
            raise Http404
        try:
            builder_save(
                app=source.app,
                draft_revision=revision,
                edit=checked(lambda definition: action(definition, document_id)),
                actor=Actor.from_request(request),
            )
        except ApplicationError as error:
            errors = pages.place_errors(error.errors, [])
        else:
            messages.success(request, _("Cambios guardados en el borrador."))
            return redirect("publisher:builder_documents", slug=slug)
    return render(
        request,
        "catalog/builder/documents.html",
        pages.page_context(
            source=source,
            section="documentos",
            revision=revision,
            errors=errors,
            show_pointers=True,
            documents=_document_views(source.definition),
        ),
    )


def _new_document(definition: Mapping[str, Any]) -> dict[str, Any]:
    """What the page shows for a new document: a plain PDF, 5 MB, required."""
    documents = list(definition.get("documents") or [])
    blank = {"accept": ["application/pdf"], "max_size_mb": ops.DEFAULT_MAX_SIZE_MB}
    return {**definition, "documents": [*documents, {**blank, "required": True}]}


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_document_edit(request: TenantRequest, slug: str, document_id: str = "") -> HttpResponse:
    """One document: `document_id` empty adds a new one."""
    source = pages.own_source(request, slug)
    definition = source.definition
    index = ops.document_index(definition, document_id) if document_id else None
    if document_id and index is None:
        raise Http404
    shown = definition if index is not None else _new_document(definition)
    position = index if index is not None else len(shown["documents"]) - 1
    errors: list[pages.ShownError] = []
    revision = source.revision
    data = request.POST if request.method == "POST" else None
    problems: list[Any] = []
    if data is not None:
        revision = data.get("revision", "")
        if data.get("accion") not in REFRESH_ACTIONS:
            try:
                builder_save(
                    app=source.app,
                    draft_revision=revision,
                    edit=checked(lambda d: ops.document_apply(d, index, data)),
                    actor=Actor.from_request(request),
                )
            except ApplicationError as error:
                problems = error.errors
            else:
                messages.success(request, _("Documento guardado en el borrador."))
                return redirect("publisher:builder_documents", slug=slug)
    panels = ops.panels(shown, position, data)
    base = f"/documents/{position}/condition"
    editor = condition_form.editor(shown, base, data)
    stored = shown["documents"][position].get("condition")
    readonly = (
        condition_view(stored, shown)
        if stored is not None and editable(stored, shown) is None
        else None
    )
    if data is not None:
        errors = pages.place_errors(problems, pages.all_controls(panels) + editor.controls)
    return render(
        request,
        "catalog/builder/documents_edit.html",
        pages.page_context(
            source=source,
            section="documentos",
            revision=revision,
            panels=panels,
            errors=errors,
            document_id=document_id,
            editor=editor,
            readonly=readonly,
        ),
    )
