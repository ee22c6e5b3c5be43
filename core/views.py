"""Pages every government site has: home, sign-in and the staff landing."""

from __future__ import annotations

import mimetypes
import unicodedata
from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django_tenants.utils import get_public_schema_name

from apps_registry.selectors import CitizenApp, live_apps_for_citizens
from catalog.definition.rendering import text_in
from core.accounts.selectors import sign_in_options
from core.models import Role


def _folded(text: str) -> str:
    """Lower case without accents, so "tramite" finds "trámite"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _matches(app: CitizenApp, words: list[str]) -> bool:
    metadata = app.metadata
    texts = [
        *app.name.values(),
        *app.citizen_name.values(),
        *(str(s) for s in metadata.get("synonyms") or []),
    ]
    haystack = _folded(" ".join(str(t) for t in texts))
    return all(word in haystack for word in words)


def tenant_home(request: HttpRequest) -> HttpResponse:
    """The citizen home: the government's live apps by category (paused ones shown as
    temporarily unavailable), filtered on the server by name and synonyms."""
    query = request.GET.get("q", "").strip()[:100]
    apps = live_apps_for_citizens()
    words = _folded(query).split()
    if words:
        apps = [app for app in apps if _matches(app, words)]
    language = "en" if (get_language() or "").startswith("en") else "es-MX"
    categories: dict[str, list[dict[str, object]]] = {}
    for app in apps:
        label = app.category.replace("-", " ").capitalize() or _("Otros trámites")
        categories.setdefault(label, []).append(
            {
                "public_id": app.public_id,
                "name": text_in(app.citizen_name, language),
                "description": text_in(app.description, language),
                "available": app.available,
            }
        )
    return render(
        request,
        "core/tenant_home.html",
        {"query": query, "categories": categories, "apps_count": len(apps)},
    )


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
    roles = [Role(role).label for role in user.roles]
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
