"""Pasos y preguntas: the list of steps with their questions (add, reorder, move, remove, each a
small form that saves through builder_save), a step's page (title, description) and a question's
page (its settings). Thin: the edits are catalog.builder.ops_steps and ops_steps_fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog import errors as catalog_errors
from catalog.backoffice.views import PUBLISHING_ROLES
from catalog.builder import ops_steps as ops
from catalog.builder import pages
from catalog.builder.controls import I18n
from catalog.builder.operations import EN, ES, get_at
from catalog.builder.ops_steps_fields import field_apply, field_panels, type_label
from catalog.builder.selectors import BuilderSource
from catalog.builder.services import builder_save
from core.actors import Actor
from core.errors import ApplicationError
from core.permissions import role_required
from tenants.models import CodeList
from tenants.requests import TenantRequest

NEW_STEP = "nuevo_paso"


def _text(value: object) -> str:
    return str(value.get(ES, "")) if isinstance(value, Mapping) else ""


def _type_choices() -> list[tuple[str, str]]:
    return [("", _("Elija el tipo de respuesta"))] + [
        (name, type_label(name)) for name in ops.field_type_names()
    ]


def _new_question_controls(prefix: str, data: Any) -> list[pages.Control]:
    def posted(name: str) -> str:
        return str(data.get(f"{prefix}_{name}", "")) if data is not None else ""

    return [
        pages.Control(
            f"{prefix}_label_es", _("Pregunta en español"), "", value=posted("label_es"), lang=ES
        ),
        pages.Control(
            f"{prefix}_label_en", _("Pregunta en inglés"), "", value=posted("label_en"), lang=EN
        ),
        pages.Control(
            f"{prefix}_type", _("Tipo de respuesta"), "", "select", posted("type"), _type_choices()
        ),
    ]


@dataclass
class FieldRow:
    id: str
    label: str
    type_label: str
    required: bool
    edit_url: str
    control: pages.Control
    first: bool
    last: bool
    rules_to_remove: int = 0


@dataclass
class StepRow:
    id: str
    title: str
    number: int
    control: pages.Control
    edit_url: str
    first: bool
    last: bool
    fields: list[FieldRow] = field(default_factory=list)
    add: list[pages.Control] = field(default_factory=list)


def _rows(source: BuilderSource, data: Any, posted_step: str) -> list[StepRow]:
    slug = source.app.slug
    steps = ops.steps_of(source.definition)
    rows = []
    for s, step in enumerate(steps):
        step_id = str(step.get("id"))
        row = StepRow(
            step_id,
            _text(step.get("title")) or step_id,
            s + 1,
            pages.Control(f"paso-{step_id}", _text(step.get("title")), ops.step_pointer(s)),
            reverse("publisher:builder_step_edit", args=[slug, step_id]),
            s == 0,
            s == len(steps) - 1,
            add=_new_question_controls(
                f"nueva-{step_id}", data if posted_step == step_id else None
            ),
        )
        fields = [f for f in step.get("fields") or [] if isinstance(f, Mapping)]
        for f, item in enumerate(fields):
            field_id = str(item.get("id"))
            row.fields.append(
                FieldRow(
                    field_id,
                    _text(item.get("label")) or field_id,
                    type_label(str(item.get("type"))),
                    item.get("required") is True,
                    reverse("publisher:builder_field_edit", args=[slug, step_id, field_id]),
                    pages.Control(
                        f"pregunta-{field_id}", _text(item.get("label")), ops.field_pointer(s, f)
                    ),
                    f == 0,
                    f == len(fields) - 1,
                )
            )
        rows.append(row)
    return rows


def _all_controls(rows: list[StepRow], new_step: list[pages.Control]) -> list[pages.Control]:
    controls = []
    for row in rows:
        controls.append(row.control)
        controls.extend(fr.control for fr in row.fields)
        controls.extend(row.add)
    return controls + new_step


def _new_step_controls(data: Any) -> list[pages.Control]:
    def posted(name: str) -> str:
        return str(data.get(f"{NEW_STEP}_{name}", "")) if data is not None else ""

    return [
        pages.Control(
            f"{NEW_STEP}_title_es",
            _("Título del paso en español"),
            "",
            value=posted("title_es"),
            lang=ES,
        ),
        pages.Control(
            f"{NEW_STEP}_title_en",
            _("Título del paso en inglés"),
            "",
            value=posted("title_en"),
            lang=EN,
        ),
        *_new_question_controls(NEW_STEP, data),
    ]


def _texts(data: Any, name: str) -> dict[str, str]:
    return {ES: str(data.get(f"{name}_es", "")), EN: str(data.get(f"{name}_en", ""))}


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_steps(request: TenantRequest, slug: str) -> HttpResponse:
    source = pages.own_source(request, slug)
    errors: list[pages.ShownError] = []
    revision = source.revision
    data = request.POST if request.method == "POST" else None
    action = str(data.get("action", "")) if data is not None else ""
    step_id = str(data.get("step", "")) if data is not None else ""
    field_id = str(data.get("field", "")) if data is not None else ""
    cascade = ""
    rows: list[StepRow] | None = None
    new_step: list[pages.Control] = []
    if data is not None:
        revision = str(data.get("revision", ""))
        created: dict[str, str] = {}

        def add_field(definition: dict[str, Any]) -> dict[str, Any]:
            result, created["field"] = ops.add_field(
                definition,
                step_id=step_id,
                label=_texts(data, f"nueva-{step_id}_label"),
                type_name=str(data.get(f"nueva-{step_id}_type", "")),
            )
            return result

        def add_step(definition: dict[str, Any]) -> dict[str, Any]:
            result, created["step"], created["field"] = ops.add_step(
                definition,
                title=_texts(data, f"{NEW_STEP}_title"),
                first_label=_texts(data, f"{NEW_STEP}_label"),
                first_type=str(data.get(f"{NEW_STEP}_type", "")),
            )
            return result

        edits: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "step_up": lambda d: ops.move_step(d, step_id, -1),
            "step_down": lambda d: ops.move_step(d, step_id, 1),
            "step_remove": lambda d: ops.remove_step(d, step_id),
            "step_add": add_step,
            "field_up": lambda d: ops.move_field(d, field_id, -1),
            "field_down": lambda d: ops.move_field(d, field_id, 1),
            "field_move": lambda d: ops.move_field_to_step(
                d, field_id, str(data.get("to_step", ""))
            ),
            "field_remove": lambda d: ops.remove_field(d, field_id),
            "field_remove_with_rules": lambda d: ops.remove_field(d, field_id, with_rules=True),
            "field_add": add_field,
        }
        if action not in edits:
            return redirect("publisher:builder_steps", slug=slug)
        try:
            builder_save(
                app=source.app,
                draft_revision=revision,
                edit=edits[action],
                actor=Actor.from_request(request),
            )
        except ApplicationError as error:
            rows = _rows(source, data, step_id if action == "field_add" else "")
            new_step = _new_step_controls(data if action == "step_add" else None)
            errors = pages.place_errors(error.errors, _all_controls(rows, new_step))
            if action == "field_remove" and any(
                e.code == catalog_errors.BUILDER_REFERENCED for e in error.errors
            ):
                references = ops.references_to(source.definition, {field_id})
                if references and all(r.kind == ops.RULE for r in references):
                    cascade = field_id
                    for row in rows:
                        for fr in row.fields:
                            if fr.id == field_id:
                                fr.rules_to_remove = len({r.index for r in references})
        else:
            messages.success(request, _("Cambios guardados en el borrador."))
            if action == "field_add":
                return redirect(
                    "publisher:builder_field_edit",
                    slug=slug,
                    step_id=step_id,
                    field_id=created["field"],
                )
            if action == "step_add":
                return redirect(
                    reverse("publisher:builder_steps", args=[slug]) + f"#paso-{created['step']}"
                )
            anchor = f"#paso-{step_id}" if action.startswith("step_") else ""
            if action in ("field_up", "field_down", "field_move"):
                anchor = f"#pregunta-{field_id}"
            return redirect(reverse("publisher:builder_steps", args=[slug]) + anchor)
    if rows is None:
        rows = _rows(source, None, "")
        new_step = _new_step_controls(None)
    return render(
        request,
        "catalog/builder/steps.html",
        pages.page_context(
            source=source,
            section="pasos",
            revision=revision,
            errors=errors,
            rows=rows,
            new_step=new_step,
            cascade=cascade,
            step_choices=[(row.id, f"{row.number}. {row.title}") for row in rows],
        ),
    )


# --- one step -------------------------------------------------------------------------------------

STEP_ITEMS = (
    I18n("title", "/title", _("Título del paso")),
    I18n("description", "/description", _("Descripción (opcional)"), multiline=True),
)


def _step_panels(definition: Mapping[str, Any], step_id: str, data: Any) -> list[pages.Panel]:
    index = ops.step_index(definition, step_id)
    if index is None:
        return []
    prefix = ops.step_pointer(index)
    groups = [g for item in STEP_ITEMS for g in item.groups(definition, data, prefix)]
    return [pages.Panel(_("Paso"), groups, anchor="paso")]


def _step_apply(definition: dict[str, Any], step_id: str, data: Any) -> dict[str, Any]:
    index = ops.step_index(definition, step_id)
    if index is None:
        raise Http404
    for item in STEP_ITEMS:
        definition = item.apply(definition, data, ops.step_pointer(index))
    return definition


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_step_edit(request: TenantRequest, slug: str, step_id: str) -> HttpResponse:
    source = pages.own_source(request, slug)
    index = ops.step_index(source.definition, step_id)
    if index is None:
        raise Http404
    errors: list[pages.ShownError] = []
    revision = source.revision
    if request.method == "POST":
        revision = request.POST.get("revision", "")
        try:
            builder_save(
                app=source.app,
                draft_revision=revision,
                edit=lambda d: _step_apply(d, step_id, request.POST),
                actor=Actor.from_request(request),
            )
        except ApplicationError as error:
            panels = _step_panels(source.definition, step_id, request.POST)
            errors = pages.place_errors(error.errors, pages.all_controls(panels))
        else:
            messages.success(request, _("Cambios guardados en el borrador."))
            return redirect(reverse("publisher:builder_steps", args=[slug]) + f"#paso-{step_id}")
    else:
        panels = _step_panels(source.definition, step_id, None)
    step = ops.steps_of(source.definition)[index]
    return render(
        request,
        "catalog/builder/steps_step.html",
        pages.page_context(
            source=source,
            section="pasos",
            revision=revision,
            panels=panels,
            errors=errors,
            step_id=step_id,
            step_title=_text(step.get("title")) or step_id,
        ),
    )


# --- one question ---------------------------------------------------------------------------------


def code_list_choices(government: Any) -> list[tuple[str, str]]:
    """ "municipios" (INEGI's, for any government) and the lists the government keeps itself."""
    own = CodeList.objects.filter(government=government).order_by("name_es")
    return [("municipios", _("Municipios o alcaldías (catálogo del INEGI)"))] + [
        (item.key, f"{item.name_es} ({item.key})") for item in own if item.key != "municipios"
    ]


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_field_edit(
    request: TenantRequest, slug: str, step_id: str, field_id: str
) -> HttpResponse:
    source = pages.own_source(request, slug)
    location = ops.field_location(source.definition, field_id)
    if location is None:
        raise Http404
    actual_step = str(ops.steps_of(source.definition)[location[0]].get("id"))
    if actual_step != step_id:  # the question moved: its page moved with it
        return redirect(
            "publisher:builder_field_edit", slug=slug, step_id=actual_step, field_id=field_id
        )
    lists = code_list_choices(request.tenant)
    errors: list[pages.ShownError] = []
    revision = source.revision
    if request.method == "POST":
        revision = request.POST.get("revision", "")
        try:
            builder_save(
                app=source.app,
                draft_revision=revision,
                edit=lambda d: field_apply(d, field_id, lists, request.POST),
                actor=Actor.from_request(request),
            )
        except ApplicationError as error:
            panels = field_panels(source.definition, field_id, lists, request.POST)
            errors = pages.place_errors(error.errors, pages.all_controls(panels))
        else:
            messages.success(request, _("Cambios guardados en el borrador."))
            return redirect(
                reverse("publisher:builder_steps", args=[slug]) + f"#pregunta-{field_id}"
            )
    else:
        panels = field_panels(source.definition, field_id, lists, None)
    item = get_at(source.definition, ops.field_pointer(*location))
    step = ops.steps_of(source.definition)[location[0]]
    return render(
        request,
        "catalog/builder/steps_field.html",
        pages.page_context(
            source=source,
            section="pasos",
            revision=revision,
            panels=panels,
            errors=errors,
            step_id=step_id,
            step_title=_text(step.get("title")) or step_id,
            field_id=field_id,
            field_label=_text(item.get("label")) or field_id,
            field_type=type_label(str(item.get("type"))),
        ),
    )
