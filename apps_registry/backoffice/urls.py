"""/gestion/… on a government's own site: the catalogue as it may see it, and its enabled apps."""

from django.urls import path

from apps_registry.backoffice import adaptations, enabled, proposals, views

app_name = "apps_registry"

urlpatterns = [
    path("catalogo/", views.catalogue_list, name="catalogue_list"),
    path("catalogo/<slug:publisher>/<slug:slug>/", views.catalogue_detail, name="catalogue_detail"),
    path(
        "catalogo/<slug:publisher>/<slug:slug>/vista-previa/",
        views.catalogue_preview,
        name="catalogue_preview",
    ),
    path("catalogo/<slug:publisher>/<slug:slug>/habilitar/", views.enable, name="enable"),
    path(
        "convenios/<uuid:agreement_id>/habilitar-todos/",
        views.bulk_enable,
        name="bulk_enable",
    ),
    path("tramites/", enabled.enabled_list, name="enabled_list"),
    path("tramites/<uuid:public_id>/", enabled.enabled_detail, name="enabled_detail"),
    path("tramites/<uuid:public_id>/valores/", enabled.enabled_values, name="enabled_values"),
    path("tramites/<uuid:public_id>/estado/", enabled.enabled_status, name="enabled_status"),
    path(
        "tramites/<uuid:public_id>/vista-previa/", enabled.enabled_preview, name="enabled_preview"
    ),
    path("tramites/<uuid:public_id>/actualizar/", enabled.upgrade, name="upgrade"),
    path("tramites/<uuid:public_id>/redaccion/", adaptations.adaptations, name="adaptations"),
    path(
        "tramites/<uuid:public_id>/redaccion/revisar/",
        adaptations.adaptation_review,
        name="adaptation_review",
    ),
    path("tramites/<uuid:public_id>/propuestas/", proposals.proposal_list, name="proposal_list"),
    path(
        "tramites/<uuid:public_id>/propuestas/nueva/",
        proposals.proposal_new,
        name="proposal_new",
    ),
]
