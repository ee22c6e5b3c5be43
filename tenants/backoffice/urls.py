"""/gestion/… on a government's own site: its theme, its staff and its own facts."""

from django.urls import path

from tenants.backoffice import facts, views

app_name = "tenant_admin"

urlpatterns = [
    path("tema/", views.theme_edit, name="theme"),
    path("personal/", views.staff_list, name="staff_list"),
    path("personal/invitar/", views.staff_invite_view, name="staff_invite"),
    path("personal/<uuid:public_id>/", views.staff_detail, name="staff_detail"),
    path(
        "personal/<uuid:public_id>/desactivar/",
        views.staff_deactivate_view,
        name="staff_deactivate",
    ),
    # The government's own facts ("Datos del gobierno"): tenants.backoffice.facts.
    path("datos/", facts.facts, name="facts"),
    path("datos/identidad/", facts.identity_provider, name="identity_provider"),
    path("datos/publicacion/", facts.publish_approval, name="publish_approval"),
    path("datos/dependencias/agregar/", facts.agency_add, name="agency_add"),
    path("datos/dependencias/<slug:key>/", facts.agency_edit, name="agency_edit"),
    path("datos/dependencias/<slug:key>/quitar/", facts.agency_remove, name="agency_remove"),
    path("datos/catalogos/nuevo/", facts.code_list_create, name="code_list_create"),
    path("datos/catalogos/<slug:key>/", facts.code_list, name="code_list"),
    path("datos/catalogos/<slug:key>/eliminar/", facts.code_list_delete, name="code_list_delete"),
    path(
        "datos/catalogos/<slug:key>/opciones/agregar/",
        facts.code_list_item_add,
        name="code_list_item_add",
    ),
    path(
        "datos/catalogos/<slug:key>/opciones/pegar/",
        facts.code_list_paste,
        name="code_list_paste",
    ),
    path(
        "datos/catalogos/<slug:key>/opciones/<int:item_id>/",
        facts.code_list_item_edit,
        name="code_list_item_edit",
    ),
    path(
        "datos/catalogos/<slug:key>/opciones/<int:item_id>/quitar/",
        facts.code_list_item_remove,
        name="code_list_item_remove",
    ),
    path(
        "datos/catalogos/<slug:key>/opciones/<int:item_id>/mover/",
        facts.code_list_item_move,
        name="code_list_item_move",
    ),
    # Reached from the invitation e-mail, before the person has a password: no role to check.
    path(
        "contrasena/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="set_password",
    ),
]
