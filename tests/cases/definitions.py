"""App definitions for filing tests: every field type of the format, conditional fields and
documents, and a workflow with a prevención the citizen answers."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

EXAMPLE = (
    Path(__file__).resolve().parents[2]
    / "catalog"
    / "definition"
    / "examples"
    / "licencia-conducir-a.json"
)
_EXAMPLE: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))

# A CURP with a valid check digit, and an RFC with a valid one.
CURP = "LOPM900517MSRPRR04"
RFC = "GODE561231GR8"

EXTRA_STEP: dict[str, Any] = {
    "id": "adicional",
    "title": {"es-MX": "Datos adicionales", "en": "Additional details"},
    "fields": [
        {
            "id": "personas",
            "type": "integer",
            "label": {"es-MX": "Personas en el hogar", "en": "People at home"},
            "required": True,
            "min": 1,
            "max": 20,
        },
        {
            "id": "estatura",
            "type": "decimal",
            "label": {"es-MX": "Estatura (m)", "en": "Height (m)"},
            "required": True,
            "decimal_places": 2,
            "min": 0.5,
            "max": 2.5,
        },
        {
            "id": "vehiculos",
            "type": "multiple_choice",
            "label": {"es-MX": "Vehículos que manejas", "en": "Vehicles you drive"},
            "required": True,
            "options": [
                {"value": "auto", "label": {"es-MX": "Automóvil", "en": "Car"}},
                {"value": "moto", "label": {"es-MX": "Motocicleta", "en": "Motorcycle"}},
            ],
        },
        {
            "id": "rfc",
            "type": "rfc",
            "label": {"es-MX": "RFC", "en": "Tax id (RFC)"},
            "required": False,
        },
        {
            "id": "cp_trabajo",
            "type": "postal_code",
            "label": {"es-MX": "Código postal del trabajo", "en": "Work postal code"},
            "required": True,
        },
        {
            "id": "fotografia",
            "type": "file",
            "label": {"es-MX": "Fotografía", "en": "Photograph"},
            "required": True,
            "accept": ["image/jpeg", "image/png"],
            "max_size_mb": 1,
        },
    ],
}


def filing_definition(slug: str = "licencia-prueba") -> dict[str, Any]:
    """The CDMX driving-licence example plus a step with the remaining field types; no override
    points, so any government can enable it without local values."""
    definition = copy.deepcopy(_EXAMPLE)
    definition.pop("$schema", None)
    definition["metadata"]["slug"] = slug
    definition["form"]["steps"].append(copy.deepcopy(EXTRA_STEP))
    definition["overrides"] = []
    return definition


def valid_answers(**changes: Any) -> dict[str, Any]:
    """Answers (as a form posts them: text) that satisfy `filing_definition`, first issuance."""
    answers: dict[str, Any] = {
        "curp": CURP,
        "nombre": "María",
        "primer_apellido": "López",
        "segundo_apellido": "Ruiz",
        "fecha_nacimiento": "1990-05-17",
        "correo": "maria@example.mx",
        "telefono": "662 123 4567",
        "domicilio": {
            "calle": "Av. Rosales",
            "numero_exterior": "12",
            "numero_interior": "",
            "colonia": "Centro",
            "municipio": "Hermosillo",
            "estado": "Sonora",
            "codigo_postal": "83000",
        },
        "modalidad": "expedicion",
        "requiere_ajustes": "no",
        "linea_captura": "ABCDEFGHIJ0123456789",
        "monto_pagado": "$1,099.50",
        "fecha_pago": "2025-06-01",
        "personas": "3",
        "estatura": "1.68",
        "vehiculos": ["moto", "auto"],
        "rfc": RFC,
        "cp_trabajo": "83010",
    }
    answers.update(changes)
    return answers


# Documents always required by the example (licencia_anterior only on renewal).
ALWAYS_REQUIRED_DOCUMENTS = (
    "identificacion_oficial",
    "comprobante_domicilio",
    "constancia_curp",
    "comprobante_pago",
)
