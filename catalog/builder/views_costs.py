"""The "Costos y plazos" page of the builder (see catalog.builder.ops_costs)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.backoffice.views import PUBLISHING_ROLES
from catalog.builder import pages
from catalog.builder.ops_costs import costs_apply, costs_panels, uma_table
from catalog.builder.ops_costs_concept import concept_links
from catalog.builder.services import builder_save
from catalog.definition.uma import UMA_SOURCE
from core.actors import Actor
from core.errors import ApplicationError
from core.i18n import content_language, text_in
from core.permissions import role_required
from tenants.requests import TenantRequest


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_costs(request: TenantRequest, slug: str) -> HttpResponse:
    source = pages.own_source(request, slug)  # 404 for another government's app
    errors: list[pages.ShownError] = []
    revision = source.revision
    if request.method == "POST":
        revision = request.POST.get("revision", "")
        try:
            builder_save(
                app=source.app,
                draft_revision=revision,
                edit=lambda definition: costs_apply(definition, request.POST),
                actor=Actor.from_request(request),
            )
        except ApplicationError as error:
            panels = costs_panels(source.definition, request.POST)
            errors = pages.place_errors(error.errors, pages.all_controls(panels))
        else:
            messages.success(request, _("Cambios guardados en el borrador."))
            return redirect("publisher:builder_costs", slug=slug)
    else:
        panels = costs_panels(source.definition)
    return render(
        request,
        "catalog/builder/costs.html",
        pages.page_context(
            source=source,
            section="costos",
            revision=revision,
            panels=panels,
            errors=errors,
            uma_table=uma_table(),
            uma_source=text_in(UMA_SOURCE, content_language()),
            concepts=concept_links(source.definition),
        ),
    )
