"""What a test adopter answers before going live: its own agency, and "no aplica" for the other
place-bound values (offices, legal basis, fees, homoclave). The publisher's are never shown on
an adopter's site, so without these an adopted app cannot go live."""

from __future__ import annotations

from typing import Any

from apps_registry.local_values import override_points
from catalog.models import AppVersion


def adopter_values(tenant: Any, version: AppVersion) -> tuple[dict[str, Any], list[str]]:
    """(local values, keys marked "no aplica") for `tenant` enabling `version`; nothing when
    the tenant publishes the app itself (its own values are its definition's)."""
    government = getattr(tenant, "government", tenant)
    if version.app.publisher_id == government.pk:
        return {}, []
    points = override_points(version.definition)
    agency = next(p.key for p in points if p.place_bound == "agency")
    return (
        {agency: {"name": {"es-MX": f"Secretaría General ({government.name})"}}},
        [p.key for p in points if p.may_be_not_applicable],
    )


def adopter_answers(tenant: Any, version: AppVersion) -> dict[str, Any]:
    """`adopter_values` as keyword arguments of `enabled_app_enable`."""
    values, not_applicable = adopter_values(tenant, version)
    return {"local_values": values, "not_applicable": not_applicable}
