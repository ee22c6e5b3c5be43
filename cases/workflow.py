"""Reading an app's workflow (states and transitions of its definition) for one case."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CITIZEN = "citizen"


def _workflow(definition: Mapping[str, Any]) -> Mapping[str, Any]:
    workflow = definition.get("workflow")
    return workflow if isinstance(workflow, Mapping) else {}


def initial_state(definition: Mapping[str, Any]) -> str:
    return str(_workflow(definition).get("initial", ""))


def final_states(definition: Mapping[str, Any]) -> set[str]:
    return {str(state) for state in _workflow(definition).get("final") or []}


def state(definition: Mapping[str, Any], state_id: str) -> dict[str, Any]:
    for item in _workflow(definition).get("states") or []:
        if isinstance(item, Mapping) and item.get("id") == state_id:
            return dict(item)
    return {"id": state_id, "name": {"es-MX": state_id, "en": state_id}}


def state_name(
    definition: Mapping[str, Any], state_id: str, *, citizen: bool = True
) -> dict[str, str]:
    """The state's name as citizens see it (its citizen_name when it has one)."""
    item = state(definition, state_id)
    name = (item.get("citizen_name") if citizen else None) or item.get("name") or {}
    return dict(name)


def transitions_from(
    definition: Mapping[str, Any], state_id: str, *, actor: str | None = None
) -> list[dict[str, Any]]:
    return [
        dict(item)
        for item in _workflow(definition).get("transitions") or []
        if isinstance(item, Mapping)
        and item.get("from") == state_id
        and (actor is None or item.get("actor") == actor)
    ]


def transition(definition: Mapping[str, Any], transition_id: str) -> dict[str, Any] | None:
    for item in _workflow(definition).get("transitions") or []:
        if isinstance(item, Mapping) and item.get("id") == transition_id:
            return dict(item)
    return None


def correction_transition(definition: Mapping[str, Any], state_id: str) -> dict[str, Any] | None:
    """The citizen's way out of a prevención: a citizen transition from this state that does
    not end the case. None when the case is not waiting for the citizen."""
    finals = final_states(definition)
    for item in transitions_from(definition, state_id, actor=CITIZEN):
        if item.get("to") not in finals:
            return item
    return None
