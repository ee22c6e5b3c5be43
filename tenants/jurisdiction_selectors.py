"""Reads of a government's own facts for its back office ("Datos del gobierno").

Agencies and code lists live in the public schema next to every other government's: each read
here is filtered by the government asking, so another government's row is "not found", exactly
as a row that does not exist.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from tenants.models import Agency, CodeList, CodeListItem, Government


def agencies_of(government: Government) -> QuerySet[Agency]:
    return Agency.objects.filter(government=government).order_by("key")


def agency_get(government: Government, key: str) -> Agency | None:
    return Agency.objects.filter(government=government, key=key).first()


def code_lists_of(government: Government) -> QuerySet[CodeList]:
    return (
        CodeList.objects.filter(government=government)
        .annotate(item_count=Count("items"))
        .order_by("key")
    )


def code_list_get(government: Government, key: str) -> CodeList | None:
    return (
        CodeList.objects.filter(government=government, key=key).select_related("government").first()
    )


def code_list_items(code_list: CodeList) -> QuerySet[CodeListItem]:
    return code_list.items.order_by("position", "id")


def code_list_item_get(code_list: CodeList, item_id: int) -> CodeListItem | None:
    """An option of `code_list` (itself already read for the asking government)."""
    return (
        CodeListItem.objects.filter(code_list=code_list, pk=item_id)
        .select_related("code_list__government")
        .first()
    )
