"""Reading the citizen's filing forms.

The fields of a procedure come from its definition, not from Django form classes: answers are
read from the POST data by each field's type (its `from_post`), kept as typed (strings) and
validated by the definition's own field types (catalog.definition.validate_answers), so the page
and the API agree.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from catalog.definition.field_types import registry


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not value
    if isinstance(value, Mapping):
        return all(_is_blank(item) for item in value.values())
    return False


def answers_from_post(fields: Iterable[Mapping[str, Any]], data: QueryDict) -> dict[str, Any]:
    """The answers to these fields as posted, as typed; blank ones are None (cleared).

    File fields are left out: their value is set from the stored upload.
    """
    answers: dict[str, Any] = {}
    for field in fields:
        if registry.stores_upload(field):
            continue
        value = registry.from_post(field, data)
        answers[str(field["id"])] = None if _is_blank(value) else value
    return answers


def merge_answers(saved: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The saved answers with these changes applied; a None change clears the answer."""
    merged = dict(saved)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


class SubmissionForm(forms.Form):
    """The last step: the privacy notice accepted, and the key that makes a retry harmless."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    privacy_notice_version = forms.CharField(max_length=64, widget=forms.HiddenInput)
    accept_privacy = forms.BooleanField(
        label=_("He leído el aviso de privacidad y acepto el tratamiento de mis datos."),
        error_messages={
            "required": _("Para presentar la solicitud, acepta el aviso de privacidad.")
        },
    )

    @staticmethod
    def new_key() -> uuid.UUID:
        return uuid.uuid4()
