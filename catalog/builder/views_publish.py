"""The builder's "Publicar" page: what the draft changes against the previous published version
(breaking changes first), who will see "actualización disponible", the portability report, and
the form that publishes it, or requests and approves it when the government asks for a second
person's approval.

The adopters come from apps_registry.selectors (one aggregate read across the adopters' schemas,
numbers only): the one import of this module that climbs a floor, named in
tests/test_architecture.py and docs/architecture.md like catalog.backoffice.views'.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from apps_registry.selectors import adoptions_of_apps
from catalog.backoffice.views import PUBLISHING_ROLES
from catalog.builder import pages
from catalog.builder.ops_publish import publish_review
from catalog.builder.selectors import BuilderSource
from catalog.builder.services_publish import (
    builder_publish,
    pending_request,
    publication_approve,
    publication_request,
    publication_withdraw,
    request_is_current,
)
from core.actors import Actor
from core.errors import ApplicationError, ErrorDetail
from core.i18n import content_language
from core.permissions import role_required
from tenants.requests import TenantRequest

ACTION = "accion"
PUBLISH, REQUEST, APPROVE, WITHDRAW = "publicar", "solicitar", "aprobar", "retirar"


def _controls(
    source: BuilderSource, suggested: str, data: Any | None
) -> tuple[pages.Control, pages.Control, pages.Control]:
    changelog = source.draft.changelog if source.draft is not None else {}
    version = pages.Control(
        "version",
        _("Número de versión"),
        "",
        value=data.get("version", "") if data is not None else suggested,
        help=_(
            "Se sugiere la siguiente versión menor, o la siguiente mayor cuando hay cambios "
            "que rompen algo (por ejemplo 1.4.0 → 2.0.0)."
        ),
    )
    spanish = pages.Control(
        "changelog_es",
        _("Qué cambió (español)"),
        "",
        "textarea",
        data.get("changelog_es", "") if data is not None else changelog.get("es-MX", ""),
        help=_("Obligatorio. Lo leen los gobiernos que adoptaron el trámite."),
        lang="es-MX",
        rows=4,
    )
    english = pages.Control(
        "changelog_en",
        _("Qué cambió (inglés)"),
        "",
        "textarea",
        data.get("changelog_en", "") if data is not None else changelog.get("en", ""),
        lang="en",
        rows=4,
    )
    return version, spanish, english


def _located(problems: list[ErrorDetail]) -> list[ErrorDetail]:
    """The changelog's problems go to its Spanish box (the one that is required)."""
    return [
        ErrorDetail(p.code, p.message_es, p.message_en, "changelog_es")
        if p.location == "changelog"
        else p
        for p in problems
    ]


def _publish_context(request: TenantRequest, source: BuilderSource) -> dict[str, Any]:
    latest = source.app.latest_version
    review = publish_review(
        latest.definition if latest is not None else None,
        latest.version if latest is not None else None,
        source.definition,
    )
    pending = pending_request(app=source.app)
    me = Actor.from_request(request).email.casefold()
    return {
        "review": review,
        "english": content_language() == "en",
        "adoptions": adoptions_of_apps([source.app.pk]) if latest is not None else [],
        "requires_approval": request.tenant.publish_requires_approval,
        "pending": pending,
        "pending_current": pending is not None and request_is_current(pending),
        "pending_mine": pending is not None and pending.requested_by_email.casefold() == me,
        "portability": source.draft.portability if source.draft is not None else {},
        "show_pointers": True,
    }


def _run(request: TenantRequest, source: BuilderSource, action: str) -> Any:
    """The service call of one button of the page."""
    actor = Actor.from_request(request)
    app = source.app
    if action in (APPROVE, WITHDRAW):
        try:
            request_id = int(request.POST.get("solicitud", ""))
        except ValueError:
            request_id = 0
        if action == APPROVE:
            return publication_approve(app=app, request_id=request_id, actor=actor)
        return publication_withdraw(app=app, request_id=request_id, actor=actor)
    write = publication_request if action == REQUEST else builder_publish
    return write(
        app=app,
        draft_revision=request.POST.get("revision", ""),
        version=request.POST.get("version", "").strip(),
        changelog={
            "es-MX": request.POST.get("changelog_es", ""),
            "en": request.POST.get("changelog_en", ""),
        },
        actor=actor,
    )


_DONE = {
    PUBLISH: gettext_lazy("Versión %(version)s publicada. Ya no puede modificarse."),
    REQUEST: gettext_lazy(
        "Se solicitó la publicación de la versión %(version)s. Otra persona con el rol de "
        "publicación debe aprobarla."
    ),
    APPROVE: gettext_lazy("Aprobada: versión %(version)s publicada."),
    WITHDRAW: gettext_lazy("Solicitud de publicación de la versión %(version)s retirada."),
}


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_publish_page(request: TenantRequest, slug: str) -> HttpResponse:
    source = pages.own_source(request, slug)
    context = _publish_context(request, source)
    suggested = context["review"].suggested_version
    errors: list[pages.ShownError] = []
    revision = source.revision
    data = None
    if request.method == "POST":
        action = request.POST.get(ACTION, PUBLISH)
        revision = request.POST.get("revision", revision)
        data = request.POST
        try:
            result = _run(request, source, action)
        except ApplicationError as error:
            controls = _controls(source, suggested, data)
            errors = pages.place_errors(_located(list(error.errors)), controls)
            return _page(request, source, revision, controls, errors, context)
        number = getattr(result, "version_number", None) or getattr(result, "version", "")
        messages.success(request, str(_DONE.get(action, _DONE[PUBLISH])) % {"version": number})
        if action in (PUBLISH, APPROVE):
            return redirect("publisher:app_detail", slug=slug)
        return redirect("publisher:builder_publish", slug=slug)
    return _page(request, source, revision, _controls(source, suggested, data), errors, context)


def _page(
    request: TenantRequest,
    source: BuilderSource,
    revision: str,
    controls: tuple[pages.Control, ...],
    errors: list[pages.ShownError],
    context: dict[str, Any],
) -> HttpResponse:
    version, spanish, english = controls
    return render(
        request,
        "catalog/builder/publish.html",
        pages.page_context(
            source=source,
            section="publicar",
            revision=revision,
            errors=errors,
            version_control=version,
            changelog_controls=(spanish, english),
            **context,
        ),
    )
