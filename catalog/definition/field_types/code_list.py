"""`code_list`: one option of a list that belongs to the government serving the app.

The publisher names the list (`"list": "municipios"` or a key of the government's own lists);
`catalog.definition.code_lists.fill_code_lists` puts the serving government's options on the
field of its effective definition, so everything here reads `field["options"]` exactly as a
`choice` does. The answer keeps the code and the label it had when given,
`{"code": "26030", "label": "Hermosillo"}`: the code for rules and reports, the label so the
answer still reads right if the list changes later.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.definition.errors import AnswerErrorCode as Code
from catalog.definition.field_types.base import (
    SAMPLE_CITIZEN,
    FieldType,
    FieldValueError,
    SamplePerson,
    is_blank,
    register,
)
from core.i18n import LANGUAGES, text_in

CODE_LIST = "code_list"


def _options(field: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """code → translatable label of the options filled for the serving government."""
    options = field.get("options")
    return {
        option["value"]: option.get("label") or {}
        for option in (options if isinstance(options, list) else [])
        if isinstance(option, Mapping) and isinstance(option.get("value"), str)
    }


def answer_code(value: object) -> object:
    """The code of an answer: posted as the code itself, stored as {"code", "label"}."""
    if isinstance(value, Mapping):
        return value.get("code")
    return value.strip() if isinstance(value, str) else value


@register(CODE_LIST)
class CodeListField(FieldType):
    html_input = "radio"

    def is_empty(self, value: object) -> bool:
        code = answer_code(value)
        return code is None or code == ""

    def clean(self, field: Mapping[str, Any], value: object) -> dict[str, str]:
        """The chosen code with its Spanish label, checked against the options of the
        government serving the app: another government's code is refused."""
        code = answer_code(value)
        options = _options(field)
        if not isinstance(code, str) or code not in options:
            raise FieldValueError.of(
                Code.INVALID_CHOICE,
                "Elige una de las opciones de la lista.",
                "Choose one of the options in the list.",
            )
        return {"code": code, "label": text_in(options[code], "es-MX") or code}

    def logic_value(self, field: Mapping[str, Any], value: object) -> object:
        """Rules compare the code ({"==": [{"var": "municipio"}, "26030"]}), never the label."""
        try:
            return self.clean(field, value)["code"]
        except FieldValueError:
            return answer_code(value)

    # --- rendering ---------------------------------------------------------------------------

    def code_list_widget(self, field: Mapping[str, Any]) -> str:
        """The definition's `widget`: "select" unless it asks for "radio" (a short own list)."""
        return "radio" if field.get("widget") == "radio" else "select"

    def widget(self, field: Mapping[str, Any]) -> str:
        return "options" if self.code_list_widget(field) == "radio" else "select"

    def is_grouped(self, field: Mapping[str, Any]) -> bool:
        return self.code_list_widget(field) == "radio"

    # --- reading answers ---------------------------------------------------------------------

    def _label(self, field: Mapping[str, Any], value: Any, language: str) -> str:
        """The label in `language`: the current option's when the code is still offered (so
        English reads the English label), else the label stored with the answer."""
        code = answer_code(value)
        current = _options(field).get(code) if isinstance(code, str) else None
        if current:
            return text_in(current, language)
        if isinstance(value, Mapping) and value.get("label"):
            return str(value["label"])
        return "" if code is None else str(code)

    def display(self, field: Mapping[str, Any], value: Any) -> dict[str, str]:
        return {language: self._label(field, value, language) for language in LANGUAGES}

    def display_text(self, field: Mapping[str, Any], value: Any, language: str) -> str:
        if is_blank(value) or self.is_empty(value):
            return ""
        return self._label(field, value, language)

    def display_submitted(self, field: Mapping[str, Any], value: Any, language: str) -> str:
        if is_blank(value) or self.is_empty(value):
            return ""
        return self._label(field, value, language)

    # --- demos -------------------------------------------------------------------------------

    def sample(self, field: Mapping[str, Any], person: SamplePerson = SAMPLE_CITIZEN) -> Any:
        options = list(_options(field))
        return options[0] if options else None
