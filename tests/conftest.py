"""Test database: the same rule as the app (embedded PostgreSQL, or DATABASE_URL), a separate
`test_ventanilla` database, the template schema and two governments created once per session.

Each test then runs in a transaction that is rolled back, so governments a test onboards (schema
included: PostgreSQL DDL is transactional) disappear after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from core.models import Role, User
from tenants.models import Government
from tenants.routing import clear_routes
from tenants.services import (
    ThemeInput,
    government_onboard,
    platform_ensure,
    template_schema_prepare,
)

TEST_PASSWORD = "Prueba-Segura-2026"


@dataclass(frozen=True)
class TenantFixture:
    government: Government
    domain: str
    admin_email: str

    @property
    def schema_name(self) -> str:
        return self.government.schema_name

    def client(self, **kwargs: object) -> Client:
        return Client(HTTP_HOST=self.domain, **kwargs)  # type: ignore[arg-type]


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Hashing with PBKDF2 costs ~0.3 s a password; tests need none of that strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        template_schema_prepare()
        platform_ensure(base_domain="localhost")
        for slug, name, code, color in (
            ("cdmx", "Gobierno de la Ciudad de México", "09", "#9F2241"),
            ("sonora", "Gobierno del Estado de Sonora", "26", "#00587A"),
        ):
            government_onboard(
                slug=slug,
                name=name,
                domain=f"{slug}.localhost",
                admin_email=f"admin@{slug}.gob.mx",
                admin_password=TEST_PASSWORD,
                inegi_code=code,
                theme=ThemeInput(display_name=name, primary_color=color),
            )


@pytest.fixture(autouse=True)
def _public_schema_and_fresh_routes() -> Iterator[None]:
    """Every test starts on the public schema with an empty host cache, and leaves them so."""
    connection.set_schema_to_public()
    clear_routes()
    yield
    connection.set_schema_to_public()
    clear_routes()


def _tenant(slug: str) -> TenantFixture:
    government = Government.objects.get(slug=slug)
    return TenantFixture(
        government=government, domain=f"{slug}.localhost", admin_email=f"admin@{slug}.gob.mx"
    )


@pytest.fixture
def cdmx(db: None) -> TenantFixture:
    return _tenant("cdmx")


@pytest.fixture
def sonora(db: None) -> TenantFixture:
    return _tenant("sonora")


@pytest.fixture
def make_user():
    """Create a user inside a tenant's schema: make_user(sonora, roles=[Role.CASE_OFFICER])."""

    def factory(
        tenant: TenantFixture,
        *,
        email: str | None = None,
        roles: list[Role] | None = None,
        is_staff: bool | None = None,
    ) -> User:
        roles = roles or []
        with schema_context(tenant.schema_name):
            return User.objects.create_user(
                email or f"persona{User.objects.count() + 1}@{tenant.government.slug}.example.mx",
                TEST_PASSWORD,
                roles=list(roles),
                is_staff=bool(roles) if is_staff is None else is_staff,
            )

    return factory
