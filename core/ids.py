"""Public ids (UUIDs) as they arrive from URLs, forms and filters."""

from __future__ import annotations

import uuid


def uuid_or_none(value: uuid.UUID | str) -> uuid.UUID | None:
    """`value` as a UUID, or None when it is not one: a malformed id is then looked up like an
    id that does not exist, so neither answer says more than the other."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
