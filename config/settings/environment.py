"""Every environment variable the project reads, read here and nowhere else.

Each integration has a safe default so that a fresh machine with nothing configured runs the demo.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("DJANGO_DEBUG", default=True)
# The demo key is only ever used with DEBUG on; production refuses to start without a real one.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# Folder of the embedded PostgreSQL server used when DATABASE_URL is not set (git-ignored).
TEST_DATABASE_NAME = os.environ.get("VENTANILLA_TEST_DB", "test_ventanilla")
EMBEDDED_PGDATA = Path(os.environ.get("VENTANILLA_PGDATA", BASE_DIR / ".pgdata"))
BASE_DOMAIN = os.environ.get("VENTANILLA_BASE_DOMAIN", "localhost").strip().lower()
EXTRA_ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "development" if DEBUG else "production")
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# Where rendered page parts are kept (core.pagecache): empty, in each process's memory; a Redis
# URL shares them between processes (and lets `manage.py clear_caches` reach every worker). Give
# it a Redis database of its own (redis://host:6379/2): clearing a Redis cache empties its database.
PAGES_CACHE_URL = os.environ.get("VENTANILLA_PAGES_CACHE_URL", "")
# Seconds a host → tenant lookup stays in a process's memory; changes made in the same process
# invalidate it at once, other processes see them after at most this long.
TENANT_ROUTE_TTL = float(os.environ.get("VENTANILLA_TENANT_ROUTE_TTL", "10"))
MEDIA_ROOT = Path(os.environ.get("VENTANILLA_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STATIC_ROOT = Path(os.environ.get("VENTANILLA_STATIC_ROOT", BASE_DIR / "var" / "static"))
SECURE_COOKIES = _flag("VENTANILLA_SECURE_COOKIES", default=not DEBUG)
