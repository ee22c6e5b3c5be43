"""Plain Django for comparison: the product's settings without tenant routing.

Same middleware otherwise, same view, Django's own PostgreSQL backend (no search_path switching).
django-tenants stays installed because its app checks the router setting at start-up; the router
only matters to migrations, which this server never runs.
"""

from config.settings import *  # noqa: F403
from config.settings import DATABASES, MIDDLEWARE

MIDDLEWARE = [m for m in MIDDLEWARE if m != "tenants.middleware.TenantRoutingMiddleware"]
ROOT_URLCONF = "tests.benchmarks.urls"
DATABASES = {"default": {**DATABASES["default"], "ENGINE": "django.db.backends.postgresql"}}
