"""Back-office pages of adoption, on a government's own site (/gestion/…): the catalogue as this
government may see it, previews in its own theme, enabling apps with their local values, its
enabled apps (pause, resume, disable, go live, upgrade) and bulk enabling under a convenio.

Administrators act; auditors read. Every enabled app is looked up in the current schema only,
so another government's id is "not found", never "forbidden". Writes go through
apps_registry.services; the pages parse input, call them and show their located errors."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps_registry import selectors
from apps_registry.backoffice.ficha import ficha
from apps_registry.backoffice.forms import AgreementBulkForm, LocalValuesForm
from apps_registry.models import EnabledApp, EnabledAppStatus
from apps_registry.services import (
    enabled_app_enable,
    enabled_apps_bulk_enable,
)
from catalog import selectors as catalog_selectors
from catalog.definition.rendering import render_form
from catalog.models import Agreement, AppVersion, CatalogApp
from core.actors import Actor
from core.errors import ApplicationError
from core.i18n import content_language
from core.models import Role
from core.permissions import role_required, user_has_any_role
from tenants.requests import TenantRequest

ACTING_ROLES = (Role.ADMINISTRATOR,)
# Auditors read everything an administrator reads here, and change nothing.
READING_ROLES = (Role.ADMINISTRATOR, Role.AUDITOR)


@dataclass(frozen=True)
class CatalogueRow:
    """A catalogue app as this government's list shows it."""

    app: CatalogApp
    adopters_count: int
    enabled_here: EnabledApp | None


def can_act(request: TenantRequest) -> bool:
    return user_has_any_role(request, ACTING_ROLES)


# --- lookups: not visible and not found give the same answer ------------------------------------


def _visible_app(request: TenantRequest, publisher: str, slug: str) -> CatalogApp:
    app = catalog_selectors.app_get(government=request.tenant, publisher=publisher, slug=slug)
    if app is None:
        raise Http404
    return app


def _published_versions(request: TenantRequest, app: CatalogApp) -> list[AppVersion]:
    return list(catalog_selectors.app_versions(government=request.tenant, app=app))


def _chosen_version(
    request: TenantRequest, app: CatalogApp, versions: list[AppVersion]
) -> AppVersion:
    wanted = request.GET.get("version") or request.POST.get("version") or ""
    if not wanted:
        if app.latest_version is None:
            raise Http404
        return app.latest_version
    for version in versions:
        if version.version == wanted:
            return version
    raise Http404


def enabled_app_or_404(public_id: uuid.UUID) -> EnabledApp:
    try:
        return selectors.enabled_app_get(public_id=public_id)
    except EnabledApp.DoesNotExist:
        raise Http404 from None


def _agreement_in_force(request: TenantRequest, agreement_id: uuid.UUID) -> Agreement:
    agreement = (
        catalog_selectors.agreements_in_force(request.tenant)
        .select_related("publisher")
        .filter(public_id=agreement_id)
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


# --- catalogue ---------------------------------------------------------------------------------


def _filter_choices(request: TenantRequest) -> tuple[list[str], list[tuple[str, str]]]:
    visible = catalog_selectors.app_list(government=request.tenant)
    categories = sorted({c for c in visible.values_list("category", flat=True) if c})
    publishers = sorted(
        {(slug, name) for slug, name in visible.values_list("publisher__slug", "publisher__name")},
        key=lambda item: item[1],
    )
    return categories, publishers


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def catalogue_list(request: TenantRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    category = request.GET.get("categoria", "").strip()
    publisher = request.GET.get("publicador", "").strip()
    apps = list(
        catalog_selectors.app_list(
            government=request.tenant, query=query, category=category, publisher=publisher
        ).select_related("latest_version")
    )
    counts = selectors.adopter_counts([app.pk for app in apps]) if apps else {}
    enabled = {
        item.catalog_app_id: item for item in selectors.enabled_apps(government=request.tenant)
    }
    rows = [CatalogueRow(app, counts.get(app.pk, 0), enabled.get(app.pk)) for app in apps]
    categories, publishers = _filter_choices(request)
    agreements = list(
        catalog_selectors.agreements_in_force(request.tenant).select_related("publisher")
    )
    return render(
        request,
        "apps_registry/catalogue_list.html",
        {
            # Suspended, terminated or expired: what it still allows, as the publisher sees it.
            "ended_agreements": catalog_selectors.ended_agreements(request.tenant),
            "rows": rows,
            "query": query,
            "category": category,
            "publisher": publisher,
            "categories": categories,
            "publishers": publishers,
            "agreements": agreements,
            "can_act": can_act(request),
        },
    )


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def catalogue_detail(request: TenantRequest, publisher: str, slug: str) -> HttpResponse:
    app = _visible_app(request, publisher, slug)
    versions = _published_versions(request, app)
    shown = _chosen_version(request, app, versions)
    language = content_language()
    return render(
        request,
        "apps_registry/catalogue_detail.html",
        {
            "app": app,
            "version": shown,
            "versions": versions,
            "ficha": ficha(
                selectors.definition_as_served(shown),
                language,
                set_by_adopter=app.publisher_id != request.tenant.pk,
            ),
            "adopters_count": selectors.adopter_counts([app.pk]).get(app.pk, 0),
            "enabled_here": selectors.enabled_app_for_catalog_app(catalog_app_id=app.pk),
            "may_adopt": catalog_selectors.government_may_adopt(request.tenant, app),
            "can_act": can_act(request),
        },
    )


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def catalogue_preview(request: TenantRequest, publisher: str, slug: str) -> HttpResponse:
    """The form and ficha exactly as this government's citizens would see them: in its theme
    (every page is), with its local values applied when it already enabled the app."""
    app = _visible_app(request, publisher, slug)
    versions = _published_versions(request, app)
    enabled = selectors.enabled_app_for_catalog_app(catalog_app_id=app.pk)
    if "version" not in request.GET and enabled is not None:
        shown = enabled.version
    else:
        shown = _chosen_version(request, app, versions)
    effective = selectors.definition_as_served(shown, enabled)
    language = content_language()
    return render(
        request,
        "apps_registry/catalogue_preview.html",
        {
            "app": app,
            "version": shown,
            "enabled_here": enabled,
            "ficha": ficha(
                effective,
                language,
                set_by_adopter=enabled is None and app.publisher_id != request.tenant.pk,
            ),
            "preview_html": render_form(effective, language=language, preview=True),
        },
    )


@role_required(*ACTING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def enable(request: TenantRequest, publisher: str, slug: str) -> HttpResponse:
    app = _visible_app(request, publisher, slug)
    already = selectors.enabled_app_for_catalog_app(catalog_app_id=app.pk)
    if already is not None and already.status != EnabledAppStatus.DISABLED:
        messages.info(request, _("Este trámite ya está habilitado."))
        return redirect("apps_registry:enabled_detail", public_id=already.public_id)
    versions = _published_versions(request, app)
    version = _chosen_version(request, app, versions)
    language = content_language()
    is_publisher = app.publisher_id == request.tenant.pk
    general: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "live")
        form = LocalValuesForm(
            version.definition,
            data=request.POST,
            add_row=request.POST.get("add_row", ""),
            language=language,
            is_publisher=is_publisher,
        )
        if not request.POST.get("add_row"):
            try:
                enabled = enabled_app_enable(
                    government=request.tenant,
                    app=app,
                    version=version,
                    local_values=form.values(),
                    not_applicable=form.not_applicable(),
                    actor=Actor.from_request(request),
                    go_live=action != "draft",
                )
            except ApplicationError as error:
                general = [p.message for p in form.add_errors(error.errors)]
            else:
                if enabled.status == EnabledAppStatus.LIVE:
                    text = _("«%(name)s» quedó habilitado y en línea para la ciudadanía.")
                else:
                    text = _(
                        "«%(name)s» quedó habilitado en configuración; póngalo en línea cuando esté listo."
                    )
                messages.success(request, text % {"name": app.title or app.slug})
                return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)
    else:
        form = LocalValuesForm(version.definition, language=language, is_publisher=is_publisher)
    return render(
        request,
        "apps_registry/enable.html",
        {
            "is_publisher": is_publisher,
            "app": app,
            "version": version,
            "versions": versions,
            "form": form,
            "general_errors": general,
            "error_count": len(form.summary) + len(general),
        },
    )


# --- bulk enabling under a convenio ------------------------------------------------------------


def _bulk_candidates(request: TenantRequest, agreement: Agreement) -> QuerySet[CatalogApp]:
    """The apps `enabled_apps_bulk_enable` would enable now (same rules, read only)."""
    apps = catalog_selectors.apps_visible_to(request.tenant).filter(
        publisher_id=agreement.publisher_id,
        latest_version__isnull=False,
        deprecated_at__isnull=True,
    )
    if not agreement.covers_all_apps:
        apps = apps.filter(pk__in=agreement.apps.values("pk"))
    already = selectors.enabled_apps(government=request.tenant).values("catalog_app_id")
    return apps.exclude(pk__in=already).order_by("title", "slug")


@role_required(*ACTING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def bulk_enable(request: TenantRequest, agreement_id: uuid.UUID) -> HttpResponse:
    agreement = _agreement_in_force(request, agreement_id)
    errors: list[str] = []
    if request.method == "POST":
        form = AgreementBulkForm(request.POST)
        if form.is_valid():
            try:
                created = enabled_apps_bulk_enable(
                    government=request.tenant,
                    agreement=agreement,
                    actor=Actor.from_request(request),
                )
            except ApplicationError as error:
                errors = [p.message for p in error.errors]
            else:
                live = sum(1 for item in created if item.status == EnabledAppStatus.LIVE)
                messages.success(
                    request,
                    _(
                        "Se habilitaron %(count)s trámites: %(live)s en línea y %(draft)s en "
                        "configuración (les faltan valores locales obligatorios)."
                    )
                    % {"count": len(created), "live": live, "draft": len(created) - live},
                )
                return redirect("apps_registry:enabled_list")
        else:
            errors = [str(m) for m in form.errors.get("confirm", [])]
    else:
        form = AgreementBulkForm()
    candidates = list(_bulk_candidates(request, agreement))
    return render(
        request,
        "apps_registry/bulk_enable.html",
        {"agreement": agreement, "candidates": candidates, "form": form, "errors": errors},
    )
