from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django_tenants.utils import get_public_schema_name

from core import pagecache
from core.theming import PLATFORM_THEME, Theme


def platform(request: HttpRequest) -> dict[str, Any]:
    """The current government (None on the platform site) and its theme, for every template."""
    tenant = getattr(request, "tenant", None)
    shared = {
        "base_domain": settings.VENTANILLA_BASE_DOMAIN,
        # Untranslated on purpose: each language is named in itself ("English", "Español").
        "language_choices": settings.LANGUAGES,
        **site_links(get_urlconf(), get_script_prefix()),
    }
    if tenant is None or tenant.schema_name == get_public_schema_name():
        return {**shared, "government": None, "theme": PLATFORM_THEME}
    return {
        **shared,
        "government": tenant,
        "theme": Theme(primary=tenant.primary_color, secondary=tenant.secondary_color),
    }


# Addresses, not HTML, read by every page of every site: kept in the process (a hit costs a tenth
# of a microsecond; a read of the "pages" alias about ten). They follow the URLconf and script
# prefix of the key and the static files of the deployment, so they never go stale in a process;
# pagecache.clear() empties them with the rest.
@lru_cache(maxsize=16)
def site_links(urlconf: str | None, script_prefix: str) -> dict[str, str]:
    """The addresses in every page's header (base.html): the same for every request to a site
    (platform or government: its URLconf), so resolved once per process. Shared: never modify."""
    return {
        "favicon_url": static("core/favicon.svg"),
        "site_css_url": static("core/site.css"),
        "login_url": reverse("core:login", urlconf),
        "logout_url": reverse("core:logout", urlconf),
        "set_language_url": reverse("set_language", urlconf),
    }


pagecache.also_clear(site_links.cache_clear)
