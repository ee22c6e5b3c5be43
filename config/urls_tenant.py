"""URLs of a government's site (<slug>.<base domain>)."""

from django.urls import include, path

from cases.filing import home as filing_home
from catalog.definition.views import app_definition_schema
from config.urls_common import i18n_patterns
from config.urls_common import urlpatterns as common
from core import views

core_patterns = [
    path("", filing_home.home, name="home"),
    path("gestion/", views.backoffice_home, name="backoffice"),
    path("tema/logotipo/<str:name>", views.theme_logo, name="theme_logo"),
    *common,
]

urlpatterns = [
    path("", include((core_patterns, "core"))),
    path(
        "api/schema/app-definition/v1.json",
        app_definition_schema,
        name="app-definition-schema",
    ),
    *i18n_patterns,
    path("cuenta/", include("core.accounts.urls")),
    path("api/v1/enabled-apps/", include("apps_registry.api.urls")),
    path("api/", include("catalog.api.urls")),
    path("gestion/publicacion/", include("catalog.backoffice.urls")),
    path("gestion/expedientes/", include("cases.office.urls")),
    path("gestion/", include("apps_registry.backoffice.urls")),
    path("gestion/", include("tenants.backoffice.urls")),
    path("", include("cases.filing.urls")),
]
