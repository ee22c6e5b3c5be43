"""The ficha (LNETB art. 54) as the adopting administrator reads it: the definition's metadata
with its labels, in the page's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.definition import Definition
from catalog.definition.vocabulary import FICTA_CONSEQUENCES, label, plazo_text, validity_text


def ficha(
    definition: Mapping[str, Any], language: str, *, set_by_adopter: bool = False
) -> dict[str, Any]:
    """The facts of a definition a person reads before enabling it (or filing it).
    `set_by_adopter`: the reader's government adopts the app and has not set its place-bound
    values yet, so an empty one reads "your government sets it", never "free" or "—"."""
    app = definition if isinstance(definition, Definition) else Definition(definition)
    return {
        "set_by_adopter": set_by_adopter,
        "name": app.text(app.name, language),
        "citizen_name": app.text(app.citizen_name, language),
        "description": app.text(app.description, language),
        "category": app.category,
        "homoclave": app.homoclave,
        "agency": app.text(app.agency_name, language),
        "agency_acronym": app.agency_acronym,
        "agency_unit": app.text(app.agency_unit, language),
        "fees": [
            {
                "concept": app.text(item.get("concept"), language),
                "amount": item.get("amount"),
                "uma_text": app.text(item.get("uma_text"), language),
                "notes": app.text(item.get("notes"), language),
            }
            for item in app.fee_lines
        ],
        "plazo": plazo_text(app.plazo, language),
        "ficta": label(FICTA_CONSEQUENCES, app.ficta, language),
        "validity": validity_text(app.validity, language),
        "documents": [
            {
                "name": app.text(item.get("name"), language),
                "description": app.text(item.get("description"), language),
                "required": item.get("required") is True,
                "conditional": "condition" in item,
            }
            for item in app.documents
        ],
        "legal_basis": [
            {"ordenamiento": item.get("ordenamiento", ""), "articulo": item.get("articulo", "")}
            for item in app.legal_basis
        ],
        "offices": [
            {
                "name": app.text(item.get("name"), language),
                "address": item.get("address", ""),
                "hours": app.text(item.get("hours"), language),
            }
            for item in app.offices
        ],
    }
