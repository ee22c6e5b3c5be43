"""Pages every government site has: home, sign-in and the staff landing."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.models import Role


def tenant_home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/tenant_home.html")


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    redirect_authenticated_user = True


@login_required
def backoffice_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_staff:  # citizens have no back office
        raise PermissionDenied
    roles = [Role(role).label for role in user.roles]
    return render(request, "core/backoffice_home.html", {"roles": roles})
