"""/gestion/publicacion/ on a government's own site: its catalogue apps."""

from django.urls import include, path

from catalog.backoffice import proposals, views
from catalog.builder import urls as builder_urls

app_name = "publisher"

urlpatterns = [
    path("", views.app_list, name="app_list"),
    path("nuevo/", views.app_new, name="app_new"),
    path("constructor/", include(builder_urls.start_patterns)),
    path("<slug:slug>/", views.app_detail, name="app_detail"),
    # The app builder (catalog.builder): one sub-tree per app.
    path("<slug:slug>/constructor/", include(builder_urls.app_patterns)),
    path("<slug:slug>/politica/", views.app_sharing_policy, name="app_sharing_policy"),
    path("<slug:slug>/desuso/", views.app_deprecate_confirm, name="app_deprecate"),
    path("<slug:slug>/borrador/", views.draft_edit, name="draft_edit"),
    path("<slug:slug>/borrador/publicar/", views.draft_publish, name="draft_publish"),
    path(
        "<slug:slug>/versiones/<str:version>/vista-previa/",
        views.version_preview,
        name="version_preview",
    ),
    path("<slug:slug>/propuestas/", proposals.proposal_list, name="proposal_list"),
    path(
        "<slug:slug>/propuestas/<uuid:proposal_id>/",
        proposals.proposal_detail,
        name="proposal_detail",
    ),
    path(
        "<slug:slug>/propuestas/<uuid:proposal_id>/decidir/",
        proposals.proposal_decide,
        name="proposal_decide",
    ),
]
