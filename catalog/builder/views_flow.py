"""The "Flujo" section: the workflow's states and transitions and the documents it issues, with a
server-drawn diagram and the reachability checks shown beside the state concerned.

Pages: the overview (diagram, states, transitions, documents; the standard workflow, initial and
final marks, removing a transition or a document), a state (edit; new with its way in and out),
removing a state (references listed; its transitions go with it when confirmed), a transition
and a document (edit or new). Every save goes through builder_save.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.backoffice.views import PUBLISHING_ROLES
from catalog.builder import pages
from catalog.builder import views_flow_forms as forms
from catalog.builder.operations import get_at, pointer_parts
from catalog.builder.ops_flow import (
    OUTPUTS,
    STATES,
    TRANSITIONS,
    apply_standard,
    es,
    index_of,
    is_minimal,
    outputs,
    remove_output,
    remove_state,
    remove_transition,
    state_label,
    state_references,
    states,
    transitions,
)
from catalog.builder.selectors import BuilderSource
from catalog.builder.services import builder_save
from catalog.builder.views_flow_diagram import workflow_svg
from catalog.definition.consistency import check_workflow
from catalog.definition.rules import iter_fields
from core.actors import Actor
from core.errors import ApplicationError, ErrorDetail
from core.permissions import role_required
from tenants.requests import TenantRequest

SECTION = "flujo"
OVERVIEW = "publisher:builder_workflow"

Edit = Callable[[dict[str, Any]], dict[str, Any]]


def _save(
    request: TenantRequest,
    source: BuilderSource,
    revision: str,
    edit: Edit,
    attempt: dict[str, Any] | None = None,
) -> None:
    """Save `edit` through builder_save (raises its ApplicationError). `attempt["definition"]`
    receives what the edit produced, so a refusal by the validator can be shown where it
    happened (its pointers are the attempted definition's)."""
    record = attempt if attempt is not None else {}

    def recorded(definition: dict[str, Any]) -> dict[str, Any]:
        record["definition"] = edit(definition)
        return record["definition"]

    builder_save(
        app=source.app, draft_revision=revision, edit=recorded, actor=Actor.from_request(request)
    )


def _done(request: TenantRequest, slug: str, message: str, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse(OVERVIEW, args=[slug]) + (f"#{anchor}" if anchor else ""))


# --- where a problem belongs --------------------------------------------------------------------


@dataclass
class Located:
    """Problems sorted by what they concern: a state, a transition (by id), or neither."""

    states: dict[str, list[str]] = field(default_factory=dict)
    transitions: dict[str, list[str]] = field(default_factory=dict)
    shown: list[pages.ShownError] = field(default_factory=list)


def _item_id(definition: Mapping[str, Any], list_pointer: str, position: str) -> str | None:
    item = get_at(definition, f"{list_pointer}/{position}")
    return str(item.get("id")) if isinstance(item, Mapping) and item.get("id") else None


def locate(
    problems: Sequence[ErrorDetail],
    *,
    attempted: Mapping[str, Any],
    shown: Mapping[str, Any],
    controls: Sequence[pages.Control] = (),
    prefix: str = pages.DEFINITION_POINTER,
) -> Located:
    """Put each problem beside the state or transition it names (pointers are read in the
    `attempted` definition, items shown from `shown`), else on a control of the page, else in
    the summary with its pointer."""
    located = Located()
    known_states = {str(s.get("id")) for s in states(shown)}
    known_transitions = {str(t.get("id")) for t in transitions(shown)}
    rest: list[ErrorDetail] = []
    for problem in problems:
        location = problem.location
        relative = location[len(prefix) :] if location.startswith(prefix + "/") else None
        parts = pointer_parts(relative) if relative else []
        state = transition = None
        if parts[:2] == ["workflow", "states"] and len(parts) > 2:
            state = _item_id(attempted, STATES, parts[2])
        elif parts[:2] == ["workflow", "transitions"] and len(parts) > 2:
            transition = _item_id(attempted, TRANSITIONS, parts[2])
        if state in known_states:
            located.states.setdefault(str(state), []).append(problem.message)
            located.shown.append(pages.ShownError(f"estado-{state}", "", problem.message))
        elif transition in known_transitions:
            located.transitions.setdefault(str(transition), []).append(problem.message)
            located.shown.append(pages.ShownError(f"transicion-{transition}", "", problem.message))
        elif relative is not None and prefix != pages.DEFINITION_POINTER:
            # A check run on the definition itself: located like the save's problems.
            pointer = pages.DEFINITION_POINTER + relative
            rest.append(ErrorDetail(problem.code, problem.message_es, problem.message_en, pointer))
        else:
            rest.append(problem)
    located.shown.extend(pages.place_errors(rest, controls))
    return located


# --- the overview -------------------------------------------------------------------------------


def _actor_label(actor: object) -> str:
    return str(dict(forms.ACTOR_CHOICES).get(str(actor), str(actor)))


def _overview(
    request: TenantRequest,
    source: BuilderSource,
    *,
    revision: str,
    refused: ApplicationError | None = None,
    attempted: Mapping[str, Any] | None = None,
    ends_data: Any = None,
) -> HttpResponse:
    definition = source.definition
    slug = source.app.slug
    ends = forms.ends_panels(definition, ends_data)
    # The reachability checks on the draft as it is, beside each state (a notice, not an error).
    current = locate(
        list(check_workflow(definition)), attempted=definition, shown=definition, prefix=""
    )
    refused_at = Located()
    if refused is not None:
        refused_at = locate(
            refused.errors,
            attempted=attempted or definition,
            shown=definition,
            controls=pages.all_controls(ends),
        )
    workflow = definition.get("workflow") or {}
    finals = set(workflow.get("final") or [])
    state_rows = []
    for state in states(definition):
        state_id = str(state.get("id"))
        state_rows.append(
            {
                "id": state_id,
                "name_es": es(state.get("name"), state_id),
                "name_en": str((state.get("name") or {}).get("en") or ""),
                "citizen_name_es": es(state.get("citizen_name")),
                "description_es": es(state.get("description")),
                "initial": state_id == workflow.get("initial"),
                "final": state_id in finals,
                "problems": current.states.get(state_id, []),
                "errors": refused_at.states.get(state_id, []),
                "edit_url": reverse("publisher:builder_workflow_state", args=[slug, state_id]),
                "remove_url": reverse(
                    "publisher:builder_workflow_state_remove", args=[slug, state_id]
                ),
                "issues": [
                    es(o.get("title"), str(o.get("id")))
                    for o in outputs(definition)
                    if o.get("on_state") == state_id
                ],
            }
        )
    transition_rows = []
    for number, item in enumerate(transitions(definition), start=1):
        transition_id = str(item.get("id"))
        transition_rows.append(
            {
                "number": number,
                "id": transition_id,
                "label_es": es(item.get("label"), transition_id),
                "label_en": str((item.get("label") or {}).get("en") or ""),
                "from": state_label(definition, item.get("from")),
                "to": state_label(definition, item.get("to")),
                "actor": _actor_label(item.get("actor")),
                "trigger": dict(forms.TRIGGER_CHOICES).get(str(item.get("trigger")), "")
                if item.get("trigger") not in (None, "manual")
                else "",
                "notify_citizen": item.get("notify_citizen") is True,
                "pauses_clock": item.get("pauses_clock") is True,
                "requires_comment": item.get("requires_comment") is True,
                "errors": refused_at.transitions.get(transition_id, []),
                "edit_url": reverse(
                    "publisher:builder_workflow_transition", args=[slug, transition_id]
                ),
            }
        )
    output_rows = [
        {
            "id": str(item.get("id")),
            "title_es": es(item.get("title"), str(item.get("id"))),
            "kind": dict(forms.KIND_CHOICES).get(str(item.get("kind")), item.get("kind")),
            "on_state": state_label(definition, item.get("on_state")),
            "edit_url": reverse("publisher:builder_workflow_output", args=[slug, item.get("id")]),
        }
        for item in outputs(definition)
    ]
    problem_states = [*current.states, *refused_at.states]
    return render(
        request,
        "catalog/builder/flow.html",
        pages.page_context(
            source=source,
            section=SECTION,
            revision=revision,
            panels=ends,
            errors=refused_at.shown,
            notices=current.shown,
            offer_standard=is_minimal(definition),
            diagram=workflow_svg(definition, problem_states=problem_states),
            state_rows=state_rows,
            transition_rows=transition_rows,
            output_rows=output_rows,
        ),
    )


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_workflow(request: TenantRequest, slug: str) -> HttpResponse:
    source = pages.own_source(request, slug)
    if request.method != "POST":
        return _overview(request, source, revision=source.revision)
    revision = request.POST.get("revision", "")
    action = request.POST.get("action", "")
    data = request.POST
    edits: dict[str, tuple[Edit, str, str]] = {
        "standard": (apply_standard, _("Se aplicó el flujo estándar."), "diagrama"),
        "ends": (
            lambda d: forms.ends_apply(d, data),
            _("Se guardaron el estado inicial y los finales."),
            "inicio-fin",
        ),
        "remove_transition": (
            lambda d: remove_transition(d, data.get("transition", "")),
            _("Se quitó la transición."),
            "transiciones",
        ),
        "remove_output": (
            lambda d: remove_output(d, data.get("output", "")),
            _("Se quitó el documento."),
            "documentos",
        ),
    }
    if action not in edits:
        raise Http404
    edit, message, anchor = edits[action]
    attempt: dict[str, Any] = {}
    try:
        _save(request, source, revision, edit, attempt)
    except ApplicationError as error:
        return _overview(
            request,
            source,
            revision=revision,
            refused=error,
            attempted=attempt.get("definition"),
            ends_data=data if action == "ends" else None,
        )
    return _done(request, slug, message, anchor)


# --- forms over one element ---------------------------------------------------------------------


def _form_page(
    request: TenantRequest,
    source: BuilderSource,
    *,
    title: str,
    panels: Callable[[Any], list[pages.Panel]],
    edit: Callable[[dict[str, Any], Any], dict[str, Any]],
    message: str,
    anchor: str,
    place: Callable[[ErrorDetail], ErrorDetail] = lambda problem: problem,
    **extra: Any,
) -> HttpResponse:
    """A form page of the section: render from the draft, or apply what was posted and go back
    to the overview; refused, re-render what was typed with each problem beside its control
    (state problems name their state) and in the summary."""
    revision = source.revision
    errors: list[pages.ShownError] = []
    if request.method == "POST":
        revision = request.POST.get("revision", "")
        data = request.POST
        try:
            _save(request, source, revision, lambda d: edit(d, data))
        except ApplicationError as error:
            shown = panels(data)
            errors = pages.place_errors(
                [place(problem) for problem in error.errors], pages.all_controls(shown)
            )
            return _render_form(request, source, title, shown, revision, errors, extra)
        return _done(request, source.app.slug, message, anchor)
    return _render_form(request, source, title, panels(None), revision, errors, extra)


def _render_form(
    request: TenantRequest,
    source: BuilderSource,
    title: str,
    panels: list[pages.Panel],
    revision: str,
    errors: list[pages.ShownError],
    extra: Mapping[str, Any],
) -> HttpResponse:
    return render(
        request,
        "catalog/builder/flow_form.html",
        pages.page_context(
            source=source,
            section=SECTION,
            revision=revision,
            panels=panels,
            errors=errors,
            title=title,
            **extra,
        ),
    )


def _existing(definition: Mapping[str, Any], list_pointer: str, item_id: str) -> None:
    if index_of(definition, list_pointer, item_id) is None:
        raise Http404


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_workflow_state(request: TenantRequest, slug: str, state_id: str) -> HttpResponse:
    source = pages.own_source(request, slug)
    _existing(source.definition, STATES, state_id)
    return _form_page(
        request,
        source,
        title=_("Estado «%(name)s»") % {"name": state_label(source.definition, state_id)},
        panels=lambda data: forms.state_panels(source.definition, state_id, data),
        edit=lambda d, data: forms.state_apply(d, state_id, data),
        message=_("Se guardó el estado."),
        anchor=f"estado-{state_id}",
        state_id=state_id,
        remove_url=reverse("publisher:builder_workflow_state_remove", args=[slug, state_id]),
    )


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_workflow_state_new(request: TenantRequest, slug: str) -> HttpResponse:
    source = pages.own_source(request, slug)
    index = len(states(source.definition))
    return _form_page(
        request,
        source,
        title=_("Añadir un estado"),
        panels=lambda data: forms.new_state_panels(source.definition, data),
        edit=forms.new_state_apply,
        message=_("Se añadió el estado."),
        anchor="estados",
        place=lambda problem: forms.new_state_problem_place(problem, index),
    )


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_workflow_state_remove(request: TenantRequest, slug: str, state_id: str) -> HttpResponse:
    """What removing a state would break; removes it (with its transitions, when confirmed)."""
    source = pages.own_source(request, slug)
    _existing(source.definition, STATES, state_id)
    revision = source.revision
    errors: list[pages.ShownError] = []
    if request.method == "POST":
        revision = request.POST.get("revision", "")
        confirmed = request.POST.get("with_transitions") == "1"
        attempt: dict[str, Any] = {}
        try:
            _save(
                request,
                source,
                revision,
                lambda d: remove_state(d, state_id, with_transitions=confirmed),
                attempt,
            )
        except ApplicationError as error:
            attempted = attempt.get("definition") or source.definition
            errors = [
                pages.ShownError(
                    "",
                    "",
                    problem.message
                    if not problem.location.startswith(f"{pages.DEFINITION_POINTER}{STATES}/")
                    else f"{_state_of(attempted, problem.location)}: {problem.message}",
                )
                for problem in error.errors
            ]
        else:
            return _done(request, slug, _("Se quitó el estado."), "estados")
    references = state_references(source.definition, state_id)
    blocking = [_reference_row(source, r) for r in references if r.blocking]
    moving = [_reference_row(source, r) for r in references if not r.blocking]
    return render(
        request,
        "catalog/builder/flow_remove.html",
        pages.page_context(
            source=source,
            section=SECTION,
            revision=revision,
            errors=errors,
            state_id=state_id,
            state_name=state_label(source.definition, state_id),
            blocking=blocking,
            moving=moving,
        ),
    )


def _state_of(definition: Mapping[str, Any], location: str) -> str:
    parts = pointer_parts(location[len(pages.DEFINITION_POINTER) :])
    state_id = _item_id(definition, STATES, parts[2]) if len(parts) > 2 else None
    return state_label(definition, state_id) if state_id else ""


def _reference_row(source: BuilderSource, reference: Any) -> dict[str, str]:
    slug = source.app.slug
    overview = reverse(OVERVIEW, args=[slug])
    if reference.kind == "initial":
        return {"text": _("Es el estado inicial."), "url": f"{overview}#inicio-fin"}
    if reference.kind == "final":
        return {"text": _("Es un estado final."), "url": f"{overview}#inicio-fin"}
    if reference.kind == "output":
        return {
            "text": _("El documento «%(title)s» se emite en este estado.")
            % {"title": reference.label},
            "url": reverse("publisher:builder_workflow_output", args=[slug, reference.item_id]),
        }
    return {
        "text": _("Transición «%(label)s».") % {"label": reference.label},
        "url": reverse("publisher:builder_workflow_transition", args=[slug, reference.item_id]),
    }


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_workflow_transition(
    request: TenantRequest, slug: str, transition_id: str | None = None
) -> HttpResponse:
    source = pages.own_source(request, slug)
    if transition_id is not None:
        _existing(source.definition, TRANSITIONS, transition_id)
    return _form_page(
        request,
        source,
        title=_("Añadir una transición") if transition_id is None else _("Transición"),
        panels=lambda data: forms.transition_panels(source.definition, transition_id, data),
        edit=lambda d, data: forms.transition_apply(d, transition_id, data),
        message=_("Se guardó la transición."),
        anchor="transiciones",
        transition_id=transition_id,
    )


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_workflow_output(
    request: TenantRequest, slug: str, output_id: str | None = None
) -> HttpResponse:
    source = pages.own_source(request, slug)
    if output_id is not None:
        _existing(source.definition, OUTPUTS, output_id)
    placeholders = [
        {
            "id": str(item["id"]),
            "label": es(item.get("label"), str(item["id"])),
            "sensitive": bool(item.get("sensitive")),
        }
        for item in iter_fields(source.definition)
    ]
    return _form_page(
        request,
        source,
        title=_("Añadir un documento que se emite")
        if output_id is None
        else _("Documento que se emite"),
        panels=lambda data: forms.output_panels(source.definition, output_id, data),
        edit=lambda d, data: forms.output_apply(d, output_id, data),
        message=_("Se guardó el documento."),
        anchor="documentos",
        placeholders=placeholders,
        output_id=output_id,
    )
