"""Answers as people read them, on the citizen's summary and the officer's case page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from catalog.definition.field_types import ADDRESS_PARTS
from catalog.definition.rendering import text_in
from core.templatetags.mx import fecha, mxn


def answer_text(item: Mapping[str, Any], value: Any, language: str) -> str:
    """A cleaned answer (as the field type's `clean` gives it, or as stored in a case) as text:
    "Sí"/"No", pesos, es-MX dates, option labels, the address on one line, a file's name."""
    kind = item.get("type")
    if value is None or value == "" or value == []:
        return ""
    if kind == "boolean":
        return _("Sí") if value else _("No")
    if kind == "money":
        return mxn(value)
    if kind == "date":
        if isinstance(value, dt.date):
            return fecha(value)
        try:
            return fecha(dt.date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    if kind in ("choice", "multiple_choice"):
        labels = {
            option.get("value"): text_in(option.get("label"), language)
            for option in item.get("options") or []
            if isinstance(option, Mapping)
        }
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(choice, str(choice)) for choice in chosen)
    if kind == "address" and isinstance(value, Mapping):
        return ", ".join(str(value[key]) for key, *_rest in ADDRESS_PARTS if value.get(key))
    if isinstance(value, Mapping):  # a file field: its name
        return str(value.get("name", ""))
    return str(value)
