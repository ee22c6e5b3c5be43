"""Reads for the publisher's back office: always the current government's own apps, drafts
included. Another government's app is simply not found, whatever its sharing policy."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from catalog.models import AppVersion, CatalogApp, Proposal, ProposalStatus, parse_semver
from catalog.search import search_apps
from tenants.models import Government


def publisher_apps(*, government: Government, query: str = "") -> QuerySet[CatalogApp]:
    """The government's own apps, with their latest published version, as `draft_version` the
    number of the draft being prepared (None when there is none) and as `pending_proposals` how
    many proposals from adopters await a decision. Searched and ranked by relevance when `query`
    is given, else by name."""
    drafts = AppVersion.objects.filter(app=OuterRef("pk"), published_at__isnull=True)
    pending = (
        Proposal.objects.filter(app=OuterRef("pk"), status=ProposalStatus.PENDING)
        .order_by()
        .values("app")
        .annotate(count=Count("id"))
        .values("count")
    )
    apps = (
        CatalogApp.objects.filter(publisher=government)
        .select_related("latest_version")
        # Lists show the version number only; definitions are tens of kilobytes each.
        .defer("latest_version__definition")
        .annotate(draft_version=Subquery(drafts.values("version")[:1]))
        .annotate(
            pending_proposals=Coalesce(Subquery(pending, output_field=IntegerField()), Value(0))
        )
    )
    if query.strip():
        return search_apps(apps, query.strip())
    return apps.order_by("title", "slug", "pk")


def publisher_app_get(*, government: Government, slug: str) -> CatalogApp | None:
    return (
        CatalogApp.objects.filter(publisher=government, slug=slug)
        .select_related("latest_version")
        .first()
    )


def publisher_app_versions(*, app: CatalogApp) -> QuerySet[AppVersion]:
    """Every version of one of the government's own apps, the draft included, newest first."""
    return app.versions.order_by("-major", "-minor", "-patch")


def app_draft(*, app: CatalogApp) -> AppVersion | None:
    return app.versions.filter(published_at__isnull=True).first()


def next_version_number(*, app: CatalogApp) -> str:
    """What to offer for a new draft: the latest published version with its minor number
    bumped (1.2.3 → 1.3.0), or 1.0.0 when nothing is published yet."""
    latest = app.latest_version
    numbers = parse_semver(latest.version) if latest is not None else None
    if numbers is None:
        return "1.0.0"
    major, minor, _patch = numbers
    return f"{major}.{minor + 1}.0"
