"""The portability report (catalog.portability): which texts of a definition name the
publisher's own jurisdiction, outside variables and override points, and the score; computed and
stored when a draft is saved, a version published or a bundle imported."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from catalog.models import AppVersion, CatalogApp
from catalog.portability import (
    ACRONYM,
    AGENCY,
    DOMAIN,
    ENTITY,
    IDENTITY_PROVIDER,
    NAME,
    TERRITORIAL_UNIT,
    UNIT_WORD,
    jurisdiction_terms,
    portability_report,
    score,
)
from catalog.services import (
    app_create,
    bundle_import,
    version_draft_save,
    version_portability_refresh,
    version_publish,
)
from tenants import inegi
from tenants.models import Agency
from tests.catalog.factories import make_bundle, make_definition


@pytest.fixture
def cdmx_terms(cdmx: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """CDMX with one agency, an identity provider, a contact mailbox and (until the INEGI data
    ships) one alcaldía planted in the catalogue."""
    real = inegi.municipalities
    monkeypatch.setattr(
        inegi,
        "municipalities",
        lambda code: (("09007", "Iztapalapa"),) if code == "09" else real(code),
    )
    government = cdmx.government
    government.identity_provider_name = "Llave CDMX"
    government.contact_email = "atencion@cdmx.gob.mx"
    government.save(update_fields=["identity_provider_name", "contact_email"])
    Agency.objects.create(
        government=government,
        key="movilidad",
        name_es="Secretaría de Movilidad",
        name_en="Ministry of Mobility",
        acronym="SEMOVI",
    )
    Agency.objects.create(
        government=government,
        key="hacienda",
        name_es="Secretaría de Administración y Finanzas",
        acronym="SAF",
    )
    return cdmx


def _findings(report: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [(f["pointer"], f["language"], f["term"], f["kind"]) for f in report["findings"]]


# --- terms -----------------------------------------------------------------------------------


def test_terms_name_the_publisher_in_every_way(cdmx_terms):
    terms = {(t.text, t.kind, t.case_sensitive) for t in jurisdiction_terms(cdmx_terms.government)}
    assert {
        ("Gobierno de la Ciudad de México", NAME, False),
        ("Ciudad de México", ENTITY, False),
        ("Mexico City", ENTITY, False),
        ("Distrito Federal", ENTITY, False),
        ("CDMX", ENTITY, True),
        ("Iztapalapa", TERRITORIAL_UNIT, False),
        ("alcaldía", UNIT_WORD, False),
        ("alcaldías", UNIT_WORD, False),
        ("Secretaría de Movilidad", AGENCY, False),
        ("Ministry of Mobility", AGENCY, False),
        ("SEMOVI", ACRONYM, True),
        ("SAF", ACRONYM, True),
        ("cdmx.localhost", DOMAIN, False),
        ("cdmx.gob.mx", DOMAIN, False),
        ("Llave CDMX", IDENTITY_PROVIDER, False),
    } <= terms


def test_terms_of_a_state_do_not_include_the_word_municipio(sonora):
    texts = {t.text for t in jurisdiction_terms(sonora.government)}
    assert "Sonora" in texts
    assert not {"municipio", "municipios", "alcaldía", "Ciudad de México"} & texts


def test_terms_are_only_the_publishers_own(cdmx_terms, sonora):
    # CDMX's agencies and alcaldías are no part of Sonora's terms.
    texts = {t.text for t in jurisdiction_terms(sonora.government)}
    assert not {"SEMOVI", "Secretaría de Movilidad", "Iztapalapa", "Llave CDMX"} & texts


# --- report ----------------------------------------------------------------------------------


def test_report_finds_a_planted_name_at_its_pointer_and_not_a_variable(cdmx_terms):
    definition = make_definition()
    steps = definition["form"]["steps"]
    steps[0]["title"] = {
        "es-MX": "Domicilio en la Ciudad de México",
        "en": "Address in {{entidad.nombre}}",
    }
    steps[0]["fields"][0]["help"] = {"es-MX": "Tu domicilio en {{entidad.nombre}}."}
    definition["documents"] = [
        {
            "id": "comprobante",
            "name": {"es-MX": "Comprobante de domicilio en la ciudad de mexico"},
            "accept": ["application/pdf"],
            "max_size_mb": 5,
            "required": True,
        }
    ]
    report = portability_report(definition, cdmx_terms.government)
    assert _findings(report) == [
        ("/form/steps/0/title", "es-MX", "Ciudad de México", ENTITY),
        ("/documents/0/name", "es-MX", "Ciudad de México", ENTITY),
    ]
    assert report["findings"][0]["excerpt"] == "Domicilio en la Ciudad de México"
    assert report["checked_at"]


def test_report_finds_agencies_alcaldias_and_identity_provider(cdmx_terms):
    definition = make_definition()
    metadata = definition["metadata"]
    metadata["description"] = {
        "es-MX": "Cita en SEMOVI con Llave CDMX; en Iztapalapa cobraba $219 por alcaldía.",
        "en": "Appointment at the Ministry of Mobility.",
    }
    metadata["synonyms"] = ["licencia semovi", "licencia SEMOVI"]
    metadata["offices"] = [{"name": {"es-MX": "Módulo"}, "address": "Calle 1, Iztapalapa"}]
    metadata["legal_basis"] = [
        {"ordenamiento": "Ley de Movilidad del Distrito Federal", "articulo": "1"}
    ]
    report = portability_report(definition, cdmx_terms.government)
    assert _findings(report) == [
        ("/metadata/description", "es-MX", "SEMOVI", ACRONYM),
        ("/metadata/description", "es-MX", "Llave CDMX", IDENTITY_PROVIDER),
        ("/metadata/description", "es-MX", "Iztapalapa", TERRITORIAL_UNIT),
        ("/metadata/description", "es-MX", "alcaldía", UNIT_WORD),
        ("/metadata/description", "en", "Ministry of Mobility", AGENCY),
        ("/metadata/synonyms/1", "", "SEMOVI", ACRONYM),
        ("/metadata/legal_basis/0/ordenamiento", "", "Distrito Federal", ENTITY),
        ("/metadata/offices/0/address", "", "Iztapalapa", TERRITORIAL_UNIT),
    ]


def test_acronyms_match_only_with_their_case(cdmx_terms):
    definition = make_definition()
    definition["metadata"]["description"] = {
        "es-MX": "Un trámite safe; la saf no; tampoco Saf ni SAFETY.",
        "en": "Paid to the SAF.",
    }
    report = portability_report(definition, cdmx_terms.government)
    assert _findings(report) == [("/metadata/description", "en", "SAF", ACRONYM)]


def test_names_match_whole_words_ignoring_case_and_accents(cdmx_terms):
    definition = make_definition()
    definition["metadata"]["description"] = {"es-MX": "ALCALDIA; alcaldías; Iztapalapaxx; cdmx"}
    report = portability_report(definition, cdmx_terms.government)
    assert [(f["term"], f["excerpt"]) for f in report["findings"]] == [
        ("alcaldía", "ALCALDIA; alcaldías; Iztapalapaxx; cdmx"),
        ("alcaldías", "ALCALDIA; alcaldías; Iztapalapaxx; cdmx"),
    ]


def test_override_targets_are_the_adopters_to_set(cdmx_terms):
    definition = make_definition()
    metadata = definition["metadata"]
    metadata["agency"] = {"name": {"es-MX": "Secretaría de Movilidad"}, "acronym": "SEMOVI"}
    metadata["homoclave"] = "SEMOVI-001"
    metadata["offices"] = [{"name": {"es-MX": "Módulo SEMOVI"}, "address": "Iztapalapa"}]
    definition["overrides"] = [
        {
            "key": "agency",
            "type": "agency",
            "required": True,
            "label": {"es-MX": "Dependencia"},
            "target": "/metadata/agency",
        },
        {
            "key": "homoclave",
            "type": "text",
            "required": True,
            "label": {"es-MX": "Homoclave"},
            "target": "/metadata/homoclave",
        },
        {
            "key": "offices",
            "type": "offices",
            "required": False,
            "label": {"es-MX": "Oficinas"},
            "target": "/metadata/offices",
        },
    ]
    report = portability_report(definition, cdmx_terms.government)
    assert report["findings"] == []
    assert report["score"] == 100


def test_score_is_the_share_of_texts_without_findings(cdmx_terms):
    definition = make_definition()
    clean = portability_report(definition, cdmx_terms.government)
    assert clean["score"] == 100
    texts = clean["texts"]
    # name (2 languages), description: two texts flagged, three findings.
    definition["metadata"]["name"] = {"es-MX": "Licencia CDMX", "en": "Mexico City licence"}
    definition["metadata"]["description"] = {"es-MX": "En la alcaldía."}
    report = portability_report(definition, cdmx_terms.government)
    assert report["texts"] == texts
    assert len(report["findings"]) == 3
    assert report["score"] == (100 * (texts - 2)) // texts
    assert (score(0, 0), score(3, 0), score(3, 1), score(300, 1), score(4, 4)) == (
        100,
        100,
        66,
        99,
        0,
    )


# --- stored at save, publish and import ------------------------------------------------------


def test_report_is_stored_at_save_and_publish(cdmx_terms, actor_of):
    actor = actor_of(cdmx_terms)
    app = app_create(
        publisher=cdmx_terms.government, slug="licencia", sharing_policy="public", actor=actor
    )
    definition = make_definition("licencia", name="Licencia en la Ciudad de México")
    draft = version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor)
    draft.refresh_from_db()
    pointers = {f["pointer"] for f in draft.portability["findings"]}
    assert pointers == {"/metadata/name", "/metadata/citizen_name"}
    assert draft.portability["score"] < 100

    # The publisher's identity provider appears after the draft was saved: publishing reads
    # the terms again. Not blocking: the version is published with its warning.
    definition["metadata"]["description"] = {"es-MX": "Entra con Llave Capital."}
    draft = version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor)
    cdmx_terms.government.identity_provider_name = "Llave Capital"
    cdmx_terms.government.save(update_fields=["identity_provider_name"])
    published = version_publish(version=draft, changelog={"es-MX": "Primera"}, actor=actor)
    published = AppVersion.objects.get(pk=published.pk)
    assert published.is_published
    assert ("/metadata/description", "Llave Capital") in {
        (f["pointer"], f["term"]) for f in published.portability["findings"]
    }


def test_report_is_stored_at_bundle_import(cdmx_terms, actor_of):
    bundle = make_bundle("importada", description="Trámite de SEMOVI")
    outcome = bundle_import(
        publisher=cdmx_terms.government, bundle=bundle, actor=actor_of(cdmx_terms)
    )
    version = AppVersion.objects.get(app=outcome.app)
    assert [f["term"] for f in version.portability["findings"]] == ["SEMOVI"]


def test_refresh_rewrites_a_published_versions_report(cdmx_terms, actor_of, publish_app):
    published = publish_app(cdmx_terms, "refrescar", description="Ven a Coyoacán")
    assert published.portability["findings"] == []
    Agency.objects.filter(government=cdmx_terms.government, key="movilidad").update(
        name_es="Coyoacán"
    )
    version_portability_refresh(version=published, actor=actor_of(cdmx_terms))
    stored = AppVersion.objects.get(pk=published.pk)
    assert _findings(stored.portability) == [
        ("/metadata/description", "es-MX", "Coyoacán", AGENCY),
        ("/metadata/description", "en", "Coyoacán", AGENCY),
    ]
    # Only the derived report changed.
    assert stored.definition == published.definition
    assert stored.published_at == published.published_at


def test_refresh_needs_a_catalogue_writer(cdmx_terms, publish_app):
    from core.actors import Actor
    from core.errors import ApplicationError

    published = publish_app(cdmx_terms, "refrescar")
    before = AppVersion.objects.get(pk=published.pk).portability
    with pytest.raises(ApplicationError):
        version_portability_refresh(
            version=published, actor=Actor.named("x@cdmx.gob.mx", schema="cdmx")
        )
    assert AppVersion.objects.get(pk=published.pk).portability == before


# --- command ---------------------------------------------------------------------------------


def test_command_prints_the_score_of_every_latest_version(cdmx_terms, sonora, publish_app, capsys):
    publish_app(cdmx_terms, "limpia")
    publish_app(cdmx_terms, "con-semovi", description="Trámite de SEMOVI en la alcaldía")
    publish_app(sonora, "de-sonora")
    call_command("portability_report", "--publisher", "cdmx")
    out = capsys.readouterr().out
    assert "[1/2] con-semovi 1.0.0:" in out
    assert "[2/2] limpia 1.0.0: 100" in out
    assert "de-sonora" not in out
    assert "/metadata/description" in out
    app = CatalogApp.objects.get(slug="con-semovi")
    # Printing does not store unless asked.
    assert app.latest_version.portability["score"] < 100
