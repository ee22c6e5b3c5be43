"""A committed throwaway government for tests whose threads need rows their own connections can
see.

The `db` fixture keeps everything in one transaction no other connection can see, and
`transactional_db` flushes the public schema (the session's governments with it). So these tests
commit their own government with one live app on an unpublished catalogue version, and remove all
of it afterwards: its schema is dropped, the catalogue rows and the government's public rows
deleted.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django_tenants.utils import tenant_context

from apps_registry.models import EnabledApp, EnabledAppStatus
from catalog.models import AppVersion, CatalogApp
from tenants.models import Government
from tenants.services import government_onboard
from tests.conftest import TEST_PASSWORD


@dataclass
class Throwaway:
    government: Government
    enabled_app: EnabledApp


def throwaways_drop(slug_prefix: str) -> None:
    """Remove every government whose slug starts with `slug_prefix` (also after an interrupted
    run: a government row without its schema would break the next session's migrations)."""
    connection.set_schema_to_public()
    # Plain SQL: a queryset delete's cascade collector would look for tenant tables (enabled
    # apps) in the public schema.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, schema_name FROM tenants_government WHERE starts_with(slug, %s)",
            [slug_prefix],
        )
        for government_id, schema in cursor.fetchall():
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            cursor.execute(
                "UPDATE catalog_catalogapp SET latest_version_id = NULL WHERE publisher_id = %s",
                [government_id],
            )
            cursor.execute(
                "DELETE FROM catalog_appversion WHERE app_id IN "
                "(SELECT id FROM catalog_catalogapp WHERE publisher_id = %s)",
                [government_id],
            )
            cursor.execute(
                "DELETE FROM catalog_catalogapp WHERE publisher_id = %s", [government_id]
            )
            cursor.execute("DELETE FROM tenants_domain WHERE tenant_id = %s", [government_id])
            cursor.execute("DELETE FROM tenants_government WHERE id = %s", [government_id])


@contextmanager
def throwaway_government(
    *, slug_prefix: str, name: str, app_slug: str, app_title: str, definition: dict[str, Any]
) -> Iterator[Throwaway]:
    """A committed government `<slug_prefix><random>` with `app_slug` live on `definition`,
    removed on leaving the block. Use it inside `django_db_blocker.unblock()`."""
    slug = f"{slug_prefix}{secrets.token_hex(3)}"
    throwaways_drop(slug_prefix)
    try:
        government = government_onboard(
            slug=slug,
            name=name,
            domain=f"{slug}.localhost",
            admin_email=f"admin@{slug}.example.mx",
            admin_password=TEST_PASSWORD,
        ).government
        # An unpublished version: published ones cannot be deleted, and this one must go.
        app = CatalogApp.objects.create(publisher=government, slug=app_slug, title=app_title)
        version = AppVersion.objects.create(
            app=app, version="1.0.0", major=1, definition=definition
        )
        with tenant_context(government):
            enabled = EnabledApp.objects.create(
                catalog_app=app, version=version, status=EnabledAppStatus.LIVE
            )
        yield Throwaway(government=government, enabled_app=enabled)
    finally:
        throwaways_drop(slug_prefix)
