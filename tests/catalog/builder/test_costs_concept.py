"""A fee concept's page (Costos y plazos → concepto): legal basis rows and the condition, with
the Condiciones page's editor; every real concept round-trips; another government gets 404.
Also: `!!` of a question (seguro-desempleo's rules) is edited as "está contestada"."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils.datastructures import MultiValueDict

from catalog.builder.ops_conditions import editable, logic_words
from catalog.builder.ops_costs_concept import (
    concept_apply,
    concept_editor,
    concept_links,
    concept_panels,
)
from catalog.services import app_create, version_draft_save
from tests.catalog.builder.test_conditions_pages import rules_definition

BUNDLES = sorted(Path("demo/bundles").glob("**/*.json"))


def _latest(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))["versions"][-1]["definition"]


def fee_definition(slug: str = "cobro") -> dict[str, Any]:
    definition = rules_definition(slug)
    definition["fees"] = {
        "concepts": [
            {
                "id": "derecho",
                "concept": {"es-MX": "Derecho de expedición"},
                "amount": 100,
                "currency": "MXN",
                "fiscal_year": 2025,
                "legal_basis": [
                    {"ordenamiento": "Código Fiscal", "articulo": "229", "url": "https://a.mx/c"}
                ],
                "condition": {"==": [{"var": "tipo"}, "moral"]},
            },
            {
                "id": "copia",
                "concept": {"es-MX": "Copia"},
                "amount": 20,
                "currency": "MXN",
                "fiscal_year": 2025,
            },
        ]
    }
    return definition


@pytest.fixture
def fee_app(cdmx, actor_of):
    def factory(definition: dict[str, Any] | None = None):
        definition = definition or fee_definition()
        app = app_create(
            publisher=cdmx.government,
            slug=definition["metadata"]["slug"],
            sharing_policy="public",
            actor=actor_of(cdmx),
        )
        version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor_of(cdmx))
        return app

    return factory


def concept_url(slug: str, concept_id: str) -> str:
    return f"/gestion/publicacion/{slug}/constructor/costos/concepto/{concept_id}/"


def rendered_post(definition: dict[str, Any], index: int) -> MultiValueDict:
    """What the page posts when saved as rendered (no HTTP)."""
    data: MultiValueDict = MultiValueDict()
    panels = concept_panels(definition, index)
    for panel in panels:
        for name, value in panel.hidden:
            data.setlist(name, [str(value)])
        for group in panel.groups:
            for control in group.controls:
                data.setlist(control.name, [str(control.value or "")])
    editor = concept_editor(definition, index)
    data.setlist(f"{editor.prefix}-count", [str(editor.count)])
    for control in editor.controls:
        if control.kind == "checkboxes":
            data.setlist(control.name, [str(v) for v in control.value])
        else:
            data.setlist(control.name, [str(control.value or "")])
    return data


def test_every_fee_concept_of_every_bundle_round_trips_and_is_editable():
    concepts = with_condition = with_basis = 0
    for path in BUNDLES:
        definition = _latest(path)
        for index, concept in enumerate(definition.get("fees", {}).get("concepts", [])):
            concepts += 1
            with_condition += "condition" in concept
            with_basis += "legal_basis" in concept
            before = copy.deepcopy(definition)
            result = concept_apply(
                copy.deepcopy(definition), index, rendered_post(definition, index)
            )
            assert result == before, (path, concept["id"])
            if "condition" in concept:
                assert editable(concept["condition"], definition) is not None, (path, index)
    assert concepts > 0 and with_condition >= 10 and with_basis >= 20


def test_the_costs_page_links_each_concept_with_its_condition_in_words(
    cdmx, fee_app, signed_in, builder_url
):
    app = fee_app()
    links = concept_links(fee_definition())
    assert [link.id for link in links] == ["derecho", "copia"]
    assert links[0].condition == "«Tipo de persona» es «Persona moral»"
    assert links[1].condition is None
    html = signed_in(cdmx).get(builder_url(app.slug, "costos")).content.decode()
    assert concept_url(app.slug, "derecho") in html
    assert concept_url(app.slug, "copia") in html


def test_the_page_edits_legal_basis_and_condition(cdmx, fee_app, signed_in, page_form, draft_of):
    app = fee_app()
    client = signed_in(cdmx)
    url = concept_url(app.slug, "copia")
    data = page_form(client.get(url))
    data.update(
        {
            "legal_basis-0-ordenamiento": "Ley de Ingresos",
            "legal_basis-0-articulo": "12, fracción II",
            "legal_basis-0-url": "https://ley.mx/ingresos",
            "cond-0-question": "edad",
            "cond-0-operator": "mayor_igual",
            "cond-0-value": "60",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    concept = draft_of(app).definition["fees"]["concepts"][1]
    assert concept["legal_basis"] == [
        {"ordenamiento": "Ley de Ingresos", "articulo": "12, fracción II",
         "url": "https://ley.mx/ingresos"},
    ]  # fmt: skip
    assert concept["condition"] == {">=": [{"var": "edad"}, 60]}
    # A second row is added on the next visit; an existing row is changed in place.
    data = page_form(client.get(url))
    data.update({"legal_basis-1-ordenamiento": "Código Fiscal", "legal_basis-1-articulo": "248"})
    data["legal_basis-0-articulo"] = "13"
    assert client.post(url, data).status_code == 302
    concept = draft_of(app).definition["fees"]["concepts"][1]
    assert [(r["articulo"], "url" in r) for r in concept["legal_basis"]] == [
        ("13", True),
        ("248", False),
    ]


def test_no_condition_and_no_rows_remove_the_keys(cdmx, fee_app, signed_in, page_form, draft_of):
    app = fee_app()
    client = signed_in(cdmx)
    url = concept_url(app.slug, "derecho")
    data = page_form(client.get(url))
    for name in ("ordenamiento", "articulo", "url"):
        data[f"legal_basis-0-{name}"] = ""
    data["cond-0-question"] = ""
    assert client.post(url, data).status_code == 302
    concept = draft_of(app).definition["fees"]["concepts"][0]
    assert "condition" not in concept and "legal_basis" not in concept


def test_saving_unchanged_keeps_the_json(cdmx, fee_app, signed_in, page_form, draft_of):
    definition = fee_definition()
    # A shape the editor reads but would write differently stays as stored.
    definition["fees"]["concepts"][0]["condition"] = {"and": [{"==": [{"var": "tipo"}, "moral"]}]}
    app = fee_app(definition)
    client = signed_in(cdmx)
    before = draft_of(app).definition
    for concept_id in ("derecho", "copia"):
        url = concept_url(app.slug, concept_id)
        response = client.post(url, page_form(client.get(url)))
        assert response.status_code == 302
        assert draft_of(app).definition == before


def test_a_bad_url_is_refused_beside_its_input_with_the_typing_kept(
    cdmx, fee_app, signed_in, page_form, draft_of
):
    app = fee_app()
    client = signed_in(cdmx)
    before = draft_of(app).definition
    url = concept_url(app.slug, "derecho")
    data = page_form(client.get(url))
    data["legal_basis-0-url"] = "javascript:alert(1)"
    data["legal_basis-0-articulo"] = "230 bis"
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert draft_of(app).definition == before
    assert 'href="#id_legal_basis-0-url"' in html
    assert 'aria-invalid="true"' in html and "javascript:alert(1)" in html
    assert 'value="230 bis"' in html
    assert page_form(response)["legal_basis-0-articulo"] == "230 bis"


def test_a_condition_on_an_unknown_option_is_refused(cdmx, fee_app, signed_in, page_form, draft_of):
    app = fee_app()
    client = signed_in(cdmx)
    before = draft_of(app).definition
    url = concept_url(app.slug, "copia")
    data = page_form(client.get(url))
    data.update({"cond-0-question": "tipo", "cond-0-operator": "es", "cond-0-value": "ninguna"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "no tiene la opción «ninguna»" in response.content.decode()
    assert draft_of(app).definition == before


def test_another_governments_publisher_gets_404_and_changes_nothing(
    cdmx, sonora, fee_app, signed_in, page_form, draft_of
):
    app = fee_app()
    before = draft_of(app).definition
    url = concept_url(app.slug, "derecho")
    data = page_form(signed_in(cdmx).get(url))
    data["cond-0-question"] = ""
    other = signed_in(sonora)
    assert other.get(url).status_code == 404
    assert other.post(url, data).status_code == 404
    assert signed_in(cdmx).get(concept_url(app.slug, "no_existe")).status_code == 404
    assert draft_of(app).definition == before


# --- `!!` of a question ----------------------------------------------------------------------


def test_every_condition_of_every_bundle_is_editable():
    readonly = []
    for path in BUNDLES:
        definition = _latest(path)
        logics = [rule["when"] for rule in definition.get("rules", [])]
        logics += [d["condition"] for d in definition.get("documents", []) if "condition" in d]
        logics += [
            c["condition"]
            for c in definition.get("fees", {}).get("concepts", [])
            if "condition" in c
        ]
        readonly += [(path.name, logic) for logic in logics if editable(logic, definition) is None]
    assert readonly == []


def test_double_negation_reads_as_answered_only_where_no_answer_is_false():
    definition = rules_definition()
    assert editable({"!!": [{"var": "intereses"}]}, definition) is not None
    assert editable({"!!": {"var": "razon"}}, definition) is not None
    assert logic_words({"!!": {"var": "intereses"}}, definition) == "«Intereses» está contestada"
    for name in ("acepta", "edad"):  # "No" and 0 are answers that `!!` takes as false
        assert editable({"!!": {"var": name}}, definition) is None
        assert "no es «No», cero ni vacío" in str(logic_words({"!!": {"var": name}}, definition))


def test_the_double_negation_rules_round_trip_and_are_rewritten_when_changed(
    cdmx, fee_app, signed_in, page_form, draft_of
):
    definition = _latest(Path("demo/bundles/cdmx/seguro-desempleo.json"))
    app = fee_app(definition)
    client = signed_in(cdmx)
    ids = [r["id"] for r in definition["rules"] if "!!" in json.dumps(r["when"])]
    assert len(ids) == 2
    for rule_id in ids:
        url = f"/gestion/publicacion/{app.slug}/constructor/condiciones/regla/{rule_id}/"
        data = page_form(client.get(url))
        assert data["cond-0-operator"] == "contestada"
        assert client.post(url, data).status_code == 302
        assert draft_of(app).definition == definition
    url = f"/gestion/publicacion/{app.slug}/constructor/condiciones/regla/{ids[0]}/"
    data = page_form(client.get(url))
    data["cond-0-operator"] = "no_contestada"
    assert client.post(url, data).status_code == 302
    rules = {r["id"]: r for r in draft_of(app).definition["rules"]}
    assert rules[ids[0]]["when"] == {"missing": ["grupo_prioritario"]}
