"""The builder's pages. Thin: load the draft (own_source), apply the page's edit through
builder_save, show located problems beside their controls with what was typed kept."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.backoffice.views import PUBLISHING_ROLES
from catalog.builder import pages, start
from catalog.builder.ficha import ficha_apply, ficha_panels
from catalog.builder.services import builder_save, builder_start
from catalog.definition import parse_definition_text
from catalog.models import SharingPolicy
from core.actors import Actor
from core.errors import ApplicationError, ErrorDetail
from core.permissions import role_required
from tenants.requests import TenantRequest

SAVED = "guardado"


def _saved(request: TenantRequest, url_name: str, slug: str) -> HttpResponse:
    messages.success(request, _("Cambios guardados en el borrador."))
    return redirect(url_name, slug=slug)


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD"])
def builder_home(request: TenantRequest, slug: str) -> HttpResponse:
    pages.own_source(request, slug)  # 404 for another government's app
    return redirect(pages.SECTIONS[0].url_name, slug=slug)


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_ficha(request: TenantRequest, slug: str) -> HttpResponse:
    source = pages.own_source(request, slug)
    errors: list[pages.ShownError] = []
    revision = source.revision
    if request.method == "POST":
        revision = request.POST.get("revision", "")
        try:
            builder_save(
                app=source.app,
                draft_revision=revision,
                edit=lambda definition: ficha_apply(definition, request.POST),
                actor=Actor.from_request(request),
            )
        except ApplicationError as error:
            panels = ficha_panels(source.definition, request.POST)
            errors = pages.place_errors(error.errors, pages.all_controls(panels))
        else:
            return _saved(request, "publisher:builder_ficha", slug)
    else:
        panels = ficha_panels(source.definition)
    return render(
        request,
        "catalog/builder/ficha.html",
        pages.page_context(
            source=source, section="ficha", revision=revision, panels=panels, errors=errors
        ),
    )


def _pretty(definition: Any) -> str:
    return json.dumps(definition, ensure_ascii=False, indent=2)


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_json(request: TenantRequest, slug: str) -> HttpResponse:
    """The whole draft as JSON ("avanzado"): what the other pages edit, nothing hidden."""
    source = pages.own_source(request, slug)
    errors: list[pages.ShownError] = []
    revision = source.revision
    text = _pretty(source.definition)
    if request.method == "POST":
        revision = request.POST.get("revision", "")
        text = request.POST.get("definition_text", "")
        definition, problems = parse_definition_text(text)
        if definition is not None:
            parsed = definition
            try:
                builder_save(
                    app=source.app,
                    draft_revision=revision,
                    edit=lambda _current: parsed,
                    actor=Actor.from_request(request),
                )
            except ApplicationError as error:
                problems = list(error.errors)
            else:
                return _saved(request, "publisher:builder_json", slug)
        else:
            problems = [
                ErrorDetail(
                    p.code, p.message_es, p.message_en, f"{pages.DEFINITION_POINTER}{p.location}"
                )
                for p in problems
            ]
        control = pages.Control("definition_text", _("Definición (JSON)"), "", "textarea", text)
        errors = pages.place_errors(problems, [control])
    return render(
        request,
        "catalog/builder/json.html",
        pages.page_context(
            source=source,
            section="json",
            revision=revision,
            errors=errors,
            show_pointers=True,
            definition_text=text,
            text_errors=[e for e in errors if e.anchor],
        ),
    )


# --- "Nuevo trámite": where a new app starts ----------------------------------------------------


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_start_page(request: TenantRequest) -> HttpResponse:
    government = request.tenant
    data = request.POST if request.method == "POST" else None
    name = pages.Control(
        "name",
        _("Nombre del trámite"),
        "/metadata/name/es-MX",
        value=data.get("name", "") if data else "",
        help=_(
            "Su identificador en direcciones y en el catálogo sale de este nombre y ya no cambia."
        ),
    )
    policy = pages.Control(
        "sharing_policy",
        _("Política de uso compartido"),
        "",
        "select",
        data.get("sharing_policy", SharingPolicy.PUBLIC) if data else SharingPolicy.PUBLIC,
        SharingPolicy.choices,
    )
    source = pages.Control(
        start.SOURCE_FIELD,
        _("Punto de partida"),
        "",
        "select",
        data.get(start.SOURCE_FIELD, start.BLANK) if data else start.BLANK,
    )
    errors: list[pages.ShownError] = []
    if data is not None:
        value = source.value
        try:
            definition = start.start_definition(government=government, value=value)
            app = builder_start(
                publisher=government,
                name=name.value,
                sharing_policy=policy.value,
                definition=definition,
                actor=Actor.from_request(request),
                plain_name_too=value == start.BLANK or value.startswith("template:"),
            )
        except ApplicationError as error:
            errors = pages.place_errors(error.errors, [name, policy, source])
        else:
            messages.success(
                request,
                _("Se creó el trámite «%(name)s» con su primer borrador.")
                % {"name": app.title or name.value},
            )
            return redirect("publisher:builder_ficha", slug=app.slug)
    return render(
        request,
        "catalog/builder/start.html",
        {
            "name_control": name,
            "policy_control": policy,
            "source_control": source,
            "source_groups": start.start_options(government=government),
            "errors": errors,
        },
    )
