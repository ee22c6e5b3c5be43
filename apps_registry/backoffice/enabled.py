"""The government's enabled apps in its back office: list, detail, local values, status,
preview and upgrade to a newer published version."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from apps_registry import selectors
from apps_registry.adaptations import to_review
from apps_registry.backoffice.ficha import ficha
from apps_registry.backoffice.forms import LocalValuesForm, group_id
from apps_registry.backoffice.views import (
    ACTING_ROLES,
    READING_ROLES,
    can_act,
    enabled_app_or_404,
)
from apps_registry.diff import (
    adaptations_impact,
    definition_diff,
    display_value,
    local_values_impact,
)
from apps_registry.local_values import override_points
from apps_registry.models import EnabledApp, EnabledAppStatus
from apps_registry.readiness import enabled_app_problems
from apps_registry.services import (
    enabled_app_disable,
    enabled_app_go_live,
    enabled_app_pause,
    enabled_app_resume,
    enabled_app_update_local_values,
    enabled_app_upgrade,
)
from catalog.definition.code_lists import MISSING_CODE_LIST
from catalog.definition.errors import DefinitionErrorCode
from catalog.definition.rendering import render_form
from core.actors import Actor
from core.errors import ApplicationError
from core.i18n import content_language, text_in
from core.permissions import role_required
from tenants.requests import TenantRequest

# --- this government's enabled apps ------------------------------------------------------------


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def enabled_list(request: TenantRequest) -> HttpResponse:
    status = request.GET.get("estado", "")
    valid = status in EnabledAppStatus.values
    apps = list(selectors.enabled_apps(government=request.tenant, status=status if valid else None))
    standings = selectors.agreement_standings(apps)
    return render(
        request,
        "apps_registry/enabled_list.html",
        {
            "apps": apps,
            # Apps whose convenio ended: they stay as they are until filing closes.
            "under_ended_agreements": [
                (app, end)
                for app in apps
                if not (standing := standings[app.pk]).may_go_live
                and (end := standing.ended) is not None
            ],
            "status": status if valid else "",
            "statuses": EnabledAppStatus.choices,
            "can_act": can_act(request),
        },
    )


def _is_publisher(enabled: EnabledApp, request: TenantRequest) -> bool:
    return enabled.catalog_app.publisher_id == request.tenant.pk


def _values_shown(enabled: EnabledApp, language: str, is_publisher: bool) -> list[dict[str, Any]]:
    """Each override point with what citizens see for it (local, "no aplica", default or
    publisher's; on an adopter's site a place-bound value is never the publisher's)."""
    effective = selectors.definition_as_served(enabled.version, enabled)
    shown = []
    for point in override_points(effective, enabled.local_values, enabled.not_applicable):
        unset_here = bool(point.place_bound) and not is_publisher
        if point.is_set:
            source = _("Valor local")
        elif point.not_applicable:
            source = _("No aplica")
        elif unset_here:
            source = _("Sin definir: propio de su gobierno")
        elif point.has_default:
            source = _("Valor predeterminado")
        else:
            source = _("Valor del gobierno que publica")
        shown.append(
            {
                "label": text_in(point.label, language) or point.key,
                "required": point.required,
                "value": (
                    _("No aplica")
                    if point.not_applicable and not point.is_set
                    else "—"
                    if unset_here and not point.is_set
                    else display_value(point.publisher_value)
                ),
                "source": source,
                "missing": not point.is_set
                and not point.not_applicable
                and (point.required or unset_here),
            }
        )
    return shown


# Problems fixed in the government's own facts (tenants back office): its agencies, identity
# provider and code lists.
FIXED_IN_FACTS = {str(DefinitionErrorCode.UNKNOWN_VARIABLE), MISSING_CODE_LIST}


def go_live_checklist(enabled: EnabledApp, request: TenantRequest) -> list[dict[str, str]]:
    """What keeps the app from going live, each with the page where it is fixed."""
    items = []
    for problem in enabled_app_problems(enabled, request.tenant):
        if problem.location and not problem.location.startswith("/"):
            key = problem.location.split("/")[0]
            url = reverse("apps_registry:enabled_values", args=[enabled.public_id])
            href, where = f"{url}#{group_id(key)}", _("Editar valores locales")
        elif problem.code in FIXED_IN_FACTS:
            href, where = reverse("tenant_admin:facts"), _("Datos del gobierno")
        else:
            href, where = "", ""
        items.append({"message": problem.message, "href": href, "where": where})
    return items


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def enabled_detail(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = enabled_app_or_404(public_id)
    language = content_language()
    effective = selectors.enabled_app_definition(enabled)
    offered_or_draft = enabled.status != EnabledAppStatus.DISABLED
    return render(
        request,
        "apps_registry/enabled_detail.html",
        {
            "enabled": enabled,
            "app": enabled.catalog_app,
            "ficha": ficha(effective, language),
            "values": _values_shown(enabled, language, _is_publisher(enabled, request)),
            "problems": go_live_checklist(enabled, request) if offered_or_draft else [],
            "upgrade": selectors.upgrade_available(enabled),
            "adaptations_count": len(enabled.adaptations),
            "adaptations_to_review": len(to_review(enabled.adaptations)),
            "events": list(selectors.enabled_app_events(enabled_app=enabled)[:50]),
            "can_act": can_act(request),
        },
    )


@role_required(*ACTING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def enabled_values(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = enabled_app_or_404(public_id)
    if enabled.status == EnabledAppStatus.DISABLED:
        messages.error(
            request, _("El trámite está deshabilitado: habilítelo de nuevo para editarlo.")
        )
        return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)
    definition = enabled.version.definition
    language = content_language()
    is_publisher = _is_publisher(enabled, request)
    general: list[str] = []
    if request.method == "POST":
        form = LocalValuesForm(
            definition,
            data=request.POST,
            add_row=request.POST.get("add_row", ""),
            language=language,
            is_publisher=is_publisher,
        )
        if not request.POST.get("add_row"):
            try:
                enabled_app_update_local_values(
                    enabled_app=enabled,
                    local_values=form.values(),
                    not_applicable=form.not_applicable(),
                    actor=Actor.from_request(request),
                )
            except ApplicationError as error:
                general = [p.message for p in form.add_errors(error.errors)]
            else:
                messages.success(request, _("Valores locales guardados."))
                return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)
    else:
        form = LocalValuesForm(
            definition,
            local_values=enabled.local_values,
            not_applicable=enabled.not_applicable,
            language=language,
            is_publisher=is_publisher,
        )
    return render(
        request,
        "apps_registry/enabled_values.html",
        {
            "enabled": enabled,
            "app": enabled.catalog_app,
            "form": form,
            "general_errors": general,
            "error_count": len(form.summary) + len(general),
        },
    )


STATUS_ACTIONS = {
    "go_live": (enabled_app_go_live, gettext_lazy("«%(name)s» está en línea.")),
    "pause": (
        enabled_app_pause,
        gettext_lazy(
            "«%(name)s» quedó en pausa: la ciudadanía lo ve como no disponible temporalmente."
        ),
    ),
    "resume": (enabled_app_resume, gettext_lazy("«%(name)s» está en línea de nuevo.")),
    "disable": (enabled_app_disable, gettext_lazy("«%(name)s» quedó deshabilitado.")),
}


@role_required(*ACTING_ROLES)
@require_POST
def enabled_status(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = enabled_app_or_404(public_id)
    action = STATUS_ACTIONS.get(request.POST.get("action", ""))
    name = enabled.catalog_app.title or enabled.catalog_app.slug
    if action is None:
        messages.error(request, _("Acción desconocida."))
        return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)
    service, done = action
    try:
        service(enabled_app=enabled, actor=Actor.from_request(request))
    except ApplicationError as error:
        # The page lists the same problems again, each with a link to where it is fixed.
        for problem in error.errors:
            messages.error(request, problem.message)
    else:
        messages.success(request, str(done) % {"name": name})
    return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def enabled_preview(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = enabled_app_or_404(public_id)
    effective = selectors.enabled_app_definition(enabled)
    language = content_language()
    return render(
        request,
        "apps_registry/catalogue_preview.html",
        {
            "app": enabled.catalog_app,
            "version": enabled.version,
            "enabled_here": enabled,
            "ficha": ficha(effective, language),
            "preview_html": render_form(effective, language=language, preview=True),
        },
    )


@role_required(*ACTING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def upgrade(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = enabled_app_or_404(public_id)
    newer = list(selectors.newer_versions(enabled))
    if not newer:
        messages.info(request, _("Este trámite ya está en la versión más reciente."))
        return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)
    wanted = request.POST.get("version") or request.GET.get("version") or newer[0].version
    target = next((v for v in newer if v.version == wanted), None)
    if target is None:
        raise Http404
    language = content_language()
    diff = definition_diff(enabled.version.definition, target.definition)
    impact = local_values_impact(diff, enabled.local_values)
    wording = adaptations_impact(enabled.adaptations, enabled.version.definition, target.definition)
    to_fill = {ref.key for ref in [*impact.new_required, *impact.new_optional]} | set(
        impact.retyped
    )
    general: list[str] = []
    if request.method == "POST":
        form = LocalValuesForm(
            target.definition,
            data=request.POST,
            add_row=request.POST.get("add_row", ""),
            only_keys=to_fill,
            language=language,
        )
        if not request.POST.get("add_row"):
            try:
                enabled_app_upgrade(
                    enabled_app=enabled,
                    to_version=target,
                    local_values=form.values(),
                    actor=Actor.from_request(request),
                )
            except ApplicationError as error:
                general = [p.message for p in form.add_errors(error.errors)]
            else:
                messages.success(
                    request,
                    _(
                        "Actualizado a la versión %(version)s. Los expedientes ya presentados siguen en su versión."
                    )
                    % {"version": target.version},
                )
                return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)
    else:
        form = LocalValuesForm(target.definition, only_keys=to_fill, language=language)
    return render(
        request,
        "apps_registry/upgrade.html",
        {
            "enabled": enabled,
            "app": enabled.catalog_app,
            "target": target,
            "newer": [v for v in newer if v.semver <= target.semver],
            "diff": diff,
            "sections": diff.non_empty_sections,
            "impact": impact,
            "wording": wording,
            "english": language == "en",
            "form": form,
            "general_errors": general,
            "error_count": len(form.summary) + len(general),
        },
    )
