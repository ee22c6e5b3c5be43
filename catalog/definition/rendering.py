"""Server-rendered, accessible HTML of a definition's form, for previews and citizen filings.

Markup only: no <form> element, so callers add their own action, CSRF token and buttons. Each
step is a fieldset; each input has its label, its help joined by aria-describedby and its errors
beside it with aria-invalid. Rules travel as data attributes (JSON Logic) for the optional
script that shows and hides fields in the browser; without it, every field is shown and the
server decides (validate_answers), so the page works with JavaScript off.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from catalog.definition.field_types import ADDRESS_PARTS, registry
from catalog.definition.field_types.address import part_label
from catalog.definition.field_types.code_list import answer_code
from catalog.definition.rules import active_items, iter_documents
from core.errors import ErrorDetail
from core.i18n import text_in

__all__ = ["render_form", "text_in"]


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _limit(value: object) -> object:
    return timezone.localdate().isoformat() if value == "today" else value


def _rules_attribute(rules: Sequence[Mapping[str, Any]], effect: str) -> str:
    """The JSON Logic conditions of one effect, as a JSON list (any of them holding is enough)."""
    conditions = [rule.get("when") for rule in rules if rule.get("effect") == effect]
    return json.dumps(conditions, ensure_ascii=False) if conditions else ""


def _messages(errors: Iterable[ErrorDetail], location: str, language: str) -> list[str]:
    return [error.message_in(language) for error in errors if error.location == location]


def _field_context(
    field: Mapping[str, Any],
    *,
    answers: Mapping[str, Any],
    errors: list[ErrorDetail],
    language: str,
    rules_by_target: Mapping[str, Sequence[Mapping[str, Any]]],
    visible: set[str] | None,
    required: set[str] | None,
) -> dict[str, Any]:
    field_id = str(field["id"])
    field_type = registry.get(str(field.get("type")))
    value = answers.get(field_id)
    input_id = f"campo-{field_id}"
    messages = _messages(errors, field_id, language)
    is_required = field_id in required if required is not None else field.get("required") is True
    # A stored code-list answer ({"code", "label"}, e.g. on a correction) is chosen by its code.
    chosen = value if isinstance(value, list) else [answer_code(value)]
    options = [
        {
            "value": option.get("value"),
            "label": text_in(option.get("label"), language),
            "id": f"{input_id}-{index}",
            "checked": option.get("value") in chosen,
        }
        for index, option in enumerate(field.get("options") or [])
        if isinstance(option, Mapping)
    ]
    address = value if isinstance(value, Mapping) else {}
    parts = [
        {
            "name": f"{field_id}.{key}",
            "id": f"{input_id}-{key}",
            "label": part_label(key, label_es, label_en, language),
            "required": part_required and is_required,
            "autocomplete": autocomplete,
            "value": _display(address.get(key)),
        }
        for key, part_required, label_es, label_en, autocomplete in ADDRESS_PARTS
    ]
    rules = rules_by_target.get(field_id, [])
    return {
        "id": field_id,
        "type": field.get("type"),
        "input_id": input_id,
        "help_id": f"{input_id}-ayuda",
        "error_id": f"{input_id}-error",
        "label": text_in(field.get("label"), language),
        "help": text_in(field.get("help"), language),
        "required": is_required,
        "hidden": visible is not None and field_id not in visible,
        "value": _display(value if not isinstance(value, list | Mapping) else ""),
        "errors": messages,
        "options": options,
        "widget": field.get("widget", "radio" if len(options) <= 5 else "select"),
        # What the field type says about its drawing, so templates need not test the type.
        "control": registry.widget(field),
        "grouped": registry.is_grouped(field),
        "parts": parts,
        "html_input": field_type.html_input if field_type else "text",
        "inputmode": field_type.inputmode if field_type else "",
        "autocomplete": field_type.autocomplete if field_type else "",
        "min": _limit(field.get("min")),
        "max": _limit(field.get("max")),
        "min_length": field.get("min_length"),
        "max_length": field.get("max_length"),
        "pattern": field.get("pattern", ""),
        "accept": ",".join(field.get("accept") or []),
        "max_size_mb": field.get("max_size_mb"),
        "show_when": _rules_attribute(rules, "show"),
        "require_when": _rules_attribute(rules, "require"),
    }


def render_form(
    definition: Mapping[str, Any],
    *,
    answers: Mapping[str, Any] | None = None,
    errors: list[ErrorDetail] | None = None,
    language: str = "es-MX",
    preview: bool = False,
    evaluate_rules: bool = False,
) -> SafeString:
    """The form of a definition as HTML. With answers (or `evaluate_rules`, e.g. the builder's
    preview before anything is tried), fields hidden by the rules start hidden (the `hidden`
    attribute) and rule-required ones are marked required."""
    answers = answers or {}
    errors = errors or []
    visible = required = None
    if answers or evaluate_rules:
        visible, required = active_items(definition, answers)
    rules_by_target: dict[str, list[dict]] = {}
    for rule in definition.get("rules") or []:
        if isinstance(rule, Mapping) and isinstance(rule.get("target"), str):
            rules_by_target.setdefault(rule["target"], []).append(dict(rule))
    steps = [
        {
            "id": step.get("id"),
            "title": text_in(step.get("title"), language),
            "description": text_in(step.get("description"), language),
            "fields": [
                _field_context(
                    field,
                    answers=answers,
                    errors=errors,
                    language=language,
                    rules_by_target=rules_by_target,
                    visible=visible,
                    required=required,
                )
                for field in step.get("fields") or []
                if isinstance(field, Mapping) and isinstance(field.get("id"), str)
            ],
        }
        for step in (definition.get("form") or {}).get("steps") or []
        if isinstance(step, Mapping)
    ]
    documents = [
        {
            "id": document["id"],
            "name": text_in(document.get("name"), language),
            "description": text_in(document.get("description"), language),
            "alternatives": [
                text_in(item, language) for item in document.get("alternatives") or []
            ],
            "accept": ", ".join(
                item.split("/")[-1].upper() for item in document.get("accept") or []
            ),
            "max_size_mb": document.get("max_size_mb"),
            "required": document["id"] in required
            if required is not None
            else document.get("required") is True,
            "hidden": visible is not None and document["id"] not in visible,
            "conditional": "condition" in document or document["id"] in rules_by_target,
            # For the browser script that shows documents as answers change (as the wizard's).
            "condition": json.dumps(document["condition"], ensure_ascii=False)
            if "condition" in document
            else "",
            "show_when": _rules_attribute(rules_by_target.get(document["id"], []), "show"),
        }
        for document in iter_documents(definition)
    ]
    general_errors = _messages(errors, "", language)
    return render_to_string(
        "catalog/definition/form.html",
        {
            "steps": steps,
            "documents": documents,
            "general_errors": general_errors,
            "language": language,
            "preview": preview,
        },
    )
