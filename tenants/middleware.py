"""Route each request to its government's schema by host name."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django_tenants.utils import get_public_schema_name

from core.tenancy import site_url, tenant_connection
from tenants.models import Government, GovernmentStatus
from tenants.routing import government_for_host


class TenantRoutingMiddleware:
    """Sets `request.tenant`, the connection's schema and the URLconf.

    An unknown host, or a government still being onboarded, gets a 404 page that names no
    government; a suspended one gets a 503 "service suspended" page. Neither ever shows another
    tenant's content.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        connection = tenant_connection()
        try:
            hostname = request.get_host().rsplit(":", 1)[0].lower()
        except DisallowedHost:
            connection.set_schema_to_public()
            return _unknown_host(request, status=400)
        government = government_for_host(hostname)
        if government is None or government.status == GovernmentStatus.ONBOARDING:
            connection.set_schema_to_public()
            return _unknown_host(request, status=404)
        if government.status == GovernmentStatus.SUSPENDED:
            connection.set_schema_to_public()
            return _suspended(request, government)

        request.tenant = government  # type: ignore[attr-defined]
        # A persistent connection that served this same government last keeps its search_path;
        # switching only on change saves a SET round-trip on most requests.
        if connection.tenant is not government:
            connection.set_tenant(government)
        if government.schema_name == get_public_schema_name():
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        return self.get_response(request)


def _unknown_host(request: HttpRequest, *, status: int) -> HttpResponse:
    response = TemplateResponse(
        request,
        "tenants/unknown_host.html",
        {"platform_url": _platform_url(request)},
        status=status,
    )
    return response.render()


def _suspended(request: HttpRequest, government: Government) -> HttpResponse:
    response = TemplateResponse(
        request,
        "tenants/suspended.html",
        {"government": government, "platform_url": _platform_url(request)},
        status=503,
    )
    response["Retry-After"] = "3600"
    return response.render()


def _platform_url(request: HttpRequest) -> str:
    return f"{site_url(request, domain=settings.VENTANILLA_BASE_DOMAIN)}/"
