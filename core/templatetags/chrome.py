"""The header and footer of every page (base.html).

They are the same for every visitor of one kind on one site: rendered once for each government
look, language, site (URLconf) and kind of visitor (anonymous, signed in, staff) and kept in the
"pages" cache (core.pagecache, which also puts the schema in the key), then completed per request with the only two things that are the request's own: its
CSRF token and its address (the language switch returns to it). On a citizen's form page
they were a fifth of the template work.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import pagecache
from core.context_processors import site_links

register = template.Library()

# Stand-ins for the per-request parts while the shared HTML is rendered. Text that a government
# types (name, footer…) is escaped on the way in, so it can never contain them.
CSRF_SLOT = mark_safe("<!--ventanilla:csrf-->")
NEXT_SLOT = mark_safe("<!--ventanilla:next-->")


def _render(template_name: str, context: dict[str, Any]) -> str:
    # Without the file's final newline: base.html has its own.
    return render_to_string(template_name, context).rstrip("\n")


def _look(government: Any) -> tuple[Any, ...]:
    """Everything of the government the header and footer show: a change to any of it (the
    branding form) gives a new key, so it shows on the next page in every process."""
    if government is None:
        return ()
    return (
        government.pk,
        government.display_name,
        government.logo.name if government.logo else "",
        government.footer_text,
        government.legal_text,
        government.contact_email,
        government.contact_phone,
    )


def _csrf_input(context: template.Context) -> str:
    # The context's token (lazy, shared with the page's own {% csrf_token %} tags), as that tag
    # writes it; nothing when rendered without a request, as that tag does.
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105 (Django's marker, not a secret)
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@register.simple_tag(takes_context=True)
def site_header(context: template.Context) -> SafeString:
    government = context.get("government")
    user = context.get("user")
    signed_in = bool(getattr(user, "is_authenticated", False))
    staff = signed_in and government is not None and bool(getattr(user, "is_staff", False))
    language = get_language()
    urlconf, prefix = get_urlconf(), get_script_prefix()

    def render() -> str:
        return _render(
            "core/_site_header.html",
            {
                **site_links(urlconf, prefix),
                "government": government,
                "signed_in": signed_in,
                "staff": staff,
                "language_choices": settings.LANGUAGES,
                "LANGUAGE_CODE": language,
                "csrf_input": CSRF_SLOT,
                "next_path": NEXT_SLOT,
            },
        )

    html = pagecache.cached_text(
        "header", (_look(government), language, urlconf, prefix, signed_in, staff), render
    )
    request = context.get("request")
    next_path = escape(request.get_full_path()) if request is not None else ""
    return mark_safe(  # noqa: S308 (escaped parts only)
        html.replace(CSRF_SLOT, _csrf_input(context)).replace(NEXT_SLOT, next_path)
    )


@register.simple_tag(takes_context=True)
def site_footer(context: template.Context) -> SafeString:
    government = context.get("government")
    html = pagecache.cached_text(
        "footer",
        (_look(government), get_language()),
        lambda: _render("core/_site_footer.html", {"government": government}),
    )
    return mark_safe(html)  # noqa: S308 (rendered with autoescape)
