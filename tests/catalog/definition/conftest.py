from __future__ import annotations

import copy
import json

import pytest

from catalog.definition.validation import SCHEMA_PATH

EXAMPLES = SCHEMA_PATH.parent.parent / "examples"


def t(es: str, en: str | None = None) -> dict[str, str]:
    return {"es-MX": es, "en": en or es}


@pytest.fixture(scope="session")
def _licencia() -> dict:
    return json.loads((EXAMPLES / "licencia-conducir-a.json").read_text(encoding="utf-8"))


@pytest.fixture
def licencia(_licencia: dict) -> dict:
    return copy.deepcopy(_licencia)


def minimal_definition(fields: list[dict], **overrides: object) -> dict:
    """The smallest valid definition holding these fields in one step."""
    definition: dict = {
        "schema_version": 1,
        "metadata": {
            "slug": "prueba",
            "name": t("Prueba", "Test"),
            "citizen_name": t("Prueba", "Test"),
            "description": t("Definición de prueba", "Test definition"),
            "category": "pagos",
            "kind": "servicio",
            "synonyms": [],
            "modalities": [],
            "channels": ["online"],
            "identity_level": "ninguna",
            "agency": {"name": t("Tesorería", "Treasury")},
            "legal_basis": [],
        },
        "form": {"steps": [{"id": "datos", "title": t("Datos", "Details"), "fields": fields}]},
        "rules": [],
        "documents": [],
        "fees": {"concepts": []},
        "plazo": {"value": 10, "unit": "business_days"},
        "ficta": "no_aplica",
        "prevencion": {"authority_days": 3, "applicant_days": 5, "unit": "business_days"},
        "validity": {"kind": "no_aplica"},
        "workflow": {
            "states": [
                {"id": "recibida", "name": t("Recibida", "Received")},
                {"id": "resuelta", "name": t("Resuelta", "Resolved")},
            ],
            "initial": "recibida",
            "final": ["resuelta"],
            "transitions": [
                {
                    "id": "resolver",
                    "from": "recibida",
                    "to": "resuelta",
                    "actor": "case_officer",
                    "notify_citizen": True,
                    "pauses_clock": False,
                }
            ],
        },
        "outputs": [],
        "overrides": [],
    }
    definition.update(overrides)
    return definition
