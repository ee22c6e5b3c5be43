"""The app-definition format: JSON Schema v1, its validator, JSON Logic rules and field types,
the answers to a form (answers.py), the labels of its enumerations (vocabulary.py) and a typed,
read-only view of one definition (wrapper.Definition).

A procedure app is data: one JSON document validated here (see validation.py for the format).
"""

from catalog.definition.answers import jsonable_answers, validate_answers
from catalog.definition.consistency import document_ids, field_ids, resolve_pointer, state_ids
from catalog.definition.field_types import (
    FieldType,
    FieldTypeRegistry,
    FieldValueError,
    register,
    registry,
)
from catalog.definition.override_types import override_types
from catalog.definition.rules import (
    active_items,
    evaluate_rule,
    inspect_logic,
    iter_documents,
    iter_fields,
    logic_answers,
)
from catalog.definition.validation import (
    DEFINITION_SCHEMA_V1,
    SCHEMA_PATH,
    SCHEMA_URL_PATH,
    definition_summary,
    parse_definition_text,
    validate_definition,
)
from catalog.definition.wrapper import Definition
from core.i18n import text_in

__all__ = [
    "DEFINITION_SCHEMA_V1",
    "SCHEMA_PATH",
    "SCHEMA_URL_PATH",
    "Definition",
    "FieldType",
    "FieldTypeRegistry",
    "FieldValueError",
    "active_items",
    "definition_summary",
    "document_ids",
    "evaluate_rule",
    "field_ids",
    "inspect_logic",
    "iter_documents",
    "iter_fields",
    "jsonable_answers",
    "logic_answers",
    "override_types",
    "parse_definition_text",
    "register",
    "registry",
    "resolve_pointer",
    "state_ids",
    "text_in",
    "validate_answers",
    "validate_definition",
]
