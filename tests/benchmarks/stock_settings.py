"""Stock django-tenants for reference: its TenantMainMiddleware, which looks the domain up in the
database on every request, and its default of setting the search_path before every query."""

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

MIDDLEWARE = [
    "django_tenants.middleware.main.TenantMainMiddleware"
    if m == "tenants.middleware.TenantRoutingMiddleware"
    else m
    for m in MIDDLEWARE
]
ROOT_URLCONF = "tests.benchmarks.urls"
TENANT_LIMIT_SET_CALLS = False
