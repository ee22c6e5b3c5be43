"""URL patterns that both the platform site and every government site have."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views

urlpatterns = [
    path("cuenta/entrar/", views.SignInView.as_view(), name="login"),
    path("cuenta/salir/", auth_views.LogoutView.as_view(), name="logout"),
]

# Outside the "core" namespace: templates reverse it as plain "set_language".
i18n_patterns = [path("i18n/", include("django.conf.urls.i18n"))]
