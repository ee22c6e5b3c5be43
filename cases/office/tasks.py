"""The office's periodic work: the ficta applied to cases whose plazo passed without a
resolution, once a day per active government (Celery beat; see config.celery)."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from cases.office.ficta import ficta_apply_due
from tenants.models import Government, GovernmentStatus


# Task names stay those of their first home (cases.tasks): queued messages and the beat
# schedule of running deployments refer to a task by its name.
@shared_task(name="cases.tasks.apply_ficta")
def apply_ficta(*, schema_name: str, today: str | None = None) -> int:
    """Apply the ficta to one government's cases past their plazo; how many were handled."""
    with schema_context(schema_name):
        day = date.fromisoformat(today) if today else None
        return len(ficta_apply_due(today=day))


@shared_task(name="cases.tasks.apply_ficta_for_all_tenants")
def apply_ficta_for_all_tenants(*, today: str | None = None) -> list[str]:
    """The daily job (Celery beat): one `apply_ficta` task per active government, sent from the
    government's schema so the worker runs it there. The schemas it sent tasks for."""
    sent = []
    governments = Government.objects.filter(status=GovernmentStatus.ACTIVE).exclude(
        schema_name=get_public_schema_name()
    )
    for government in governments.order_by("id"):
        with tenant_context(government):
            apply_ficta.delay(schema_name=government.schema_name, today=today)
        sent.append(government.schema_name)
    return sent
