"""URLs of a government's site (<slug>.<base domain>)."""

from django.urls import include, path

from core import views
from core.urls_common import i18n_patterns
from core.urls_common import urlpatterns as common

core_patterns = [
    path("", views.tenant_home, name="home"),
    path("gestion/", views.backoffice_home, name="backoffice"),
    *common,
]

urlpatterns = [
    path("", include((core_patterns, "core"))),
    *i18n_patterns,
]
