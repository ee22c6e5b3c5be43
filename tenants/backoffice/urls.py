"""/gestion/… on a government's own site: its theme and its staff."""

from django.urls import path

from tenants.backoffice import views

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
    # Reached from the invitation e-mail, before the person has a password: no role to check.
    path(
        "contrasena/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="set_password",
    ),
]
