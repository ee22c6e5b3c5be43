"""The inbox selector: keyset pages by (due_on, id) with cases without a deadline last, the
deadline filters, and cursors that cannot be forged into anything else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from cases.office.selectors import InboxFilters, inbox_page, parse_cursor
from tests.cases.test_officer_views import file_case

pytestmark = pytest.mark.usefixtures("in_sonora")


def _folios(page) -> list[str]:
    return [row.case.folio for row in page.rows]


def test_pages_follow_the_deadline_then_the_cases_without_one(sonora, citizen, sonora_app):
    # given five cases: two on the same day, one later, one earlier, one without deadline
    cases = [file_case(sonora, citizen, sonora_app) for _ in range(5)]
    today = timezone.localdate()
    dues = [
        today + timedelta(days=5),
        today + timedelta(days=5),
        today + timedelta(days=9),
        today - timedelta(days=1),
        None,
    ]
    for case, due in zip(cases, dues, strict=True):
        Case.objects.filter(pk=case.pk).update(due_on=due)
    expected = [cases[3].folio, cases[0].folio, cases[1].folio, cases[2].folio, cases[4].folio]

    # when walking two by two
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = inbox_page(filters=InboxFilters(), after=cursor, limit=2)
        seen += _folios(page)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break

    # then every case once, in deadline order, undated last
    assert seen == expected
    assert pages == 3


def test_overdue_and_due_soon_filters(sonora, citizen, sonora_app):
    overdue, soon, later, paused = (file_case(sonora, citizen, sonora_app) for _ in range(4))
    today = timezone.localdate()
    Case.objects.filter(pk=overdue.pk).update(due_on=today - timedelta(days=1))
    Case.objects.filter(pk=soon.pk).update(due_on=today)
    Case.objects.filter(pk=later.pk).update(due_on=today + timedelta(days=60))
    Case.objects.filter(pk=paused.pk).update(
        due_on=today - timedelta(days=3), clock_paused_since=timezone.now()
    )

    overdue_page = inbox_page(filters=InboxFilters(deadline="vencidos"))
    soon_page = inbox_page(filters=InboxFilters(deadline="por_vencer"))

    assert _folios(overdue_page) == [overdue.folio]
    assert _folios(soon_page) == [soon.folio]
    assert [row.overdue for row in overdue_page.rows] == [True]
    assert [row.due_soon for row in soon_page.rows] == [True]


@pytest.mark.parametrize("value", ["", "x", "2026-13-40.1", "2026-01-01.", "-.abc", "1;DROP"])
def test_a_malformed_cursor_starts_from_the_first_page(value):
    assert parse_cursor(value) is None


def test_the_default_inbox_leaves_resolved_cases_out(sonora, citizen, sonora_app):
    waiting, resolved = (file_case(sonora, citizen, sonora_app) for _ in range(2))
    Case.objects.filter(pk=resolved.pk).update(status="aprobada", resolved_at=timezone.now())

    assert _folios(inbox_page()) == [waiting.folio]
    assert sorted(_folios(inbox_page(filters=InboxFilters(status="todos")))) == sorted(
        [waiting.folio, resolved.folio]
    )
    assert _folios(inbox_page(filters=InboxFilters(status="aprobada"))) == [resolved.folio]
