"""Pages of the publisher's back office. Every page works on the current government's own apps
(`request.tenant`); another government's app is "not found", never "forbidden". Writes go through
catalog.services; the pages only parse input, call them and show their located errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps_registry.selectors import adopter_counts, adoptions_of_apps
from catalog.backoffice import selectors
from catalog.backoffice.forms import (
    AppCreateForm,
    DefinitionForm,
    DeprecateForm,
    PublishForm,
    SharingPolicyForm,
)
from catalog.definition import parse_definition_text
from catalog.definition.rendering import render_form
from catalog.models import AppVersion, CatalogApp
from catalog.selectors import agreements_of
from catalog.services import (
    app_create,
    app_deprecate,
    app_set_sharing_policy,
    version_draft_save,
    version_publish,
)
from core.actors import Actor
from core.errors import ApplicationError, ErrorDetail
from core.i18n import content_language
from core.models import Role
from core.permissions import role_required, user_has_any_role
from tenants.requests import TenantRequest

PUBLISHING_ROLES = (Role.PUBLISHER, Role.ADMINISTRATOR)
# Auditors read everything a publisher reads, and change nothing.
READING_ROLES = (*PUBLISHING_ROLES, Role.AUDITOR)

# The services locate definition problems under this pointer; the page shows them relative to
# the JSON document the publisher typed.
DEFINITION_POINTER = "/definition"
# Service locations that name a field of these pages (the first segment is enough).
FIELD_OF_LOCATION = {
    "slug": "slug",
    "sharing_policy": "sharing_policy",
    "version": "version",
    "changelog": "changelog_es",
}


@dataclass(frozen=True)
class ShownError:
    """One problem as a page shows it: beside its field, and in the summary with a link to it."""

    field: str  # the form field it belongs to; "" when it concerns the page as a whole
    pointer: str  # where in the definition (a JSON pointer), for definition problems
    message: str

    @property
    def anchor(self) -> str:
        return f"id_{self.field}" if self.field else ""


def _shown_errors(problems: list[ErrorDetail], fields: set[str]) -> list[ShownError]:
    shown = []
    for problem in problems:
        message = problem.message
        location = problem.location
        if location == DEFINITION_POINTER or location.startswith(f"{DEFINITION_POINTER}/"):
            pointer = location[len(DEFINITION_POINTER) :]
            field = "definition_text" if "definition_text" in fields else ""
            shown.append(ShownError(field, pointer, message))
            continue
        field = FIELD_OF_LOCATION.get(location.split("/")[0], "")
        if field in fields:
            shown.append(ShownError(field, "", message))
        else:
            shown.append(ShownError("", location, message))
    return shown


def _form_errors(form: Form) -> list[ShownError]:
    return [
        ShownError(name if name in form.fields else "", "", str(message))
        for name, field_messages in form.errors.items()
        for message in field_messages
    ]


def _as_definition_problems(problems: list[ErrorDetail]) -> list[ErrorDetail]:
    """parse_definition_text locates problems inside the document; the services, under
    /definition. One convention for the page."""
    return [
        ErrorDetail(p.code, p.message_es, p.message_en, f"{DEFINITION_POINTER}{p.location}")
        for p in problems
    ]


def _errors_context(errors: list[ShownError]) -> dict[str, Any]:
    by_field: dict[str, list[ShownError]] = {}
    for error in errors:
        by_field.setdefault(error.field, []).append(error)
    return {"errors": errors, "errors_by_field": by_field}


def _own_app(request: TenantRequest, slug: str) -> CatalogApp:
    app = selectors.publisher_app_get(government=request.tenant, slug=slug)
    if app is None:
        raise Http404
    return app


def _can_publish(request: TenantRequest) -> bool:
    return user_has_any_role(request, PUBLISHING_ROLES)


def _portability_warning(request: TenantRequest, version: AppVersion) -> None:
    """A warning, never a refusal: the page it leads to lists the texts by pointer."""
    report = version.portability or {}
    findings = report.get("findings") or []
    if findings:
        messages.warning(
            request,
            _(
                "Portabilidad %(score)s de 100: %(count)s textos nombran a su gobierno. "
                "Use variables como {{entidad.nombre}} o declare puntos de ajuste."
            )
            % {"score": report.get("score"), "count": len({f["pointer"] for f in findings})},
        )


def _pretty(definition: Any) -> str:
    return json.dumps(definition, ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class PublishedAppRow:
    """One of the publisher's apps with how many governments use it."""

    app: CatalogApp
    adopters_count: int


# --- list and detail ----------------------------------------------------------------------------


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def app_list(request: TenantRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    apps = list(selectors.publisher_apps(government=request.tenant, query=query))
    counts = adopter_counts([app.pk for app in apps]) if apps else {}
    rows = [PublishedAppRow(app, counts.get(app.pk, 0)) for app in apps]
    return render(
        request,
        "catalog/backoffice/app_list.html",
        {
            "rows": rows,
            "query": query,
            "can_publish": _can_publish(request),
            # Both sides of every convenio see how it ended and until when citizens may file.
            "agreements": agreements_of(request.tenant),
        },
    )


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def app_detail(request: TenantRequest, slug: str) -> HttpResponse:
    app = _own_app(request, slug)
    versions = list(selectors.publisher_app_versions(app=app).defer("definition"))
    return render(
        request,
        "catalog/backoffice/app_detail.html",
        {
            "app": app,
            "versions": versions,
            "draft": next((v for v in versions if not v.is_published), None),
            "adoptions": adoptions_of_apps([app.pk]),
            "policy_form": SharingPolicyForm(initial={"sharing_policy": app.sharing_policy}),
            "can_publish": _can_publish(request),
        },
    )


# --- a new app with its first draft -------------------------------------------------------------


class _Refused(Exception):
    """Leaves the transaction so that neither the app nor its draft is kept."""


def _app_create_with_draft(
    *,
    request: TenantRequest,
    form: AppCreateForm,
    definition: dict[str, Any] | None,
    definition_problems: list[ErrorDetail],
) -> tuple[CatalogApp | None, list[ErrorDetail]]:
    """The page creates the app and its first draft in one step: both or neither. The services
    are called anyway when the definition is broken, so the slug's problems show up too."""
    actor = Actor.from_request(request)
    problems: list[ErrorDetail] = []
    try:
        with transaction.atomic():
            app: CatalogApp | None = None
            try:
                app = app_create(
                    publisher=request.tenant,
                    slug=form.cleaned_data["slug"],
                    sharing_policy=form.cleaned_data["sharing_policy"],
                    actor=actor,
                )
            except ApplicationError as error:
                problems.extend(error.errors)
            if definition is None or app is None:
                problems.extend(definition_problems)
            else:
                try:
                    version_draft_save(
                        app=app,
                        version=form.cleaned_data["version"],
                        definition=definition,
                        actor=actor,
                    )
                except ApplicationError as error:
                    problems.extend(error.errors)
            if problems:
                raise _Refused
    except _Refused:
        return None, problems
    return app, []


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def app_new(request: TenantRequest) -> HttpResponse:
    errors: list[ShownError] = []
    if request.method == "POST":
        form = AppCreateForm(request.POST, request.FILES)
        form_is_valid = form.is_valid()
        source = form.cleaned_data.get("definition_source", "")
        definition, parse_problems = parse_definition_text(source) if source.strip() else (None, [])
        definition_problems = _as_definition_problems(parse_problems)
        if form_is_valid:
            app, problems = _app_create_with_draft(
                request=request,
                form=form,
                definition=definition,
                definition_problems=definition_problems,
            )
            if app is not None:
                messages.success(
                    request,
                    _("Se creó el trámite «%(name)s» con su primer borrador.")
                    % {"name": app.title or app.slug},
                )
                return redirect("publisher:app_detail", slug=app.slug)
            errors = _shown_errors(problems, set(form.fields))
        else:
            errors = _form_errors(form) + _shown_errors(definition_problems, set(form.fields))
    else:
        form = AppCreateForm(initial={"version": "1.0.0"})
    return render(
        request,
        "catalog/backoffice/app_new.html",
        {"form": form, "definition_value": form.definition_value(), **_errors_context(errors)},
    )


# --- drafts, previews and publishing ------------------------------------------------------------


def _draft_initial(app: CatalogApp, draft: AppVersion | None) -> dict[str, str]:
    if draft is not None:
        return {"version": draft.version, "definition_text": _pretty(draft.definition)}
    latest = app.latest_version
    return {
        "version": selectors.next_version_number(app=app),
        "definition_text": _pretty(latest.definition) if latest is not None else "",
    }


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def draft_edit(request: TenantRequest, slug: str) -> HttpResponse:
    """Edit the draft (or start the next version). "Vista previa" shows the typed definition as
    citizens would see it without saving anything; "Guardar borrador" saves it."""
    app = _own_app(request, slug)
    if app.is_deprecated:
        messages.error(request, _("Este trámite está en desuso: ya no recibe versiones nuevas."))
        return redirect("publisher:app_detail", slug=app.slug)
    draft = selectors.app_draft(app=app)
    errors: list[ShownError] = []
    preview_html = ""
    if request.method == "POST":
        form = DefinitionForm(request.POST, request.FILES)
        form_is_valid = form.is_valid()
        source = form.cleaned_data.get("definition_source", "")
        definition, parse_problems = parse_definition_text(source) if source.strip() else (None, [])
        fields = set(form.fields)
        if not form_is_valid:
            errors = _form_errors(form) + _shown_errors(
                _as_definition_problems(parse_problems), fields
            )
        elif request.POST.get("action") == "preview" or definition is None:
            errors = _shown_errors(_as_definition_problems(parse_problems), fields)
            if not errors and definition is not None:
                preview_html = render_form(definition, language=content_language(), preview=True)
        else:
            try:
                saved = version_draft_save(
                    app=app,
                    version=form.cleaned_data["version"],
                    definition=definition,
                    actor=Actor.from_request(request),
                )
            except ApplicationError as error:
                errors = _shown_errors(error.errors, fields)
            else:
                messages.success(
                    request, _("Borrador %(version)s guardado.") % {"version": saved.version}
                )
                _portability_warning(request, saved)
                return redirect("publisher:version_preview", slug=app.slug, version=saved.version)
    else:
        form = DefinitionForm(initial=_draft_initial(app, draft))
    return render(
        request,
        "catalog/backoffice/draft_edit.html",
        {
            "app": app,
            "draft": draft,
            "form": form,
            "definition_value": form.definition_value(),
            "preview_html": preview_html,
            **_errors_context(errors),
        },
    )


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def version_preview(request: TenantRequest, slug: str, version: str) -> HttpResponse:
    app = _own_app(request, slug)
    shown = selectors.publisher_app_versions(app=app).filter(version=version).first()
    if shown is None:
        raise Http404
    return render(
        request,
        "catalog/backoffice/version_preview.html",
        {
            "app": app,
            "version": shown,
            "preview_html": render_form(
                shown.definition, language=content_language(), preview=True
            ),
            "can_publish": _can_publish(request) and not app.is_deprecated,
        },
    )


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def draft_publish(request: TenantRequest, slug: str) -> HttpResponse:
    app = _own_app(request, slug)
    draft = selectors.app_draft(app=app)
    if draft is None:
        messages.error(request, _("No hay un borrador que publicar."))
        return redirect("publisher:app_detail", slug=app.slug)
    errors: list[ShownError] = []
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                published = version_publish(
                    version=draft, changelog=form.changelog(), actor=Actor.from_request(request)
                )
            except ApplicationError as error:
                errors = _shown_errors(error.errors, set(form.fields))
            else:
                messages.success(
                    request,
                    _("Versión %(version)s publicada. Ya no puede modificarse.")
                    % {"version": published.version},
                )
                _portability_warning(request, published)
                return redirect("publisher:app_detail", slug=app.slug)
        else:
            errors = _form_errors(form)
    else:
        form = PublishForm(
            initial={
                "changelog_es": draft.changelog.get("es-MX", ""),
                "changelog_en": draft.changelog.get("en", ""),
            }
        )
    return render(
        request,
        "catalog/backoffice/draft_publish.html",
        {"app": app, "draft": draft, "form": form, **_errors_context(errors)},
    )


# --- sharing policy and deprecation -------------------------------------------------------------


@role_required(*PUBLISHING_ROLES)
@require_POST
def app_sharing_policy(request: TenantRequest, slug: str) -> HttpResponse:
    app = _own_app(request, slug)
    form = SharingPolicyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Elija una política de uso compartido de la lista."))
        return redirect("publisher:app_detail", slug=app.slug)
    try:
        app_set_sharing_policy(
            app=app,
            sharing_policy=form.cleaned_data["sharing_policy"],
            actor=Actor.from_request(request),
        )
    except ApplicationError as error:
        for shown in _shown_errors(error.errors, set()):
            messages.error(request, shown.message)
    else:
        messages.success(
            request,
            _("Política de uso compartido: %(policy)s.")
            % {"policy": app.get_sharing_policy_display()},
        )
    return redirect("publisher:app_detail", slug=app.slug)


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def app_deprecate_confirm(request: TenantRequest, slug: str) -> HttpResponse:
    app = _own_app(request, slug)
    if app.is_deprecated:
        messages.info(request, _("Este trámite ya estaba en desuso."))
        return redirect("publisher:app_detail", slug=app.slug)
    form = DeprecateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        app_deprecate(
            app=app, actor=Actor.from_request(request), reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("«%(name)s» quedó en desuso: nadie más puede adoptarlo.")
            % {"name": app.title or app.slug},
        )
        return redirect("publisher:app_detail", slug=app.slug)
    return render(
        request,
        "catalog/backoffice/app_deprecate.html",
        {"app": app, "form": form, **_errors_context(_form_errors(form) if form.is_bound else [])},
    )
