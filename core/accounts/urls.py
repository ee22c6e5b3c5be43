"""Account pages of a government's site, under /cuenta/ (sign-in and sign-out are core:login and
core:logout, shared with the platform site)."""

from django.urls import path

from core.accounts import views

app_name = "accounts"

urlpatterns = [
    path("registro/", views.sign_up, name="sign_up"),
    path("registro/enviado/", views.sign_up_done, name="sign_up_done"),
    path("verificar/reenviar/", views.verification_resend, name="verification_resend"),
    path("verificar/<str:token>/", views.verify_email, name="verify_email"),
    path("perfil/", views.profile, name="profile"),
    path("contrasena/", views.PasswordResetView.as_view(), name="password_reset"),
    path("contrasena/enviado/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "contrasena/nueva/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "contrasena/lista/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("proveedor/<slug:key>/", views.provider_start, name="provider_start"),
    path("proveedor/<slug:key>/retorno/", views.provider_callback, name="provider_callback"),
]
