from __future__ import annotations

import io
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django_tenants.utils import schema_context, schema_exists

from core.errors import ApplicationError
from core.models import Role, User
from tenants.models import Domain, Government, GovernmentStatus
from tenants.services import government_onboard

YUCATAN = {
    "slug": "yucatan",
    "name": "Gobierno del Estado de Yucatán",
    "domain": "yucatan.localhost",
    "admin_email": "Admin@Yucatan.gob.mx",
    "admin_password": "Clave-Segura-2026",
    "inegi_code": "31",
}


def _migrations_in(schema: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')  # noqa: S608
        return set(cursor.fetchall())


def test_onboarding_clones_the_template_without_running_migrations(db):
    # given
    with mock.patch.object(MigrationExecutor, "migrate", autospec=True) as migrate:
        # when
        result = government_onboard(**YUCATAN)

    # then
    migrate.assert_not_called()
    government = result.government
    assert result.created is True
    assert government.status == GovernmentStatus.ACTIVE
    assert government.schema_name == "yucatan"
    assert schema_exists("yucatan")
    assert _migrations_in("yucatan") == _migrations_in("tenant_template")
    assert list(government.domains.values_list("domain", "is_primary")) == [
        ("yucatan.localhost", True)
    ]
    with schema_context("yucatan"):
        admin = User.objects.get()
        assert admin.email == "admin@yucatan.gob.mx"
        assert admin.roles == [Role.ADMINISTRATOR]
        assert admin.is_staff
        assert admin.check_password("Clave-Segura-2026")


def test_onboarded_government_is_routed_at_once(db):
    government_onboard(**YUCATAN)

    response = Client(HTTP_HOST="yucatan.localhost").get("/")

    assert response.status_code == 200
    assert "Gobierno del Estado de Yucatán" in response.text


def test_onboarding_twice_is_safe_and_creates_nothing_new(db):
    first = government_onboard(**YUCATAN)

    second = government_onboard(**YUCATAN)

    assert second.created is False
    assert second.government.pk == first.government.pk
    assert Government.objects.filter(slug="yucatan").count() == 1
    assert Domain.objects.filter(domain="yucatan.localhost").count() == 1
    with schema_context("yucatan"):
        assert User.objects.count() == 1


def test_generated_password_is_returned_once(db):
    result = government_onboard(**{**YUCATAN, "admin_password": None})

    assert result.generated_password
    with schema_context("yucatan"):
        assert User.objects.get().check_password(result.generated_password)


def _assert_nothing_created(slug: str, domain: str) -> None:
    assert not Government.objects.filter(slug=slug).exists()
    assert not Domain.objects.filter(domain=domain).exists()
    assert not schema_exists(slug.replace("-", "_"))


@pytest.mark.parametrize(
    ("changes", "code", "location"),
    [
        ({"slug": "Yucatán!"}, "tenants.slug_invalid", "slug"),
        ({"slug": "y"}, "tenants.slug_invalid", "slug"),
        ({"slug": "pg-datos"}, "tenants.schema_name_invalid", "slug"),
        ({"slug": "public"}, "tenants.schema_name_invalid", "slug"),
        ({"domain": "no es un dominio"}, "tenants.domain_invalid", "domain"),
        ({"domain": "cdmx.localhost"}, "tenants.domain_taken", "domain"),
        ({"admin_email": "sin-arroba"}, "tenants.email_invalid", "admin_email"),
        ({"inegi_code": "40"}, "tenants.inegi_code_invalid", "inegi_code"),
        ({"name": "  "}, "tenants.name_required", "name"),
    ],
)
def test_bad_input_is_refused_with_a_located_error_and_nothing_created(db, changes, code, location):
    data = {**YUCATAN, **changes}
    governments_before = Government.objects.count()
    domains_before = Domain.objects.count()

    with pytest.raises(ApplicationError) as refused:
        government_onboard(**data)

    assert [(e.code, e.location) for e in refused.value.errors] == [(code, location)]
    error = refused.value.errors[0]
    assert error.message_es and error.message_en
    assert Government.objects.count() == governments_before
    assert Domain.objects.count() == domains_before
    _assert_nothing_created("yucatan", "yucatan.localhost")


def test_every_problem_is_reported_at_once(db):
    with pytest.raises(ApplicationError) as refused:
        government_onboard(**{**YUCATAN, "slug": "X", "domain": "-", "admin_email": "x"})

    assert {e.location for e in refused.value.errors} == {"slug", "domain", "admin_email"}


def test_slug_of_another_government_is_refused(sonora):
    with pytest.raises(ApplicationError) as refused:
        government_onboard(**{**YUCATAN, "slug": "sonora", "domain": "otro.localhost"})

    assert refused.value.errors[0].code == "tenants.slug_taken"
    assert not Domain.objects.filter(domain="otro.localhost").exists()
    assert Government.objects.get(slug="sonora").name == "Gobierno del Estado de Sonora"


def test_failure_midway_rolls_everything_back(db):
    with (
        mock.patch.object(User.objects, "create_user", side_effect=RuntimeError("disco lleno")),
        pytest.raises(RuntimeError),
    ):
        government_onboard(**YUCATAN)

    _assert_nothing_created("yucatan", "yucatan.localhost")


def test_interrupted_onboarding_is_not_routed_and_is_resumed(db):
    # given: what a run interrupted before activation would leave behind
    stale = Government.objects.create(
        schema_name="yucatan", slug="yucatan", name=YUCATAN["name"], display_name="Yucatán"
    )
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "yucatan"')
    Domain.objects.create(domain="yucatan.localhost", tenant=stale)
    assert Client(HTTP_HOST="yucatan.localhost").get("/").status_code == 404

    # when
    result = government_onboard(**YUCATAN)

    # then
    assert result.created is True
    assert result.government.status == GovernmentStatus.ACTIVE
    assert Government.objects.filter(slug="yucatan").count() == 1
    assert Client(HTTP_HOST="yucatan.localhost").get("/").status_code == 200


def test_command_shows_progress_and_onboards(db):
    out = io.StringIO()

    call_command(
        "onboard_government",
        "--slug=yucatan",
        "--name=Gobierno del Estado de Yucatán",
        "--domain=yucatan.localhost",
        "--admin-email=admin@yucatan.gob.mx",
        "--admin-password=Clave-Segura-2026",
        "--primary-color=#1E5631",
        stdout=out,
    )

    output = out.getvalue()
    assert "Clonando el esquema plantilla" in output
    assert "[6]" in output
    assert Government.objects.get(slug="yucatan").primary_color == "#1E5631"


def test_command_reports_bad_input_by_option(db):
    with pytest.raises(CommandError) as refused:
        call_command(
            "onboard_government",
            "--slug=Mal Slug",
            "--name=X",
            "--domain=x.localhost",
            "--admin-email=admin@x.gob.mx",
            stdout=io.StringIO(),
        )

    assert "--slug:" in str(refused.value)
    assert not Government.objects.filter(name="X").exists()
