"""The ficha (LNETB art. 54) as the adopting administrator reads it: the definition's metadata
with its labels, in the page's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.definition.rendering import text_in

FICTA_LABELS = {
    "positiva": gettext_lazy(
        "Afirmativa ficta: si la autoridad no responde a tiempo, se entiende aprobado."
    ),
    "negativa": gettext_lazy(
        "Negativa ficta: si la autoridad no responde a tiempo, se entiende negado."
    ),
    "no_aplica": gettext_lazy("No aplica."),
}
UNIT_LABELS = {
    "business_days": gettext_lazy("días hábiles"),
    "calendar_days": gettext_lazy("días naturales"),
    "months": gettext_lazy("meses"),
    "years": gettext_lazy("años"),
}


# --- the ficha as the page shows it ------------------------------------------------------------


def ficha(definition: dict[str, Any], language: str) -> dict[str, Any]:
    """The facts of a definition a person reads before enabling it (or filing it)."""
    metadata = definition.get("metadata") or {}
    agency = metadata.get("agency") or {}
    plazo = definition.get("plazo") or {}
    validity = definition.get("validity") or {}
    fees = definition.get("fees") or {}
    documents = [
        {
            "name": text_in(item.get("name"), language),
            "description": text_in(item.get("description"), language),
            "required": item.get("required") is True,
            "conditional": "condition" in item,
        }
        for item in definition.get("documents") or []
        if isinstance(item, dict)
    ]
    if plazo.get("immediate"):
        plazo_text = _("Resolución inmediata")
    elif plazo:
        plazo_text = f"{plazo.get('value')} {UNIT_LABELS.get(plazo.get('unit', ''), '')}"
    else:
        plazo_text = ""
    if validity.get("kind") == "periodo":
        validity_text = f"{validity.get('value')} {UNIT_LABELS.get(validity.get('unit', ''), '')}"
    elif validity.get("kind") == "permanente":
        validity_text = _("Permanente")
    elif validity.get("kind") == "no_aplica":
        validity_text = _("No aplica")
    else:
        validity_text = ""
    return {
        "name": text_in(metadata.get("name"), language),
        "citizen_name": text_in(metadata.get("citizen_name") or metadata.get("name"), language),
        "description": text_in(metadata.get("description"), language),
        "category": metadata.get("category", ""),
        "homoclave": metadata.get("homoclave", ""),
        "agency": text_in(agency.get("name"), language),
        "agency_acronym": agency.get("acronym", ""),
        "agency_unit": text_in(agency.get("unit"), language),
        "fees": [
            {
                "concept": text_in(item.get("concept"), language),
                "amount": item.get("amount"),
                "notes": text_in(item.get("notes"), language),
            }
            for item in fees.get("concepts") or []
            if isinstance(item, dict)
        ],
        "plazo": plazo_text,
        "ficta": str(FICTA_LABELS.get(str(definition.get("ficta", "")), "")),
        "validity": validity_text,
        "documents": documents,
        "legal_basis": [
            {"ordenamiento": item.get("ordenamiento", ""), "articulo": item.get("articulo", "")}
            for item in metadata.get("legal_basis") or []
            if isinstance(item, dict)
        ],
        "offices": [
            {
                "name": text_in(item.get("name"), language),
                "address": item.get("address", ""),
                "hours": text_in(item.get("hours"), language),
            }
            for item in metadata.get("offices") or []
            if isinstance(item, dict)
        ],
    }
