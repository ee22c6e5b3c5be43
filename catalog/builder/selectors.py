"""Reads of the builder: what a builder page edits (the draft, or the latest published version
when no draft exists yet) and the revision the page is rendered from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalog.backoffice.selectors import app_draft, next_version_number
from catalog.models import AppVersion, CatalogApp

# The revision a page sends back when it was rendered before any draft existed.
NO_DRAFT = "nuevo"


def revision_of(draft: AppVersion | None) -> str:
    """The draft's revision as the pages carry it in their hidden `revision` input."""
    return draft.updated_at.isoformat() if draft is not None else NO_DRAFT


@dataclass(frozen=True)
class BuilderSource:
    """What a builder page shows: never changed in place (operations copy it)."""

    app: CatalogApp
    draft: AppVersion | None
    definition: dict[str, Any]
    version: str  # the draft's version, or the one saving will create
    revision: str

    @property
    def is_draft(self) -> bool:
        return self.draft is not None


def builder_source(*, app: CatalogApp) -> BuilderSource:
    """The app's draft; without one, the latest published version, which the first save copies
    into a new draft numbered with the next minor version (1.2.3 → 1.3.0)."""
    draft = app_draft(app=app)
    if draft is not None:
        return BuilderSource(app, draft, draft.definition, draft.version, revision_of(draft))
    latest = app.latest_version
    definition = latest.definition if latest is not None else {}
    return BuilderSource(app, None, definition, next_version_number(app=app), NO_DRAFT)
