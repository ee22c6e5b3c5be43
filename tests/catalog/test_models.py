"""Published versions are immutable, in the model and in the database."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from catalog import errors
from catalog.models import AppVersion, parse_semver
from catalog.services import app_create, version_draft_save
from core.errors import ApplicationError
from tests.catalog.factories import make_definition


def test_parse_semver_accepts_only_major_minor_patch():
    assert parse_semver("1.2.3") == (1, 2, 3)
    assert parse_semver("10.0.0") == (10, 0, 0)
    for bad in ("1.2", "01.2.3", "1.2.3-beta", "v1.2.3", "", "1.2.3.4"):
        assert parse_semver(bad) is None


def test_published_version_refuses_model_save_of_a_changed_definition(cdmx, publish_app):
    # given
    version = publish_app(cdmx, "constancia")
    version = AppVersion.objects.get(pk=version.pk)
    # when
    version.definition["metadata"]["name"]["es-MX"] = "Otro nombre"
    with pytest.raises(ApplicationError) as caught:
        version.save()
    # then
    assert [e.code for e in caught.value.errors] == [errors.VERSION_IMMUTABLE]
    stored = AppVersion.objects.get(pk=version.pk)
    assert stored.definition["metadata"]["name"]["es-MX"] == "Constancia de prueba"


def test_published_version_refuses_model_delete(cdmx, publish_app):
    version = AppVersion.objects.get(pk=publish_app(cdmx, "constancia").pk)

    with pytest.raises(ApplicationError):
        version.delete()

    assert AppVersion.objects.filter(pk=version.pk).exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE catalog_appversion SET definition = '{}'::jsonb WHERE id = %s",
        "UPDATE catalog_appversion SET version = '9.9.9' WHERE id = %s",
        "UPDATE catalog_appversion SET changelog = '{}'::jsonb WHERE id = %s",
        "DELETE FROM catalog_appversion WHERE id = %s",
    ],
)
def test_database_trigger_refuses_raw_sql_on_published_version(cdmx, publish_app, sql):
    version = publish_app(cdmx, "constancia")

    with (
        pytest.raises(IntegrityError, match=r"catalog\.version_immutable"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [version.pk])

    stored = AppVersion.objects.get(pk=version.pk)
    assert stored.version == "1.0.0"
    assert stored.definition == version.definition
    assert stored.changelog == {"es-MX": "Primera versión", "en": "First version"}


def test_queryset_update_of_published_version_is_refused_by_the_database(cdmx, publish_app):
    version = publish_app(cdmx, "constancia")

    with pytest.raises(IntegrityError), transaction.atomic():
        AppVersion.objects.filter(pk=version.pk).update(definition={})

    assert AppVersion.objects.get(pk=version.pk).definition == version.definition


def test_draft_version_can_be_changed_and_deleted(cdmx, actor_of):
    actor = actor_of(cdmx)
    app = app_create(
        publisher=cdmx.government, slug="borrador", sharing_policy="public", actor=actor
    )
    draft = version_draft_save(
        app=app, version="1.0.0", definition=make_definition("borrador"), actor=actor
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalog_appversion SET version = '1.1.0', minor = 1 WHERE id = %s", [draft.pk]
        )
    draft.refresh_from_db()
    assert draft.version == "1.1.0"

    app.audit_events.filter(version=draft).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_appversion WHERE id = %s", [draft.pk])
    assert not AppVersion.objects.filter(pk=draft.pk).exists()
