"""Committed worlds the browser tests share: a procedure CDMX publishes and Sonora runs, signing
in through the real form, and removing afterwards what the server had to see committed.

Published versions are immutable down to a database trigger; a test's own catalogue app is the
one exception, removed with the trigger switched off inside one transaction. Plain SQL: the ORM's
delete would also look for enabled apps and cases, which live in tenant schemas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django_tenants.utils import schema_context
from playwright.sync_api import Page

from apps_registry.models import EnabledApp, EnabledAppEvent
from apps_registry.services import enabled_app_enable
from cases.models import Case, CaseDocument, CaseDraft, FolioCounter
from catalog.models import CatalogApp
from catalog.services import app_create, version_draft_save, version_publish
from core.actors import Actor, ActorRole
from tenants.models import Government
from tests.adopting import adopter_values
from tests.cases.views_support import all_types_definition
from tests.conftest import TEST_PASSWORD


def sign_in(
    page: Page, live_url: Callable[..., str], tenant_slug: str, email: str, next_path: str
) -> None:
    """Signs in through the sign-in form, landing on `next_path`."""
    page.goto(live_url(tenant_slug, f"/cuenta/entrar/?next={next_path}"))
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Entrar").click()


def catalogue_app_remove(slug: str) -> None:
    """CDMX's catalogue app `slug` with its versions and audit events (see the module docstring)."""
    cdmx = Government.objects.get(slug="cdmx")
    ids = list(CatalogApp.objects.filter(publisher=cdmx, slug=slug).values_list("pk", flat=True))
    if not ids:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE catalog_appversion DISABLE TRIGGER catalog_appversion_immutable"
        )
        cursor.execute("DELETE FROM catalog_catalogauditevent WHERE app_id = ANY(%s)", [ids])
        cursor.execute(
            "UPDATE catalog_catalogapp SET latest_version_id = NULL WHERE id = ANY(%s)", [ids]
        )
        cursor.execute("DELETE FROM catalog_appversion WHERE app_id = ANY(%s)", [ids])
        cursor.execute("DELETE FROM catalog_catalogapp WHERE id = ANY(%s)", [ids])
        # Foreign keys are checked at commit; ALTER TABLE wants no check still pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE catalog_appversion ENABLE TRIGGER catalog_appversion_immutable")


def sonora_procedure_remove(slug: str, folios_before: dict[int, int]) -> None:
    """Sonora's enabled copy of `slug` with every case, draft, document and output filed on it,
    the folio counters put back to `folios_before`, then CDMX's catalogue app."""
    sonora = Government.objects.get(slug="sonora")
    with schema_context(sonora.schema_name), transaction.atomic():
        apps = list(EnabledApp.objects.filter(catalog_app__slug=slug))
        cases = Case.objects.filter(enabled_app__in=apps)
        documents = CaseDocument.objects.filter(case__in=cases) | CaseDocument.objects.filter(
            draft__enabled_app__in=apps
        )
        for document in documents:
            document.file.delete(save=False)
        documents.delete()
        for case in cases:
            for output in case.outputs.all():
                if output.file:
                    output.file.delete(save=False)
        cases.delete()
        CaseDraft.objects.filter(enabled_app__in=apps).delete()
        EnabledAppEvent.objects.filter(enabled_app__in=apps).delete()
        EnabledApp.objects.filter(pk__in=[app.pk for app in apps]).delete()
        for counter in FolioCounter.objects.all():
            if counter.year in folios_before:
                counter.last_value = folios_before[counter.year]
                counter.save(update_fields=["last_value"])
            else:
                counter.delete()
    catalogue_app_remove(slug)


@contextmanager
def sonora_procedure(slug: str) -> Iterator[EnabledApp]:
    """The all-types procedure `slug`, published by CDMX and enabled (committed) in Sonora;
    removed, with whatever was filed on it, on leaving the block. Enter it after creating the
    people who file on it, so that it is removed before them (cases protect their applicant)."""
    sonora = Government.objects.get(slug="sonora")
    with schema_context(sonora.schema_name):
        folios_before = dict(FolioCounter.objects.values_list("year", "last_value"))
    sonora_procedure_remove(slug, folios_before)  # an interrupted run may have left it behind
    try:
        cdmx = Government.objects.get(slug="cdmx")
        actor = Actor.named("editor@cdmx.gob.mx", ActorRole.CATALOG_EDITOR, schema=cdmx.schema_name)
        app = app_create(publisher=cdmx, slug=slug, sharing_policy="public", actor=actor)
        draft = version_draft_save(
            app=app, version="1.0.0", definition=all_types_definition(slug), actor=actor
        )
        version = version_publish(version=draft, changelog={"es-MX": "Primera"}, actor=actor)
        values, not_applicable = adopter_values(sonora, version)
        with schema_context(sonora.schema_name):
            enabled = enabled_app_enable(
                government=sonora,
                app=version.app,
                version=version,
                local_values=values,
                not_applicable=not_applicable,
                actor=Actor.named(
                    "admin@sonora.gob.mx", ActorRole.ADMINISTRATOR, schema=sonora.schema_name
                ),
            )
        yield enabled
    finally:
        sonora_procedure_remove(slug, folios_before)
