"""INEGI's catalogue of municipalities shipped in tenants/data: the real official list, counted
per entity, read once per process."""

from __future__ import annotations

import csv
from collections import Counter

from tenants import inegi

# Municipalities (alcaldías in Mexico City) per entity in the Marco Geoestadístico 2023.
EXPECTED_COUNTS = {
    "01": 11,
    "02": 7,
    "03": 5,
    "04": 13,
    "05": 38,
    "06": 10,
    "07": 124,
    "08": 67,
    "09": 16,
    "10": 39,
    "11": 46,
    "12": 85,
    "13": 84,
    "14": 125,
    "15": 125,
    "16": 113,
    "17": 36,
    "18": 20,
    "19": 51,
    "20": 570,
    "21": 217,
    "22": 18,
    "23": 11,
    "24": 58,
    "25": 18,
    "26": 72,
    "27": 17,
    "28": 43,
    "29": 60,
    "30": 212,
    "31": 106,
    "32": 58,
}


def test_every_entity_has_its_official_number_of_municipalities() -> None:
    counts = {code: len(inegi.municipalities(code)) for code in inegi.ENTITIES}

    assert counts == EXPECTED_COUNTS
    assert sum(counts.values()) == 2475
    assert (counts["09"], counts["20"], counts["26"], counts["31"]) == (16, 570, 72, 106)


def test_names_keep_their_accents_and_official_form() -> None:
    names = {
        code: dict(inegi.municipalities(code[:2]))[code]
        for code in ("26030", "09007", "31050", "26033", "26037", "09010", "11014")
    }

    assert names == {
        "26030": "Hermosillo",
        "09007": "Iztapalapa",
        "31050": "Mérida",
        "26033": "Huatabampo",
        "26037": "Mazatán",
        "09010": "Álvaro Obregón",
        "11014": "Dolores Hidalgo Cuna de la Independencia Nacional",
    }
    assert inegi.municipality_name("31050") == "Mérida"


def test_claves_are_five_digits_of_their_own_entity_in_inegi_order() -> None:
    for entity in inegi.ENTITIES:
        claves = [clave for clave, _name in inegi.municipalities(entity)]
        assert all(len(clave) == 5 and clave.isdigit() for clave in claves)
        assert {clave[:2] for clave in claves} == {entity}
        assert claves == sorted(set(claves))
    # Mexico City's alcaldías start at 002 (there is no 09001).
    assert inegi.municipalities("09")[0] == ("09002", "Azcapotzalco")


def test_an_unknown_entity_has_no_municipalities() -> None:
    assert inegi.municipalities("99") == ()
    assert inegi.municipalities("") == ()
    assert inegi.municipality_name("99001") == ""


def test_the_file_is_read_once_per_process() -> None:
    inegi._municipalities_by_entity.cache_clear()

    first = inegi.municipalities("26")
    again = inegi.municipalities("26")

    assert first is again
    assert inegi._municipalities_by_entity.cache_info().misses == 1


def test_the_shipped_file_has_one_row_per_clave_and_a_readme_naming_its_source() -> None:
    with inegi.MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as data:
        rows = list(csv.DictReader(data))

    assert list(rows[0]) == ["cve_ent", "cve_mun", "nom_mun"]
    claves = Counter(row["cve_ent"] + row["cve_mun"] for row in rows)
    assert len(claves) == len(rows) == 2475
    assert all(row["nom_mun"] == row["nom_mun"].strip() != "" for row in rows)
    readme = (inegi.MUNICIPALITIES_CSV.parent / "README.md").read_text(encoding="utf-8")
    assert "Marco Geoestadístico 2023" in readme
    assert "AGEEML" in readme
