"""An adopting government's own wording for citizen-visible texts of an app it adopted.

Stored on EnabledApp.adaptations as pointer → {"text": {"es-MX", "en"?}, "source": the
publisher's text it replaced, "source_changed": bool}. Structure (ids, fields, rules, workflow)
stays the publisher's: only translatable texts can be adapted.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from catalog.definition.consistency import resolve_pointer
from catalog.definition.variables import is_translatable


def apply_adaptations(
    definition: Mapping[str, Any], adaptations: Mapping[str, Any]
) -> dict[str, Any]:
    """A copy of `definition` with each adapted text replaced. An adaptation whose pointer no
    longer names a text (the publisher removed it) is ignored here and shown for review."""
    effective = dict(definition) if not adaptations else copy.deepcopy(dict(definition))
    for pointer, adaptation in adaptations.items():
        found, current = resolve_pointer(effective, pointer)
        text = adaptation.get("text") if isinstance(adaptation, Mapping) else None
        if not found or not is_translatable(current) or not is_translatable(text):
            continue
        current.clear()  # type: ignore[union-attr]
        current.update(text)  # type: ignore[union-attr]
    return effective
