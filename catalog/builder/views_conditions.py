"""Condiciones: the draft's rules in words (show / require a field or document when …), a page
per rule to add or change one, and removal. Conditions the editor cannot express are shown
read-only in words, with a link to the JSON page, and never rewritten here."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.backoffice.views import PUBLISHING_ROLES
from catalog.builder import ops_conditions_form as form
from catalog.builder import pages
from catalog.builder.controls import I18n
from catalog.builder.operations import ES
from catalog.builder.ops_conditions import editable, logic_words, stale_option_problems, targets
from catalog.builder.services import builder_save
from core.actors import Actor
from core.errors import ApplicationError
from core.permissions import role_required
from tenants.requests import TenantRequest

Edit = Callable[[dict[str, Any]], dict[str, Any]]
REFRESH_ACTIONS = ("actualizar", "otra_condicion")


def checked(edit: Edit) -> Edit:
    """An edit that is refused when any rule or document condition is left on an option its
    question no longer has (the validator checks fields, not options)."""

    def run(definition: dict[str, Any]) -> dict[str, Any]:
        result = edit(definition)
        problems = stale_option_problems(result)
        if problems:
            raise ApplicationError(problems)
        return result

    return run


@dataclass(frozen=True)
class ConditionView:
    words: str | None
    editable: bool
    json: str


def condition_view(logic: object, definition: Mapping[str, Any]) -> ConditionView:
    return ConditionView(
        logic_words(logic, definition),
        editable(logic, definition) is not None,
        json.dumps(logic, ensure_ascii=False, indent=2),
    )


@dataclass(frozen=True)
class RuleView:
    id: str
    effect: str
    target: str
    description: str
    condition: ConditionView


def _rule_views(definition: Mapping[str, Any]) -> list[RuleView]:
    names = dict(targets(definition))
    effects = {"show": _("Mostrar"), "require": _("Exigir")}
    rules = definition.get("rules")
    views = []
    for rule in rules if isinstance(rules, list) else []:
        if not isinstance(rule, Mapping) or not isinstance(rule.get("id"), str):
            continue
        description = rule.get("description")
        views.append(
            RuleView(
                rule["id"],
                effects.get(str(rule.get("effect")), str(rule.get("effect"))),
                names.get(str(rule.get("target")), f"«{rule.get('target')}»"),
                description.get(ES, "") if isinstance(description, Mapping) else "",
                condition_view(rule.get("when"), definition),
            )
        )
    return views


def _document_conditions(definition: Mapping[str, Any]) -> list[tuple[str, str, ConditionView]]:
    documents = definition.get("documents")
    result = []
    for document in documents if isinstance(documents, list) else []:
        if isinstance(document, Mapping) and "condition" in document:
            name = document.get("name")
            label = name.get(ES, document["id"]) if isinstance(name, Mapping) else document["id"]
            result.append(
                (document["id"], label, condition_view(document["condition"], definition))
            )
    return result


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_conditions(request: TenantRequest, slug: str) -> HttpResponse:
    source = pages.own_source(request, slug)
    errors: list[pages.ShownError] = []
    revision = source.revision
    if request.method == "POST":
        revision = request.POST.get("revision", "")
        rule_id = request.POST.get("regla", "")
        try:
            builder_save(
                app=source.app,
                draft_revision=revision,
                edit=checked(lambda definition: form.remove_rule(definition, rule_id)),
                actor=Actor.from_request(request),
            )
        except ApplicationError as error:
            errors = pages.place_errors(error.errors, [])
        else:
            messages.success(request, _("Se quitó la regla del borrador."))
            return redirect("publisher:builder_conditions", slug=slug)
    definition = source.definition
    return render(
        request,
        "catalog/builder/conditions.html",
        pages.page_context(
            source=source,
            section="condiciones",
            revision=revision,
            errors=errors,
            show_pointers=True,
            rules=_rule_views(definition),
            document_conditions=_document_conditions(definition),
        ),
    )


def _rule_controls(
    definition: Mapping[str, Any], index: int, data: Any
) -> tuple[list[pages.Control], list[pages.Group]]:
    base = f"/rules/{index}"
    rule = definition["rules"][index] if index < len(definition.get("rules") or []) else {}
    effect = data.get("effect", "") if data is not None else rule.get("effect", "show")
    target = data.get("target", "") if data is not None else rule.get("target", "")
    target_choices = [("", _("(elija qué mostrar o exigir)")), *targets(definition)]
    if target and target not in dict(target_choices):
        target_choices.append((target, target))
    controls = [
        pages.Control("effect", _("Qué hace la regla"), f"{base}/effect", "select", effect,
                      form.EFFECTS),
        pages.Control("target", _("A qué pregunta o documento"), f"{base}/target", "select",
                      target, target_choices),
    ]  # fmt: skip
    description = I18n(
        "description",
        "/description",
        _("Explicación (opcional)"),
        hint=_("Por qué se pide: se muestra a quien revisa el trámite."),
    ).groups(definition, data, base)
    return controls, description


@role_required(*PUBLISHING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def builder_condition_edit(request: TenantRequest, slug: str, rule_id: str = "") -> HttpResponse:
    """One rule: `rule_id` empty adds a new one."""
    source = pages.own_source(request, slug)
    definition = source.definition
    index = form.rule_index(definition, rule_id) if rule_id else None
    if rule_id and index is None:
        raise Http404
    position = index if index is not None else len(definition.get("rules") or [])
    errors: list[pages.ShownError] = []
    revision = source.revision
    data = request.POST if request.method == "POST" else None
    if data is not None:
        revision = data.get("revision", "")
        if data.get("accion") not in REFRESH_ACTIONS:
            try:
                builder_save(
                    app=source.app,
                    draft_revision=revision,
                    edit=checked(lambda d: form.rule_apply(d, index, data)),
                    actor=Actor.from_request(request),
                )
            except ApplicationError as error:
                problems = error.errors
            else:
                messages.success(request, _("Regla guardada en el borrador."))
                return redirect("publisher:builder_conditions", slug=slug)
        else:
            problems = []
    controls, description = _rule_controls(definition, position, data)
    base = f"/rules/{position}/when"
    editor = form.editor(definition, base, data)
    stored = definition["rules"][index].get("when") if index is not None else None
    readonly = (
        condition_view(stored, definition)
        if stored is not None and editable(stored, definition) is None
        else None
    )
    if data is not None:
        all_controls = controls + pages.all_controls([pages.Panel("", description)])
        errors = pages.place_errors(problems, all_controls + editor.controls)
    return render(
        request,
        "catalog/builder/conditions_edit.html",
        pages.page_context(
            source=source,
            section="condiciones",
            revision=revision,
            errors=errors,
            rule_id=rule_id,
            controls=controls,
            description=description,
            editor=editor,
            readonly=readonly,
        ),
    )
