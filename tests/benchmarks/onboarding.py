"""Onboarding a government by cloning the template schema vs by running every tenant migration.

Runs in the development database with throwaway governments and schemas named `benchtmp…`,
all dropped afterwards, also when something fails (and at the start, should an interrupted run
have left any behind).
"""

from __future__ import annotations

import os
import secrets
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.clone import CloneSchema

from core.tenancy import tenant_connection
from tenants.models import Government
from tenants.services import government_onboard, schema_name_for_slug
from tests.benchmarks.report import Report

REPEATS = int(os.environ.get("BENCH_ONBOARDING_REPEATS", "3"))
SLUG_PREFIX = "benchtmp-"
SCHEMA_PREFIX = schema_name_for_slug(SLUG_PREFIX)


def throwaway_slug(label: str) -> str:
    return f"{SLUG_PREFIX}{label}-{secrets.token_hex(3)}"


def onboard_throwaway(slug: str) -> Government:
    """A real, active government for the HTTP benchmark's Host header."""
    domain = f"{slug}.{settings.VENTANILLA_BASE_DOMAIN}"
    return government_onboard(
        slug=slug,
        name=f"Benchmark {slug}",
        domain=domain,
        admin_email=f"admin@{slug}.example.mx",
        admin_password=secrets.token_urlsafe(16),
    ).government


@contextmanager
def throwaway_cleanup() -> Iterator[None]:
    drop_throwaways()
    try:
        yield
    finally:
        drop_throwaways()


def drop_throwaways() -> None:
    tenant_connection().set_schema_to_public()
    # Plain SQL rather than a queryset delete: no Government.delete() (the schema is dropped
    # here, explicitly) and no cascade collector querying other apps' tables, which may not be
    # migrated yet. A throwaway government owns no rows elsewhere.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM tenants_domain WHERE tenant_id IN "
            "(SELECT id FROM tenants_government WHERE starts_with(slug, %s))",
            [SLUG_PREFIX],
        )
        cursor.execute("DELETE FROM tenants_government WHERE starts_with(slug, %s)", [SLUG_PREFIX])
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", [SCHEMA_PREFIX]
        )
        for (schema,) in cursor.fetchall():
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')


def measure(report: Report) -> None:
    report.start_section(f"Onboarding a government ({REPEATS} runs, median)")
    onboard_times: list[float] = []
    clone_times: list[float] = []
    migrate_times: list[float] = []
    for run in range(1, REPEATS + 1):
        slug = throwaway_slug(f"c{run}")
        started = time.perf_counter()
        onboard_throwaway(slug)
        onboard_times.append(time.perf_counter() - started)

        schema = schema_name_for_slug(throwaway_slug(f"s{run}"))
        started = time.perf_counter()
        with transaction.atomic():
            CloneSchema().clone_schema(settings.TENANT_TEMPLATE_SCHEMA, schema)
        clone_times.append(time.perf_counter() - started)

        schema = schema_name_for_slug(throwaway_slug(f"m{run}"))
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{schema}"')
        call_command(
            "migrate_schemas", tenant=True, schema_name=schema, interactive=False, verbosity=0
        )
        tenant_connection().set_schema_to_public()
        migrate_times.append(time.perf_counter() - started)
        size = _schema_size(schema)

        report.progress(
            f"Alta / run {run}/{REPEATS}: government_onboard {onboard_times[-1]:.2f} s, "
            f"clone only {clone_times[-1]:.2f} s, migrations {migrate_times[-1]:.2f} s"
        )
        drop_throwaways()

    onboard = statistics.median(onboard_times)
    clone = statistics.median(clone_times)
    migrate = statistics.median(migrate_times)
    report.figure("tenant schema: migrations / tables", f"{size[0]} / {size[1]}", "count")
    report.figure("schema by clone of the template", clone, "s")
    report.figure("schema by migrations (CREATE SCHEMA + migrate_schemas)", migrate, "s")
    report.figure(
        "migrations / clone",
        migrate / clone,
        "ratio",
        "> 1 (clone faster)",
        met=migrate > clone,
        note="the gap grows with every tenant migration added",
    )
    report.figure(
        "whole government_onboard (clone + admin + domain)",
        onboard,
        "s",
        note="includes hashing the administrator's password (PBKDF2, slow on purpose)",
    )


def _schema_size(schema: str) -> tuple[int, int]:
    with connection.cursor() as cursor:
        # The schema name is one this module generated, never outside input.
        cursor.execute(f'SELECT count(*) FROM "{schema}".django_migrations')  # noqa: S608
        (migrations,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", [schema]
        )
        (tables,) = cursor.fetchone()
    return migrations, tables
