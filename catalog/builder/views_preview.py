"""The builder's "Vista previa": the draft's citizen form with its rules working, its ficha,
fees and deadlines, as the publisher or a chosen adopting government would serve it.

The rules work twice over, like the citizen's wizard: the wizard's own script (cases/static,
json-logic) shows and hides fields as the publisher answers, and without JavaScript "Probar con
estas respuestas" posts the answers and the page comes back with the rules evaluated on the
server (catalog.definition.rules.active_items). Nothing is saved.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from catalog.backoffice.views import PUBLISHING_ROLES
from catalog.builder import pages
from catalog.builder.preview import (
    answers_from_post,
    ficha_context,
    preview_governments,
    served_definition,
    theme_of,
    tried_form,
)
from core.i18n import content_language
from core.permissions import role_required
from tenants.requests import TenantRequest

# Names no field can take (field ids start with a letter).
GOVERNMENT = "_gobierno"


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_preview(request: TenantRequest, slug: str) -> HttpResponse:
    source = pages.own_source(request, slug)
    governments = preview_governments(source.app)
    data = request.POST if request.method == "POST" else request.GET
    chosen_slug = data.get(GOVERNMENT, "")
    # An unknown or not-eligible choice shows the publisher's own site (never an error).
    government = next((g for g in governments if g.slug == chosen_slug), governments[0])
    language = content_language()
    definition = served_definition(source.definition, government)
    answers = answers_from_post(definition, request.POST) if request.method == "POST" else None
    form = tried_form(definition, answers, language)
    return render(
        request,
        "catalog/builder/preview.html",
        pages.page_context(
            source=source,
            section="vista-previa",
            revision=source.revision,
            governments=governments,
            government=government,
            government_field=GOVERNMENT,
            is_publisher=government.pk == source.app.publisher_id,
            preview_theme=theme_of(government),
            form=form,
            tried=answers is not None,
            **ficha_context(definition, language),
        ),
    )
