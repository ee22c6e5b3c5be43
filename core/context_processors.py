from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name

from core.theming import PLATFORM_THEME, Theme


def platform(request: HttpRequest) -> dict[str, Any]:
    """The current government (None on the platform site) and its theme, for every template."""
    tenant = getattr(request, "tenant", None)
    shared = {
        "base_domain": settings.VENTANILLA_BASE_DOMAIN,
        # Untranslated on purpose: each language is named in itself ("English", "Español").
        "language_choices": settings.LANGUAGES,
    }
    if tenant is None or tenant.schema_name == get_public_schema_name():
        return {**shared, "government": None, "theme": PLATFORM_THEME}
    return {
        **shared,
        "government": tenant,
        "theme": Theme(primary=tenant.primary_color, secondary=tenant.secondary_color),
    }
