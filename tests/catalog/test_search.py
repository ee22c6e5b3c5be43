"""Spanish full-text search: stemming, accents ignored, synonyms, ranking, filters."""

from __future__ import annotations

import pytest

from catalog.selectors import app_list


@pytest.fixture
def catalogue(cdmx, sonora, publish_app):
    publish_app(
        cdmx,
        "licencia-conducir",
        name="Licencia de conducir",
        description="Expedición de la licencia para manejar automóviles.",
        synonyms=["permiso para manejar", "licencia de manejo"],
        category="movilidad",
    )
    publish_app(
        cdmx,
        "acta-nacimiento",
        name="Copia certificada de acta de nacimiento",
        description="Trámite para obtener una copia del acta del Registro Civil.",
        synonyms=["partida de nacimiento"],
        category="registro-civil",
    )
    publish_app(
        sonora,
        "constancia-no-adeudo",
        name="Constancia de no adeudo de agua",
        description="Servicio que certifica que no debes pagos de licencia de agua potable.",
        category="agua",
    )


def search(government, text, **filters):
    return [app.slug for app in app_list(government=government, query=text, **filters)]


def test_finds_licencia_by_its_name(cdmx, catalogue):
    assert search(cdmx.government, "licencia")[0] == "licencia-conducir"


def test_plural_and_stemming(cdmx, catalogue):
    assert search(cdmx.government, "licencias")[0] == "licencia-conducir"


def test_accent_insensitive_both_ways(cdmx, catalogue):
    # "Trámite" is in the description of the birth certificate app.
    assert search(cdmx.government, "tramite") == ["acta-nacimiento"]
    assert search(cdmx.government, "trámite") == ["acta-nacimiento"]
    assert search(cdmx.government, "expedicion") == ["licencia-conducir"]


def test_a_synonym_finds_the_app(cdmx, catalogue):
    assert search(cdmx.government, "partida") == ["acta-nacimiento"]
    assert search(cdmx.government, "permiso manejar") == ["licencia-conducir"]


def test_name_ranks_above_description(cdmx, catalogue):
    # "licencia" is in the name of one app and only in the description of the other.
    assert search(cdmx.government, "licencia") == ["licencia-conducir", "constancia-no-adeudo"]


def test_filters_by_category_and_publisher(cdmx, catalogue):
    assert search(cdmx.government, "licencia", category="agua") == ["constancia-no-adeudo"]
    assert search(cdmx.government, "licencia", publisher="cdmx") == ["licencia-conducir"]


def test_search_respects_visibility(sonora, cdmx, publish_app, catalogue):
    publish_app(cdmx, "licencia-privada", policy="private", name="Licencia interna")

    assert "licencia-privada" in search(cdmx.government, "licencia")
    assert "licencia-privada" not in search(sonora.government, "licencia")
    assert "licencia-privada" not in search(None, "licencia")


def test_search_uses_the_latest_published_version(cdmx, publish_app, catalogue):
    publish_app(cdmx, "licencia-conducir", version="2.0.0", name="Permiso de conducción")

    assert search(cdmx.government, "conduccion") == ["licencia-conducir"]
    assert search(cdmx.government, "licencia") == ["constancia-no-adeudo"]


def test_nonsense_and_operators_do_not_crash(cdmx, catalogue):
    assert search(cdmx.government, "zzzz") == []
    assert search(cdmx.government, '"acta de" -licencia & | !') == ["acta-nacimiento"]
