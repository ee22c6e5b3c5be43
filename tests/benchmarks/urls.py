"""The benchmark's trivial pages, served alike by every variant (tenant, plain Django, stock
django-tenants) so that the only difference measured is how the tenant is resolved.

Kept out of the product's URLconfs: production serves no benchmark endpoints.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path


def _schema(request: HttpRequest) -> str:
    tenant = getattr(request, "tenant", None)
    return tenant.schema_name if tenant is not None else "-"


def ping(request: HttpRequest) -> HttpResponse:
    """No database work: what tenant resolution costs on its own."""
    return HttpResponse(f"ok {_schema(request)}", content_type="text/plain")


def ping_query(request: HttpRequest) -> HttpResponse:
    """One small read of a table every schema has, as nearly every real page makes; under a
    tenant it also pays for setting the search_path."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_content_type")
        (count,) = cursor.fetchone()
    return HttpResponse(f"ok {_schema(request)} {count}", content_type="text/plain")


urlpatterns = [
    path("_bench/ping", ping),
    path("_bench/query", ping_query),
]
