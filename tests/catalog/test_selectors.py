"""Who sees which app: sharing policy and convenios decide, per government."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from catalog.models import CatalogApp
from catalog.selectors import app_list, apps_visible_to, government_may_adopt
from catalog.services import (
    agreement_activate,
    agreement_create,
    agreement_terminate,
    app_create,
    app_deprecate,
)
from tenants.models import Government

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def cdmx_apps(cdmx, publish_app, actor_of):
    """CDMX publishes one app per policy, plus one never published."""
    apps = {
        policy: publish_app(cdmx, f"app-{policy}", policy=policy).app
        for policy in ("public", "agreement", "private")
    }
    apps["draft"] = app_create(
        publisher=cdmx.government,
        slug="app-borrador",
        sharing_policy="public",
        actor=actor_of(cdmx),
    )
    return apps


def slugs(government: Government | None) -> set[str]:
    return set(apps_visible_to(government).values_list("slug", flat=True))


def convenio(cdmx, sonora, actor_of, *, apps=None, valid_from=TODAY, valid_to=None, activate=True):
    agreement = agreement_create(
        publisher=cdmx.government,
        adopter=sonora.government,
        title="Convenio de prueba",
        valid_from=valid_from,
        valid_to=valid_to,
        apps=apps,
        actor=actor_of(cdmx),
    )
    if activate:
        agreement_activate(agreement=agreement, actor=actor_of(cdmx))
    return agreement


def test_publisher_sees_all_its_apps_including_private_and_drafts(cdmx, cdmx_apps):
    assert slugs(cdmx.government) == {"app-public", "app-agreement", "app-private", "app-borrador"}


def test_without_agreement_another_government_sees_only_public_apps(sonora, cdmx_apps):
    assert slugs(sonora.government) == {"app-public"}
    assert government_may_adopt(sonora.government, cdmx_apps["public"])
    assert not government_may_adopt(sonora.government, cdmx_apps["agreement"])
    assert not government_may_adopt(sonora.government, cdmx_apps["private"])


def test_base_domain_sees_only_published_public_apps(cdmx_apps):
    platform = Government.objects.get(schema_name="public")
    assert slugs(None) == {"app-public"}
    assert slugs(platform) == {"app-public"}
    assert not government_may_adopt(None, cdmx_apps["public"])


def test_agreement_in_force_covering_all_apps_shows_agreement_apps_but_not_private(
    cdmx, sonora, cdmx_apps, actor_of
):
    convenio(cdmx, sonora, actor_of)

    assert slugs(sonora.government) == {"app-public", "app-agreement"}
    assert government_may_adopt(sonora.government, cdmx_apps["agreement"])
    assert not government_may_adopt(sonora.government, cdmx_apps["private"])


def test_agreement_for_selected_apps_covers_only_those(
    cdmx, sonora, cdmx_apps, publish_app, actor_of
):
    other = publish_app(cdmx, "app-agreement-2", policy="agreement").app

    convenio(cdmx, sonora, actor_of, apps=[cdmx_apps["agreement"]])

    assert slugs(sonora.government) == {"app-public", "app-agreement"}
    assert not government_may_adopt(sonora.government, other)


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "activate", "terminate"),
    [
        (TODAY - 30 * DAY, TODAY - DAY, True, False),  # expired yesterday
        (TODAY + DAY, None, True, False),  # starts tomorrow
        (TODAY - DAY, None, False, False),  # never activated (draft)
        (TODAY - DAY, None, True, True),  # terminated
    ],
    ids=["expired", "not-yet-in-force", "draft", "terminated"],
)
def test_agreement_not_in_force_shows_nothing_extra(
    cdmx, sonora, cdmx_apps, actor_of, valid_from, valid_to, activate, terminate
):
    agreement = convenio(
        cdmx, sonora, actor_of, valid_from=valid_from, valid_to=valid_to, activate=activate
    )
    if terminate:
        agreement_terminate(agreement=agreement, actor=actor_of(cdmx), reason="Fin del convenio")

    assert slugs(sonora.government) == {"app-public"}
    assert not government_may_adopt(sonora.government, cdmx_apps["agreement"])


def test_agreement_in_force_until_today_inclusive(cdmx, sonora, cdmx_apps, actor_of):
    convenio(cdmx, sonora, actor_of, valid_from=TODAY - DAY, valid_to=TODAY)

    assert "app-agreement" in slugs(sonora.government)


def test_agreement_is_one_way(cdmx, sonora, cdmx_apps, publish_app, actor_of):
    publish_app(sonora, "sonora-convenio", policy="agreement")
    convenio(cdmx, sonora, actor_of)

    assert "sonora-convenio" not in slugs(cdmx.government)


def test_deprecated_app_is_listed_but_cannot_be_adopted(cdmx, sonora, cdmx_apps, actor_of):
    app_deprecate(app=cdmx_apps["public"], actor=actor_of(cdmx))
    app = CatalogApp.objects.get(pk=cdmx_apps["public"].pk)

    assert "app-public" in slugs(sonora.government)
    assert not government_may_adopt(sonora.government, app)


def test_app_list_hides_drafts_unless_asked_and_filters(cdmx, cdmx_apps):
    visible = app_list(government=cdmx.government)
    assert {a.slug for a in visible} == {"app-public", "app-agreement", "app-private"}
    with_drafts = app_list(government=cdmx.government, include_drafts=True)
    assert "app-borrador" in {a.slug for a in with_drafts}
    assert list(app_list(government=cdmx.government, publisher="sonora")) == []
    assert {a.slug for a in app_list(government=cdmx.government, category="registro-civil")} == {
        "app-public",
        "app-agreement",
        "app-private",
    }
    assert list(app_list(government=cdmx.government, category="agua")) == []
