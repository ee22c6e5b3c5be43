"""Writes of the builder. Every save applies one pure operation to the app's draft and goes
through `version_draft_save`, so the definition validator runs exactly as for JSON edits."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.db import transaction

from catalog import errors
from catalog.builder.operations import clean_text, get_at, set_text, set_value, slug_from_name
from catalog.builder.selectors import builder_source
from catalog.models import AppVersion, CatalogApp
from catalog.services import app_create, version_draft_save
from catalog.services.common import CATALOG_WRITERS
from core.actors import Actor
from core.errors import ApplicationError
from tenants.models import Government

# An edit: takes the draft's definition, returns the new one (never changes its argument).
Edit = Callable[[dict[str, Any]], dict[str, Any]]

# Where the concurrency refusal is located (the pages' hidden input).
REVISION = "revision"


def stale_draft_error() -> ApplicationError:
    return ApplicationError.single(
        errors.BUILDER_STALE_DRAFT,
        "Otra persona guardó este borrador mientras usted editaba. No se guardaron sus cambios: "
        "siguen en el formulario. Abra el borrador de nuevo en otra pestaña para ver lo que "
        "cambió y vuelva a aplicar lo suyo.",
        "Someone else saved this draft while you were editing. Your changes were not saved: "
        "they are still in the form. Open the draft again in another tab to see what changed "
        "and apply yours again.",
        REVISION,
    )


@transaction.atomic
def builder_save(*, app: CatalogApp, draft_revision: str, edit: Edit, actor: Actor) -> AppVersion:
    """Apply `edit` to the app's draft (created from the latest published version when there is
    none) and save it. Refused, with nothing saved, when the draft changed since the page was
    rendered (`draft_revision`), when the edit raises, or when the result is invalid: problems
    are located under /definition like version_draft_save's."""
    actor.require(*CATALOG_WRITERS)
    # Lock the app first: two saves of the same draft run one after the other, so the second
    # one sees the first one's revision and is refused.
    app = CatalogApp.objects.select_for_update().get(pk=app.pk)
    source = builder_source(app=app)
    if draft_revision != source.revision:
        raise stale_draft_error()
    definition = edit(copy.deepcopy(source.definition))
    changelog = source.draft.changelog if source.draft is not None else {}
    return version_draft_save(
        app=app,
        version=source.version,
        definition=definition,
        changelog=changelog,
        actor=actor,
    )


@transaction.atomic
def builder_start(
    *,
    publisher: Government,
    name: str,
    sharing_policy: str,
    definition: dict[str, Any],
    actor: Actor,
    plain_name_too: bool = False,
) -> CatalogApp:
    """Create an app and its first draft (1.0.0) from a starting definition (builder.start).
    The slug comes from the name (and never changes afterwards); the name replaces the official
    name, and the plain-language one too with `plain_name_too` (blank and templates). Both are
    created or neither: problems are located at "name", "sharing_policy" or /definition/…"""
    actor.require(*CATALOG_WRITERS)
    name = clean_text(name)
    if not name:
        raise ApplicationError.single(
            errors.BUILDER_INPUT_INVALID,
            "Escriba el nombre del trámite.",
            "Enter the procedure's name.",
            "name",
        )
    taken = set(CatalogApp.objects.filter(publisher=publisher).values_list("slug", flat=True))
    slug = slug_from_name(name, taken)
    definition = set_value(definition, "/metadata/slug", slug)
    for pointer in (
        ("/metadata/name", "/metadata/citizen_name") if plain_name_too else ("/metadata/name",)
    ):
        current = get_at(definition, pointer)
        if not isinstance(current, dict) or current.get("es-MX") != name:
            # The English text was the source's: it no longer translates the new name.
            definition = set_text(definition, pointer, {"es-MX": name, "en": ""})
    app = app_create(publisher=publisher, slug=slug, sharing_policy=sharing_policy, actor=actor)
    version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor)
    return app
