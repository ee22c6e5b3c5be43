"""Back-office pages of adoption, on a government's own site (/gestion/…): the catalogue as this
government may see it, previews in its own theme, enabling apps with their local values, its
enabled apps (pause, resume, disable, go live, upgrade) and bulk enabling under a convenio.

Administrators act; auditors read. Every enabled app is looked up in the current schema only,
so another government's id is "not found", never "forbidden". Writes go through
apps_registry.services; the pages parse input, call them and show their located errors.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps_registry import selectors
from apps_registry.diff import definition_diff, display_value, local_values_impact
from apps_registry.forms import AgreementBulkForm, LocalValuesForm
from apps_registry.local_values import apply_local_values, override_points
from apps_registry.models import EnabledApp, EnabledAppStatus
from apps_registry.services import (
    enabled_app_disable,
    enabled_app_enable,
    enabled_app_go_live,
    enabled_app_pause,
    enabled_app_resume,
    enabled_app_update_local_values,
    enabled_app_upgrade,
    enabled_apps_bulk_enable,
)
from catalog import selectors as catalog_selectors
from catalog.definition.rendering import render_form, text_in
from catalog.models import Agreement, AppVersion, CatalogApp
from catalog.services import Actor
from core.errors import ApplicationError, ErrorDetail
from core.models import Role
from core.permissions import role_required, user_has_any_role

ACTING_ROLES = (Role.ADMINISTRATOR,)
# Auditors read everything an administrator reads here, and change nothing.
READING_ROLES = (Role.ADMINISTRATOR, Role.AUDITOR)

FICTA_LABELS = {
    "positiva": gettext_lazy(
        "Afirmativa ficta: si la autoridad no responde a tiempo, se entiende aprobado."
    ),
    "negativa": gettext_lazy(
        "Negativa ficta: si la autoridad no responde a tiempo, se entiende negado."
    ),
    "no_aplica": gettext_lazy("No aplica."),
}
UNIT_LABELS = {
    "business_days": gettext_lazy("días hábiles"),
    "calendar_days": gettext_lazy("días naturales"),
    "months": gettext_lazy("meses"),
    "years": gettext_lazy("años"),
}


def _language() -> str:
    """Definitions are written in es-MX and en; the page's language picks which to show."""
    return "en" if (get_language() or "").startswith("en") else "es-MX"


def _can_act(request: HttpRequest) -> bool:
    return user_has_any_role(request, ACTING_ROLES)


def _message(problem: ErrorDetail) -> str:
    return problem.message_en if _language() == "en" else problem.message_es


# --- lookups: not visible and not found give the same answer ------------------------------------


def _visible_app(request: HttpRequest, publisher: str, slug: str) -> CatalogApp:
    app = catalog_selectors.app_get(government=request.tenant, publisher=publisher, slug=slug)
    if app is None:
        raise Http404
    return app


def _published_versions(request: HttpRequest, app: CatalogApp) -> list[AppVersion]:
    return list(catalog_selectors.app_versions(government=request.tenant, app=app))


def _chosen_version(
    request: HttpRequest, app: CatalogApp, versions: list[AppVersion]
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


def _enabled_app(public_id: uuid.UUID) -> EnabledApp:
    try:
        return selectors.enabled_app_get(public_id=public_id)
    except EnabledApp.DoesNotExist:
        raise Http404 from None


def _agreement_in_force(request: HttpRequest, agreement_id: uuid.UUID) -> Agreement:
    agreement = (
        catalog_selectors.agreements_in_force(request.tenant)
        .select_related("publisher")
        .filter(public_id=agreement_id)
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


# --- the ficha as the page shows it ------------------------------------------------------------


def ficha(definition: dict[str, Any], language: str) -> dict[str, Any]:
    """The facts of a definition a person reads before enabling it (or filing it)."""
    metadata = definition.get("metadata") or {}
    agency = metadata.get("agency") or {}
    plazo = definition.get("plazo") or {}
    validity = definition.get("validity") or {}
    fees = definition.get("fees") or {}
    documents = [
        {
            "name": text_in(item.get("name"), language),
            "description": text_in(item.get("description"), language),
            "required": item.get("required") is True,
            "conditional": "condition" in item,
        }
        for item in definition.get("documents") or []
        if isinstance(item, dict)
    ]
    if plazo.get("immediate"):
        plazo_text = _("Resolución inmediata")
    elif plazo:
        plazo_text = f"{plazo.get('value')} {UNIT_LABELS.get(plazo.get('unit', ''), '')}"
    else:
        plazo_text = ""
    if validity.get("kind") == "periodo":
        validity_text = f"{validity.get('value')} {UNIT_LABELS.get(validity.get('unit', ''), '')}"
    elif validity.get("kind") == "permanente":
        validity_text = _("Permanente")
    elif validity.get("kind") == "no_aplica":
        validity_text = _("No aplica")
    else:
        validity_text = ""
    return {
        "name": text_in(metadata.get("name"), language),
        "citizen_name": text_in(metadata.get("citizen_name") or metadata.get("name"), language),
        "description": text_in(metadata.get("description"), language),
        "category": metadata.get("category", ""),
        "homoclave": metadata.get("homoclave", ""),
        "agency": text_in(agency.get("name"), language),
        "agency_acronym": agency.get("acronym", ""),
        "agency_unit": text_in(agency.get("unit"), language),
        "fees": [
            {
                "concept": text_in(item.get("concept"), language),
                "amount": item.get("amount"),
                "notes": text_in(item.get("notes"), language),
            }
            for item in fees.get("concepts") or []
            if isinstance(item, dict)
        ],
        "plazo": plazo_text,
        "ficta": str(FICTA_LABELS.get(str(definition.get("ficta", "")), "")),
        "validity": validity_text,
        "documents": documents,
        "legal_basis": [
            {"ordenamiento": item.get("ordenamiento", ""), "articulo": item.get("articulo", "")}
            for item in metadata.get("legal_basis") or []
            if isinstance(item, dict)
        ],
        "offices": [
            {
                "name": text_in(item.get("name"), language),
                "address": item.get("address", ""),
                "hours": text_in(item.get("hours"), language),
            }
            for item in metadata.get("offices") or []
            if isinstance(item, dict)
        ],
    }


# --- catalogue ---------------------------------------------------------------------------------


def _filter_choices(request: HttpRequest) -> tuple[list[str], list[tuple[str, str]]]:
    visible = catalog_selectors.app_list(government=request.tenant)
    categories = sorted({c for c in visible.values_list("category", flat=True) if c})
    publishers = sorted(
        {(slug, name) for slug, name in visible.values_list("publisher__slug", "publisher__name")},
        key=lambda item: item[1],
    )
    return categories, publishers


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def catalogue_list(request: HttpRequest) -> HttpResponse:
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
    for app in apps:
        app.adopters_count = counts.get(app.pk, 0)
        app.enabled_here = enabled.get(app.pk)
    categories, publishers = _filter_choices(request)
    agreements = list(
        catalog_selectors.agreements_in_force(request.tenant).select_related("publisher")
    )
    return render(
        request,
        "apps_registry/catalogue_list.html",
        {
            "apps": apps,
            "query": query,
            "category": category,
            "publisher": publisher,
            "categories": categories,
            "publishers": publishers,
            "agreements": agreements,
            "can_act": _can_act(request),
        },
    )


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def catalogue_detail(request: HttpRequest, publisher: str, slug: str) -> HttpResponse:
    app = _visible_app(request, publisher, slug)
    versions = _published_versions(request, app)
    shown = _chosen_version(request, app, versions)
    language = _language()
    for version in versions:
        version.changelog_text = text_in(version.changelog, language)
    return render(
        request,
        "apps_registry/catalogue_detail.html",
        {
            "app": app,
            "version": shown,
            "versions": versions,
            "ficha": ficha(shown.definition, language),
            "adopters_count": selectors.adopter_counts([app.pk]).get(app.pk, 0),
            "enabled_here": selectors.enabled_app_for_catalog_app(catalog_app_id=app.pk),
            "may_adopt": catalog_selectors.government_may_adopt(request.tenant, app),
            "can_act": _can_act(request),
        },
    )


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def catalogue_preview(request: HttpRequest, publisher: str, slug: str) -> HttpResponse:
    """The form and ficha exactly as this government's citizens would see them: in its theme
    (every page is), with its local values applied when it already enabled the app."""
    app = _visible_app(request, publisher, slug)
    versions = _published_versions(request, app)
    enabled = selectors.enabled_app_for_catalog_app(catalog_app_id=app.pk)
    if "version" not in request.GET and enabled is not None:
        shown = enabled.version
    else:
        shown = _chosen_version(request, app, versions)
    local_values = enabled.local_values if enabled is not None else {}
    effective = apply_local_values(shown.definition, local_values)
    language = _language()
    return render(
        request,
        "apps_registry/catalogue_preview.html",
        {
            "app": app,
            "version": shown,
            "enabled_here": enabled,
            "ficha": ficha(effective, language),
            "preview_html": render_form(effective, language=language, preview=True),
        },
    )


@role_required(*ACTING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def enable(request: HttpRequest, publisher: str, slug: str) -> HttpResponse:
    app = _visible_app(request, publisher, slug)
    already = selectors.enabled_app_for_catalog_app(catalog_app_id=app.pk)
    if already is not None and already.status != EnabledAppStatus.DISABLED:
        messages.info(request, _("Este trámite ya está habilitado."))
        return redirect("apps_registry:enabled_detail", public_id=already.public_id)
    versions = _published_versions(request, app)
    version = _chosen_version(request, app, versions)
    language = _language()
    general: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "live")
        form = LocalValuesForm(
            version.definition,
            data=request.POST,
            add_row=request.POST.get("add_row", ""),
            language=language,
        )
        if not request.POST.get("add_row"):
            try:
                enabled = enabled_app_enable(
                    government=request.tenant,
                    app=app,
                    version=version,
                    local_values=form.values(),
                    actor=Actor.from_request(request),
                    go_live=action != "draft",
                )
            except ApplicationError as error:
                general = [_message(p) for p in form.add_errors(error.errors)]
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
        form = LocalValuesForm(version.definition, language=language)
    return render(
        request,
        "apps_registry/enable.html",
        {
            "app": app,
            "version": version,
            "versions": versions,
            "form": form,
            "general_errors": general,
            "error_count": len(form.summary) + len(general),
        },
    )


# --- bulk enabling under a convenio ------------------------------------------------------------


def _bulk_candidates(request: HttpRequest, agreement: Agreement) -> QuerySet[CatalogApp]:
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
def bulk_enable(request: HttpRequest, agreement_id: uuid.UUID) -> HttpResponse:
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
                errors = [_message(p) for p in error.errors]
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


# --- this government's enabled apps ------------------------------------------------------------


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def enabled_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("estado", "")
    valid = status in EnabledAppStatus.values
    apps = list(selectors.enabled_apps(government=request.tenant, status=status if valid else None))
    return render(
        request,
        "apps_registry/enabled_list.html",
        {
            "apps": apps,
            "status": status if valid else "",
            "statuses": EnabledAppStatus.choices,
            "can_act": _can_act(request),
        },
    )


def _values_shown(enabled: EnabledApp, language: str) -> list[dict[str, Any]]:
    """Each override point with what citizens see for it (local, default or publisher's)."""
    effective = apply_local_values(enabled.version.definition, enabled.local_values)
    shown = []
    for point in override_points(effective, enabled.local_values):
        source = (
            _("Valor local")
            if point.is_set
            else _("Valor predeterminado")
            if point.has_default
            else _("Valor del gobierno que publica")
        )
        shown.append(
            {
                "label": text_in(point.label, language) or point.key,
                "required": point.required,
                "value": display_value(point.publisher_value),
                "source": source,
                "missing": point.required and not point.is_set,
            }
        )
    return shown


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def enabled_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = _enabled_app(public_id)
    language = _language()
    effective = selectors.enabled_app_definition(enabled)
    return render(
        request,
        "apps_registry/enabled_detail.html",
        {
            "enabled": enabled,
            "app": enabled.catalog_app,
            "ficha": ficha(effective, language),
            "values": _values_shown(enabled, language),
            "upgrade": selectors.upgrade_available(enabled),
            "events": list(selectors.enabled_app_events(enabled_app=enabled)[:50]),
            "can_act": _can_act(request),
        },
    )


@role_required(*ACTING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def enabled_values(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = _enabled_app(public_id)
    if enabled.status == EnabledAppStatus.DISABLED:
        messages.error(
            request, _("El trámite está deshabilitado: habilítelo de nuevo para editarlo.")
        )
        return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)
    definition = enabled.version.definition
    language = _language()
    general: list[str] = []
    if request.method == "POST":
        form = LocalValuesForm(
            definition,
            data=request.POST,
            add_row=request.POST.get("add_row", ""),
            language=language,
        )
        if not request.POST.get("add_row"):
            try:
                enabled_app_update_local_values(
                    enabled_app=enabled,
                    local_values=form.values(),
                    actor=Actor.from_request(request),
                )
            except ApplicationError as error:
                general = [_message(p) for p in form.add_errors(error.errors)]
            else:
                messages.success(request, _("Valores locales guardados."))
                return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)
    else:
        form = LocalValuesForm(definition, local_values=enabled.local_values, language=language)
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
def enabled_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = _enabled_app(public_id)
    action = STATUS_ACTIONS.get(request.POST.get("action", ""))
    name = enabled.catalog_app.title or enabled.catalog_app.slug
    if action is None:
        messages.error(request, _("Acción desconocida."))
        return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)
    service, done = action
    try:
        service(enabled_app=enabled, actor=Actor.from_request(request))
    except ApplicationError as error:
        for problem in error.errors:
            messages.error(request, _message(problem))
        if request.POST.get("action") == "go_live":
            return redirect("apps_registry:enabled_values", public_id=enabled.public_id)
    else:
        messages.success(request, str(done) % {"name": name})
    return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def enabled_preview(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = _enabled_app(public_id)
    effective = selectors.enabled_app_definition(enabled)
    language = _language()
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
def upgrade(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = _enabled_app(public_id)
    newer = list(selectors.newer_versions(enabled))
    if not newer:
        messages.info(request, _("Este trámite ya está en la versión más reciente."))
        return redirect("apps_registry:enabled_detail", public_id=enabled.public_id)
    wanted = request.POST.get("version") or request.GET.get("version") or newer[0].version
    target = next((v for v in newer if v.version == wanted), None)
    if target is None:
        raise Http404
    language = _language()
    diff = definition_diff(enabled.version.definition, target.definition)
    impact = local_values_impact(diff, enabled.local_values)
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
                general = [_message(p) for p in form.add_errors(error.errors)]
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
    for version in newer:
        version.changelog_text = text_in(version.changelog, language)
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
            "english": language == "en",
            "form": form,
            "general_errors": general,
            "error_count": len(form.summary) + len(general),
        },
    )
