"""Pure edits of a definition's workflow and outputs (the "Flujo" section): the standard workflow,
what refers to a state, removing states, transitions and outputs without leaving dangling
references, and the initial/final marks.

Like operations.py: each function returns a NEW definition and raises `ApplicationError` located
at `/definition<pointer>` when it cannot apply; the save's validator checks the rest
(reachability, dead ends, unknown states).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from catalog import errors
from catalog.builder.operations import ES, get_at, pointer_join, pointer_parts, set_value
from core.errors import ApplicationError, ErrorDetail

WORKFLOW = "/workflow"
STATES = "/workflow/states"
TRANSITIONS = "/workflow/transitions"
OUTPUTS = "/outputs"

ACTORS = ("case_officer", "citizen", "system")
TRIGGERS = ("manual", "plazo_vencido", "prevencion_vencida", "pago_confirmado")
OUTPUT_KINDS = ("acuse", "resolucion", "constancia")


def _t(es: str, en: str) -> dict[str, str]:
    return {"es-MX": es, "en": en}


def _transition(
    id_: str,
    source: str,
    target: str,
    actor: str,
    label: dict[str, str],
    *,
    pauses_clock: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": id_,
        "from": source,
        "to": target,
        "actor": actor,
        "label": label,
        "notify_citizen": True,
        "pauses_clock": pauses_clock,
        **extra,
    }


# The usual procedure (LFPA arts. 17 and 17-A, as catalog/definition/examples/licencia-conducir-a
# does it): received, under review, a prevención that stops the clock and goes back to review
# when answered (or ends the case when it is not), then granted or rejected.
STANDARD_WORKFLOW: dict[str, Any] = {
    "initial": "recibida",
    "final": ["resuelta", "rechazada", "desechada"],
    "states": [
        {"id": "recibida", "name": _t("Recibida", "Received")},
        {"id": "en_revision", "name": _t("En revisión", "Under review")},
        {
            "id": "prevencion",
            "name": _t("Prevención", "Information requested"),
            "citizen_name": _t("Falta información", "Information missing"),
            "description": _t(
                "La autoridad pidió corregir o completar la solicitud; el plazo se detiene.",
                "The authority asked to correct or complete the application; the clock stops.",
            ),
        },
        {"id": "resuelta", "name": _t("Resuelta", "Granted")},
        {"id": "rechazada", "name": _t("Rechazada", "Rejected")},
        {
            "id": "desechada",
            "name": _t("Desechada por no atender la prevención", "Dismissed: request not answered"),
        },
    ],
    "transitions": [
        _transition(
            "iniciar_revision",
            "recibida",
            "en_revision",
            "case_officer",
            _t("Iniciar revisión", "Start review"),
        ),
        _transition(
            "prevenir",
            "en_revision",
            "prevencion",
            "case_officer",
            _t("Pedir información faltante", "Request missing information"),
            pauses_clock=True,
            requires_comment=True,
        ),
        _transition(
            "atender_prevencion",
            "prevencion",
            "en_revision",
            "citizen",
            _t("Enviar información", "Send information"),
        ),
        _transition(
            "desechar",
            "prevencion",
            "desechada",
            "system",
            _t("Desechar por plazo vencido", "Dismiss: deadline passed"),
            trigger="prevencion_vencida",
        ),
        _transition("resolver", "en_revision", "resuelta", "case_officer", _t("Resolver", "Grant")),
        _transition(
            "rechazar",
            "en_revision",
            "rechazada",
            "case_officer",
            _t("Rechazar", "Reject"),
            requires_comment=True,
        ),
    ],
}

STANDARD_OUTPUTS: tuple[dict[str, Any], ...] = (
    {
        "id": "acuse",
        "kind": "acuse",
        "title": _t("Acuse de recibo", "Acknowledgement of receipt"),
        "on_state": "recibida",
        "body": _t(
            "Se recibió su solicitud con folio {{folio}} el {{fecha}}.",
            "Your application was received with folio {{folio}} on {{fecha}}.",
        ),
        "signed": True,
        "qr_verification": True,
    },
    {
        "id": "resolucion",
        "kind": "resolucion",
        "title": _t("Resolución", "Decision"),
        "on_state": "resuelta",
        "body": _t(
            "Se resuelve favorablemente la solicitud con folio {{folio}}.",
            "The application with folio {{folio}} is granted.",
        ),
        "signed": True,
        "qr_verification": True,
    },
    {
        "id": "resolucion_rechazo",
        "kind": "resolucion",
        "title": _t("Resolución: solicitud rechazada", "Decision: application rejected"),
        "on_state": "rechazada",
        "signed": True,
        "qr_verification": True,
    },
)

# "Minimal": at most this many states, every transition leaving the initial one (the blank
# start and the simple templates: received → granted / rejected).
_MINIMAL_STATES = 4


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def states(definition: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [s for s in _list(get_at(definition, STATES)) if isinstance(s, Mapping)]


def transitions(definition: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [t for t in _list(get_at(definition, TRANSITIONS)) if isinstance(t, Mapping)]


def outputs(definition: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [o for o in _list(get_at(definition, OUTPUTS)) if isinstance(o, Mapping)]


def index_of(definition: Mapping[str, Any], list_pointer: str, item_id: str) -> int | None:
    for index, item in enumerate(_list(get_at(definition, list_pointer))):
        if isinstance(item, Mapping) and item.get("id") == item_id:
            return index
    return None


def es(text: object, default: str = "") -> str:
    """The Spanish of a translatable (or `default`)."""
    return str(_mapping(text).get(ES) or default)


def state_label(definition: Mapping[str, Any], state_id: object) -> str:
    state = next((s for s in states(definition) if s.get("id") == state_id), None)
    return es(state.get("name"), str(state_id)) if state else str(state_id)


def is_minimal(definition: Mapping[str, Any]) -> bool:
    """True when the workflow is empty or no more than "received → an answer": the standard
    workflow is then offered (replacing it loses nothing a person designed)."""
    workflow = get_at(definition, WORKFLOW)
    if not isinstance(workflow, Mapping) or not states(definition):
        return True
    initial = workflow.get("initial")
    return len(states(definition)) <= _MINIMAL_STATES and all(
        t.get("from") == initial for t in transitions(definition)
    )


def apply_standard(definition: Mapping[str, Any]) -> dict[str, Any]:
    """The standard workflow in place of an empty or minimal one. Outputs are kept where they
    are (override points may point at them by index): one on a state the standard lacks moves
    to its initial state (an acuse) or to "resuelta"; the standard's acuse and resoluciones
    are added when nothing is issued there yet."""
    if not is_minimal(definition):
        raise ApplicationError.single(
            errors.BUILDER_INPUT_INVALID,
            "El flujo ya tiene estados propios; el flujo estándar solo se ofrece para uno vacío "
            "o mínimo. Cambie los estados uno por uno.",
            "The workflow already has states of its own; the standard workflow is only offered "
            "for an empty or minimal one. Change the states one by one.",
            f"/definition{WORKFLOW}",
        )
    standard = copy.deepcopy(STANDARD_WORKFLOW)
    known = {s["id"] for s in standard["states"]}
    kept = []
    for output in _list(get_at(definition, OUTPUTS)):
        output = copy.deepcopy(output)
        if isinstance(output, dict) and output.get("on_state") not in known:
            output["on_state"] = (
                standard["initial"] if output.get("kind") == "acuse" else "resuelta"
            )
        kept.append(output)
    taken = {o.get("id") for o in kept if isinstance(o, Mapping)}
    issued = {(o.get("kind"), o.get("on_state")) for o in kept if isinstance(o, Mapping)}
    for output in STANDARD_OUTPUTS:
        if output["id"] not in taken and (output["kind"], output["on_state"]) not in issued:
            kept.append(copy.deepcopy(output))
    result = set_value(definition, WORKFLOW, standard)
    return set_value(result, OUTPUTS, kept)


# --- references ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """Something that names a state: kind is "transition", "output", "initial" or "final";
    `blocking` ones must be changed first (a transition can go with its state)."""

    kind: str
    item_id: str
    label: str  # Spanish name of the transition or output
    pointer: str

    @property
    def blocking(self) -> bool:
        return self.kind != "transition"


def state_references(definition: Mapping[str, Any], state_id: str) -> list[Reference]:
    found: list[Reference] = []
    workflow = _mapping(get_at(definition, WORKFLOW))
    if workflow.get("initial") == state_id:
        found.append(Reference("initial", state_id, "", f"{WORKFLOW}/initial"))
    for index, final in enumerate(_list(workflow.get("final"))):
        if final == state_id:
            found.append(Reference("final", state_id, "", f"{WORKFLOW}/final/{index}"))
    for index, item in enumerate(_list(workflow.get("transitions"))):
        if isinstance(item, Mapping) and state_id in (item.get("from"), item.get("to")):
            label = es(item.get("label"), str(item.get("id")))
            text = (
                f"{label} ({state_label(definition, item.get('from'))} → "
                f"{state_label(definition, item.get('to'))})"
            )
            found.append(
                Reference("transition", str(item.get("id")), text, f"{TRANSITIONS}/{index}")
            )
    for index, item in enumerate(_list(get_at(definition, OUTPUTS))):
        if isinstance(item, Mapping) and item.get("on_state") == state_id:
            found.append(
                Reference(
                    "output",
                    str(item.get("id")),
                    es(item.get("title"), str(item.get("id"))),
                    f"{OUTPUTS}/{index}/on_state",
                )
            )
    return found


def _reference_text(reference: Reference) -> tuple[str, str]:
    if reference.kind == "initial":
        return "es el estado inicial", "it is the initial state"
    if reference.kind == "final":
        return "es un estado final", "it is a final state"
    if reference.kind == "output":
        return (
            f"el documento «{reference.label}» se emite en él",
            f"the document '{reference.label}' is issued in it",
        )
    return (
        f"lo usa la transición «{reference.label}»",
        f"transition '{reference.label}' uses it",
    )


def _not_found(list_pointer: str, item_id: str) -> ApplicationError:
    return ApplicationError.single(
        errors.BUILDER_POINTER_INVALID,
        f"No existe «{item_id}» en {list_pointer}.",
        f"There is no '{item_id}' in {list_pointer}.",
        f"/definition{list_pointer}",
    )


# --- removing list items without dangling override targets --------------------------------------


def _remove_items(definition: Mapping[str, Any], list_pointer: str, doomed: set[int]) -> dict:
    """A copy without the items at `doomed` indices of the list at `list_pointer`. Override
    points targeting a later item of that list follow it (their index shifts); one targeting a
    removed item refuses the removal (the adopters' local value would lose its place)."""
    result = copy.deepcopy(dict(definition))
    items = _list(get_at(result, list_pointer))
    depth = len(pointer_parts(list_pointer))
    problems = []
    for index, override in enumerate(_list(result.get("overrides"))):
        target = override.get("target") if isinstance(override, dict) else None
        if not isinstance(target, str) or not target.startswith(list_pointer + "/"):
            continue
        parts = pointer_parts(target)
        position = parts[depth]
        if not position.isdigit():
            continue
        if int(position) in doomed:
            problems.append(
                ErrorDetail(
                    errors.BUILDER_REFERENCED,
                    f"El punto de ajuste local «{override.get('key')}» apunta a {target}; "
                    "quítelo o cámbielo antes.",
                    f"Override point '{override.get('key')}' targets {target}; remove or "
                    "change it first.",
                    f"/definition/overrides/{index}/target",
                )
            )
            continue
        shift = sum(1 for removed in doomed if removed < int(position))
        parts[depth] = str(int(position) - shift)
        override["target"] = pointer_join(*parts)
    if problems:
        raise ApplicationError(problems)
    items[:] = [item for index, item in enumerate(items) if index not in doomed]
    return result


def remove_state(
    definition: Mapping[str, Any], state_id: str, *, with_transitions: bool = False
) -> dict[str, Any]:
    """Remove a state. Refused, listing the references, while it is initial, final or where a
    document is issued; its transitions go with it only with `with_transitions` (the person
    confirmed after seeing them)."""
    index = index_of(definition, STATES, state_id)
    if index is None:
        raise _not_found(STATES, state_id)
    references = state_references(definition, state_id)
    refused = [r for r in references if r.blocking or not with_transitions]
    if refused:
        name = state_label(definition, state_id)
        problems = []
        for reference in refused:
            text_es, text_en = _reference_text(reference)
            problems.append(
                ErrorDetail(
                    errors.BUILDER_REFERENCED,
                    f"No se puede quitar el estado «{name}»: {text_es}.",
                    f"State '{name}' cannot be removed: {text_en}.",
                    f"/definition{reference.pointer}",
                )
            )
        raise ApplicationError(problems)
    doomed = {
        position
        for position, item in enumerate(_list(get_at(definition, TRANSITIONS)))
        if isinstance(item, Mapping) and state_id in (item.get("from"), item.get("to"))
    }
    result = _remove_items(definition, TRANSITIONS, doomed)
    return _remove_items(result, STATES, {index})


def remove_transition(definition: Mapping[str, Any], transition_id: str) -> dict[str, Any]:
    index = index_of(definition, TRANSITIONS, transition_id)
    if index is None:
        raise _not_found(TRANSITIONS, transition_id)
    return _remove_items(definition, TRANSITIONS, {index})


def remove_output(definition: Mapping[str, Any], output_id: str) -> dict[str, Any]:
    index = index_of(definition, OUTPUTS, output_id)
    if index is None:
        raise _not_found(OUTPUTS, output_id)
    return _remove_items(definition, OUTPUTS, {index})


def state_choices(definition: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(str(s.get("id")), es(s.get("name"), str(s.get("id")))) for s in states(definition)]


def ids(items: Sequence[Mapping[str, Any]]) -> set[str]:
    return {str(item.get("id")) for item in items if isinstance(item.get("id"), str)}
