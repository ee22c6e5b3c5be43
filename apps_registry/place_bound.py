"""Place-bound values: what belongs to the government that serves an app, never to the one that
publishes it (its agency, offices, legal basis, fees and homoclave). Defined once here, by the
JSON pointer whose value each replaces whole; apps_registry.local_values applies them.

The format has no separate contact value (an office carries its phone and e-mail) and the
identity provider is named through `{{identidad.nombre}}`: both follow the serving government
already.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Removes the value at a target (an optional property such as the homoclave).
ABSENT = object()


@dataclass(frozen=True)
class PlaceBound:
    """A value that belongs to the government serving the app, never to the one publishing it."""

    # The slot's name, also the key of its implicit override point.
    name: str
    target: str
    type: str
    label: dict[str, str]
    # "No aplica" allowed (an agency must always answer for the procedure).
    may_be_not_applicable: bool
    # What an adopter's citizens see while it set nothing, and when it marked "no aplica".
    unset: Any
    not_applicable: Any


PLACE_BOUND: tuple[PlaceBound, ...] = (
    PlaceBound(
        "agency",
        "/metadata/agency",
        "agency",
        {"es-MX": "Dependencia que resuelve", "en": "Agency that decides"},
        may_be_not_applicable=False,
        unset={"name": {"es-MX": "Por definir", "en": "To be defined"}},
        not_applicable=None,
    ),
    PlaceBound(
        "offices",
        "/metadata/offices",
        "offices",
        {"es-MX": "Oficinas de atención y horarios", "en": "Offices and opening hours"},
        may_be_not_applicable=True,
        unset=[],
        not_applicable=[],
    ),
    PlaceBound(
        "legal_basis",
        "/metadata/legal_basis",
        "legal_basis",
        {"es-MX": "Fundamento jurídico", "en": "Legal basis"},
        may_be_not_applicable=True,
        unset=[],
        not_applicable=[],
    ),
    PlaceBound(
        "fees",
        "/fees/concepts",
        "fee_concepts",
        {"es-MX": "Derechos a pagar", "en": "Fees"},
        may_be_not_applicable=True,
        unset=[],
        # "No aplica" for fees: the procedure is free.
        not_applicable=[],
    ),
    PlaceBound(
        "homoclave",
        "/metadata/homoclave",
        "text",
        {"es-MX": "Homoclave en el registro de trámites", "en": "Registry key (homoclave)"},
        may_be_not_applicable=True,
        unset=ABSENT,
        not_applicable=ABSENT,
    ),
)
_PLACE_BOUND_BY_TARGET = {slot.target: slot for slot in PLACE_BOUND}


def place_bound_slot(target: str) -> PlaceBound | None:
    """The place-bound slot whose value `target` replaces whole, if any."""
    return _PLACE_BOUND_BY_TARGET.get(target)


def inside_place_bound(target: str) -> bool:
    """A target within a place-bound value ("/fees/concepts/0/amount"): part of the
    publisher's value, so an adopter's citizens see it only as the adopter set it."""
    return any(target.startswith(slot.target + "/") for slot in PLACE_BOUND)


__all__ = ["ABSENT", "PLACE_BOUND", "PlaceBound", "inside_place_bound", "place_bound_slot"]
