"""The crawl's term matching: acronyms whole and with their case, names without accents or case,
and a government's own municipality names not counted against it."""

from __future__ import annotations

from demo.crawl import Matcher, strings_in, visible_text


def test_matcher_finds_names_without_accents_and_acronyms_only_whole() -> None:
    matcher = Matcher.for_terms("cdmx")

    assert matcher.find("Domicilio en la Ciudad de Mexico") == ["Ciudad de México"]
    assert matcher.find("Cita con SEMOVI y Llave CDMX") == ["CDMX", "SEMOVI", "Llave CDMX"]
    assert matcher.find("safe SAFE desafío semovi.cdmx.gob.mx") == []
    assert matcher.find("Tu ALCALDIA") == ["alcaldía"]
    assert matcher.find("Domicilio en Sonora, municipio de Hermosillo") == []


def test_matcher_leaves_out_the_governments_own_municipality_names() -> None:
    matcher = Matcher.for_terms("cdmx", own_names=["Hermosillo", "Benito Juárez"])

    assert matcher.find("Municipio: Benito Juárez") == []
    assert matcher.find("Alcaldía Benito Juárez") == ["alcaldía"]


def test_visible_text_drops_tags_scripts_and_decodes_entities() -> None:
    page = '<p title="CDMX">Hola&nbsp;<b>Sonora</b></p><script>var x = "CDMX";</script>'

    assert " ".join(visible_text(page).split()) == "Hola Sonora"


def test_strings_in_walks_nested_values() -> None:
    assert list(strings_in({"a": ["x", {"b": "y"}], "c": 3})) == ["x", "y"]
