"""The Celery application. Every task carries the schema it was sent from and runs in it.

tenant-schemas-celery adds the sender's schema to each message's headers and switches the
worker's connection to that schema before the task runs (and back after it). With a broker
configured (`CELERY_BROKER_URL`, Redis or RabbitMQ) tasks go to workers; without one they run
eagerly in the sending process, so the zero-setup demo needs no broker.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from celery.schedules import crontab
from tenant_schemas_celery.app import CeleryApp as TenantAwareCeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Periodic work (run `celery beat`); times are Mexico City's.
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # Plazos end at the close of a day; the ficta of those that passed applies next morning.
    "apply-ficta-daily": {
        "task": "cases.tasks.apply_ficta_for_all_tenants",
        "schedule": crontab(hour=6, minute=0),
    },
}


def celery_app_create(
    name: str = "ventanilla",
    *,
    overrides: Mapping[str, Any] | None = None,
    set_as_current: bool = True,
) -> TenantAwareCeleryApp:
    """An app configured from Django's CELERY_* settings; `overrides` win (tests use them to talk
    to a given broker without becoming the process's current app)."""
    celery_app = TenantAwareCeleryApp(name, set_as_current=set_as_current)
    celery_app.config_from_object("django.conf:settings", namespace="CELERY")
    celery_app.conf.beat_schedule = BEAT_SCHEDULE
    celery_app.conf.timezone = "America/Mexico_City"
    if overrides:
        celery_app.conf.update(overrides)
    celery_app.autodiscover_tasks()
    # The case packages are not apps of their own: their tasks modules are named here.
    celery_app.autodiscover_tasks(["cases.office"])
    return celery_app


app = celery_app_create()
