"""The "Ajustes locales y variables" page of the builder (see catalog.builder.ops_local)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.backoffice.views import PUBLISHING_ROLES
from catalog.builder import pages
from catalog.builder.ficha import ficha_panels
from catalog.builder.ops_costs import costs_panels
from catalog.builder.ops_local import LocalEdit, local_panels
from catalog.builder.services import builder_save
from catalog.definition.variables import describe, known_variables
from core.actors import Actor
from core.errors import ApplicationError
from core.i18n import content_language
from core.permissions import role_required
from tenants.requests import TenantRequest

# The builder page that edits each part of a definition. Pages not built yet are skipped
# (NoReverseMatch): their findings link to the JSON page, which edits everything.
PAGE_BY_ROOT = {
    "metadata": "publisher:builder_ficha",
    "fees": "publisher:builder_costs",
    "plazo": "publisher:builder_costs",
    "ficta": "publisher:builder_costs",
    "prevencion": "publisher:builder_costs",
    "validity": "publisher:builder_costs",
    "form": "publisher:builder_steps",
    "rules": "publisher:builder_conditions",
    "documents": "publisher:builder_documents",
    "workflow": "publisher:builder_workflow",
    "outputs": "publisher:builder_workflow",
    "overrides": "publisher:builder_local",
}
# What of a document the ficha edits (fraction V).
FICHA_DOCUMENT_KEYS = ("original_or_copy", "copies", "issuer")


def _anchor(pointer: str, controls: Sequence[pages.Control]) -> str:
    best = None
    for control in controls:
        inside = pointer == control.pointer or pointer.startswith(control.pointer + "/")
        if inside and (best is None or len(control.pointer) > len(best.pointer)):
            best = control
    if best is None:
        best = next((c for c in controls if c.pointer.startswith(pointer + "/")), None)
    return f"#{best.id}" if best is not None else ""


def edit_links(definition: Mapping[str, Any], slug: str, findings: Sequence[Any]) -> dict[str, str]:
    """{pointer (with "/<language>" for a translatable's text): address of the builder page,
    and of the input, that edits it}."""
    panels = {
        "publisher:builder_ficha": pages.all_controls(ficha_panels(definition)),
        "publisher:builder_costs": pages.all_controls(costs_panels(definition)),
    }
    links: dict[str, str] = {}
    for finding in findings:
        if not isinstance(finding, Mapping):
            continue
        pointer = str(finding.get("pointer", ""))
        language = str(finding.get("language", ""))
        full = f"{pointer}/{language}" if language else pointer
        parts = pointer.split("/")
        page = PAGE_BY_ROOT.get(parts[1] if len(parts) > 1 else "", "publisher:builder_json")
        if parts[1:2] == ["documents"] and len(parts) > 3 and parts[3] in FICHA_DOCUMENT_KEYS:
            page = "publisher:builder_ficha"
        try:
            url = reverse(page, args=[slug])
        except NoReverseMatch:
            url = reverse("publisher:builder_json", args=[slug])
            page = "publisher:builder_json"
        links[full] = url + _anchor(full, panels.get(page, ()))
    return links


def variables() -> list[tuple[str, str]]:
    """({{name}}, what it says) of every jurisdiction variable, to copy into texts."""
    language = content_language()
    return [(f"{{{{{name}}}}}", describe(name, language)) for name in known_variables()]


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_local(request: TenantRequest, slug: str) -> HttpResponse:
    source = pages.own_source(request, slug)  # 404 for another government's app
    errors: list[pages.ShownError] = []
    revision = source.revision
    if request.method == "POST":
        revision = request.POST.get("revision", "")
        edit = LocalEdit(request.POST)
        try:
            builder_save(
                app=source.app,
                draft_revision=revision,
                edit=edit,
                actor=Actor.from_request(request),
            )
        except ApplicationError as error:
            panels = local_panels(source.definition, request.POST)
            errors = pages.place_errors(edit.located(error.errors), pages.all_controls(panels))
        else:
            messages.success(request, _("Cambios guardados en el borrador."))
            return redirect("publisher:builder_local", slug=slug)
    else:
        panels = local_panels(source.definition)
    version = source.draft or source.app.latest_version
    report = version.portability if version is not None else {}
    findings = report.get("findings") if isinstance(report, Mapping) else None
    return render(
        request,
        "catalog/builder/local.html",
        pages.page_context(
            source=source,
            section="ajustes",
            revision=revision,
            panels=panels,
            errors=errors,
            variables=variables(),
            portability=report,
            portability_links=edit_links(source.definition, slug, findings or []),
        ),
    )
