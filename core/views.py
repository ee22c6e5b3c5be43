"""Pages every government site has: home, sign-in and the staff landing."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django_tenants.utils import get_public_schema_name

from core.accounts.selectors import sign_in_options


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The platform site has no citizen accounts, so no providers either.
        tenant = getattr(self.request, "tenant", None)
        on_tenant = tenant is not None and tenant.schema_name != get_public_schema_name()
        context["sign_in_options"] = sign_in_options() if on_tenant else []
        return context


@login_required
def backoffice_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_staff:  # citizens have no back office
        raise PermissionDenied
    roles = user.role_labels
    return render(request, "core/backoffice_home.html", {"roles": roles})


@cache_control(public=True, max_age=60 * 60 * 24 * 365, immutable=True)
def theme_logo(request: HttpRequest, name: str) -> FileResponse:
    """The government's own logo, read from its storage prefix. Uploaded names carry a random
    token, so a new logo gets a new URL and the old one can be cached for good."""
    logo = request.tenant.logo  # type: ignore[attr-defined]
    if not logo or PurePosixPath(logo.name).name != name:
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(logo.open("rb"), content_type=content_type)
