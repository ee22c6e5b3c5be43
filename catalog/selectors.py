"""Reads of the shared catalogue, always from the point of view of one government (or of nobody,
on the platform's base domain). An app a government may not see is simply not found."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from catalog.models import Agreement, AgreementStatus, AppVersion, CatalogApp, SharingPolicy
from catalog.search import search_apps
from tenants.models import Government


def _is_partner(government: Government | None) -> bool:
    """False for nobody and for the platform's own row (the public schema publishes nothing)."""
    return government is not None and government.schema_name != get_public_schema_name()


def agreements_in_force(adopter: Government) -> QuerySet[Agreement]:
    """The adopter's active convenios whose validity includes today (Mexico City date)."""
    today = timezone.localdate()
    return Agreement.objects.filter(
        adopter=adopter, status=AgreementStatus.ACTIVE, valid_from__lte=today
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))


def apps_visible_to(government: Government | None) -> QuerySet[CatalogApp]:
    """Apps `government` may see: its own (drafts included), other governments' published public
    apps, and their published "agreement" apps covered by a convenio in force today (all the
    publisher's apps, or the listed ones). Private apps are seen by their publisher only. With no
    government (the base domain), only published public apps."""
    published_public = Q(latest_version__isnull=False, sharing_policy=SharingPolicy.PUBLIC)
    if not _is_partner(government):
        return CatalogApp.objects.filter(published_public)
    assert government is not None
    in_force = agreements_in_force(government)
    covers_whole_publisher = in_force.filter(covers_all_apps=True, publisher=OuterRef("publisher"))
    covers_this_app = in_force.filter(covers_all_apps=False, apps=OuterRef("pk"))
    by_agreement = Q(latest_version__isnull=False, sharing_policy=SharingPolicy.AGREEMENT) & (
        Q(Exists(covers_whole_publisher)) | Q(Exists(covers_this_app))
    )
    return CatalogApp.objects.filter(Q(publisher=government) | published_public | by_agreement)


def government_may_adopt(government: Government | None, app: CatalogApp) -> bool:
    """Whether `government` may enable `app` now: it is published, not deprecated, and visible to
    it (its own, public, or under a convenio in force today)."""
    if not _is_partner(government) or app.latest_version_id is None or app.is_deprecated:
        return False
    return apps_visible_to(government).filter(pk=app.pk).exists()


def app_list(
    *,
    government: Government | None,
    include_drafts: bool = False,
    query: str = "",
    category: str = "",
    publisher: str = "",
) -> QuerySet[CatalogApp]:
    """The catalogue as `government` sees it, optionally searched (ranked by relevance) and
    filtered by category slug and publisher slug. Apps with nothing published yet are listed
    only with `include_drafts` (the publisher's own staff)."""
    apps = _visible(government, include_drafts).select_related("publisher")
    if category:
        apps = apps.filter(category=category)
    if publisher:
        apps = apps.filter(publisher__slug=publisher)
    if query.strip():
        return search_apps(apps, query.strip())
    return apps.order_by("title", "slug", "pk")


def app_get(
    *, government: Government | None, publisher: str, slug: str, include_drafts: bool = False
) -> CatalogApp | None:
    return (
        _visible(government, include_drafts)
        .select_related("publisher", "latest_version")
        .filter(publisher__slug=publisher, slug=slug)
        .first()
    )


def app_versions(
    *, government: Government | None, app: CatalogApp, include_drafts: bool = False
) -> QuerySet[AppVersion]:
    """Published versions, newest first; with `include_drafts`, the publisher also sees its
    draft."""
    versions = app.versions.order_by("-major", "-minor", "-patch")
    if include_drafts and government is not None and app.publisher_id == government.pk:
        return versions
    return versions.filter(published_at__isnull=False)


def version_get(
    *, government: Government | None, app: CatalogApp, version: str, include_drafts: bool = False
) -> AppVersion | None:
    versions = app_versions(government=government, app=app, include_drafts=include_drafts)
    return versions.filter(version=version).first()


def _visible(government: Government | None, include_drafts: bool) -> QuerySet[CatalogApp]:
    apps = apps_visible_to(government)
    return apps if include_drafts else apps.filter(latest_version__isnull=False)
