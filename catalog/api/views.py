"""Catalogue API views. Reads answer on every host, each showing what that host's government may
see (only public apps on the base domain). Writes happen only on the publisher's own host, by its
publishing staff; an app of another government is "not found" rather than "forbidden"."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import F, IntegerField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse
from django_tenants.utils import get_public_schema_name
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from catalog import selectors, services
from catalog.api import serializers as s
from catalog.api.authentication import TenantTokenAuthentication
from catalog.api.permissions import IsTenantPublisher, is_publishing_staff
from catalog.bundles import bundle_dumps, bundle_file_name
from catalog.models import AppVersion, CatalogApp
from core.actors import Actor
from core.api_errors import api_error_response
from tenants.models import Government

ERRORS = OpenApiResponse(s.ErrorsOutput, description="Datos rechazados / Input refused")
TAGS = ["catálogo"]


class CatalogAPIView(APIView):
    """Resolves the host's government once and renders service errors as
    `{"errors": [{code, location, message_es, message_en}]}` with status 400."""

    # Token first, so an anonymous write gets 401 with a WWW-Authenticate header.
    authentication_classes = [TenantTokenAuthentication, SessionAuthentication]
    permission_classes = [AllowAny]
    write_permission_classes = [IsTenantPublisher]

    def get_permissions(self) -> Any:
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return [permission() for permission in self.write_permission_classes]
        return super().get_permissions()

    @property
    def government(self) -> Government | None:
        tenant = getattr(self.request, "tenant", None)
        if tenant is None or tenant.schema_name == get_public_schema_name():
            return None
        return tenant

    @property
    def is_publishing_staff(self) -> bool:
        return is_publishing_staff(self.request)

    def handle_exception(self, exc: Exception) -> Response:
        response = api_error_response(exc, code_prefix="catalog")
        if response is not None:
            return response
        return super().handle_exception(exc)

    def get_visible_app(self, publisher: str, slug: str) -> CatalogApp:
        app = selectors.app_get(
            government=self.government,
            publisher=publisher,
            slug=slug,
            include_drafts=self.is_publishing_staff,
        )
        if app is None:
            raise Http404
        return app

    def get_own_app(self, publisher: str, slug: str) -> CatalogApp:
        """For writes: only the host's own apps exist."""
        government = self.government
        if government is None or government.slug != publisher:
            raise Http404
        app = CatalogApp.objects.filter(publisher=government, slug=slug).first()
        if app is None:
            raise Http404
        return app

    def actor(self) -> Actor:
        return Actor.from_request(self.request)


class AppListView(CatalogAPIView):
    @extend_schema(
        tags=TAGS,
        operation_id="catalog_apps_list",
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description="Búsqueda de texto en español, sin importar acentos; incluye "
                "sinónimos. Ordena por relevancia.",
            ),
            OpenApiParameter("category", str, description="Categoría, p. ej. movilidad."),
            OpenApiParameter("publisher", str, description="Gobierno que publica, p. ej. cdmx."),
        ],
        responses=s.AppOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        """Apps of the catalogue that this host's government may see: its own, other
        governments' public apps, and apps covered by a convenio in force today. On the platform's
        base domain, only public apps."""
        apps = selectors.app_list(
            government=self.government,
            include_drafts=self.is_publishing_staff,
            query=request.query_params.get("q", ""),
            category=request.query_params.get("category", ""),
            publisher=request.query_params.get("publisher", ""),
        ).annotate(
            latest_version_number=F("latest_version__version"),
            latest_portability_score=Cast(
                KeyTextTransform("score", "latest_version__portability"), IntegerField()
            ),
        )
        paginator = cast(Any, api_settings.DEFAULT_PAGINATION_CLASS)()
        page = paginator.paginate_queryset(apps, request, view=self)
        return paginator.get_paginated_response(s.AppOutput(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="catalog_apps_create",
        request=s.AppCreateInput,
        responses={201: s.AppDetailOutput, 400: ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Create an app (with nothing published yet) for this host's government. Needs the
        publisher or administrator role of this government."""
        data = _valid(s.AppCreateInput, request.data)
        government = self.government
        assert government is not None
        app = services.app_create(
            publisher=government,
            slug=data["slug"],
            sharing_policy=data["sharing_policy"],
            actor=self.actor(),
        )
        return Response(_app_detail(app, government), status=status.HTTP_201_CREATED)


class AppDetailView(CatalogAPIView):
    @extend_schema(tags=TAGS, operation_id="catalog_apps_retrieve", responses=s.AppDetailOutput)
    def get(self, request: Request, publisher: str, slug: str) -> Response:
        """One app as this host's government sees it, with `may_adopt`: whether it may enable
        the app today."""
        app = self.get_visible_app(publisher, slug)
        return Response(_app_detail(app, self.government))


class AppVersionListView(CatalogAPIView):
    @extend_schema(
        tags=TAGS, operation_id="catalog_versions_list", responses=s.VersionOutput(many=True)
    )
    def get(self, request: Request, publisher: str, slug: str) -> Response:
        """Published versions of the app, newest first (the publisher's staff also see the
        draft)."""
        app = self.get_visible_app(publisher, slug)
        versions = selectors.app_versions(
            government=self.government, app=app, include_drafts=self.is_publishing_staff
        ).defer("definition")
        return Response(s.VersionOutput(versions, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="catalog_versions_save_draft",
        request=s.DraftInput,
        responses={201: s.VersionDetailOutput, 400: ERRORS},
    )
    def post(self, request: Request, publisher: str, slug: str) -> Response:
        """Save the app's draft version (creating it, or replacing the current draft). The
        definition is validated first: when it is invalid nothing is saved and every problem is
        returned, each located by a JSON pointer. Only on the publisher's own host."""
        app = self.get_own_app(publisher, slug)
        data = _valid(s.DraftInput, request.data)
        version = services.version_draft_save(
            app=app,
            version=data["version"],
            definition=data["definition"],
            changelog=data.get("changelog") or {},
            actor=self.actor(),
        )
        return Response(s.VersionDetailOutput(version).data, status=status.HTTP_201_CREATED)


class AppVersionDetailView(CatalogAPIView):
    @extend_schema(
        tags=TAGS, operation_id="catalog_versions_retrieve", responses=s.VersionDetailOutput
    )
    def get(self, request: Request, publisher: str, slug: str, version: str) -> Response:
        """One version with its full definition."""
        app = self.get_visible_app(publisher, slug)
        found = selectors.version_get(
            government=self.government,
            app=app,
            version=version,
            include_drafts=self.is_publishing_staff,
        )
        if found is None:
            raise Http404
        return Response(s.VersionDetailOutput(found).data)


class AppVersionPublishView(CatalogAPIView):
    @extend_schema(
        tags=TAGS,
        operation_id="catalog_versions_publish",
        request=s.PublishInput,
        responses={200: s.VersionDetailOutput, 400: ERRORS},
    )
    def post(self, request: Request, publisher: str, slug: str, version: str) -> Response:
        """Publish the draft `version`. From then on it never changes and other governments may
        adopt it as the app's sharing policy allows. The changelog (at least «es-MX») is required
        here or in the draft. Only on the publisher's own host."""
        app = self.get_own_app(publisher, slug)
        draft = AppVersion.objects.filter(app=app, version=version).first()
        if draft is None:
            raise Http404
        data = _valid(s.PublishInput, request.data)
        published = services.version_publish(
            version=draft, changelog=data.get("changelog"), actor=self.actor()
        )
        return Response(s.VersionDetailOutput(published).data)


class AppDeprecateView(CatalogAPIView):
    @extend_schema(
        tags=TAGS,
        operation_id="catalog_apps_deprecate",
        request=s.DeprecateInput,
        responses={200: s.AppDetailOutput, 400: ERRORS},
    )
    def post(self, request: Request, publisher: str, slug: str) -> Response:
        """Mark the app as deprecated: no new adoptions nor versions; governments using it keep
        their pinned version. Only on the publisher's own host."""
        app = self.get_own_app(publisher, slug)
        data = _valid(s.DeprecateInput, request.data)
        app = services.app_deprecate(app=app, reason=data["reason"], actor=self.actor())
        return Response(_app_detail(app, self.government))


class AppBundleView(CatalogAPIView):
    @extend_schema(
        tags=TAGS,
        operation_id="catalog_apps_bundle",
        responses={(200, "application/json"): OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, publisher: str, slug: str) -> HttpResponse:
        """Download the app's bundle: one JSON file with the app's entry and every published
        version, which `manage.py import_catalog` loads into another installation."""
        app = self.get_visible_app(publisher, slug)
        response = HttpResponse(
            bundle_dumps(services.bundle_export(app)), content_type="application/json"
        )
        filename = f"{app.publisher.slug}-{bundle_file_name(app.slug)}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def _valid(serializer_class: type[Any], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _app_detail(app: CatalogApp, government: Government | None) -> dict[str, Any]:
    app.latest_version_number = app.latest_version.version if app.latest_version_id else None  # type: ignore[attr-defined,union-attr]
    app.latest_portability_score = (  # type: ignore[attr-defined]
        (app.latest_version.portability or {}).get("score") if app.latest_version else None
    )
    app.may_adopt = selectors.government_may_adopt(government, app)  # type: ignore[attr-defined]
    return dict(s.AppDetailOutput(app).data)
