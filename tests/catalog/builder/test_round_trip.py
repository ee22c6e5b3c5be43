"""Builder ⇄ JSON without loss: every real bundle saved unchanged through the ficha page and
through the JSON page yields an equal definition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog.models import CatalogApp
from catalog.services import app_create, version_draft_save

BUNDLES = sorted(Path("demo/bundles").glob("**/*.json"))


def _latest_definitions():
    for path in BUNDLES:
        bundle = json.loads(path.read_text(encoding="utf-8"))
        yield path, bundle["versions"][-1]["definition"]


@pytest.fixture
def draft_app(cdmx, actor_of):
    def factory(definition) -> CatalogApp:
        slug = definition["metadata"]["slug"]
        app = app_create(
            publisher=cdmx.government, slug=slug, sharing_policy="public", actor=actor_of(cdmx)
        )
        version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor_of(cdmx))
        return app

    return factory


def test_there_are_real_bundles():
    assert len(BUNDLES) >= 40


def test_every_real_bundle_saved_unchanged_through_the_ficha_is_equal(
    cdmx, draft_app, signed_in, builder_url, page_form, draft_of
):
    client = signed_in(cdmx)
    changed = []
    for path, definition in _latest_definitions():
        app = draft_app(definition)
        data = page_form(client.get(builder_url(app.slug)))
        response = client.post(builder_url(app.slug), data)
        assert response.status_code == 302, (path, response.content.decode()[:3000])
        if draft_of(app).definition != definition:
            changed.append(str(path))
    assert changed == []


def test_every_real_bundle_saved_unchanged_through_the_json_page_is_equal(
    cdmx, draft_app, signed_in, builder_url, page_form, draft_of
):
    client = signed_in(cdmx)
    for path, definition in list(_latest_definitions())[:10]:
        app = draft_app(definition)
        data = page_form(client.get(builder_url(app.slug, "json")))
        assert client.post(builder_url(app.slug, "json"), data).status_code == 302, path
        assert draft_of(app).definition == definition, path
