"""A fee concept's page under "Costos y plazos": its legal basis and its condition (see
catalog.builder.ops_costs_concept)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.backoffice.views import PUBLISHING_ROLES
from catalog.builder import pages
from catalog.builder.ops_costs_concept import (
    concept_apply,
    concept_editor,
    concept_index,
    concept_label,
    concept_panels,
    readonly_condition,
)
from catalog.builder.services import builder_save
from catalog.builder.views_conditions import REFRESH_ACTIONS, condition_view
from core.actors import Actor
from core.errors import ApplicationError, ErrorDetail
from core.permissions import role_required
from tenants.requests import TenantRequest


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_cost_concept(request: TenantRequest, slug: str, concept_id: str) -> HttpResponse:
    source = pages.own_source(request, slug)  # 404 for another government's app
    definition = source.definition
    index = concept_index(definition, concept_id)
    if index is None:
        raise Http404
    errors: list[pages.ShownError] = []
    revision = source.revision
    data = request.POST if request.method == "POST" else None
    problems: list[ErrorDetail] = []
    if data is not None:
        revision = data.get("revision", "")
        if data.get("accion") not in REFRESH_ACTIONS:
            try:
                builder_save(
                    app=source.app,
                    draft_revision=revision,
                    edit=lambda d: concept_apply(d, index, data),
                    actor=Actor.from_request(request),
                )
            except ApplicationError as error:
                problems = error.errors
            else:
                messages.success(request, _("Cambios guardados en el borrador."))
                return redirect("publisher:builder_costs", slug=slug)
    panels = concept_panels(definition, index, data)
    editor = concept_editor(definition, index, data)
    stored = readonly_condition(definition, index)
    if data is not None:
        errors = pages.place_errors(problems, pages.all_controls(panels) + editor.controls)
    return render(
        request,
        "catalog/builder/costs_concept.html",
        pages.page_context(
            source=source,
            section="costos",
            revision=revision,
            errors=errors,
            panels=panels,
            editor=editor,
            readonly=condition_view(stored, definition) if stored is not None else None,
            concept_id=concept_id,
            concept_label=concept_label(definition["fees"]["concepts"][index]),
        ),
    )
