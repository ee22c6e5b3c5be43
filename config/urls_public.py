"""URLs of the platform site on the base domain: landing page and the operator's admin."""

from django.contrib import admin
from django.urls import include, path

from catalog.definition.views import app_definition_schema
from config.urls_common import i18n_patterns
from config.urls_common import urlpatterns as common
from tenants.views import platform_landing

core_patterns = [
    path("", platform_landing, name="home"),
    *common,
]

urlpatterns = [
    path("", include((core_patterns, "core"))),
    *i18n_patterns,
    path(
        "api/schema/app-definition/v1.json",
        app_definition_schema,
        name="app-definition-schema",
    ),
    path("admin/", admin.site.urls),
    path("api/", include("catalog.api.urls")),
]
