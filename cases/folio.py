"""Folios: `<PREFIX>-<YEAR>-<NNNNNN>` (e.g. SON-2026-000123), unique and sequential per
government and year.

The number comes from one row per year in the tenant's own `FolioCounter` table, incremented
with a single INSERT … ON CONFLICT DO UPDATE … RETURNING inside the submission's transaction.
The row stays locked until that transaction ends, so concurrent submissions queue on it for the
few milliseconds left, and a submission that rolls back gives its number back: no gaps, no
duplicates.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from cases.models import FolioCounter
from tenants.models import Government

DIGITS = 6
# Prefixes that are not the first three letters of the slug.
PREFIX_EXCEPTIONS = {"cdmx": "CDMX"}


def folio_prefix(government: Government) -> str:
    """CDMX for Mexico City, else the slug's first three letters upper-cased (sonora → SON)."""
    slug = government.slug.lower()
    if slug in PREFIX_EXCEPTIONS:
        return PREFIX_EXCEPTIONS[slug]
    return "".join(ch for ch in slug if ch.isalnum())[:3].upper()


def folio_format(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:0{DIGITS}d}"


def folio_allocate(*, government: Government, day: dt.date) -> str:
    """The next folio of the current schema's government for `day`'s year. Call it inside the
    transaction that creates the case, as late as possible (it holds the year's row lock)."""
    table = connection.ops.quote_name(FolioCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last_value) VALUES (%s, 1) "  # noqa: S608 (table name from the model)
            f"ON CONFLICT (year) DO UPDATE SET last_value = {table}.last_value + 1 "
            "RETURNING last_value",
            [day.year],
        )
        (number,) = cursor.fetchone()
    return folio_format(folio_prefix(government), day.year, number)
