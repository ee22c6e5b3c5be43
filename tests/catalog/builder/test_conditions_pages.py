"""Condiciones: rules added, changed and removed in words; what the editor cannot express shown
read-only and kept; invalid references refused, located; isolation; real bundles unchanged."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.http import QueryDict

from catalog.builder import ops_conditions_form as form
from catalog.models import CatalogApp
from catalog.services import app_create, version_draft_save
from tests.catalog.factories import make_definition


def _label(text: str) -> dict[str, str]:
    return {"es-MX": text, "en": text}


def rules_definition(slug: str = "reglas") -> dict[str, Any]:
    definition = make_definition(slug)
    definition["form"]["steps"][0]["fields"] += [
        {
            "id": "tipo",
            "type": "choice",
            "label": _label("Tipo de persona"),
            "options": [
                {"value": "fisica", "label": _label("Persona física")},
                {"value": "moral", "label": _label("Persona moral")},
            ],
        },
        {"id": "razon", "type": "text", "label": _label("Razón social")},
        {"id": "edad", "type": "integer", "label": _label("Edad")},
        {"id": "acepta", "type": "boolean", "label": _label("¿Acepta?")},
        {
            "id": "intereses",
            "type": "multiple_choice",
            "label": _label("Intereses"),
            "options": [
                {"value": "deporte", "label": _label("Deporte")},
                {"value": "cultura", "label": _label("Cultura")},
            ],
        },
    ]
    definition["documents"] = [
        {
            "id": "ine",
            "name": _label("Identificación"),
            "accept": ["application/pdf"],
            "max_size_mb": 5,
            "required": True,
        },
        {
            "id": "acta",
            "name": _label("Acta constitutiva"),
            "accept": ["application/pdf", "image/jpeg"],
            "max_size_mb": 10,
            "required": True,
            "condition": {"==": [{"var": "tipo"}, "moral"]},
        },
    ]
    return definition


@pytest.fixture
def draft_app(cdmx, actor_of):
    def factory(definition) -> CatalogApp:
        app = app_create(
            publisher=cdmx.government,
            slug=definition["metadata"]["slug"],
            sharing_policy="public",
            actor=actor_of(cdmx),
        )
        version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor_of(cdmx))
        return app

    return factory


BASE = "/gestion/publicacion/reglas/constructor/condiciones/"


def _new_rule(client, page_form, **values):
    data = page_form(client.get(f"{BASE}nueva/"))
    data.update(values)
    return client.post(f"{BASE}nueva/", data)


def test_a_rule_in_words_is_saved_as_exact_json_logic_and_shown_in_words(
    cdmx, draft_app, signed_in, page_form, draft_of
):
    app = draft_app(rules_definition())
    client = signed_in(cdmx)

    response = _new_rule(
        client,
        page_form,
        **{
            "effect": "show",
            "target": "razon",
            "cond-match": "any",
            "cond-count": "2",
            "cond-0-question": "tipo",
            "cond-0-operator": "es",
            "cond-0-choices": ["moral"],
            "cond-1-question": "edad",
            "cond-1-operator": "mayor_igual",
            "cond-1-value": "18",
        },
    )

    assert response.status_code == 302
    rules = draft_of(app).definition["rules"]
    assert rules == [
        {
            "id": "mostrar_razon",
            "effect": "show",
            "target": "razon",
            "when": {"or": [{"==": [{"var": "tipo"}, "moral"]}, {">=": [{"var": "edad"}, 18]}]},
        }
    ]
    page = client.get(BASE).content.decode()
    assert "«Tipo de persona» es «Persona moral» o «Edad» es mayor o igual que «18»" in page
    edit = page_form(client.get(f"{BASE}regla/mostrar_razon/"))
    assert edit["cond-0-choices"] == ["moral"] and edit["cond-1-value"] == "18"
    assert edit["cond-match"] == "any"


def test_editing_a_rule_changes_only_what_changed_and_unchanged_keeps_the_json(
    cdmx, draft_app, signed_in, page_form, draft_of
):
    definition = rules_definition()
    stored = {"and": [{"===": [{"var": "acepta"}, False]}]}  # read as one condition
    definition["rules"] = [{"id": "r1", "effect": "show", "target": "razon", "when": stored}]
    app = draft_app(definition)
    client = signed_in(cdmx)
    url = f"{BASE}regla/r1/"

    assert client.post(url, page_form(client.get(url))).status_code == 302
    assert draft_of(app).definition == definition

    data = page_form(client.get(url))
    assert data["cond-0-choices"] == ["false"]
    data["effect"] = "require"
    data["cond-0-choices"] = ["true"]
    assert client.post(url, data).status_code == 302
    rule = draft_of(app).definition["rules"][0]
    assert rule == {
        "id": "r1",
        "effect": "require",
        "target": "razon",
        "when": {"==": [{"var": "acepta"}, True]},
    }


def test_unsupported_logic_is_read_only_in_words_and_kept_on_save(
    cdmx, draft_app, signed_in, page_form, draft_of
):
    definition = rules_definition()
    nested = {
        "and": [
            {"==": [{"var": "tipo"}, "moral"]},
            {"or": [{">": [{"var": "edad"}, 17]}, {"!!": [{"var": "razon"}]}]},
        ]
    }
    definition["rules"] = [{"id": "r1", "effect": "show", "target": "acepta", "when": nested}]
    app = draft_app(definition)
    client = signed_in(cdmx)

    page = client.get(BASE).content.decode()
    assert "«Tipo de persona» es «Persona moral» y («Edad» es mayor que «17» o" in page
    assert "/constructor/json/" in page and "Editar como JSON" in page
    edit = client.get(f"{BASE}regla/r1/")
    assert "cond-0-question" not in edit.content.decode()
    data = page_form(edit)
    data["target"] = "razon"
    assert client.post(f"{BASE}regla/r1/", data).status_code == 302
    assert draft_of(app).definition["rules"][0]["when"] == nested
    assert draft_of(app).definition["rules"][0]["target"] == "razon"


@pytest.mark.parametrize(
    ("values", "location", "message"),
    [
        ({"cond-0-question": "borrada"}, "id_cond-0-question", "ya no existe"),
        (
            {"cond-0-question": "tipo", "cond-0-choices": [], "cond-0-value": "sociedad"},
            "id_cond-0-value",
            "no tiene la opción «sociedad»",
        ),
        ({"cond-0-question": "tipo", "cond-0-choices": ["sociedad"]}, "id_cond-0-choices", ""),
        ({"cond-0-question": "tipo", "cond-0-operator": "mayor"}, "id_cond-0-operator", ""),
        ({"cond-0-question": "edad", "cond-0-value": "diez"}, "id_cond-0-value", "número"),
        ({"cond-0-question": ""}, "id_cond-0-question", "al menos una condición"),
        ({"target": "borrado"}, "id_target", "borrado"),
    ],
)
def test_invalid_references_are_refused_located_and_typing_kept(
    cdmx, draft_app, signed_in, page_form, draft_of, values, location, message
):
    app = draft_app(rules_definition())
    before = draft_of(app).definition
    client = signed_in(cdmx)
    data = page_form(client.get(f"{BASE}nueva/"))
    data.update(
        {"effect": "show", "target": "razon", "cond-0-question": "tipo",
         "cond-0-operator": "es", "cond-0-choices": ["moral"], "description_es": "Escrito"}
    )  # fmt: skip
    data.update(values)

    response = client.post(f"{BASE}nueva/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="#{location}"' in page
    assert message in page
    assert "Escrito" in page
    assert draft_of(app).definition == before


def test_a_stale_rule_on_a_removed_option_refuses_saves_with_a_located_message(
    cdmx, draft_app, signed_in, page_form, draft_of
):
    definition = rules_definition()
    definition["rules"] = [
        {"id": "r1", "effect": "show", "target": "razon",
         "when": {"==": [{"var": "tipo"}, "sociedad"]}},
    ]  # fmt: skip
    app = draft_app(definition)
    client = signed_in(cdmx)

    response = client.post(f"{BASE}regla/r1/", page_form(client.get(f"{BASE}regla/r1/")))

    page = response.content.decode()
    assert response.status_code == 200
    assert "no tiene la opción «sociedad»" in page and 'href="#id_cond-0-value"' in page
    assert draft_of(app).definition == definition


def test_a_rule_is_removed(cdmx, draft_app, signed_in, draft_of):
    definition = rules_definition()
    definition["rules"] = [
        {"id": "r1", "effect": "show", "target": "razon",
         "when": {"==": [{"var": "tipo"}, "moral"]}},
    ]  # fmt: skip
    app = draft_app(definition)
    client = signed_in(cdmx)
    revision = draft_of(app).updated_at.isoformat()

    response = client.post(BASE, {"revision": revision, "regla": "r1"})

    assert response.status_code == 302
    assert draft_of(app).definition["rules"] == []
    assert client.post(BASE, {"revision": revision, "regla": "r1"}).status_code == 200


def test_refresh_redraws_the_options_without_saving(
    cdmx, draft_app, signed_in, page_form, draft_of
):
    app = draft_app(rules_definition())
    client = signed_in(cdmx)
    data = page_form(client.get(f"{BASE}nueva/"))
    data.update({"cond-0-question": "intereses", "accion": "otra_condicion"})

    page = client.post(f"{BASE}nueva/", data).content.decode()

    assert 'name="cond-0-choices" value="deporte"' in page
    assert 'name="cond-1-question"' in page
    assert draft_of(app).definition["rules"] == []


@pytest.mark.parametrize("path", ["", "nueva/", "regla/r1/"])
def test_another_government_gets_404_and_changes_nothing(
    cdmx, sonora, draft_app, signed_in, page_form, draft_of, path
):
    definition = rules_definition()
    definition["rules"] = [
        {"id": "r1", "effect": "show", "target": "razon",
         "when": {"==": [{"var": "tipo"}, "moral"]}},
    ]  # fmt: skip
    app = draft_app(definition)
    data = page_form(signed_in(cdmx).get(f"{BASE}{path}"))
    data["regla"] = "r1"
    other = signed_in(sonora)

    assert other.get(f"{BASE}{path}").status_code == 404
    assert other.post(f"{BASE}{path}", data).status_code == 404
    assert draft_of(app).definition == definition


BUNDLES = sorted(Path("demo/bundles").glob("**/*.json"))


def _posted(controls) -> QueryDict:
    """What a browser posts for these controls, unchanged."""
    data = QueryDict(mutable=True)
    for control in controls:
        if control.kind == "checkboxes":
            data.setlist(control.name, control.values)
        elif control.kind == "checkbox":
            if control.value:
                data[control.name] = "1"
        else:
            data[control.name] = str(control.value)
    return data


def test_every_rule_of_every_real_bundle_applied_unchanged_gives_an_equal_definition():
    for path in BUNDLES:
        definition = json.loads(path.read_text())["versions"][-1]["definition"]
        for index, rule in enumerate(definition.get("rules", [])):
            editor = form.editor(definition, f"/rules/{index}/when")
            data = _posted(editor.controls)
            data.update({"effect": rule["effect"], "target": rule["target"]})
            description = rule.get("description", {})
            data.update(
                {"description_es": description.get("es-MX", ""),
                 "description_en": description.get("en", "")}
            )  # fmt: skip
            data[f"{editor.prefix}-count"] = str(editor.count)
            assert form.rule_apply(copy.deepcopy(definition), index, data) == definition, (
                path,
                rule,
            )


def test_every_real_bundle_saved_unchanged_through_its_rule_pages_is_equal(
    cdmx, draft_app, signed_in, page_form, draft_of
):
    """Through HTTP: the list and the first rule's page of every bundle (the test above covers
    every rule without the HTTP round trips, to stay fast)."""
    client = signed_in(cdmx)
    for path in BUNDLES:
        definition = json.loads(path.read_text())["versions"][-1]["definition"]
        app = draft_app(copy.deepcopy(definition))
        base = f"/gestion/publicacion/{app.slug}/constructor/condiciones/"
        assert client.get(base).status_code == 200, path
        for rule in definition.get("rules", [])[:1]:
            url = f"{base}regla/{rule['id']}/"
            response = client.post(url, page_form(client.get(url)))
            assert response.status_code == 302, (path, rule, response.content.decode()[:2000])
        assert draft_of(app).definition == definition, path
