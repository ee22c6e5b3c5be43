"""Stable error codes of app definitions and of the answers given to their forms.

Codes never change once published: the publisher back office, the API and the citizen pages key
their help texts on them.
"""

from __future__ import annotations

from enum import StrEnum


class DefinitionErrorCode(StrEnum):
    INVALID_JSON = "invalid_json"
    # Schema violations are "schema_<keyword>", e.g. "schema_required", "schema_type".
    SCHEMA_PREFIX = "schema_"
    DUPLICATE_ID = "duplicate_id"
    ID_COLLISION = "id_collision"
    UNKNOWN_RULE_TARGET = "unknown_rule_target"
    UNKNOWN_REFERENCE = "unknown_reference"
    UNKNOWN_OPERATOR = "unknown_operator"
    INVALID_LOGIC = "invalid_logic"
    AMBIGUOUS_COMPARISON = "ambiguous_comparison"
    UNKNOWN_STATE = "unknown_state"
    UNREACHABLE_STATE = "unreachable_state"
    DEAD_END_STATE = "dead_end_state"
    NO_PATH_TO_FINAL = "no_path_to_final"
    INVALID_RANGE = "invalid_range"
    INVALID_PATTERN = "invalid_pattern"
    INVALID_AMOUNT = "invalid_amount"
    INVALID_OVERRIDE_TARGET = "invalid_override_target"
    INVALID_URL = "invalid_url"
    UNKNOWN_VARIABLE = "unknown_variable"
    MALFORMED_VARIABLE = "malformed_variable"
    UNKNOWN_UMA_YEAR = "unknown_uma_year"


class AnswerErrorCode(StrEnum):
    REQUIRED = "field_required"
    INVALID_TYPE = "invalid_value"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    PATTERN_MISMATCH = "pattern_mismatch"
    BELOW_MIN = "below_min"
    ABOVE_MAX = "above_max"
    TOO_MANY_DECIMALS = "too_many_decimals"
    INVALID_INTEGER = "invalid_integer"
    INVALID_NUMBER = "invalid_number"
    INVALID_MONEY = "invalid_money"
    INVALID_DATE = "invalid_date"
    INVALID_BOOLEAN = "invalid_boolean"
    INVALID_CHOICE = "invalid_choice"
    TOO_FEW_CHOICES = "too_few_choices"
    TOO_MANY_CHOICES = "too_many_choices"
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    INVALID_CURP = "invalid_curp"
    CURP_CHECK_DIGIT = "curp_check_digit"
    INVALID_RFC = "invalid_rfc"
    RFC_CHECK_DIGIT = "rfc_check_digit"
    INVALID_POSTAL_CODE = "invalid_postal_code"
    INVALID_ADDRESS = "invalid_address"
    ADDRESS_PART_MISSING = "address_part_missing"
    INVALID_FILE = "invalid_file"
    FILE_TYPE_NOT_ALLOWED = "file_type_not_allowed"
    FILE_TOO_LARGE = "file_too_large"
