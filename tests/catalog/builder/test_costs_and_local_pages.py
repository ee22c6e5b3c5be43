"""Both pages of this part ("Costos y plazos", "Ajustes locales y variables"): every real bundle
saved unchanged through them is equal, and another government can neither read nor change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog.services import app_create, version_draft_save

BUNDLES = sorted(Path("demo/bundles").glob("**/*.json"))
SECTIONS = ["costos", "ajustes"]


def test_there_are_real_bundles():
    assert len(BUNDLES) >= 40


def test_every_real_bundle_saved_unchanged_through_both_pages_is_equal(
    cdmx, actor_of, signed_in, builder_url, page_form, draft_of
):
    client = signed_in(cdmx)
    changed = []
    for path in BUNDLES:
        definition = json.loads(path.read_text(encoding="utf-8"))["versions"][-1]["definition"]
        slug = definition["metadata"]["slug"]
        app = app_create(
            publisher=cdmx.government, slug=slug, sharing_policy="public", actor=actor_of(cdmx)
        )
        version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor_of(cdmx))
        for section in SECTIONS:
            data = page_form(client.get(builder_url(slug, section)))
            response = client.post(builder_url(slug, section), data)
            assert response.status_code == 302, (path, section, response.content.decode()[:3000])
            if draft_of(app).definition != definition:
                changed.append(f"{path} ({section})")
    assert changed == []


@pytest.mark.parametrize("section", SECTIONS)
def test_another_governments_publisher_gets_404_and_changes_nothing(
    cdmx, sonora, builder_app, signed_in, page_form, draft_of, builder_url, section
):
    app = builder_app(cdmx)
    before = draft_of(app).definition
    url = builder_url("constancia", section)
    data = page_form(signed_in(cdmx).get(url))
    data.update(
        {
            "ficta": "afirmativa",
            "nuevo-key": "plazo",
            "nuevo-type": "plazo",
            "nuevo-target": "/plazo",
            "nuevo-label_es": "Plazo",
        }
    )
    other = signed_in(sonora)

    assert other.get(url).status_code == 404
    assert other.post(url, data).status_code == 404
    assert draft_of(app).definition == before
    assert app.versions.filter(published_at__isnull=True).count() == 1


@pytest.mark.parametrize("section", SECTIONS)
def test_a_stale_page_is_refused(cdmx, builder_app, signed_in, page_form, builder_url, section):
    builder_app(cdmx)
    first, second = signed_in(cdmx), signed_in(cdmx)
    url = builder_url("constancia", section)
    data_first, data_second = page_form(first.get(url)), page_form(second.get(url))

    assert first.post(url, data_first).status_code == 302
    response = second.post(url, data_second)

    assert response.status_code == 200
    assert "Otra persona guardó este borrador" in response.content.decode()


def test_the_citizen_ficha_shows_a_uma_fee_in_pesos(cdmx):
    from tests.cases.views_support import publish_and_enable
    from tests.catalog.factories import make_definition

    definition = make_definition("derecho-uma")
    definition["fees"]["concepts"] = [
        {
            "id": "derecho",
            "concept": {"es-MX": "Licencia de construcción", "en": "Building permit"},
            "uma_multiple": 30,
            "currency": "MXN",
            "fiscal_year": 2025,
        }
    ]
    # The publisher's own site shows the publisher's fees (an adopter shows its own).
    enabled = publish_and_enable(cdmx, cdmx, definition, slug="derecho-uma")

    html = cdmx.client().get(f"/tramites/{enabled.public_id}/").content.decode()

    assert "$3,394.20" in html
    assert "30 UMA (2025) = $3,394.20" in html
