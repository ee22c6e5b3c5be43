"""Reads of enabled apps.

Everything except `adoptions_of_apps` / `adopter_counts` reads the CURRENT schema only (the host's
government): another government's enabled app is simply not found, whatever id is guessed. The
publisher's aggregate view reads every adopter's schema in one query and returns numbers only.
"""

from __future__ import annotations

import copy
import datetime
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.fields.json import KeyTransform
from django_tenants.utils import get_public_schema_name
from psycopg import sql

from apps_registry.effective import build_effective_definition
from apps_registry.local_values import place_bound_states
from apps_registry.models import EnabledApp, EnabledAppEvent, EnabledAppStatus
from catalog import selectors as catalog_selectors
from catalog.definition import Definition
from catalog.models import AppVersion, CatalogApp
from catalog.selectors import AgreementStanding
from core import pagecache
from core.tenancy import current_government, current_schema
from tenants.jurisdiction import facts_for
from tenants.models import Government, GovernmentStatus

# Governments whose schemas hold adoptions worth showing to a publisher (onboarding ones are not
# routed yet and may be half-created).
ADOPTER_STATUSES = (GovernmentStatus.ACTIVE, GovernmentStatus.SUSPENDED)
# An adopter "uses" an app when citizens can see it.
IN_USE_STATUSES = (EnabledAppStatus.LIVE, EnabledAppStatus.PAUSED)


def ensure_current_government(government: Government) -> None:
    """Tenant rows are read and written in the connection's schema; being asked about another
    government's would be a programming error that could leak or mix data."""
    if government.schema_name != current_schema():
        raise RuntimeError(
            f"The connection is on schema {current_schema()!r}, not {government.schema_name!r}."
        )


def enabled_apps(
    *, government: Government, status: str | Iterable[str] | None = None
) -> QuerySet[EnabledApp]:
    """The government's enabled apps (all states unless `status` says), with the catalogue app,
    its publisher and latest version, and the pinned version selected; ordered by name."""
    ensure_current_government(government)
    apps = EnabledApp.objects.select_related(
        "catalog_app", "catalog_app__publisher", "catalog_app__latest_version", "version"
    ).defer("version__definition", "catalog_app__latest_version__definition")
    if isinstance(status, str):
        apps = apps.filter(status=status)
    elif status is not None:
        apps = apps.filter(status__in=list(status))
    return apps.order_by("catalog_app__title", "catalog_app__slug", "id")


def enabled_app_get(*, public_id: uuid.UUID | str) -> EnabledApp:
    """One enabled app of the current government; raises EnabledApp.DoesNotExist for an id of
    another government, a malformed id, or nothing at all — the same answer for all three."""
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        raise EnabledApp.DoesNotExist from None
    return EnabledApp.objects.select_related(
        "catalog_app", "catalog_app__publisher", "catalog_app__latest_version", "version"
    ).get(public_id=key)


def enabled_app_for_catalog_app(*, catalog_app_id: int) -> EnabledApp | None:
    return EnabledApp.objects.filter(catalog_app_id=catalog_app_id).first()


def enabled_app_events(*, enabled_app: EnabledApp) -> QuerySet[EnabledAppEvent]:
    return enabled_app.events.all()


def enabled_app_definition(enabled_app: EnabledApp) -> dict[str, Any]:
    """The effective definition citizens see (apps_registry.effective), as a private deep copy
    the caller may change; see `effective_definition` for the shared one."""
    return copy.deepcopy(effective_definition(enabled_app))


def effective_definition(enabled_app: EnabledApp) -> dict[str, Any]:
    """The same effective definition, shared and kept per process: NEVER modify it.

    Published versions never change (a database trigger refuses it), so the version and the
    `effective_key` (the government, its facts' revision, its local values and wording) always
    give the same document. Reading, parsing and copying a large JSON document is most of what
    a wizard page or a submission would otherwise cost.
    """
    return cached_effective_definition(enabled_app.version_id, effective_key(enabled_app))


def definition_as_served(
    version: AppVersion, enabled_app: EnabledApp | None = None
) -> dict[str, Any]:
    """Any published version as the current government would serve it: for previews and the
    catalogue's ficha before enabling (its facts resolve the variables), with its local values
    and wording when it has enabled the app. A private document; not kept per process."""
    government = current_government()
    return build_effective_definition(
        version.definition,
        facts=facts_for(government),
        is_publisher=version.app.publisher_id == government.pk,
        local_values=enabled_app.local_values if enabled_app is not None else None,
        not_applicable=enabled_app.not_applicable if enabled_app is not None else (),
        adaptations=enabled_app.adaptations if enabled_app is not None else None,
    )


def effective_key(enabled_app: EnabledApp) -> str:
    """Everything besides the version that decides the effective definition, as canonical JSON:
    the serving government and the revision of its facts, the local values, what it marked
    "no aplica", and its own wording."""
    government = current_government()
    return json.dumps(
        {
            "schema": government.schema_name,
            "revision": government.jurisdiction_revision,
            "values": enabled_app.local_values,
            "not_applicable": sorted(enabled_app.not_applicable),
            "adaptations": {
                pointer: item.get("text") for pointer, item in enabled_app.adaptations.items()
            },
        },
        sort_keys=True,
        ensure_ascii=False,
    )


# A parsed document, not HTML, so not in the "pages" cache alias (core.pagecache): every wizard
# page reads it, and unpickling a large definition there would cost about what this cache saves.
# Its key can never go stale (versions are immutable, facts carry a revision); pagecache.clear()
# empties it with the rest.
@lru_cache(maxsize=256)
def cached_effective_definition(version_id: int, key: str) -> dict[str, Any]:
    """`effective_definition` by version id and `effective_key` (shared: never modify it)."""
    version = AppVersion.objects.select_related("app").get(pk=version_id)
    adoption = json.loads(key)
    government = Government.objects.get(schema_name=adoption["schema"])
    return build_effective_definition(
        version.definition,
        facts=facts_for(government),
        is_publisher=version.app.publisher_id == government.pk,
        local_values=adoption["values"],
        not_applicable=adoption["not_applicable"],
        adaptations={pointer: {"text": text} for pointer, text in adoption["adaptations"].items()},
    )


pagecache.also_clear(cached_effective_definition.cache_clear)


def place_bound_shown(enabled_app: EnabledApp, effective: Mapping[str, Any]) -> dict[str, str]:
    """What a citizen page says where a place-bound value (offices, fees, legal basis…) is
    empty: slot name → "local", "not_applicable", "unset" (an adopter has not set it: never the
    publisher's) or "publisher" (the publisher's own site). `effective` is the app's effective
    definition (its override points are the publisher's)."""
    publisher_id = (
        CatalogApp.objects.filter(pk=enabled_app.catalog_app_id)
        .values_list("publisher_id", flat=True)
        .first()
    )
    return place_bound_states(
        effective,
        enabled_app.local_values,
        enabled_app.not_applicable,
        is_publisher=publisher_id == current_government().pk,
    )


@lru_cache(maxsize=1024)
def version_number(version_id: int) -> str:
    """A published version's number ("1.2.0"); immutable, so kept per process."""
    return str(AppVersion.objects.values_list("version", flat=True).get(pk=version_id))


def upgrade_available(enabled_app: EnabledApp) -> AppVersion | None:
    """The app's latest published version when it is newer than the pinned one."""
    latest = enabled_app.catalog_app.latest_version
    if latest is None or latest.semver <= enabled_app.version.semver:
        return None
    return latest


def newer_versions(enabled_app: EnabledApp) -> QuerySet[AppVersion]:
    """Published versions newer than the pinned one, newest first (for the changelog)."""
    pinned = enabled_app.version
    newer = (
        Q(major__gt=pinned.major)
        | Q(major=pinned.major, minor__gt=pinned.minor)
        | Q(major=pinned.major, minor=pinned.minor, patch__gt=pinned.patch)
    )
    return (
        AppVersion.objects.filter(newer, app_id=enabled_app.catalog_app_id)
        .filter(published_at__isnull=False)
        .order_by("-major", "-minor", "-patch")
    )


# --- convenios: what an ended one still allows ---------------------------------------------------


def agreement_standing(enabled_app: EnabledApp) -> AgreementStanding:
    """How the convenios with the app's publisher govern this enabled app of the current
    government (read from the public schema): whether it may go live, resume or upgrade, and,
    once its convenio ended, until when citizens may still file."""
    return catalog_selectors.agreement_standing(current_government(), enabled_app.catalog_app)


def agreement_standings(apps: Iterable[EnabledApp]) -> dict[int, AgreementStanding]:
    """`agreement_standing` of each enabled app, by enabled-app id, in one query (for lists)."""
    listed = list(apps)
    by_app = catalog_selectors.agreement_standings(
        current_government(), [app.catalog_app for app in listed]
    )
    return {app.pk: by_app[app.catalog_app_id] for app in listed}


def filing_until(enabled_app: EnabledApp) -> datetime.date | None:
    """The last day citizens may file under this enabled app: set once the convenio it was
    adopted under is suspended, terminated or expired (its notice period); None: no end."""
    return agreement_standing(enabled_app).filing_until


@dataclass(frozen=True)
class CitizenApp:
    """An enabled app as the citizen home lists it. `definition` holds only the effective
    `metadata` (local values applied) and the override points: lists never load whole
    definitions. Use `enabled_app_definition` for the full one."""

    enabled_app: EnabledApp
    definition: dict[str, Any]

    @property
    def public_id(self) -> uuid.UUID:
        return self.enabled_app.public_id

    @property
    def available(self) -> bool:
        """False while paused: shown as temporarily unavailable."""
        return self.enabled_app.status == EnabledAppStatus.LIVE

    @cached_property
    def app(self) -> Definition:
        return Definition(self.definition)

    @property
    def metadata(self) -> Mapping[str, Any]:
        return self.app.metadata

    @property
    def name(self) -> Mapping[str, str]:
        return self.app.name

    @property
    def citizen_name(self) -> Mapping[str, str]:
        return self.app.citizen_name

    @property
    def description(self) -> Mapping[str, str]:
        return self.app.description

    @property
    def synonyms(self) -> tuple[str, ...]:
        return self.app.synonyms

    @property
    def category(self) -> str:
        return self.app.category

    @property
    def slug(self) -> str:
        return self.enabled_app.catalog_app.slug


def live_apps_for_citizens() -> list[CitizenApp]:
    """The current government's apps citizens see: live ones, and paused ones (shown as
    temporarily unavailable; `available` is False). Ordered by category, then citizen name.
    Reads only the metadata and override points of each pinned version, not whole definitions."""
    apps = (
        EnabledApp.objects.filter(status__in=IN_USE_STATUSES)
        .select_related("catalog_app")
        .annotate(
            version_metadata=KeyTransform("metadata", "version__definition"),
            version_overrides=KeyTransform("overrides", "version__definition"),
        )
    )
    government = current_government()
    facts = facts_for(government)
    listed = [
        CitizenApp(
            enabled_app=app,
            definition=build_effective_definition(
                {
                    "metadata": app.version_metadata or {},
                    "overrides": app.version_overrides or [],
                },
                facts=facts,
                is_publisher=app.catalog_app.publisher_id == government.pk,
                local_values=app.local_values,
                not_applicable=app.not_applicable,
                adaptations=app.adaptations,
            ),
        )
        for app in apps
    ]
    return sorted(listed, key=lambda item: (item.category, item.citizen_name.get("es-MX", "")))


# --- the publisher's view: across adopters' schemas ----------------------------------------------


@dataclass(frozen=True)
class Adoption:
    """One government's use of one app. Numbers only: nothing personal crosses tenants."""

    government: Government
    app_id: int
    version_id: int
    version: str
    status: str
    cases_count: int

    @property
    def status_label(self) -> str:
        return str(EnabledAppStatus(self.status).label)


def _adopter_schemas() -> dict[str, Government]:
    governments = Government.objects.filter(status__in=ADOPTER_STATUSES).exclude(
        schema_name=get_public_schema_name()
    )
    return {g.schema_name: g for g in governments.order_by("name")}


def adoptions_of_apps(app_ids: Iterable[int]) -> list[Adoption]:
    """For each given catalogue app, every government that enabled it (any state), on which
    version, with the number of cases filed there. One UNION ALL query over the adopters'
    schemas; ordered by app, then government name."""
    ids = sorted(set(app_ids))
    if not ids:
        return []
    governments = _adopter_schemas()
    if not governments:
        return []
    parts = [
        sql.SQL(
            "SELECT {schema_literal} AS schema_name, e.catalog_app_id, e.version_id, e.status, "
            "(SELECT count(*) FROM {schema}.cases_case c WHERE c.enabled_app_id = e.id) AS cases "
            "FROM {schema}.apps_registry_enabledapp e WHERE e.catalog_app_id = ANY(%(ids)s)"
        ).format(schema_literal=sql.Literal(schema), schema=sql.Identifier(schema))
        for schema in governments
    ]
    query = sql.SQL(
        "SELECT a.schema_name, a.catalog_app_id, a.version_id, v.version, a.status, a.cases "
        "FROM ({union}) a JOIN {public}.catalog_appversion v ON v.id = a.version_id"
    ).format(
        union=sql.SQL(" UNION ALL ").join(parts),
        public=sql.Identifier(get_public_schema_name()),
    )
    with connection.cursor() as cursor:
        cursor.execute(query, {"ids": ids})
        rows = cursor.fetchall()
    order = {schema: index for index, schema in enumerate(governments)}
    rows.sort(key=lambda row: (row[1], order[row[0]]))
    return [
        Adoption(
            government=governments[schema],
            app_id=app_id,
            version_id=version_id,
            version=version,
            status=status,
            cases_count=int(cases),
        )
        for schema, app_id, version_id, version, status, cases in rows
    ]


def adopter_counts(app_ids: Iterable[int]) -> dict[int, int]:
    """How many governments use each app (live or paused). Apps nobody uses are absent.
    One UNION ALL query over the adopters' schemas."""
    ids = sorted(set(app_ids))
    if not ids:
        return {}
    governments = _adopter_schemas()
    if not governments:
        return {}
    parts = [
        sql.SQL(
            "SELECT e.catalog_app_id FROM {schema}.apps_registry_enabledapp e "
            "WHERE e.catalog_app_id = ANY(%(ids)s) AND e.status = ANY(%(statuses)s)"
        ).format(schema=sql.Identifier(schema))
        for schema in governments
    ]
    query = sql.SQL(
        "SELECT u.catalog_app_id, count(*) FROM ({union}) u GROUP BY u.catalog_app_id"
    ).format(union=sql.SQL(" UNION ALL ").join(parts))
    with connection.cursor() as cursor:
        cursor.execute(query, {"ids": ids, "statuses": [str(s) for s in IN_USE_STATUSES]})
        return {app_id: int(count) for app_id, count in cursor.fetchall()}
