"""Reads of the shared catalogue, always from the point of view of one government (or of nobody,
on the platform's base domain). An app a government may not see is simply not found."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
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


@dataclass(frozen=True)
class AgreementEnd:
    """How a convenio ended, as both governments' lists show it: "Convenio terminado el …; se
    puede presentar hasta el …". `status` is "suspended", "terminated" or "expired" (an active
    one whose validity ran out: the same notice period runs from its last day)."""

    agreement: Agreement
    status: str
    ended_on: datetime.date
    filing_until: datetime.date

    def filing_open_on(self, day: datetime.date) -> bool:
        return day <= self.filing_until

    @property
    def filing_open(self) -> bool:
        return self.filing_open_on(timezone.localdate())


EXPIRED = "expired"


def agreement_end(
    agreement: Agreement, *, today: datetime.date | None = None
) -> AgreementEnd | None:
    """The end of a suspended, terminated or expired convenio; None while it is in force (or a
    draft, which never governed anything)."""
    today = today or timezone.localdate()
    if agreement.status in (AgreementStatus.SUSPENDED, AgreementStatus.TERMINATED):
        moment = (
            agreement.suspended_at
            if agreement.status == AgreementStatus.SUSPENDED
            else agreement.terminated_at
        )
        ended_on = timezone.localdate(moment) if moment is not None else today
        until = agreement.filing_until or ended_on
        return AgreementEnd(agreement, str(agreement.status), ended_on, until)
    expired = agreement.valid_to is not None and agreement.valid_to < today
    if agreement.status == AgreementStatus.ACTIVE and agreement.valid_to is not None and expired:
        until = agreement.valid_to + datetime.timedelta(days=agreement.notice_days or 0)
        return AgreementEnd(agreement, EXPIRED, agreement.valid_to, until)
    return None


@dataclass(frozen=True)
class AgreementStanding:
    """How the convenios between an adopter and an app's publisher govern that app today.

    Only "agreement" apps of another government are governed; for them, with no convenio in
    force, `ended` is the ended one that covered the app with the latest filing date (None when
    none ever did)."""

    governed: bool
    in_force: Agreement | None = None
    ended: AgreementEnd | None = None

    @property
    def may_go_live(self) -> bool:
        """Whether enabled apps may go live, resume or upgrade under it."""
        return not self.governed or self.in_force is not None

    @property
    def filing_until(self) -> datetime.date | None:
        """The last day citizens may file; None: no limit from any convenio."""
        if self.may_go_live or self.ended is None:
            return None
        return self.ended.filing_until


NOT_GOVERNED = AgreementStanding(governed=False)


def agreement_standings(
    adopter: Government, apps: Iterable[CatalogApp], *, today: datetime.date | None = None
) -> dict[int, AgreementStanding]:
    """`AgreementStanding` of each app for `adopter`, by app id, in one query of the adopter's
    convenios (a government has a handful)."""
    today = today or timezone.localdate()
    apps = list(apps)
    governed = [
        app
        for app in apps
        if app.sharing_policy == SharingPolicy.AGREEMENT and app.publisher_id != adopter.pk
    ]
    standings = {app.pk: NOT_GOVERNED for app in apps}
    if not governed:
        return standings
    agreements = list(
        Agreement.objects.filter(
            adopter=adopter, publisher_id__in={app.publisher_id for app in governed}
        )
        .exclude(status=AgreementStatus.DRAFT)
        .prefetch_related(Prefetch("apps", queryset=CatalogApp.objects.only("pk")))
        .order_by("pk")
    )
    for app in governed:
        covering = [
            agreement
            for agreement in agreements
            if agreement.publisher_id == app.publisher_id
            and (agreement.covers_all_apps or any(a.pk == app.pk for a in agreement.apps.all()))
        ]
        in_force = next((a for a in covering if a.in_force_on(today)), None)
        ends = [end for a in covering if (end := agreement_end(a, today=today)) is not None]
        ended = max(ends, key=lambda end: end.filing_until, default=None)
        standings[app.pk] = AgreementStanding(True, in_force, None if in_force else ended)
    return standings


def agreement_standing(
    adopter: Government, app: CatalogApp, *, today: datetime.date | None = None
) -> AgreementStanding:
    return agreement_standings(adopter, [app], today=today)[app.pk]


def agreements_of(government: Government) -> list[tuple[Agreement, AgreementEnd | None]]:
    """Every convenio `government` is a party to (as publisher or adopter), drafts aside, with
    how it ended when it did: what both governments' back offices list."""
    agreements = (
        Agreement.objects.filter(Q(publisher=government) | Q(adopter=government))
        .exclude(status=AgreementStatus.DRAFT)
        .select_related("publisher", "adopter")
        .order_by("-valid_from", "title", "pk")
    )
    today = timezone.localdate()
    return [(agreement, agreement_end(agreement, today=today)) for agreement in agreements]


def ended_agreements(adopter: Government) -> list[AgreementEnd]:
    """The adopter's suspended, terminated or expired convenios."""
    return [
        end
        for agreement, end in agreements_of(adopter)
        if end and agreement.adopter_id == adopter.pk
    ]


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
