"""API routes, included under `api/` on the platform's base domain and on every government's host.

api/schema/  OpenAPI 3 document      api/docs/  Swagger UI      api/redoc/  Redoc
api/v1/catalog/...                   the shared catalogue
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from catalog.api import views

app_name = "api"

APP = "v1/catalog/apps/<slug:publisher>/<slug:slug>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("v1/catalog/apps/", views.AppListView.as_view(), name="catalog-app-list"),
    path(APP, views.AppDetailView.as_view(), name="catalog-app-detail"),
    path(f"{APP}versions/", views.AppVersionListView.as_view(), name="catalog-version-list"),
    path(
        f"{APP}versions/<str:version>/",
        views.AppVersionDetailView.as_view(),
        name="catalog-version-detail",
    ),
    path(
        f"{APP}versions/<str:version>/publish/",
        views.AppVersionPublishView.as_view(),
        name="catalog-version-publish",
    ),
    path(f"{APP}deprecate/", views.AppDeprecateView.as_view(), name="catalog-app-deprecate"),
    path(f"{APP}bundle/", views.AppBundleView.as_view(), name="catalog-app-bundle"),
]
