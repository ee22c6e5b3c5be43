"""Reading an app's workflow (states and transitions of its definition) for one case.

The definition's own wrapper (catalog.definition.Definition) knows the workflow; these are the
case-side names for it, taking a definition or its wrapper, so callers need not wrap first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.definition import Definition

CITIZEN = "citizen"


def initial_state(definition: Mapping[str, Any]) -> str:
    return Definition(definition).initial_state


def final_states(definition: Mapping[str, Any]) -> frozenset[str]:
    return Definition(definition).final_states


def state(definition: Mapping[str, Any], state_id: str) -> Mapping[str, Any]:
    return Definition(definition).state(state_id)


def state_name(
    definition: Mapping[str, Any], state_id: str, *, citizen: bool = True
) -> Mapping[str, str]:
    """The state's name as citizens see it (its citizen_name when it has one)."""
    return Definition(definition).state_name(state_id, citizen=citizen)


def transitions_from(
    definition: Mapping[str, Any], state_id: str, *, actor: str | None = None
) -> tuple[Mapping[str, Any], ...]:
    return Definition(definition).transitions_from(state_id, actor=actor)


def transition(definition: Mapping[str, Any], transition_id: str) -> Mapping[str, Any] | None:
    return Definition(definition).transition(transition_id)


def correction_transition(definition: Mapping[str, Any], state_id: str) -> Mapping[str, Any] | None:
    """The citizen's way out of a prevención: a citizen transition from this state that does
    not end the case. None when the case is not waiting for the citizen."""
    return Definition(definition).correction_transition(state_id)
