"""Small valid app definitions and bundles for tests (shared by the catalogue's test folders).

Kept minimal on purpose: one step with one field, one document, a three-state workflow. Each call
returns a fresh dict, so tests can change it freely.
"""

from __future__ import annotations

import copy
from typing import Any

_BASE: dict[str, Any] = {
    "schema_version": 1,
    "metadata": {
        "slug": "constancia-prueba",
        "name": {"es-MX": "Constancia de prueba", "en": "Test certificate"},
        "citizen_name": {
            "es-MX": "Pedir una constancia de prueba",
            "en": "Ask for a test certificate",
        },
        "description": {
            "es-MX": "Trámite mínimo para pruebas automatizadas.",
            "en": "Minimal procedure for automated tests.",
        },
        "category": "registro-civil",
        "kind": "tramite",
        "synonyms": [],
        "modalities": [],
        "channels": ["online"],
        "identity_level": "basica",
        "agency": {"name": {"es-MX": "Secretaría de Pruebas", "en": "Ministry of Tests"}},
        "legal_basis": [{"ordenamiento": "Ley de Pruebas", "articulo": "1"}],
    },
    "form": {
        "steps": [
            {
                "id": "datos",
                "title": {"es-MX": "Datos", "en": "Details"},
                "fields": [
                    {
                        "id": "nombre",
                        "type": "text",
                        "label": {"es-MX": "Nombre", "en": "Name"},
                        "required": True,
                    }
                ],
            }
        ]
    },
    "rules": [],
    "documents": [],
    "fees": {"concepts": []},
    "plazo": {"value": 5, "unit": "business_days"},
    "ficta": "negativa",
    "prevencion": {"authority_days": 3, "applicant_days": 5, "unit": "business_days"},
    "validity": {"kind": "permanente"},
    "workflow": {
        "initial": "recibida",
        "final": ["aprobada", "rechazada"],
        "states": [
            {"id": "recibida", "name": {"es-MX": "Recibida", "en": "Received"}},
            {"id": "aprobada", "name": {"es-MX": "Aprobada", "en": "Approved"}},
            {"id": "rechazada", "name": {"es-MX": "Rechazada", "en": "Rejected"}},
        ],
        "transitions": [
            {
                "id": "aprobar",
                "from": "recibida",
                "to": "aprobada",
                "actor": "case_officer",
                "notify_citizen": True,
                "pauses_clock": False,
                "label": {"es-MX": "Aprobar", "en": "Approve"},
            },
            {
                "id": "rechazar",
                "from": "recibida",
                "to": "rechazada",
                "actor": "case_officer",
                "notify_citizen": True,
                "pauses_clock": False,
                "label": {"es-MX": "Rechazar", "en": "Reject"},
            },
        ],
    },
    "outputs": [],
    "overrides": [],
}


def make_definition(
    slug: str = "constancia-prueba",
    *,
    name: str | None = None,
    description: str | None = None,
    synonyms: list[str] | None = None,
    category: str | None = None,
) -> dict[str, Any]:
    """A valid definition; `name`, `description`, `synonyms` and `category` set the Spanish
    metadata used by listing and search."""
    definition = copy.deepcopy(_BASE)
    metadata = definition["metadata"]
    metadata["slug"] = slug
    if name is not None:
        metadata["name"] = {"es-MX": name, "en": name}
        metadata["citizen_name"] = {"es-MX": name, "en": name}
    if description is not None:
        metadata["description"] = {"es-MX": description, "en": description}
    if synonyms is not None:
        metadata["synonyms"] = synonyms
    if category is not None:
        metadata["category"] = category
    return definition


def make_bundle(
    slug: str = "constancia-prueba",
    *,
    sharing_policy: str = "public",
    versions: tuple[str, ...] = ("1.0.0",),
    **definition_options: Any,
) -> dict[str, Any]:
    """A bundle with the given versions, each a copy of `make_definition(slug, ...)` whose
    description names the version (so versions differ)."""
    entries = []
    for number in versions:
        definition = make_definition(slug, **definition_options)
        definition["metadata"]["description"]["en"] = f"Version {number}"
        entries.append(
            {
                "version": number,
                "changelog": {"es-MX": f"Versión {number}", "en": f"Version {number}"},
                "definition": definition,
            }
        )
    return {
        "bundle_format": 1,
        "app": {"slug": slug, "sharing_policy": sharing_policy},
        "versions": entries,
    }
