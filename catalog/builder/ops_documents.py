"""Documentos (requisitos): the page of one document as data (panels of controls), applying it,
and the list's moves (add, reorder, remove). Pure functions over a definition dict."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalog.builder import ops_conditions_form as condition_form
from catalog.builder.controls import Checks, Choice, Flag, I18n, Rows, Text
from catalog.builder.operations import (
    ES,
    clean_text,
    get_at,
    id_from_label,
    remove_at,
    set_value,
)
from catalog.builder.pages import Panel
from catalog.definition.rules import inspect_logic, iter_fields
from core.errors import ApplicationError, ErrorDetail

INPUT_INVALID = "catalog.builder_input_invalid"
DEFAULT_MAX_SIZE_MB = 5

# What the platform checks by content (cases/documents.py: magic bytes, or text for text/*).
FORMATS: tuple[tuple[str, str | Promise], ...] = (
    ("application/pdf", "PDF"),
    ("image/jpeg", "JPEG (.jpg)"),
    ("image/png", "PNG"),
    ("text/plain", _("Texto (.txt)")),
    ("text/csv", "CSV"),
)
FORMAT_NAMES = dict(FORMATS)

ORIGINAL_OR_COPY = (
    ("original", _("Original")),
    ("copia", _("Copia")),
    ("original_y_copia", _("Original y copia")),
)


@dataclass(frozen=True)
class Number(Text):
    """A number that may have decimals (e.g. 2.5 MB); what is not a number is stored as typed,
    so the validator reports it at its control."""

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]:
        value = clean_text(str(data.get(self.name, "")) if data is not None else "")
        if not value:
            return remove_at(definition, prefix + self.pointer)
        number: Any = value
        try:
            parsed = float(value.replace(",", "."))
            number = int(parsed) if parsed.is_integer() and "." not in value else parsed
        except ValueError:
            pass
        return set_value(definition, prefix + self.pointer, number)


def _formats(document: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The platform's formats plus any other the document already accepts (kept, shown)."""
    stored = document.get("accept")
    extra = [
        (value, value)
        for value in (stored if isinstance(stored, list) else [])
        if isinstance(value, str) and value not in FORMAT_NAMES
    ]
    return FORMATS + tuple(extra)


def items(definition: Mapping[str, Any], index: int) -> list[tuple[Any, Any]]:
    """(panel title, items) of the document page; pointers relative to the document."""
    document = get_at(definition, f"/documents/{index}", {})
    document = document if isinstance(document, Mapping) else {}
    return [
        (
            _("Qué se pide"),
            [
                I18n("name", "/name", _("Nombre del documento")),
                I18n(
                    "description",
                    "/description",
                    _("Descripción (opcional)"),
                    multiline=True,
                    hint=_("Qué debe mostrar el documento, o cómo obtenerlo."),
                ),
                Flag("required", "/required", _("Es obligatorio")),
                Choice(
                    "original_or_copy",
                    "/original_or_copy",
                    _("Se presenta en"),
                    ORIGINAL_OR_COPY,
                    help=_("Ficha, fracción V: original, copia o ambos."),
                ),
                Text("copies", "/copies", _("Número de copias"), "number"),
                I18n("issuer", "/issuer", _("Quién lo emite (opcional)")),
                Text(
                    "max_age_days",
                    "/max_age_days",
                    _("Antigüedad máxima, en días (opcional)"),
                    "number",
                    help=_("Por ejemplo 90 para un comprobante de domicilio."),
                ),
                Flag(
                    "reuse_from_expediente",
                    "/reuse_from_expediente",
                    _("Se puede reutilizar del expediente del ciudadano"),
                ),
            ],
        ),
        (
            _("Archivo"),
            [
                Checks("accept", "/accept", _("Formatos aceptados"), _formats(document)),
                Number(
                    "max_size_mb",
                    "/max_size_mb",
                    _("Tamaño máximo, en MB"),
                    help=_("Hasta 100 MB."),
                ),
            ],
        ),
        (
            _("Documentos que se aceptan en su lugar"),
            [
                Rows(
                    "alternatives",
                    f"/documents/{index}/alternatives",
                    _("Alternativa %(number)s"),
                    [I18n("alt", "", _("Nombre"))],
                    hint=_("Llene esta para añadir otra; vacíe una para quitarla."),
                )
            ],
        ),
    ]


def _prefix(item: Any, index: int) -> str:
    return "" if isinstance(item, Rows) else f"/documents/{index}"


def panels(definition: Mapping[str, Any], index: int, data: Any = None) -> list[Panel]:
    result = []
    for title, panel_items in items(definition, index):
        groups = []
        hidden = []
        for item in panel_items:
            groups += item.groups(definition, data, _prefix(item, index))
            if isinstance(item, Rows):
                hidden.append(item.count_control(definition, data))
        result.append(Panel(title, groups, hidden=hidden))
    return result


def taken_ids(definition: Mapping[str, Any]) -> set[str]:
    ids = {field["id"] for field in iter_fields(definition)}
    documents = definition.get("documents")
    for document in documents if isinstance(documents, list) else []:
        if isinstance(document, Mapping) and isinstance(document.get("id"), str):
            ids.add(document["id"])
    return ids


def document_index(definition: Mapping[str, Any], document_id: str) -> int | None:
    documents = definition.get("documents")
    for index, document in enumerate(documents if isinstance(documents, list) else []):
        if isinstance(document, Mapping) and document.get("id") == document_id:
            return index
    return None


def document_apply(definition: dict[str, Any], index: int | None, data: Any) -> dict[str, Any]:
    """Add (index None) or change a document from its posted page. A new document's id comes
    from its Spanish name and never changes."""
    if index is None:
        name = clean_text(data.get("name_es", ""))
        document_id = id_from_label(name, taken_ids(definition))
        documents = definition.get("documents")
        index = len(documents) if isinstance(documents, list) else 0
        definition = set_value(definition, "/documents/-", {"id": document_id, "required": False})
    for _title, panel_items in items(definition, index):
        for item in panel_items:
            definition = item.apply(definition, data, _prefix(item, index))
    return condition_form.apply(definition, f"/documents/{index}/condition", data)


def _error(location: str, message_es: str, message_en: str) -> ApplicationError:
    return ApplicationError([ErrorDetail(INPUT_INVALID, message_es, message_en, location)])


def _missing(document_id: str) -> ApplicationError:
    return _error(
        "documento",
        f"El documento «{document_id}» ya no existe: recargue la página.",
        f"Document '{document_id}' no longer exists: reload the page.",
    )


def move_document(definition: dict[str, Any], document_id: str, step: int) -> dict[str, Any]:
    index = document_index(definition, document_id)
    if index is None:
        raise _missing(document_id)
    documents = list(definition["documents"])
    other = index + step
    if 0 <= other < len(documents):
        documents[index], documents[other] = documents[other], documents[index]
    return set_value(definition, "/documents", documents)


def users_of(definition: Mapping[str, Any], document_id: str) -> list[str]:
    """Ids of the rules that show, require or read the document."""
    rules = definition.get("rules")
    users = []
    for rule in rules if isinstance(rules, list) else []:
        if not isinstance(rule, Mapping):
            continue
        variables, _problems = inspect_logic(rule.get("when"))
        if rule.get("target") == document_id or any(
            v.name.partition(".")[0] == document_id for v in variables
        ):
            users.append(str(rule.get("id")))
    return users


def remove_document(definition: dict[str, Any], document_id: str) -> dict[str, Any]:
    index = document_index(definition, document_id)
    if index is None:
        raise _missing(document_id)
    users = users_of(definition, document_id)
    if users:
        raise _error(
            "documento",
            f"No se puede quitar el documento «{document_id}»: lo usan las reglas "
            f"{', '.join(users)}. Quítelas o cámbielas primero en Condiciones.",
            f"Document '{document_id}' cannot be removed: rules {', '.join(users)} use it. "
            "Remove or change them first in Conditions.",
        )
    return remove_at(definition, f"/documents/{index}")


def document_name(document: Mapping[str, Any]) -> str:
    name = document.get("name")
    if isinstance(name, Mapping) and isinstance(name.get(ES), str):
        return str(name[ES])
    return str(document.get("id", ""))
