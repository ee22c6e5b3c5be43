"""Field types of app forms: a typed registry, one class per type, registered with a decorator.

Each type turns a submitted value (from an HTML form, so usually text, or from JSON) into a clean
Python value, or says in Spanish and English why it cannot, and owns every other per-type
behaviour (see base.py). `catalog.definition.answers.validate_answers` applies them to a whole
form, after the rules have decided which fields are visible and required.

Cleaned values: str, int, Decimal (decimal, money), datetime.date, bool, list[str], dict (address,
file metadata, code_list's {"code", "label"}).

This package imports nothing of rules.py: rules (and answers) import the types, never the
other way round.
"""

from __future__ import annotations

from catalog.definition.field_types import choice, code_list, identity, numbers, text
from catalog.definition.field_types.address import ADDRESS_PARTS, AddressField, address_line
from catalog.definition.field_types.base import (
    SAMPLE_CITIZEN,
    FieldType,
    FieldTypeRegistry,
    FieldValueError,
    Problem,
    SampleCitizen,
    SamplePerson,
    register,
    registry,
)
from catalog.definition.field_types.code_list import CODE_LIST, CodeListField
from catalog.definition.field_types.file import FileField, file_metadata_problems
from catalog.definition.field_types.identity import GENERIC_RFCS

__all__ = [
    "ADDRESS_PARTS",
    "CODE_LIST",
    "GENERIC_RFCS",
    "SAMPLE_CITIZEN",
    "AddressField",
    "CodeListField",
    "FieldType",
    "FieldTypeRegistry",
    "FieldValueError",
    "FileField",
    "Problem",
    "SampleCitizen",
    "SamplePerson",
    "address_line",
    "choice",
    "code_list",
    "file_metadata_problems",
    "identity",
    "numbers",
    "register",
    "registry",
    "text",
]
