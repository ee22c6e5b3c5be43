"""Whether an enabled app may be offered on a government's site: the go-live gate.

Every problem is listed at once, located, in Spanish and English:

- a required override point without a local value;
- on an adopter's site, a place-bound value (agency, offices, legal basis, fees, homoclave)
  neither set nor marked "no aplica" (apps_registry.place_bound): the publisher's is never used;
- a jurisdiction variable the government has no value for yet (`{{dependencia.agua.nombre}}`
  with no agency declared), located at the text that uses it;
- a `code_list` field naming a list the government lacks, located at the field.

The services call it before going live, resuming, upgrading an offered app and bulk enabling;
the enabled app's page shows the same list before its "Poner en línea" button.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from apps_registry.adaptations import apply_adaptations
from apps_registry.local_values import (
    apply_local_values,
    validate_local_values,
    validate_not_applicable,
)
from apps_registry.models import EnabledApp
from catalog.definition.code_lists import missing_code_lists
from catalog.definition.variables import unresolved_variables
from core.errors import ErrorDetail
from tenants.jurisdiction import JurisdictionFacts, facts_for
from tenants.models import Government


def go_live_problems(
    *,
    definition: Mapping[str, Any],
    publisher_id: int,
    government: Government,
    local_values: Mapping[str, Any],
    not_applicable: Sequence[str] = (),
    adaptations: Mapping[str, Any] | None = None,
    facts: JurisdictionFacts | None = None,
) -> list[ErrorDetail]:
    """Everything that keeps this app from being offered by `government` (empty: it may)."""
    is_publisher = publisher_id == government.pk
    cleaned, problems = validate_local_values(
        definition,
        local_values,
        require_all=True,
        not_applicable=not_applicable,
        is_publisher=is_publisher,
    )
    marked, refused = validate_not_applicable(definition, list(not_applicable), cleaned)
    problems.extend(refused)
    facts = facts if facts is not None else facts_for(government)
    effective = apply_adaptations(
        apply_local_values(definition, cleaned, not_applicable=marked, is_publisher=is_publisher),
        adaptations or {},
    )
    problems.extend(unresolved_variables(effective, facts))
    problems.extend(missing_code_lists(effective, facts))
    return problems


def enabled_app_problems(enabled_app: EnabledApp, government: Government) -> list[ErrorDetail]:
    """`go_live_problems` of an enabled app as it is stored (its page shows them)."""
    return go_live_problems(
        definition=enabled_app.version.definition,
        publisher_id=enabled_app.catalog_app.publisher_id,
        government=government,
        local_values=enabled_app.local_values,
        not_applicable=enabled_app.not_applicable,
        adaptations=enabled_app.adaptations,
    )
