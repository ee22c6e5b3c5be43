"""Closed answers: `boolean` (sí/no), `choice` (one option) and `multiple_choice` (several)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.definition.errors import AnswerErrorCode as Code
from catalog.definition.field_types.base import (
    SAMPLE_CITIZEN,
    FieldType,
    FieldValueError,
    SamplePerson,
    register,
)
from catalog.definition.vocabulary import YES_NO
from core.i18n import LANGUAGES, text_in

_TRUE = {"true", "1", "si", "sí", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


@register("boolean")
class BooleanField(FieldType):
    """Sí/no. Answering "no" is an answer: a required yes/no question accepts false."""

    html_input = "radio"
    grouped = True

    def clean(self, field: Mapping[str, Any], value: object) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise FieldValueError.of(Code.INVALID_BOOLEAN, "Responde sí o no.", "Answer yes or no.")

    def widget(self, field: Mapping[str, Any]) -> str:
        return "yes_no"

    def display(self, field: Mapping[str, Any], value: Any) -> dict[str, str]:
        return dict(YES_NO[bool(value)])

    def display_text(self, field: Mapping[str, Any], value: Any, language: str) -> str:
        if value is None or value == "" or value == []:
            return ""
        return text_in(YES_NO[bool(value)], language)

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        return "no"


def option_values(field: Mapping[str, Any]) -> list[str]:
    options = field.get("options")
    return [
        option["value"]
        for option in (options if isinstance(options, list) else [])
        if isinstance(option, Mapping) and isinstance(option.get("value"), str)
    ]


def _option_labels(field: Mapping[str, Any]) -> dict[Any, Any]:
    return {
        option.get("value"): option.get("label") or {}
        for option in field.get("options") or []
        if isinstance(option, Mapping)
    }


class _OptionsField(FieldType):
    def display_text(self, field: Mapping[str, Any], value: Any, language: str) -> str:
        """The chosen options' labels in `language`, joined by ", "; an unknown value as is."""
        if value is None or value == "" or value == []:
            return ""
        labels = {key: text_in(label, language) for key, label in _option_labels(field).items()}
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(choice, str(choice)) for choice in chosen)


@register("choice")
class ChoiceField(_OptionsField):
    html_input = "radio"

    def clean(self, field: Mapping[str, Any], value: object) -> str:
        if not isinstance(value, str) or value not in option_values(field):
            raise FieldValueError.of(
                Code.INVALID_CHOICE,
                "Elige una de las opciones.",
                "Choose one of the options.",
            )
        return value

    def choice_widget(self, field: Mapping[str, Any]) -> str:
        """The definition's `widget`: "radio" up to five options, "select" beyond."""
        return str(
            field.get("widget", "radio" if len(field.get("options") or []) <= 5 else "select")
        )

    def widget(self, field: Mapping[str, Any]) -> str:
        return "options" if self.choice_widget(field) == "radio" else "select"

    def is_grouped(self, field: Mapping[str, Any]) -> bool:
        return self.choice_widget(field) == "radio"

    def display(self, field: Mapping[str, Any], value: Any) -> dict[str, str]:
        label = _option_labels(field).get(value) or {}
        return {language: label.get(language, str(value)) for language in LANGUAGES}

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        options = option_values(field)
        return options[0] if options else None


@register("multiple_choice")
class MultipleChoiceField(_OptionsField):
    html_input = "checkbox"
    grouped = True

    def from_post(self, field: Mapping[str, Any], data: Any) -> list[str]:
        return [item for item in data.getlist(str(field["id"])) if item]

    def clean(self, field: Mapping[str, Any], value: object) -> list[str]:
        chosen = [value] if isinstance(value, str) else value
        allowed = option_values(field)
        if not isinstance(chosen, list | tuple) or any(
            not isinstance(item, str) or item not in allowed for item in chosen
        ):
            raise FieldValueError.of(
                Code.INVALID_CHOICE,
                "Elige solo entre las opciones dadas.",
                "Choose only among the given options.",
            )
        # Keep the order of the options, once each.
        picked = [option for option in allowed if option in chosen]
        min_items, max_items = field.get("min_items"), field.get("max_items")
        if isinstance(min_items, int) and len(picked) < min_items:
            raise FieldValueError.of(
                Code.TOO_FEW_CHOICES,
                f"Elige al menos {min_items} opciones.",
                f"Choose at least {min_items} options.",
            )
        if isinstance(max_items, int) and len(picked) > max_items:
            raise FieldValueError.of(
                Code.TOO_MANY_CHOICES,
                f"Elige como máximo {max_items} opciones.",
                f"Choose at most {max_items} options.",
            )
        return picked

    def widget(self, field: Mapping[str, Any]) -> str:
        return "options"

    def display(self, field: Mapping[str, Any], value: Any) -> dict[str, str]:
        labels = [_option_labels(field).get(item) or {} for item in value or []]
        return {
            language: ", ".join(label.get(language, "") for label in labels)
            for language in LANGUAGES
        }

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        return option_values(field)[: max(1, int(field.get("min_items") or 1))]
