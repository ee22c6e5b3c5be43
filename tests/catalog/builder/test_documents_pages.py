"""Documentos: add, edit, reorder, remove requisitos; formats, size, original/copia, condition
in words; invalid input refused and located; isolation; real bundles unchanged."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from catalog.builder import ops_conditions_form as condition_form
from catalog.builder import ops_documents as ops
from catalog.builder import pages
from tests.catalog.builder import test_conditions_pages as conditions
from tests.catalog.builder.test_conditions_pages import _posted, rules_definition

draft_app = conditions.draft_app  # the fixture

BASE = "/gestion/publicacion/reglas/constructor/documentos/"


def _revision(draft_of, app) -> str:
    return draft_of(app).updated_at.isoformat()


def test_a_document_is_added_with_formats_size_copies_and_a_condition(
    cdmx, draft_app, signed_in, page_form, draft_of
):
    app = draft_app(rules_definition())
    client = signed_in(cdmx)
    data = page_form(client.get(f"{BASE}nuevo/"))
    assert data["accept"] == ["application/pdf"] and data["max_size_mb"] == "5"
    data.update(
        {
            "name_es": "Poder notarial",
            "name_en": "Power of attorney",
            "accept": ["application/pdf", "image/png"],
            "max_size_mb": "2.5",
            "original_or_copy": "original_y_copia",
            "copies": "2",
            "issuer_es": "Notaría pública",
            "alternatives-0-alt_es": "Carta poder",
            "cond-0-question": "tipo",
            "cond-0-operator": "es",
            "cond-0-choices": ["moral"],
        }
    )

    response = client.post(f"{BASE}nuevo/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    document = draft_of(app).definition["documents"][-1]
    assert document == {
        "id": "poder_notarial",
        "required": True,
        "name": {"es-MX": "Poder notarial", "en": "Power of attorney"},
        "original_or_copy": "original_y_copia",
        "copies": 2,
        "issuer": {"es-MX": "Notaría pública"},
        "accept": ["application/pdf", "image/png"],
        "max_size_mb": 2.5,
        "alternatives": [{"es-MX": "Carta poder"}],
        "condition": {"==": [{"var": "tipo"}, "moral"]},
    }
    page = client.get(BASE).content.decode()
    assert "Poder notarial" in page and "«Tipo de persona» es «Persona moral»" in page


def test_a_document_is_edited_and_its_condition_removed(
    cdmx, draft_app, signed_in, page_form, draft_of
):
    app = draft_app(rules_definition())
    client = signed_in(cdmx)
    url = f"{BASE}documento/acta/"
    data = page_form(client.get(url))
    assert data["cond-0-choices"] == ["moral"]
    data.update({"required": [], "cond-0-question": "", "accept": ["image/jpeg"]})

    assert client.post(url, data).status_code == 302
    acta = draft_of(app).definition["documents"][1]
    assert acta["required"] is False
    assert acta["accept"] == ["image/jpeg"]
    assert "condition" not in acta


@pytest.mark.parametrize(
    ("values", "anchor"),
    [
        ({"name_es": "", "name_en": ""}, "id_name_es"),
        ({"accept": []}, "id_accept"),
        ({"max_size_mb": "mucho"}, "id_max_size_mb"),
        ({"max_size_mb": "500"}, "id_max_size_mb"),
        ({"cond-0-question": "borrada"}, "id_cond-0-question"),
        ({"cond-0-question": "tipo", "cond-0-choices": ["sociedad"]}, "id_cond-0-choices"),
    ],
)
def test_invalid_documents_are_refused_located_and_typing_kept(
    cdmx, draft_app, signed_in, page_form, draft_of, values, anchor
):
    app = draft_app(rules_definition())
    before = draft_of(app).definition
    client = signed_in(cdmx)
    url = f"{BASE}documento/ine/"
    data = page_form(client.get(url))
    data.update({"issuer_es": "Lo que escribí"})
    data.update(values)

    response = client.post(url, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="#{anchor}"' in page
    assert "Lo que escribí" in page
    assert draft_of(app).definition == before


def test_documents_are_reordered_and_removed(cdmx, draft_app, signed_in, draft_of):
    app = draft_app(rules_definition())
    client = signed_in(cdmx)

    moved = client.post(
        BASE, {"revision": _revision(draft_of, app), "documento": "acta", "accion": "subir"}
    )
    assert moved.status_code == 302
    assert [d["id"] for d in draft_of(app).definition["documents"]] == ["acta", "ine"]
    client.post(BASE, {"revision": _revision(draft_of, app), "documento": "acta",
                       "accion": "bajar"})  # fmt: skip
    assert [d["id"] for d in draft_of(app).definition["documents"]] == ["ine", "acta"]

    removed = client.post(
        BASE, {"revision": _revision(draft_of, app), "documento": "ine", "accion": "quitar"}
    )
    assert removed.status_code == 302
    assert [d["id"] for d in draft_of(app).definition["documents"]] == ["acta"]


def test_a_document_a_rule_uses_is_not_removed(cdmx, draft_app, signed_in, draft_of):
    definition = rules_definition()
    definition["rules"] = [
        {"id": "exigir_ine", "effect": "require", "target": "ine",
         "when": {"==": [{"var": "tipo"}, "moral"]}},
    ]  # fmt: skip
    app = draft_app(definition)
    client = signed_in(cdmx)

    response = client.post(
        BASE, {"revision": _revision(draft_of, app), "documento": "ine", "accion": "quitar"}
    )

    assert response.status_code == 200
    assert "exigir_ine" in response.content.decode()
    assert draft_of(app).definition == definition


def test_a_stale_page_is_told_and_nothing_is_saved(cdmx, draft_app, signed_in, page_form, draft_of):
    app = draft_app(rules_definition())
    client = signed_in(cdmx)
    url = f"{BASE}documento/ine/"
    data = page_form(client.get(url))
    client.post(BASE, {"revision": _revision(draft_of, app), "documento": "acta",
                       "accion": "subir"})  # fmt: skip
    before = draft_of(app).definition
    data["name_es"] = "Otro nombre"

    response = client.post(url, data)

    assert response.status_code == 200 and "Otra persona guardó" in response.content.decode()
    assert draft_of(app).definition == before


@pytest.mark.parametrize("path", ["", "nuevo/", "documento/ine/"])
def test_another_government_gets_404_and_changes_nothing(
    cdmx, sonora, draft_app, signed_in, page_form, draft_of, path
):
    app = draft_app(rules_definition())
    before = draft_of(app).definition
    data = page_form(signed_in(cdmx).get(f"{BASE}{path}"))
    data.update({"documento": "ine", "accion": "quitar", "name_es": "Cambiado"})
    other = signed_in(sonora)

    assert other.get(f"{BASE}{path}").status_code == 404
    assert other.post(f"{BASE}{path}", data).status_code == 404
    assert draft_of(app).definition == before


BUNDLES = sorted(Path("demo/bundles").glob("**/*.json"))


def test_every_real_bundle_saved_unchanged_through_its_document_pages_is_equal(
    cdmx, draft_app, signed_in, page_form, draft_of
):
    """The list, the first document and every conditional document of every bundle."""
    client = signed_in(cdmx)
    for path in BUNDLES:
        definition = json.loads(path.read_text())["versions"][-1]["definition"]
        app = draft_app(copy.deepcopy(definition))
        base = f"/gestion/publicacion/{app.slug}/constructor/documentos/"
        assert client.get(base).status_code == 200, path
        documents = definition.get("documents", [])
        chosen = documents[:1] + [d for d in documents[1:] if "condition" in d]
        for document in chosen:
            url = f"{base}documento/{document['id']}/"
            response = client.post(url, page_form(client.get(url)))
            assert response.status_code == 302, (path, document["id"], response.content[:2000])
        assert draft_of(app).definition == definition, path


def test_every_document_of_every_real_bundle_applied_unchanged_gives_an_equal_definition():
    for path in BUNDLES:
        definition = json.loads(path.read_text())["versions"][-1]["definition"]
        for index, document in enumerate(definition.get("documents", [])):
            panels = ops.panels(definition, index)
            editor = condition_form.editor(definition, f"/documents/{index}/condition")
            data = _posted([*pages.all_controls(panels), *editor.controls])
            for panel in panels:
                for name, value in panel.hidden:
                    data[name] = str(value)
            data[f"{editor.prefix}-count"] = str(editor.count)
            result = ops.document_apply(copy.deepcopy(definition), index, data)
            assert result == definition, (path, document["id"])
