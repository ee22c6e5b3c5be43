"""Enabled-apps API views: the host's government's enabled apps only. An id of another
government's enabled app is "not found", exactly like an id that does not exist."""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from apps_registry import errors, selectors, services
from apps_registry.api import serializers as s
from apps_registry.api.permissions import EnabledAppsPermission
from apps_registry.diff import definition_diff, local_values_impact
from apps_registry.models import EnabledApp
from catalog.api.authentication import TenantTokenAuthentication
from catalog.api.serializers import ErrorsOutput
from catalog.models import AppVersion, CatalogApp
from catalog.selectors import apps_visible_to
from core.actors import Actor
from core.api_errors import api_error_response
from core.errors import ApplicationError
from tenants.models import Government

ERRORS = OpenApiResponse(ErrorsOutput, description="Datos rechazados / Input refused")
TAGS = ["trámites habilitados"]


class EnabledAppsAPIView(APIView):
    """Resolves the host's government and the acting user once, checks the role, and renders
    service errors as `{"errors": [{code, location, message_es, message_en}]}` (status 400)."""

    # Token first, so an anonymous request gets 401 with a WWW-Authenticate header.
    authentication_classes = [TenantTokenAuthentication, SessionAuthentication]
    permission_classes = [EnabledAppsPermission]

    @property
    def government(self) -> Government:
        return cast(Government, self.request.tenant)  # type: ignore[attr-defined]

    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def get_enabled_app(self, public_id: Any) -> EnabledApp:
        try:
            return selectors.enabled_app_get(public_id=public_id)
        except EnabledApp.DoesNotExist:
            raise Http404 from None

    def handle_exception(self, exc: Exception) -> Response:
        response = api_error_response(exc, code_prefix="apps_registry")
        if response is not None:
            return response
        return super().handle_exception(exc)


def _valid(serializer_class: type[Any], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _detail(enabled_app: EnabledApp) -> dict[str, Any]:
    fresh = selectors.enabled_app_get(public_id=enabled_app.public_id)
    return dict(s.EnabledAppDetailOutput(fresh).data)


def _published_version(app_id: int, number: str, location: str) -> AppVersion:
    version = AppVersion.objects.filter(
        app_id=app_id, version=number, published_at__isnull=False
    ).first()
    if version is None:
        raise ApplicationError.single(
            errors.VERSION_INVALID,
            f"La versión {number} no está publicada para esta app.",
            f"Version {number} is not published for this app.",
            location,
        )
    return version


class EnabledAppListView(EnabledAppsAPIView):
    @extend_schema(
        tags=TAGS,
        operation_id="enabled_apps_list",
        parameters=[
            OpenApiParameter(
                "status", str, description="draft, live, paused o disabled (varios con comas)."
            )
        ],
        responses=s.EnabledAppOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        """This government's enabled apps, by name, with the pinned version and whether a newer
        one is published. Administrators and auditors."""
        wanted = [x for x in request.query_params.get("status", "").split(",") if x]
        apps = selectors.enabled_apps(government=self.government, status=wanted or None)
        paginator = cast(Any, api_settings.DEFAULT_PAGINATION_CLASS)()
        page = paginator.paginate_queryset(apps, request, view=self)
        return paginator.get_paginated_response(s.EnabledAppOutput(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="enabled_apps_enable",
        request=s.EnableInput,
        responses={201: s.EnabledAppDetailOutput, 400: ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Enable a catalogue app this government may adopt, pinned to a published version, with
        its local values. With `go_live` (default) it must pass the go-live gate: every required
        override point set, every place-bound one (agency, offices, legal basis, fees,
        homoclave) set or listed in `not_applicable`, every jurisdiction variable and code list
        available; otherwise the app stays "configurando" (draft). Administrators only."""
        data = _valid(s.EnableInput, request.data)
        app = apps_visible_to(self.government).filter(public_id=data["app"]).first()
        if app is None:
            raise ApplicationError.single(
                errors.APP_NOT_ADOPTABLE,
                "Su gobierno no puede adoptar esa app.",
                "Your government may not adopt that app.",
                "app",
            )
        version = (
            _published_version(app.pk, data["version"], "version") if "version" in data else None
        )
        enabled = services.enabled_app_enable(
            government=self.government,
            app=cast(CatalogApp, app),
            version=version,
            local_values=data["local_values"],
            not_applicable=data["not_applicable"],
            actor=self.actor(),
            go_live=data["go_live"],
        )
        return Response(_detail(enabled), status=status.HTTP_201_CREATED)


class EnabledAppDetailView(EnabledAppsAPIView):
    @extend_schema(
        tags=TAGS, operation_id="enabled_apps_retrieve", responses=s.EnabledAppDetailOutput
    )
    def get(self, request: Request, public_id: str) -> Response:
        """One enabled app of this government, with its local values and the required override
        points still missing."""
        return Response(s.EnabledAppDetailOutput(self.get_enabled_app(public_id)).data)


class EnabledAppLocalValuesView(EnabledAppsAPIView):
    @extend_schema(
        tags=TAGS,
        operation_id="enabled_apps_local_values",
        request=s.LocalValuesInput,
        responses={200: s.EnabledAppDetailOutput, 400: ERRORS},
    )
    def put(self, request: Request, public_id: str) -> Response:
        """Replace the local values (and the keys marked "no aplica", when given). While the app
        is live or paused, required and place-bound ones must stay answered."""
        enabled = self.get_enabled_app(public_id)
        data = _valid(s.LocalValuesInput, request.data)
        services.enabled_app_update_local_values(
            enabled_app=enabled,
            local_values=data["local_values"],
            not_applicable=data.get("not_applicable"),
            actor=self.actor(),
        )
        return Response(_detail(enabled))


class EnabledAppUpgradeView(EnabledAppsAPIView):
    @extend_schema(
        tags=TAGS,
        operation_id="enabled_apps_upgrade_preview",
        parameters=[
            OpenApiParameter("version", str, description="Versión destino; por omisión la última.")
        ],
        responses={200: s.UpgradePreviewOutput, 400: ERRORS},
    )
    def get(self, request: Request, public_id: str) -> Response:
        """What upgrading would change: the changelog, a structural diff (fields, documents,
        rules, workflow states and transitions, fees, outputs, override points) and the impact
        on local values (kept, new ones to fill, removed)."""
        enabled = self.get_enabled_app(public_id)
        number = request.query_params.get("version")
        if number:
            target = _published_version(enabled.catalog_app_id, number, "version")
        else:
            latest = selectors.upgrade_available(enabled)
            if latest is None:
                raise ApplicationError.single(
                    errors.UPGRADE_INVALID,
                    "No hay una versión más reciente publicada.",
                    "No newer version is published.",
                    "version",
                )
            target = AppVersion.objects.get(pk=latest.pk)
        diff = definition_diff(enabled.version.definition, target.definition)
        return Response(
            s.upgrade_preview_data(
                current=enabled.version.version,
                version=target.version,
                changelog=target.changelog,
                diff=diff,
                impact=local_values_impact(diff, enabled.local_values),
            )
        )

    @extend_schema(
        tags=TAGS,
        operation_id="enabled_apps_upgrade",
        request=s.UpgradeInput,
        responses={200: s.EnabledAppDetailOutput, 400: ERRORS},
    )
    def post(self, request: Request, public_id: str) -> Response:
        """Pin a newer published version. Local values are kept; give the new required ones in
        `local_values`. Cases already filed stay on the version they were filed under."""
        enabled = self.get_enabled_app(public_id)
        data = _valid(s.UpgradeInput, request.data)
        target = _published_version(enabled.catalog_app_id, data["version"], "version")
        services.enabled_app_upgrade(
            enabled_app=enabled,
            to_version=target,
            local_values=data["local_values"],
            actor=self.actor(),
        )
        return Response(_detail(enabled))


def _status_view(operation: str, service: Any, summary: str, takes_reason: bool) -> type[APIView]:
    class StatusView(EnabledAppsAPIView):
        @extend_schema(
            tags=TAGS,
            operation_id=f"enabled_apps_{operation}",
            summary=summary,
            description=summary,
            request=s.ReasonInput if takes_reason else None,
            responses={200: s.EnabledAppDetailOutput, 400: ERRORS},
        )
        def post(self, request: Request, public_id: str) -> Response:
            enabled = self.get_enabled_app(public_id)
            extra = (
                {"reason": _valid(s.ReasonInput, request.data)["reason"]} if takes_reason else {}
            )
            service(enabled_app=enabled, actor=self.actor(), **extra)
            return Response(_detail(enabled))

    StatusView.__name__ = StatusView.__qualname__ = f"EnabledApp{operation.title()}View"
    return StatusView


EnabledAppPauseView = _status_view(
    "pause",
    services.enabled_app_pause,
    "Pausar: la ciudadanía lo ve como no disponible temporalmente; los expedientes en curso "
    "continúan. / Pause: citizens see it as temporarily unavailable; cases in progress go on.",
    takes_reason=True,
)
EnabledAppResumeView = _status_view(
    "resume",
    services.enabled_app_resume,
    "Reanudar un trámite pausado. / Resume a paused app.",
    takes_reason=False,
)
EnabledAppGoLiveView = _status_view(
    "go_live",
    services.enabled_app_go_live,
    "Poner en línea un trámite en configuración (exige los ajustes obligatorios). / Put a draft "
    "app live (every required override point must have a value).",
    takes_reason=False,
)
EnabledAppDisableView = _status_view(
    "disable",
    services.enabled_app_disable,
    "Deshabilitar: deja de ofrecerse; sus expedientes se conservan. / Disable: no longer "
    "offered; its cases are kept.",
    takes_reason=True,
)
