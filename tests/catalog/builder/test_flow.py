"""The builder's "Flujo" section: the standard workflow, states, transitions and issued documents
edited through the pages, removals refused with their references, the diagram and the
reachability checks shown at their state."""

from __future__ import annotations

import re

import pytest

from catalog.builder.ops_flow import STANDARD_WORKFLOW

FLOW = "/gestion/publicacion/constancia/constructor/flujo/"


def _state(definition, state_id):
    return next(s for s in definition["workflow"]["states"] if s["id"] == state_id)


def _transition(definition, transition_id):
    return next(t for t in definition["workflow"]["transitions"] if t["id"] == transition_id)


def _state_block(html: str, state_id: str) -> str:
    match = re.search(
        rf'<li id="estado-{state_id}".*?</li>\s*(?=<li id="estado-|</ul>)', html, re.S
    )
    assert match, state_id
    return match.group(0)


@pytest.fixture
def flow(cdmx, builder_app, signed_in, page_form, draft_of):
    """CDMX's "constancia" (recibida → aprobada / rechazada) and a signed-in publisher."""

    class Flow:
        app = builder_app(cdmx)
        client = signed_in(cdmx)

        def get(self, path=""):
            return self.client.get(FLOW + path)

        def form(self, path=""):
            return page_form(self.get(path))

        def post(self, path="", data=None, **fields):
            payload = dict(data or {"revision": self.form()["revision"]})
            payload.update(fields)
            return self.client.post(FLOW + path, payload)

        @property
        def definition(self):
            return draft_of(self.app).definition

    return Flow()


def test_the_standard_workflow_is_offered_for_a_minimal_one_and_applied(flow):
    page = flow.get().content.decode()
    assert "Usar el flujo estándar" in page

    response = flow.post(action="standard")

    assert response.status_code == 302
    definition = flow.definition
    assert definition["workflow"] == STANDARD_WORKFLOW
    issued = {(o["kind"], o["on_state"]) for o in definition["outputs"]}
    assert {
        ("acuse", "recibida"),
        ("resolucion", "resuelta"),
        ("resolucion", "rechazada"),
    } <= issued
    assert "Usar el flujo estándar" not in flow.get().content.decode()
    # Not minimal any more: applying it again is refused, nothing changes.
    assert flow.post(action="standard").status_code == 200
    assert flow.definition == definition


def test_a_state_is_renamed_in_both_languages_with_its_citizen_name(flow):
    data = flow.form("estados/recibida/")
    assert data["name_es"] == "Recibida"
    data.update(
        name_es="Solicitud recibida",
        name_en="Application received",
        citizen_name_es="Recibimos tu solicitud",
        description_es="La oficina todavía no la revisa.",
    )

    assert flow.post("estados/recibida/", data).status_code == 302

    assert _state(flow.definition, "recibida") == {
        "id": "recibida",
        "name": {"es-MX": "Solicitud recibida", "en": "Application received"},
        "citizen_name": {"es-MX": "Recibimos tu solicitud"},
        "description": {"es-MX": "La oficina todavía no la revisa."},
    }


def test_a_state_without_a_name_is_refused_beside_its_control(flow):
    before = flow.definition
    data = flow.form("estados/recibida/")
    data.update(name_es="", citizen_name_es="Lo que escribí")

    response = flow.post("estados/recibida/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name_es-errores"' in html
    assert "Lo que escribí" in html
    assert flow.definition == before


def test_a_new_state_is_added_with_its_way_in_and_out_in_one_form(flow):
    data = flow.form("estado-nuevo/")
    data.update(
        name_es="En inspección",
        name_en="Under inspection",
        entrada_from="recibida",
        entrada_label_es="Programar inspección",
        entrada_actor="case_officer",
        salida_to="aprobada",
        salida_label_es="Inspección aprobada",
        salida_actor="case_officer",
    )

    assert flow.post("estado-nuevo/", data).status_code == 302

    definition = flow.definition
    assert _state(definition, "en_inspeccion")["name"]["en"] == "Under inspection"
    way_in = _transition(definition, "programar_inspeccion")
    way_out = _transition(definition, "inspeccion_aprobada")
    assert (way_in["from"], way_in["to"]) == ("recibida", "en_inspeccion")
    assert (way_out["from"], way_out["to"]) == ("en_inspeccion", "aprobada")
    # Notifying is the default of a way in and out; the clock keeps running.
    assert way_in["notify_citizen"] is True and way_in["pauses_clock"] is False


def test_a_new_state_without_a_way_out_is_refused_at_the_way_out(flow):
    before = flow.definition
    data = flow.form("estado-nuevo/")
    data.update(
        name_es="En inspección",
        entrada_from="recibida",
        entrada_label_es="Programar inspección",
    )

    response = flow.post("estado-nuevo/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_salida_to-errores"' in html
    assert "no tiene transiciones de salida" in html
    assert 'value="En inspección"' in html
    assert flow.definition == before


def test_a_new_final_state_needs_only_its_way_in(flow):
    data = flow.form("estado-nuevo/")
    data.update(
        name_es="Desistida",
        final="1",
        entrada_from="recibida",
        entrada_label_es="Desistir",
        entrada_actor="citizen",
    )

    assert flow.post("estado-nuevo/", data).status_code == 302

    definition = flow.definition
    assert "desistida" in definition["workflow"]["final"]
    assert _transition(definition, "desistir")["actor"] == "citizen"


def test_removing_a_final_state_is_refused_with_its_references(flow):
    before = flow.definition
    page = flow.get("estados/aprobada/quitar/").content.decode()
    assert "Es un estado final." in page
    assert "Transición «Aprobar (Recibida → Aprobada)»." in page
    assert 'name="with_transitions"' not in page  # nothing to confirm

    response = flow.post("estados/aprobada/quitar/", with_transitions="1")

    html = response.content.decode()
    assert response.status_code == 200
    assert "es un estado final" in html
    assert flow.definition == before


def test_removing_a_state_used_by_transitions_needs_confirmation_and_takes_them(flow):
    data = flow.form("estado-nuevo/")
    data.update(
        name_es="En inspección",
        entrada_from="recibida",
        entrada_label_es="Programar inspección",
        salida_to="aprobada",
        salida_label_es="Inspección aprobada",
    )
    assert flow.post("estado-nuevo/", data).status_code == 302
    page = flow.get("estados/en_inspeccion/quitar/").content.decode()
    assert "Quitar el estado y sus 2 transiciones" in page

    refused = flow.post("estados/en_inspeccion/quitar/")  # without the confirmation
    assert refused.status_code == 200
    assert "lo usa la transición «Programar inspección" in refused.content.decode()

    assert flow.post("estados/en_inspeccion/quitar/", with_transitions="1").status_code == 302
    definition = flow.definition
    assert [s["id"] for s in definition["workflow"]["states"]] == [
        "recibida",
        "aprobada",
        "rechazada",
    ]
    assert [t["id"] for t in definition["workflow"]["transitions"]] == ["aprobar", "rechazar"]


def test_transitions_are_added_edited_and_removed(flow):
    data = flow.form("transicion-nueva/")
    data.update(
        {
            "from": "rechazada",
            "to": "recibida",
            "label_es": "Reconsiderar",
            "label_en": "Reconsider",
            "actor": "citizen",
            "notify_citizen": ["1"],
        }
    )
    assert flow.post("transicion-nueva/", data).status_code == 302
    assert _transition(flow.definition, "reconsiderar") == {
        "id": "reconsiderar",
        "from": "rechazada",
        "to": "recibida",
        "actor": "citizen",
        "label": {"es-MX": "Reconsiderar", "en": "Reconsider"},
        "notify_citizen": True,
        "pauses_clock": False,
    }

    data = flow.form("transiciones/reconsiderar/")
    data.update({"actor": "system", "trigger": "plazo_vencido", "pauses_clock": ["1"]})
    assert flow.post("transiciones/reconsiderar/", data).status_code == 302
    edited = _transition(flow.definition, "reconsiderar")
    assert (edited["actor"], edited["trigger"], edited["pauses_clock"]) == (
        "system",
        "plazo_vencido",
        True,
    )

    response = flow.post(action="remove_transition", transition="reconsiderar")
    assert response.status_code == 302
    assert [t["id"] for t in flow.definition["workflow"]["transitions"]] == ["aprobar", "rechazar"]


def test_a_removal_that_strands_a_state_is_refused_and_shown_at_that_state(flow):
    before = flow.definition

    response = flow.post(action="remove_transition", transition="aprobar")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    block = _state_block(html, "aprobada")
    assert "Ningún camino lleva del estado inicial «recibida» al estado «aprobada»" in block
    assert 'href="#estado-aprobada"' in html  # the summary links to it
    assert re.search(r'class="flow-state[^"]* problem" data-state="aprobada"', html)
    assert flow.definition == before


def test_a_problem_of_the_draft_as_it_is_shows_at_its_state(flow, draft_of):
    draft = draft_of(flow.app)
    definition = draft.definition
    definition["workflow"]["final"] = ["rechazada"]  # "aprobada" becomes a dead end
    type(draft).objects.filter(pk=draft.pk).update(definition=definition)

    html = flow.get().content.decode()

    assert "no es final y no tiene transiciones de salida" in _state_block(html, "aprobada")
    assert "El flujo tiene 1 problema" in html


def test_issued_documents_are_added_edited_and_removed(flow):
    page = flow.get("documento-nuevo/").content.decode()
    assert "{{folio}}" in page and "{{fecha}}" in page and "{{nombre}}" in page
    data = page_form_of(page)
    data.update(
        kind="constancia",
        on_state="aprobada",
        title_es="Constancia de aprobación",
        title_en="Approval certificate",
        body_es="Folio {{folio}}, presentada el {{fecha}} por {{nombre}}.",
        signed=["1"],
    )
    assert flow.post("documento-nuevo/", data).status_code == 302
    output = flow.definition["outputs"][0]
    assert output == {
        "id": "constancia_de_aprobacion",
        "kind": "constancia",
        "title": {"es-MX": "Constancia de aprobación", "en": "Approval certificate"},
        "on_state": "aprobada",
        "body": {"es-MX": "Folio {{folio}}, presentada el {{fecha}} por {{nombre}}."},
        "signed": True,
        "qr_verification": False,
    }
    # A state where a document is issued cannot be removed before the document.
    assert "El documento «Constancia de aprobación» se emite en este estado." in (
        flow.get("estados/aprobada/quitar/").content.decode()
    )

    data = flow.form("documentos/constancia_de_aprobacion/")
    data.update(kind="resolucion", on_state="rechazada")
    assert flow.post("documentos/constancia_de_aprobacion/", data).status_code == 302
    assert flow.definition["outputs"][0]["on_state"] == "rechazada"

    response = flow.post(action="remove_output", output="constancia_de_aprobacion")
    assert response.status_code == 302
    assert flow.definition["outputs"] == []


def test_initial_and_final_states_are_marked(flow):
    data = flow.form()
    assert data["initial"] == "recibida"
    assert data["final"] == ["aprobada", "rechazada"]

    refused = flow.post(
        data={"revision": data["revision"], "action": "ends", "initial": "recibida"}
    )
    assert refused.status_code == 200
    assert 'id="id_final-errores"' in refused.content.decode()

    response = flow.post(
        data={
            "revision": data["revision"],
            "action": "ends",
            "initial": "recibida",
            "final": ["rechazada", "aprobada"],
        }
    )
    assert response.status_code == 302
    assert flow.definition["workflow"]["final"] == ["aprobada", "rechazada"]


def test_the_diagram_draws_every_state_and_transition_with_a_text_list(flow):
    flow.post(action="standard")

    html = flow.get().content.decode()

    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    definition = flow.definition
    for state in definition["workflow"]["states"]:
        assert f'data-state="{state["id"]}"' in svg
    for transition in definition["workflow"]["transitions"]:
        assert f'data-transition="{transition["id"]}"' in svg
        assert f"«{transition['label']['es-MX']}»" in html  # the list beside it
    assert 'class="flow-state initial" data-state="recibida"' in svg
    assert 'class="flow-state final" data-state="resuelta"' in svg


def page_form_of(html: str):
    from tests.catalog.builder.conftest import _FormReader

    reader = _FormReader()
    reader.feed(html)
    return reader.data
