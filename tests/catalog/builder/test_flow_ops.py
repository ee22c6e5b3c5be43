"""The pure workflow edits: override points follow the outputs they target, the standard
workflow keeps the documents already issued, references of a state."""

from __future__ import annotations

import pytest

from catalog.builder.ops_flow import (
    apply_standard,
    is_minimal,
    remove_output,
    remove_state,
    state_references,
)
from catalog.definition import validate_definition
from core.errors import ApplicationError
from tests.catalog.factories import make_definition


def _with_outputs():
    definition = make_definition("constancia")
    definition["outputs"] = [
        {"id": "acuse", "kind": "acuse", "title": {"es-MX": "Acuse"}, "on_state": "recibida"},
        {
            "id": "res",
            "kind": "resolucion",
            "title": {"es-MX": "Res"},
            "on_state": "aprobada",
            "body": {"es-MX": "Folio {{folio}}"},
        },
    ]
    definition["overrides"] = [
        {
            "key": "texto",
            "type": "translatable",
            "required": False,
            "label": {"es-MX": "Texto"},
            "target": "/outputs/1/body",
        },
    ]
    return definition


def test_an_override_point_follows_its_output_when_an_earlier_one_is_removed():
    definition = _with_outputs()

    result = remove_output(definition, "acuse")

    assert [o["id"] for o in result["outputs"]] == ["res"]
    assert result["overrides"][0]["target"] == "/outputs/0/body"
    assert definition["overrides"][0]["target"] == "/outputs/1/body"  # input unchanged


def test_an_output_an_override_point_targets_cannot_be_removed():
    with pytest.raises(ApplicationError) as refused:
        remove_output(_with_outputs(), "res")

    assert refused.value.errors[0].location == "/definition/overrides/0/target"


def test_the_standard_workflow_keeps_issued_documents_on_states_it_has():
    definition = _with_outputs()
    assert is_minimal(definition)

    result = apply_standard(definition)

    # "aprobada" is not a standard state: its resolución moves to "resuelta", in place (the
    # override point still targets it); the standard adds only what is missing.
    assert [(o["id"], o["on_state"]) for o in result["outputs"]] == [
        ("acuse", "recibida"),
        ("res", "resuelta"),
        ("resolucion_rechazo", "rechazada"),
    ]
    assert result["overrides"] == definition["overrides"]
    assert validate_definition(result) == []
    assert not is_minimal(result)


def test_a_state_lists_what_refers_to_it():
    references = state_references(_with_outputs(), "aprobada")

    assert [(r.kind, r.item_id, r.blocking) for r in references] == [
        ("final", "aprobada", True),
        ("transition", "aprobar", False),
        ("output", "res", True),
    ]
    with pytest.raises(ApplicationError) as refused:
        remove_state(_with_outputs(), "aprobada", with_transitions=True)
    assert {e.location for e in refused.value.errors} == {
        "/definition/workflow/final/0",
        "/definition/outputs/1/on_state",
    }
