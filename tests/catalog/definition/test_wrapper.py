"""Definition: every accessor on the example definition and on a catalogue fixture, read-only
access, the Mapping behaviour old helpers rely on, and the per-version cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog.definition import active_items, iter_documents, iter_fields, validate_answers
from catalog.definition.wrapper import Definition
from tests.catalog.definition.conftest import minimal_definition

FIXTURES = Path(__file__).resolve().parents[3] / "demo" / "bundles"


@pytest.fixture
def licencia_definition(licencia: dict) -> Definition:
    return Definition(licencia)


@pytest.fixture
def residencia() -> Definition:
    bundle = json.loads(
        (FIXTURES / "cdmx" / "certificado-residencia.json").read_text(encoding="utf-8")
    )
    return Definition(bundle["versions"][0]["definition"])


def test_metadata(licencia_definition: Definition) -> None:
    d = licencia_definition
    assert d.schema_version == 1
    assert d.slug == "licencia-conducir-a"
    assert d.name == {
        "es-MX": "Expedición de licencia para conducir tipo A",
        "en": "Issuance of a type A driving licence",
    }
    assert d.text(d.citizen_name, "en") == "Get or renew your driving licence for a private car"
    assert d.text(d.description, "es-MX").startswith("Obtén, renueva o repón la licencia tipo A")
    assert d.category == "movilidad"
    assert d.kind == "tramite"
    assert d.life_event == "adultez"
    assert d.homoclave == "SEMOVI-LIC-A-001"
    assert "licencia de manejo" in d.synonyms
    assert d.channels == ("online", "in_person")
    assert d.identity_level == "basica"
    assert d.agency_acronym == "SEMOVI"
    assert d.agency_name == {"es-MX": "Secretaría de Movilidad", "en": "Ministry of Mobility"}
    assert d.text(d.agency_unit, "es-MX") == (
        "Dirección General de Licencias y Operación del Transporte Vehicular"
    )
    assert d.legal_basis[0]["ordenamiento"] == "Ley de Movilidad de la Ciudad de México"
    assert repr(d) == "Definition('licencia-conducir-a')"


def test_legal_terms_and_fees(licencia_definition: Definition) -> None:
    d = licencia_definition
    assert d.ficta == "negativa"
    assert d.plazo == {"value": 5, "unit": "business_days"}
    assert d.plazo_days == (5, "business_days")
    assert d.is_immediate is False
    assert d.prevencion == {"authority_days": 3, "applicant_days": 5, "unit": "business_days"}
    assert d.validity == {"kind": "periodo", "value": 3, "unit": "years"}
    assert [concept["id"] for concept in d.fee_concepts] == ["derecho_expedicion"]
    assert d.fee_concepts[0]["amount"] == 1099.0
    assert len(d.payment_alternatives) == 3
    assert d.fee_notes is None


def test_form(licencia_definition: Definition, licencia: dict) -> None:
    d = licencia_definition
    assert d.step_ids == ("solicitante", "domicilio", "licencia", "pago")
    assert [item["id"] for item in d.step_fields("domicilio")] == ["domicilio"]
    assert d.step("nada") is None
    assert d.step_fields("nada") == ()
    assert [item["id"] for item in d.fields] == [item["id"] for item in iter_fields(licencia)]
    assert d.field_ids[:3] == ("curp", "nombre", "primer_apellido")
    field = d.field("monto_pagado")
    assert field is not None and field["type"] == "money"
    assert d.field("nada") is None
    assert [item["id"] for item in d.documents] == [
        "identificacion_oficial",
        "comprobante_domicilio",
        "constancia_curp",
        "comprobante_pago",
        "licencia_anterior",
        "denuncia_robo",
    ]
    assert d.document("denuncia_robo") is not None
    assert d.document("nada") is None
    assert len(d.rules) == len(licencia["rules"])
    assert sum(len(items) for items in d.rules_by_target.values()) == len(d.rules)
    assert d.active_items({}) == active_items(licencia, {})
    assert d.logic_answers({"requiere_ajustes": "sí"}) == {"requiere_ajustes": True}


def test_outputs(licencia_definition: Definition) -> None:
    d = licencia_definition
    acuse = d.acuse
    assert acuse is not None and acuse["id"] == "acuse"
    assert d.output("acuse") == acuse
    assert d.output("nada") is None
    assert all(item["kind"] == "resolucion" for item in d.outputs_of_kind("resolucion"))
    assert [item["id"] for item in d.outputs_on_state("recibida")] == ["acuse"]
    assert d.outputs_on_state("recibida", resolutions_only=True) == ()
    assert [item["id"] for item in d.outputs_on_state("aprobada")] == ["resolucion_aprobada"]
    assert acuse not in d.resolution_outputs


def test_workflow(licencia_definition: Definition) -> None:
    d = licencia_definition
    assert d.initial_state == "recibida"
    assert d.final_states == {"entregada", "rechazada", "desechada", "cancelada"}
    assert d.state_ids[:3] == ("recibida", "en_revision", "prevencion")
    assert d.state_name("prevencion") == {"es-MX": "Falta información", "en": "Information missing"}
    assert d.state_name("prevencion", citizen=False) == {
        "es-MX": "Prevención",
        "en": "Information requested",
    }
    assert d.state("archivada") == {
        "id": "archivada",
        "name": {"es-MX": "archivada", "en": "archivada"},
    }
    assert d.resolution_states == {"entregada", "rechazada", "desechada", "cancelada", "aprobada"}
    assert [item["id"] for item in d.transitions_from("recibida")] == [
        "iniciar_revision",
        "desistir",
    ]
    assert [item["id"] for item in d.transitions_from("recibida", actor="citizen")] == ["desistir"]
    transition = d.transition("prevenir")
    assert transition is not None and transition["pauses_clock"] is True
    assert d.transition("nada") is None
    assert [item["id"] for item in d.transitions_triggered_by("prevencion_vencida")] == ["desechar"]
    correction = d.correction_transition("prevencion")
    assert correction is not None and correction["id"] == "atender_prevencion"
    assert d.correction_transition("recibida") is None  # desistir ends the case


def test_overrides(licencia_definition: Definition) -> None:
    d = licencia_definition
    assert [item["key"] for item in d.overrides][:3] == ["agency", "name", "homoclave"]
    override = d.override("prevencion.applicant_days")
    assert override is not None and override["default"] == 5
    assert d.override("nada") is None


def test_a_catalogue_fixture(residencia: Definition) -> None:
    d = residencia
    assert d.slug == "certificado-residencia"
    assert d.ficta == "no_aplica"
    assert d.plazo_days == (40, "business_days")
    assert d.validity["unit"] == "months"
    assert d.homoclave == ""
    assert d.agency_acronym == ""
    assert d.text(d.agency_name, "en") == "Borough government (alcaldía)"
    assert d.step_ids == ("solicitante", "residencia")
    assert len(d.fields) == 11
    assert [item["id"] for item in d.resolution_outputs] == ["certificado", "resolucion_rechazada"]
    assert d.final_states == {"aprobada", "rechazada", "desechada", "cancelada"}
    assert [item["id"] for item in d.transitions_triggered_by("pago_confirmado")] == [
        "confirmar_pago"
    ]
    assert d.correction_transition("prevencion") is not None
    assert d.correction_transition("pendiente_pago") is None
    assert d.fee_concepts[0]["amount"] == 188.0
    assert "texts.acuse" in [item["key"] for item in d.overrides]


def test_defaults_of_a_minimal_definition() -> None:
    data = minimal_definition([])
    del data["ficta"], data["plazo"], data["validity"]
    d = Definition(data)
    assert d.ficta == "no_aplica"
    assert d.plazo == {}
    assert d.plazo_days is None
    assert d.validity == {}
    assert d.acuse is None
    assert d.overrides == ()
    assert d.citizen_name == d.name
    assert d.homoclave == ""
    assert d.fee_notes is None


def test_the_declared_slug_is_read_as_written(licencia_definition: Definition) -> None:
    assert licencia_definition.declared_slug == "licencia-conducir-a"
    assert Definition({"metadata": {"slug": ""}}).declared_slug == ""
    assert Definition({"metadata": {"slug": 5}}).declared_slug == 5
    assert Definition({"metadata": {}}).declared_slug is None
    assert Definition({"metadata": "nada"}).declared_slug is None
    assert Definition({}).declared_slug is None
    assert Definition({}).slug == ""


def test_it_is_a_read_only_mapping(licencia_definition: Definition, licencia: dict) -> None:
    d = licencia_definition
    assert d["ficta"] == "negativa"
    assert d.get("nada") is None
    assert set(d) == set(licencia)
    assert len(d) == len(licencia)
    assert dict(d.raw) == licencia
    assert json.loads(json.dumps(dict(d.raw))) == licencia
    with pytest.raises(TypeError):
        d.raw["ficta"] = "afirmativa"  # type: ignore[index]
    with pytest.raises(TypeError):
        d["ficta"] = "afirmativa"  # type: ignore[index]
    assert Definition(d).raw == d.raw
    # Helpers written for dicts take the wrapper as it is.
    assert [item["id"] for item in iter_documents(d)] == [item["id"] for item in d.documents]
    answers = {"curp": "LORM900517MSRPZR00"}
    assert validate_answers(d, answers) == validate_answers(licencia, answers)
