"""The per-request reads written in SQL (core.rawsql): the signed-in user (AccountBackend), the
session (core.sessions) and the procedure with its draft (cases.views) give what the ORM gives,
and only from the current government's schema."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.forms.models import model_to_dict
from django.utils import timezone
from django_tenants.utils import schema_context

from apps_registry.models import EnabledApp
from core.accounts.backends import AccountBackend
from core.models import Role, User
from core.rawsql import model_from_row, select_columns
from core.sessions import SessionStore


def _orm_values(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


def test_the_signed_in_user_is_read_as_the_orm_reads_it(sonora, make_user):
    user = make_user(sonora, roles=[Role.CASE_OFFICER])

    with schema_context(sonora.schema_name):
        read = AccountBackend().get_user(user.pk)
        expected = User.objects.get(pk=user.pk)

    assert read is not None
    assert _orm_values(read) == _orm_values(expected)
    assert read.roles == [Role.CASE_OFFICER]
    assert read._state.adding is False  # saved later as an update, like any loaded instance


def test_no_user_for_an_unknown_malformed_or_inactive_id(sonora, make_user):
    user = make_user(sonora)
    with schema_context(sonora.schema_name):
        User.objects.filter(pk=user.pk).update(is_active=False)
        backend = AccountBackend()

        assert backend.get_user(user.pk) is None
        assert backend.get_user(10_000_000) is None
        assert backend.get_user("1 OR 1=1") is None
        assert backend.get_user(None) is None


def test_a_user_id_of_sonora_never_finds_the_sonora_user_on_cdmx(sonora, cdmx, make_user):
    citizen = make_user(sonora, email="solo.sonora@example.mx")

    with schema_context(cdmx.schema_name):
        found = AccountBackend().get_user(citizen.pk)

    assert found is None or found.email != "solo.sonora@example.mx"


def test_an_expired_session_is_not_loaded_and_gets_a_new_key(sonora, make_user):
    user = make_user(sonora)
    with schema_context(sonora.schema_name):
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store.create()
        key = store.session_key
        assert SessionStore(session_key=key).load() == {"_auth_user_id": str(user.pk)}

        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        expired = SessionStore(session_key=key)

        assert expired.load() == {}
        assert expired.session_key is None


def test_a_session_of_sonora_is_not_found_in_cdmx_schema(sonora, cdmx):
    with schema_context(sonora.schema_name):
        store = SessionStore()
        store["marca"] = "sonora"
        store.create()
    with schema_context(cdmx.schema_name):
        assert SessionStore(session_key=store.session_key).load() == {}


def test_a_row_becomes_the_same_instance_the_orm_builds(sonora):
    from tests.cases.views_support import all_types_definition, publish_and_enable

    # (publish_and_enable needs a publisher fixture-like object; Sonora publishes to itself)
    enabled = publish_and_enable(sonora, sonora, all_types_definition())
    from django.db import connection

    with schema_context(sonora.schema_name):
        EnabledApp.objects.filter(pk=enabled.pk).update(local_values={"oficina": "Centro"})
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {select_columns(EnabledApp, 'e')} FROM apps_registry_enabledapp e"  # noqa: S608
                " WHERE e.id = %s",
                [enabled.pk],
            )
            built = model_from_row(EnabledApp, cursor.fetchone())
        expected = EnabledApp.objects.get(pk=enabled.pk)

    assert _orm_values(built) == _orm_values(expected)
    assert built.local_values == {"oficina": "Centro"}  # JSON converted, not text
    assert model_to_dict(built) == model_to_dict(expected)


def test_the_effective_definition_is_shared_per_version_and_local_values(sonora):
    from apps_registry.selectors import effective_definition, enabled_app_definition
    from tests.cases.views_support import all_types_definition, publish_and_enable

    enabled = publish_and_enable(sonora, sonora, all_types_definition())
    with schema_context(sonora.schema_name):
        app = EnabledApp.objects.get(pk=enabled.pk)
        shared = effective_definition(app)
        assert effective_definition(EnabledApp.objects.get(pk=enabled.pk)) is shared

        # a private copy may be changed without touching the shared one
        private = enabled_app_definition(app)
        private["metadata"]["name"] = {"es-MX": "Cambiado"}
        assert shared["metadata"]["name"] != {"es-MX": "Cambiado"}

        # other local values are another document
        app.local_values = {"otra": "cosa"}
        assert effective_definition(app) is not shared
