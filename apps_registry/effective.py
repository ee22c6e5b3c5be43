"""The effective definition: what a government's citizens, officers and documents read of an
app it serves. Built in this order from the pinned published version:

1. local values at the publisher's override points (apps_registry.local_values), where
   place-bound values never fall back to the publisher's on an adopter's site;
2. the government's own wording of citizen-visible texts (apps_registry.adaptations);
3. jurisdiction variables resolved for the government (catalog.definition.variables);
4. options of `code_list` fields filled from the government's lists (catalog.definition.code_lists).

Pure: the caller passes the facts; apps_registry.selectors keeps the result per process.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from apps_registry.adaptations import apply_adaptations
from apps_registry.local_values import apply_local_values
from catalog.definition.code_lists import fill_code_lists
from catalog.definition.variables import resolve
from tenants.jurisdiction import JurisdictionFacts


def build_effective_definition(
    definition: Mapping[str, Any],
    *,
    facts: JurisdictionFacts,
    is_publisher: bool,
    local_values: Mapping[str, Any] | None = None,
    not_applicable: Sequence[str] = (),
    adaptations: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    effective = apply_local_values(
        definition, local_values, not_applicable=not_applicable, is_publisher=is_publisher
    )
    effective = apply_adaptations(effective, adaptations or {})
    effective = resolve(effective, facts)
    return fill_code_lists(effective, facts)
