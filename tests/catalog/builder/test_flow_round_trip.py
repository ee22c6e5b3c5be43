"""The "Flujo" pages lose nothing: every real bundle opened and saved unchanged through each
kind of flow form yields an equal definition. And another government can neither read nor
change a draft's workflow through them."""

from __future__ import annotations

import pytest

from tests.catalog.builder.test_round_trip import _latest_definitions

FLOW = "/gestion/publicacion/{slug}/constructor/flujo/"


def test_every_real_bundle_saved_unchanged_through_the_flow_pages_is_equal(
    cdmx, draft_app, signed_in, page_form, draft_of
):
    client = signed_in(cdmx)
    changed = []
    for number, (path, definition) in enumerate(_latest_definitions()):
        app = draft_app(definition)
        base = FLOW.format(slug=app.slug)
        workflow = definition["workflow"]
        # Every bundle through the overview's form (initial and final marks), and through one
        # element page in turn (a state, a transition, a document): fast, every page covered.
        element = [
            f"estados/{workflow['states'][-1]['id']}/",
            f"transiciones/{workflow['transitions'][-1]['id']}/",
            f"documentos/{definition['outputs'][-1]['id']}/" if definition.get("outputs") else "",
        ][number % 3]
        pages = ["", element] if element else [""]
        for page in pages:
            data = page_form(client.get(base + page))
            if page == "":
                data = {key: data[key] for key in ("revision", "initial", "final")}
                data["action"] = "ends"
            response = client.post(base + page, data)
            assert response.status_code == 302, (path, page, response.content.decode()[:2000])
            if draft_of(app).definition != definition:
                changed.append(f"{path} {page}")
    assert changed == []


@pytest.fixture
def draft_app(cdmx, actor_of):
    from catalog.services import app_create, version_draft_save

    def factory(definition):
        slug = definition["metadata"]["slug"]
        app = app_create(
            publisher=cdmx.government, slug=slug, sharing_policy="public", actor=actor_of(cdmx)
        )
        version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor_of(cdmx))
        return app

    return factory


PAGES = [
    ("", {"action": "standard"}),
    ("", {"action": "remove_transition", "transition": "aprobar"}),
    (
        "estado-nuevo/",
        {"name_es": "Nuevo", "final": "1", "entrada_from": "recibida", "entrada_label_es": "Ir"},
    ),
    ("estados/recibida/", {"name_es": "Cambiado por Sonora"}),
    ("estados/aprobada/quitar/", {"with_transitions": "1"}),
    (
        "transicion-nueva/",
        {"from": "rechazada", "to": "recibida", "label_es": "Volver", "actor": "citizen"},
    ),
    (
        "transiciones/aprobar/",
        {"from": "recibida", "to": "aprobada", "label_es": "Sonora", "actor": "citizen"},
    ),
    ("documento-nuevo/", {"kind": "acuse", "on_state": "recibida", "title_es": "Sonora"}),
]


@pytest.mark.parametrize(("page", "fields"), PAGES)
def test_another_governments_publisher_gets_404_on_the_flow_pages_and_changes_nothing(
    cdmx, sonora, builder_app, signed_in, draft_of, page, fields
):
    app = builder_app(cdmx)
    before = draft_of(app).definition
    revision = draft_of(app).updated_at.isoformat()
    other = signed_in(sonora)
    url = FLOW.format(slug="constancia") + page

    assert other.get(url).status_code == 404
    assert other.post(url, {"revision": revision, **fields}).status_code == 404
    assert draft_of(app).definition == before
    assert app.versions.count() == 2


def test_a_guessed_document_or_state_of_another_government_is_not_found(
    cdmx, sonora, builder_app, signed_in
):
    builder_app(cdmx)
    builder_app(sonora, slug="otra")
    other = signed_in(sonora)

    # Sonora's own app exists, but CDMX's states and documents are not reachable through it.
    assert other.get(FLOW.format(slug="otra") + "estados/recibida/").status_code == 200
    assert other.get(FLOW.format(slug="otra") + "estados/no_existe/").status_code == 404
    assert other.get(FLOW.format(slug="otra") + "documentos/acuse/").status_code == 404
