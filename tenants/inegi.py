"""INEGI's Marco Geoestadístico: the 32 entidades federativas and, per entity, its municipalities
(alcaldías in Mexico City), shipped as data with its source and date (tenants/data/).

Read once per process; nothing here touches the database.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "inegi_municipios.csv"

# Clave de entidad → nombre oficial (Catálogo Único de Claves de Áreas Geoestadísticas
# Estatales, Municipales y Localidades, INEGI).
ENTITIES: dict[str, str] = {
    "01": "Aguascalientes",
    "02": "Baja California",
    "03": "Baja California Sur",
    "04": "Campeche",
    "05": "Coahuila de Zaragoza",
    "06": "Colima",
    "07": "Chiapas",
    "08": "Chihuahua",
    "09": "Ciudad de México",
    "10": "Durango",
    "11": "Guanajuato",
    "12": "Guerrero",
    "13": "Hidalgo",
    "14": "Jalisco",
    "15": "México",
    "16": "Michoacán de Ocampo",
    "17": "Morelos",
    "18": "Nayarit",
    "19": "Nuevo León",
    "20": "Oaxaca",
    "21": "Puebla",
    "22": "Querétaro",
    "23": "Quintana Roo",
    "24": "San Luis Potosí",
    "25": "Sinaloa",
    "26": "Sonora",
    "27": "Tabasco",
    "28": "Tamaulipas",
    "29": "Tlaxcala",
    "30": "Veracruz de Ignacio de la Llave",
    "31": "Yucatán",
    "32": "Zacatecas",
}
# English names where English uses its own (the rest are written the same).
ENTITY_NAMES_EN = {"09": "Mexico City", "15": "State of Mexico"}
# Mexico City's territorial units are alcaldías (since 2018); every other entity's, municipios.
ALCALDIAS_ENTITY = "09"


def entity_name(code: str, language: str = "es-MX") -> str:
    if language == "en" and code in ENTITY_NAMES_EN:
        return ENTITY_NAMES_EN[code]
    return ENTITIES.get(code, "")


def territorial_unit(code: str, language: str = "es-MX", *, plural: bool = False) -> str:
    """ "municipio"/"alcaldía" (and their plurals, and English) for an entity code."""
    alcaldia = code == ALCALDIAS_ENTITY
    if language == "en":
        word = "borough" if alcaldia else "municipality"
        return (word[:-1] + "ies" if word.endswith("y") else word + "s") if plural else word
    word = "alcaldía" if alcaldia else "municipio"
    return word + "s" if plural else word


@cache
def _municipalities_by_entity() -> dict[str, tuple[tuple[str, str], ...]]:
    """The whole catalogue, read once per process (about 2,500 rows, 54 kB)."""
    by_entity: dict[str, list[tuple[str, str]]] = {}
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as data:
        for row in csv.DictReader(data):
            entity = row["cve_ent"]
            by_entity.setdefault(entity, []).append((entity + row["cve_mun"], row["nom_mun"]))
    return {entity: tuple(rows) for entity, rows in by_entity.items()}


def municipalities(code: str) -> tuple[tuple[str, str], ...]:
    """(clave, nombre) of the entity's municipalities (alcaldías in Mexico City), in INEGI order;
    () for an unknown entity. The catalogue ships in tenants/data/ (see its README for source
    and date).

    The clave is INEGI's 5-digit geostatistical key, entity and municipality together ("26030"
    is Hermosillo, Sonora): unique in the country and stable across editions, so a stored answer
    keeps meaning the same municipality; names carry their accents ("Mérida")."""
    return _municipalities_by_entity().get(code, ())


def municipality_name(clave: str) -> str:
    """The official name of a 5-digit clave ("31050" → "Mérida"); "" when INEGI has none."""
    return dict(municipalities(clave[:2])).get(clave, "")
