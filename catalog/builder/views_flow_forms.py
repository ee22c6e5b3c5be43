"""The forms of the "Flujo" section as data: a state, a new state with the transitions into and
out of it, a transition, an issued document (output), and the initial/final marks. Each form is
a list of items (catalog.builder.controls) under a JSON pointer prefix; the `*_apply` functions
are pure edits of a definition (what the views hand to builder_save)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from catalog import errors
from catalog.builder.controls import Checks, Choice, Flag, I18n
from catalog.builder.operations import clean_text, id_from_label, set_value
from catalog.builder.ops_flow import (
    OUTPUTS,
    STATES,
    TRANSITIONS,
    WORKFLOW,
    ids,
    index_of,
    outputs,
    state_choices,
    states,
    transitions,
)
from catalog.builder.pages import Control, Group, Panel
from catalog.definition.errors import DefinitionErrorCode as Code
from core.errors import ApplicationError, ErrorDetail

ACTOR_CHOICES = (
    ("case_officer", _("Personal de la oficina")),
    ("citizen", _("La persona solicitante")),
    ("system", _("El sistema (automático)")),
)
TRIGGER_CHOICES = (
    ("manual", _("Manual (una persona actúa)")),
    ("plazo_vencido", _("Vence el plazo de respuesta")),
    ("prevencion_vencida", _("Vence el plazo para atender la prevención")),
    ("pago_confirmado", _("Se confirma el pago")),
)
KIND_CHOICES = (
    ("acuse", _("Acuse de recibo")),
    ("resolucion", _("Resolución")),
    ("constancia", _("Constancia")),
)

STATE_ITEMS = (
    I18n("name", "/name", _("Nombre del estado (como lo ve la oficina)")),
    I18n(
        "citizen_name",
        "/citizen_name",
        _("Nombre que ve la persona solicitante (opcional)"),
        hint=_("Solo si es distinto, p. ej. «Falta información» en vez de «Prevención»."),
    ),
    I18n("description", "/description", _("Descripción (opcional)"), multiline=True),
)


def transition_items(definition: Mapping[str, Any], prefix: str = "") -> list[Any]:
    """A transition's inputs; `prefix` names them apart when one form holds two transitions."""
    choices = state_choices(definition)
    return [
        Choice(f"{prefix}from", "/from", _("Desde el estado"), choices, optional=False),
        Choice(f"{prefix}to", "/to", _("Hacia el estado"), choices, optional=False),
        I18n(
            f"{prefix}label",
            "/label",
            _("Nombre de la acción"),
            hint=_("Lo que dice el botón, p. ej. «Aprobar». Su identificador sale de aquí."),
        ),
        Choice(f"{prefix}actor", "/actor", _("Quién la realiza"), ACTOR_CHOICES, optional=False),
        Choice(
            f"{prefix}trigger",
            "/trigger",
            _("Qué la dispara (solo si la realiza el sistema)"),
            TRIGGER_CHOICES,
        ),
        Flag(f"{prefix}notify_citizen", "/notify_citizen", _("Avisar a la persona solicitante")),
        Flag(
            f"{prefix}pauses_clock",
            "/pauses_clock",
            _("Detiene el plazo mientras el expediente está en el estado de destino"),
            help=_("Como en una prevención: el plazo de respuesta no corre."),
        ),
        Flag(f"{prefix}requires_comment", "/requires_comment", _("Pide un comentario")),
    ]


OUTPUT_BODY_HINT = _(
    "Puede escribir {{folio}} (folio del expediente), {{fecha}} (fecha y hora en que se "
    "presentó), {{nombre}} (la respuesta a la pregunta «nombre») o el identificador de "
    "cualquier otra pregunta entre llaves dobles, p. ej. {{placa}}; abajo está la lista. "
    "También variables del gobierno que lo adopta, como {{entidad.nombre}}."
)


def output_items(definition: Mapping[str, Any]) -> list[Any]:
    return [
        Choice("kind", "/kind", _("Tipo de documento"), KIND_CHOICES, optional=False),
        Choice(
            "on_state",
            "/on_state",
            _("Se emite al llegar al estado"),
            state_choices(definition),
            optional=False,
        ),
        I18n("title", "/title", _("Título")),
        I18n("body", "/body", _("Texto"), multiline=True, hint=OUTPUT_BODY_HINT),
        Flag("signed", "/signed", _("Con firma electrónica del gobierno")),
        Flag("qr_verification", "/qr_verification", _("Con código QR de verificación")),
    ]


def _groups(items: Sequence[Any], definition: Mapping[str, Any], data: Any, prefix: str) -> list:
    return [group for item in items for group in item.groups(definition, data, prefix)]


def _apply(items: Sequence[Any], definition: dict, data: Any, prefix: str) -> dict[str, Any]:
    for item in items:
        definition = item.apply(definition, data, prefix)
    return definition


def _posted(data: Any, name: str) -> str:
    return clean_text(data.get(name, "")) if data is not None else ""


# --- a state ------------------------------------------------------------------------------------


def state_panels(definition: Mapping[str, Any], state_id: str, data: Any = None) -> list[Panel]:
    index = index_of(definition, STATES, state_id)
    prefix = f"{STATES}/{index}"
    return [Panel(_("Estado"), _groups(STATE_ITEMS, definition, data, prefix), anchor="estado")]


def state_apply(definition: dict[str, Any], state_id: str, data: Any) -> dict[str, Any]:
    index = index_of(definition, STATES, state_id)
    if index is None:
        raise ApplicationError.single(
            errors.BUILDER_POINTER_INVALID,
            f"El estado «{state_id}» ya no existe.",
            f"State '{state_id}' no longer exists.",
            f"/definition{STATES}",
        )
    return _apply(STATE_ITEMS, definition, data, f"{STATES}/{index}")


# --- a new state, with the transitions into and out of it ---------------------------------------

IN, OUT = "entrada_", "salida_"
FINAL = "final"


def _new_transition_items(definition: Mapping[str, Any], prefix: str) -> list[Any]:
    items = transition_items(definition, prefix)
    # The new state is one end of each: only the other end is asked.
    keep = {f"{prefix}{'from' if prefix == IN else 'to'}", f"{prefix}label", f"{prefix}actor"}
    result = [item for item in items if item.name in keep]
    first = result[0]
    choices = list(state_choices(definition))
    # An empty first choice: "no transition" (for the way out of a final state).
    return [Choice(first.name, first.pointer, first.label, choices, optional=True), *result[1:]]


def _given(data: Any, prefix: str, end: str) -> bool:
    return bool(
        _posted(data, f"{prefix}{end}")
        or _posted(data, f"{prefix}label_es")
        or _posted(data, f"{prefix}label_en")
    )


def new_state_panels(definition: Mapping[str, Any], data: Any = None) -> list[Panel]:
    n, m = len(states(definition)), len(transitions(definition))
    # Where the way out lands in the attempted definition (after the way in, when given), so
    # its problems are placed on its controls.
    out = m + (1 if data is None or _given(data, IN, "from") else 0)
    final = Control(
        FINAL,
        _("Es un estado final (el expediente termina aquí)"),
        f"{WORKFLOW}/final",
        "checkbox",
        bool(_posted(data, FINAL)),
    )
    return [
        Panel(
            _("Estado nuevo"),
            [*_groups(STATE_ITEMS, definition, data, f"{STATES}/{n}"), Group("", [final])],
            anchor="estado",
        ),
        Panel(
            _("Cómo se llega a este estado"),
            _groups(_new_transition_items(definition, IN), definition, data, f"{TRANSITIONS}/{m}"),
            intro=_("Todo estado, salvo el inicial, necesita una transición que lleve a él."),
            anchor="entrada",
        ),
        Panel(
            _("Cómo se sale de este estado"),
            _groups(
                _new_transition_items(definition, OUT), definition, data, f"{TRANSITIONS}/{out}"
            ),
            intro=_(
                "Un estado que no es final necesita una salida; deje esta parte vacía si es final."
            ),
            anchor="salida",
        ),
    ]


def _missing_label(prefix: str) -> ErrorDetail:
    return ErrorDetail(
        errors.BUILDER_INPUT_INVALID,
        "Escriba el nombre de la acción (lo que dice el botón).",
        "Enter the action's name (what its button says).",
        f"{prefix}label_es",
    )


def new_state_apply(definition: dict[str, Any], data: Any) -> dict[str, Any]:
    """Append the state (id from its Spanish name) and, when given, the transition into it and
    the one out of it (ids from their labels), so one save can reach a valid workflow."""
    n = len(states(definition))
    state_id = id_from_label(_posted(data, "name_es"), ids(states(definition)))
    definition = set_value(definition, f"{STATES}/-", {"id": state_id})
    definition = _apply(STATE_ITEMS, definition, data, f"{STATES}/{n}")
    if _posted(data, FINAL):
        definition = set_value(definition, f"{WORKFLOW}/final/-", state_id)
    problems = []
    for prefix, end in ((IN, "from"), (OUT, "to")):
        if not _given(data, prefix, end):
            continue  # not asked for: the validator says whether the state needs it
        if not _posted(data, f"{prefix}label_es"):
            problems.append(_missing_label(prefix))
            continue
        m = len(transitions(definition))
        seed = {
            "id": id_from_label(_posted(data, f"{prefix}label_es"), ids(transitions(definition))),
            "from": state_id,
            "to": state_id,
            "actor": "case_officer",
            "notify_citizen": True,
            "pauses_clock": False,
        }
        definition = set_value(definition, f"{TRANSITIONS}/-", seed)
        items = _new_transition_items(definition, prefix)
        definition = _apply(items, definition, data, f"{TRANSITIONS}/{m}")
    if problems:
        raise ApplicationError(problems)
    return definition


def new_state_problem_place(problem: ErrorDetail, state_index: int) -> ErrorDetail:
    """The new state's reachability problems belong to the part of the form that fixes them:
    "unreachable" to the way in, "dead end" / "no path to a final state" to the way out."""
    if problem.location != f"/definition{STATES}/{state_index}/id":
        return problem
    if problem.code == str(Code.UNREACHABLE_STATE):
        where = f"{IN}from"
    elif problem.code in (str(Code.DEAD_END_STATE), str(Code.NO_PATH_TO_FINAL)):
        where = f"{OUT}to"
    else:
        return problem
    return ErrorDetail(problem.code, problem.message_es, problem.message_en, where)


# --- a transition -------------------------------------------------------------------------------


def transition_panels(
    definition: Mapping[str, Any], transition_id: str | None, data: Any = None
) -> list[Panel]:
    index = (
        index_of(definition, TRANSITIONS, transition_id)
        if transition_id
        else len(transitions(definition))
    )
    groups = _groups(transition_items(definition), definition, data, f"{TRANSITIONS}/{index}")
    return [Panel(_("Transición"), groups, anchor="transicion")]


def transition_apply(
    definition: dict[str, Any], transition_id: str | None, data: Any
) -> dict[str, Any]:
    """Edit a transition, or add one (`transition_id` None) with an id from its label."""
    if transition_id is None:
        label = _posted(data, "label_es")
        if not label:
            raise ApplicationError([_missing_label("")])
        index = len(transitions(definition))
        seed = {
            "id": id_from_label(label, ids(transitions(definition))),
            "from": "",
            "to": "",
            "actor": "case_officer",
            "notify_citizen": False,
            "pauses_clock": False,
        }
        definition = set_value(definition, f"{TRANSITIONS}/-", seed)
    else:
        found = index_of(definition, TRANSITIONS, transition_id)
        if found is None:
            raise ApplicationError.single(
                errors.BUILDER_POINTER_INVALID,
                f"La transición «{transition_id}» ya no existe.",
                f"Transition '{transition_id}' no longer exists.",
                f"/definition{TRANSITIONS}",
            )
        index = found
    return _apply(transition_items(definition), definition, data, f"{TRANSITIONS}/{index}")


# --- an issued document (output) ----------------------------------------------------------------


def output_panels(
    definition: Mapping[str, Any], output_id: str | None, data: Any = None
) -> list[Panel]:
    index = index_of(definition, OUTPUTS, output_id) if output_id else len(outputs(definition))
    groups = _groups(output_items(definition), definition, data, f"{OUTPUTS}/{index}")
    return [Panel(_("Documento que se emite"), groups, anchor="documento")]


def output_apply(definition: dict[str, Any], output_id: str | None, data: Any) -> dict[str, Any]:
    if output_id is None:
        index = len(outputs(definition))
        title = _posted(data, "title_es")
        seed = {
            "id": id_from_label(title or "documento", ids(outputs(definition))),
            "kind": "",
            "title": {},
            "on_state": "",
            "signed": False,
            "qr_verification": False,
        }
        definition = set_value(definition, f"{OUTPUTS}/-", seed)
    else:
        found = index_of(definition, OUTPUTS, output_id)
        if found is None:
            raise ApplicationError.single(
                errors.BUILDER_POINTER_INVALID,
                f"El documento «{output_id}» ya no existe.",
                f"Document '{output_id}' no longer exists.",
                f"/definition{OUTPUTS}",
            )
        index = found
    return _apply(output_items(definition), definition, data, f"{OUTPUTS}/{index}")


# --- initial and final states -------------------------------------------------------------------


def ends_items(definition: Mapping[str, Any]) -> list[Any]:
    choices = state_choices(definition)
    return [
        Choice("initial", f"{WORKFLOW}/initial", _("Estado inicial"), choices, optional=False),
        Checks(
            "final",
            f"{WORKFLOW}/final",
            _("Estados finales"),
            choices,
            hint=_("Donde el expediente termina. Al menos uno."),
        ),
    ]


def ends_panels(definition: Mapping[str, Any], data: Any = None) -> list[Panel]:
    return [
        Panel(
            _("Inicio y fin"),
            _groups(ends_items(definition), definition, data, ""),
            intro=_("Todo expediente empieza en el estado inicial y termina en uno final."),
            anchor="inicio-fin",
        )
    ]


def ends_apply(definition: dict[str, Any], data: Any) -> dict[str, Any]:
    return _apply(ends_items(definition), definition, data, "")
