"""Catalogue writes: drafts, publishing, deprecation, sharing policy, agreements."""

from __future__ import annotations

import datetime

import pytest

from catalog import errors
from catalog.models import (
    Agreement,
    AgreementStatus,
    AppVersion,
    AuditAction,
    CatalogApp,
    CatalogAuditEvent,
)
from catalog.services import (
    agreement_activate,
    agreement_create,
    agreement_terminate,
    app_create,
    app_deprecate,
    app_set_sharing_policy,
    version_draft_save,
    version_publish,
)
from core.errors import ApplicationError
from tests.catalog.factories import make_definition


@pytest.fixture
def app(cdmx, actor_of):
    return app_create(
        publisher=cdmx.government, slug="constancia", sharing_policy="public", actor=actor_of(cdmx)
    )


def codes(caught: pytest.ExceptionInfo[ApplicationError]) -> list[str]:
    return [error.code for error in caught.value.errors]


def test_app_create_records_the_actor_in_the_audit_trail(cdmx, actor_of):
    app = app_create(
        publisher=cdmx.government,
        slug="nueva-app",
        sharing_policy="agreement",
        actor=actor_of(cdmx),
    )

    event = CatalogAuditEvent.objects.get(app=app)
    assert event.action == AuditAction.APP_CREATED
    assert (event.actor_email, event.actor_schema) == ("editor@cdmx.gob.mx", "cdmx")
    assert event.data == {"sharing_policy": "agreement"}


def test_app_create_refuses_bad_slug_bad_policy_and_duplicates(cdmx, app, actor_of):
    with pytest.raises(ApplicationError) as caught:
        app_create(
            publisher=cdmx.government, slug="Mal Slug", sharing_policy="todos", actor=actor_of(cdmx)
        )
    assert codes(caught) == [errors.APP_SLUG_INVALID, errors.SHARING_POLICY_INVALID]

    with pytest.raises(ApplicationError) as caught:
        app_create(
            publisher=cdmx.government,
            slug="constancia",
            sharing_policy="public",
            actor=actor_of(cdmx),
        )
    assert codes(caught) == [errors.APP_SLUG_TAKEN]


def test_same_slug_is_allowed_for_another_publisher(sonora, app, actor_of):
    other = app_create(
        publisher=sonora.government,
        slug="constancia",
        sharing_policy="public",
        actor=actor_of(sonora),
    )
    assert other.pk != app.pk


def test_invalid_definition_saves_nothing_and_reports_every_located_error(cdmx, app, actor_of):
    # given: a definition with two problems, a bad version and a foreign slug
    definition = make_definition("otra-app")
    del definition["workflow"]
    definition["ficta"] = "quizas"
    audit_before = CatalogAuditEvent.objects.count()
    # when
    with pytest.raises(ApplicationError) as caught:
        version_draft_save(
            app=app, version="1.0", definition=definition, changelog={}, actor=actor_of(cdmx)
        )
    # then
    assert sorted(error.location for error in caught.value.errors) == [
        "/definition/ficta",
        "/definition/metadata/slug",
        "/definition/workflow",
        "version",
    ]
    assert AppVersion.objects.filter(app=app).count() == 0
    assert CatalogAuditEvent.objects.count() == audit_before
    app.refresh_from_db()
    assert app.title == ""


def test_draft_save_replaces_the_single_draft(cdmx, app, actor_of):
    actor = actor_of(cdmx)
    first = version_draft_save(
        app=app, version="1.0.0", definition=make_definition("constancia"), actor=actor
    )
    second = version_draft_save(
        app=app,
        version="1.1.0",
        definition=make_definition("constancia", name="Constancia nueva"),
        actor=actor,
    )

    assert second.pk == first.pk
    assert list(app.versions.values_list("version", flat=True)) == ["1.1.0"]
    app.refresh_from_db()
    assert app.title == "Constancia nueva"
    assert app.latest_version is None


def test_publish_writes_an_audit_row_and_points_the_app_to_the_version(cdmx, app, actor_of):
    # given
    actor = actor_of(cdmx)
    draft = version_draft_save(
        app=app,
        version="1.0.0",
        definition=make_definition("constancia", name="Constancia de residencia"),
        actor=actor,
    )
    # when
    published = version_publish(
        version=draft, changelog={"es-MX": "Primera versión", "en": "First version"}, actor=actor
    )
    # then
    assert published.is_published
    assert (published.published_by_email, published.published_by_schema) == (
        "editor@cdmx.gob.mx",
        "cdmx",
    )
    event = CatalogAuditEvent.objects.get(action=AuditAction.VERSION_PUBLISHED, version=published)
    assert (event.actor_email, event.actor_schema, event.app_id) == (
        "editor@cdmx.gob.mx",
        "cdmx",
        app.pk,
    )
    assert event.data == {"version": "1.0.0"}
    app.refresh_from_db()
    assert app.latest_version_id == published.pk
    assert app.title == "Constancia de residencia"
    assert app.category == "registro-civil"
    assert app.search_vector is not None


def test_publish_requires_a_spanish_changelog(cdmx, app, actor_of):
    draft = version_draft_save(
        app=app, version="1.0.0", definition=make_definition("constancia"), actor=actor_of(cdmx)
    )

    with pytest.raises(ApplicationError) as caught:
        version_publish(version=draft, changelog={"en": "Only English"}, actor=actor_of(cdmx))

    assert codes(caught) == [errors.CHANGELOG_REQUIRED]
    draft.refresh_from_db()
    assert not draft.is_published
    assert not CatalogAuditEvent.objects.filter(action=AuditAction.VERSION_PUBLISHED).exists()


def test_versions_must_increase_and_cannot_be_republished(cdmx, publish_app, actor_of):
    published = publish_app(cdmx, "constancia", version="1.2.0")
    app = published.app

    for number in ("1.2.0", "1.1.9", "0.9.0"):
        with pytest.raises(ApplicationError) as caught:
            version_draft_save(
                app=app,
                version=number,
                definition=make_definition("constancia"),
                actor=actor_of(cdmx),
            )
        assert codes(caught)[0] in {errors.VERSION_NOT_INCREASING, errors.VERSION_ALREADY_PUBLISHED}

    with pytest.raises(ApplicationError) as caught:
        version_publish(version=published, changelog={"es-MX": "otra vez"}, actor=actor_of(cdmx))
    assert codes(caught) == [errors.VERSION_ALREADY_PUBLISHED]

    newer = version_draft_save(
        app=app, version="1.10.0", definition=make_definition("constancia"), actor=actor_of(cdmx)
    )
    version_publish(version=newer, changelog={"es-MX": "Nueva"}, actor=actor_of(cdmx))
    app.refresh_from_db()
    assert app.latest_version.version == "1.10.0"


def test_deprecated_app_takes_no_new_versions(cdmx, publish_app, actor_of):
    app = publish_app(cdmx, "constancia").app

    app_deprecate(app=app, actor=actor_of(cdmx), reason="Se sustituye")

    assert app.is_deprecated
    assert CatalogAuditEvent.objects.filter(action=AuditAction.APP_DEPRECATED, app=app).count() == 1
    with pytest.raises(ApplicationError) as caught:
        version_draft_save(
            app=app, version="2.0.0", definition=make_definition("constancia"), actor=actor_of(cdmx)
        )
    assert codes(caught) == [errors.APP_DEPRECATED]


def test_sharing_policy_change_is_audited(cdmx, app, actor_of):
    app_set_sharing_policy(app=app, sharing_policy="private", actor=actor_of(cdmx))

    assert CatalogApp.objects.get(pk=app.pk).sharing_policy == "private"
    event = CatalogAuditEvent.objects.get(action=AuditAction.SHARING_POLICY_CHANGED)
    assert event.data == {"from": "public", "to": "private"}


def test_agreement_lifecycle_draft_active_terminated(cdmx, sonora, actor_of):
    agreement = agreement_create(
        publisher=cdmx.government,
        adopter=sonora.government,
        title="Convenio de prueba",
        valid_from=datetime.date(2026, 1, 1),
        actor=actor_of(cdmx),
    )
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.covers_all_apps

    agreement_activate(agreement=agreement, actor=actor_of(cdmx))
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.ACTIVE
    with pytest.raises(ApplicationError) as caught:
        agreement_activate(agreement=agreement, actor=actor_of(cdmx))
    assert codes(caught) == [errors.AGREEMENT_STATUS]

    agreement_terminate(agreement=agreement, actor=actor_of(cdmx), reason="Fin del convenio")
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.TERMINATED
    assert list(
        CatalogAuditEvent.objects.filter(agreement=agreement)
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["agreement_created", "agreement_activated", "agreement_terminated"]


def test_agreement_create_refuses_invalid_input(cdmx, sonora, publish_app, actor_of):
    sonora_app = publish_app(sonora, "app-de-sonora").app

    with pytest.raises(ApplicationError) as caught:
        agreement_create(
            publisher=cdmx.government,
            adopter=cdmx.government,
            title=" ",
            valid_from=datetime.date(2026, 5, 1),
            valid_to=datetime.date(2026, 4, 1),
            apps=[sonora_app],
            actor=actor_of(cdmx),
        )

    assert {e.location for e in caught.value.errors} == {"adopter", "title", "valid_to", "apps"}
    assert not Agreement.objects.exists()


# --- who may write ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["auditor", "case_officer", "citizen"])
def test_catalogue_services_called_directly_refuse_other_roles_and_change_nothing(
    cdmx, sonora, app, role
):
    # given an app with a draft, and someone who may read the catalogue but not write it
    from core.actors import PERMISSION_DENIED, Actor

    draft = version_draft_save(
        app=app,
        version="1.0.0",
        definition=make_definition("constancia"),
        actor=Actor.named("editor@cdmx.gob.mx", "publisher", schema=cdmx.schema_name),
    )
    intruder = Actor.named(f"{role}@cdmx.gob.mx", role, schema=cdmx.schema_name)
    audit_rows = CatalogAuditEvent.objects.count()
    calls = [
        lambda: app_create(
            publisher=cdmx.government, slug="otra", sharing_policy="public", actor=intruder
        ),
        lambda: app_set_sharing_policy(app=app, sharing_policy="private", actor=intruder),
        lambda: app_deprecate(app=app, actor=intruder),
        lambda: version_draft_save(
            app=app, version="1.0.1", definition=make_definition("constancia"), actor=intruder
        ),
        lambda: version_publish(
            version=draft, changelog={"es-MX": "Cambio", "en": "Change"}, actor=intruder
        ),
        lambda: agreement_create(
            publisher=cdmx.government,
            adopter=sonora.government,
            title="Convenio",
            valid_from=datetime.date(2026, 1, 1),
            actor=intruder,
        ),
    ]

    refused = []
    for call in calls:
        with pytest.raises(ApplicationError) as caught:
            call()
        refused.extend(codes(caught))

    assert refused == [PERMISSION_DENIED] * len(calls)
    app.refresh_from_db()
    draft.refresh_from_db()
    assert (app.sharing_policy, app.deprecated_at, draft.version, draft.published_at) == (
        "public",
        None,
        "1.0.0",
        None,
    )
    assert not CatalogApp.objects.filter(slug="otra").exists()
    assert not Agreement.objects.filter(title="Convenio").exists()
    assert CatalogAuditEvent.objects.count() == audit_rows


def test_agreement_status_changes_refuse_an_auditor(cdmx, sonora, actor_of):
    from core.actors import PERMISSION_DENIED, Actor

    agreement = agreement_create(
        publisher=cdmx.government,
        adopter=sonora.government,
        title="Convenio",
        valid_from=datetime.date(2026, 1, 1),
        actor=actor_of(cdmx),
    )
    auditor = Actor.named("auditoria@cdmx.gob.mx", "auditor", schema=cdmx.schema_name)

    with pytest.raises(ApplicationError) as activate:
        agreement_activate(agreement=agreement, actor=auditor)
    with pytest.raises(ApplicationError) as terminate:
        agreement_terminate(agreement=agreement, actor=auditor, reason="x")

    assert codes(activate) + codes(terminate) == [PERMISSION_DENIED, PERMISSION_DENIED]
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT
