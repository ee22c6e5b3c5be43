"""Officers' inbox figures for `make bench`: p95 time of one keyset page (`inbox_page`, 50 rows)
over 1,000,000 cases of one government, for the default view, deep pages, each filter and each
kind of search. Goal: p95 ≤ 50 ms per page.

The cases are generated with one INSERT … SELECT generate_series in a throwaway government
(`benchtmp-inbox-…`), spread over four apps, five states and three officers (and unassigned) at
random, with deadlines from two months ago to two months ahead, then ANALYZEd. Everything it created is removed
afterwards, also when something fails. BENCH_INBOX_CASES and BENCH_INBOX_REPEATS change the effort.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from apps_registry.models import EnabledApp, EnabledAppStatus
from cases.models import Case
from catalog.models import AppVersion, CatalogApp
from core.models import Role, User
from tests.benchmarks import onboarding
from tests.benchmarks.bench_citizens import _drop_own
from tests.benchmarks.report import Report
from tests.cases.definitions import filing_definition

CASES = int(os.environ.get("BENCH_INBOX_CASES", "1000000"))
REPEATS = int(os.environ.get("BENCH_INBOX_REPEATS", "60"))
GOAL_MS = 50.0
PAGE = 50

_INSERT = """
INSERT INTO cases_case (
    public_id, enabled_app_id, version_id, applicant_id, folio, status, status_changed_at,
    answers, data, idempotency_key, privacy_notice_version, privacy_accepted_at, submitted_at,
    applicant_name, applicant_curp, assigned_to_id, due_on, clock_paused_since,
    paused_business_days, resolved_at, ficta_applied_at, lock_version, created_at, updated_at
)
SELECT
    gen_random_uuid(),
    (%(apps)s::bigint[])[1 + i %% 4],
    %(version)s,
    NULL,
    'BEN-' || lpad(i::text, 9, '0'),
    (ARRAY['recibida', 'en_revision', 'prevencion', 'aprobada', 'rechazada'])[1 + s],
    now(),
    '{}'::jsonb,
    '{}'::jsonb,
    NULL,
    '',
    NULL,
    now() - make_interval(days => i %% 365),
    (ARRAY['MARÍA', 'JUAN', 'GUADALUPE', 'JOSÉ', 'ANA', 'LUIS', 'ROSA', 'MIGUEL'])[1 + i %% 8]
        || ' '
        || (ARRAY['LÓPEZ', 'GARCÍA', 'HERNÁNDEZ', 'MARTÍNEZ', 'PÉREZ', 'RAMÍREZ', 'CRUZ'])[
            1 + (i / 8) %% 7]
        || ' ' || i::text,
    'BENC' || lpad((i %% 1000000)::text, 6, '0') || 'HSRXXX' || lpad((i / 1000000)::text, 2, '0'),
    (array_append(%(officers)s::bigint[], NULL))[1 + a],
    current_date - 60 + (i %% 120),
    CASE WHEN s = 2 THEN now() END,
    0,
    CASE WHEN s >= 3 THEN now() END,
    NULL,
    0,
    now() - make_interval(days => i %% 365),
    now()
FROM (
    -- State and assignee drawn at random: derived from i they would line up with the deadline
    -- (also derived from i) and make some filters look slower or faster than real data would.
    SELECT i, floor(random() * 5)::int AS s, floor(random() * 4)::int AS a
    FROM generate_series(1, %(count)s) AS i
) AS generated
"""


def run(report: Report) -> None:
    slug = onboarding.throwaway_slug("inbox")
    report.progress("preparando un gobierno desechable / preparing a throwaway government")
    government = onboarding.onboard_throwaway(slug)
    try:
        _measure(report, government)
    finally:
        _drop_own(government.pk)


def _measure(report: Report, government: Any) -> None:
    from cases.office.selectors import (
        ALL,
        ASSIGNED_MINE,
        ASSIGNED_NONE,
        DEADLINE_DUE_SOON,
        DEADLINE_OVERDUE,
        InboxFilters,
        inbox_page,
    )

    definition = filing_definition("bench-inbox")
    apps = []
    with tenant_context(government):
        officers = [
            User.objects.create_user(
                f"funcionario{n}@bench.example.mx",
                roles=[Role.CASE_OFFICER],
                is_staff=True,
            )
            for n in range(3)
        ]
    for n in range(4):
        app = CatalogApp.objects.create(publisher=government, slug=f"bench-inbox-{n}", title="B")
        version = AppVersion.objects.create(
            app=app, version="1.0.0", major=1, definition=definition
        )
        with tenant_context(government):
            apps.append(
                EnabledApp.objects.create(
                    catalog_app=app, version=version, status=EnabledAppStatus.LIVE
                )
            )
    report.progress(f"generando {CASES:,} expedientes / generating {CASES:,} cases")
    started = time.monotonic()
    with tenant_context(government), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")  # the same cases on every run
        # Versions differ per app in real life; one is enough for the page's state names.
        cursor.execute(
            _INSERT,
            {
                "apps": [app.pk for app in apps],
                "version": apps[0].version_id,
                "officers": [officer.pk for officer in officers],
                "count": CASES,
            },
        )
        cursor.execute("ANALYZE cases_case")
        total = Case.objects.count()
    report.figure("cases generated", total, "cases", note=f"{time.monotonic() - started:.0f} s")

    today = timezone.localdate()
    officer = officers[0]
    # One case from the middle of the table, searched in every state ("todos").
    middle = CASES // 2
    folio = f"BEN-{middle:09d}"
    curp = f"BENC{middle % 1_000_000:06d}HSRXXX{middle // 1_000_000:02d}"
    with tenant_context(government):
        scenarios: list[tuple[str, Callable[[], Any]]] = [
            ("open cases, first page", lambda: inbox_page(filters=InboxFilters(today=today))),
            ("open cases, 20th page", _deep(inbox_page, InboxFilters(today=today), 20)),
            (
                "status filter",
                lambda: inbox_page(filters=InboxFilters(status="en_revision", today=today)),
            ),
            (
                "app filter",
                lambda: inbox_page(filters=InboxFilters(app=apps[1].public_id, today=today)),
            ),
            (
                "assigned to me",
                lambda: inbox_page(
                    filters=InboxFilters(assigned=ASSIGNED_MINE, viewer=officer, today=today)
                ),
            ),
            (
                "unassigned",
                lambda: inbox_page(filters=InboxFilters(assigned=ASSIGNED_NONE, today=today)),
            ),
            (
                "overdue",
                lambda: inbox_page(filters=InboxFilters(deadline=DEADLINE_OVERDUE, today=today)),
            ),
            (
                "due soon",
                lambda: inbox_page(filters=InboxFilters(deadline=DEADLINE_DUE_SOON, today=today)),
            ),
            (
                "search by folio",
                lambda: inbox_page(filters=InboxFilters(query=folio, status=ALL, today=today)),
            ),
            (
                "search by CURP",
                lambda: inbox_page(filters=InboxFilters(query=curp, status=ALL, today=today)),
            ),
            (
                "search by name prefix",
                lambda: inbox_page(filters=InboxFilters(query="rosa lópez 12", today=today)),
            ),
        ]
        for label, page in scenarios:
            report.progress(f"{label}: {REPEATS} páginas / pages")
            rows = len(page().rows)  # warm-up, and the row count shown
            timings = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                page()
                timings.append((time.perf_counter() - started) * 1000)
            p95 = _percentile(timings, 95)
            report.figure(
                f"inbox page p95: {label}",
                round(p95, 1),
                "ms",
                goal=f"≤ {GOAL_MS:.0f} ms",
                met=p95 <= GOAL_MS,
                note=f"{rows} rows; p50 {_percentile(timings, 50):.1f} ms",
            )


def _deep(inbox_page: Callable[..., Any], filters: Any, pages: int) -> Callable[[], Any]:
    """The page after following the cursor `pages - 1` times (found once, measured alone)."""
    cursor = None
    for _ in range(pages - 1):
        cursor = inbox_page(filters=filters, after=cursor).next_cursor
    return lambda: inbox_page(filters=filters, after=cursor)


def _percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    index = max(0, math.ceil(percent / 100 * len(ordered)) - 1)
    return ordered[index]
