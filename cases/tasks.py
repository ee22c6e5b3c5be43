"""Background work of citizen filings (Celery; eager without a broker). Each task runs in the
schema it was sent from (tenant-schemas-celery), and is queued by the services on commit."""

from __future__ import annotations

from celery import shared_task

from cases.emails import send_case_ficta_applied, send_case_filed, send_case_status_changed


@shared_task
def case_filed_email(*, case_id: int, schema_name: str) -> None:
    send_case_filed(case_id=case_id, schema_name=schema_name)


@shared_task
def case_status_changed_email(*, case_id: int, schema_name: str) -> None:
    send_case_status_changed(case_id=case_id, schema_name=schema_name)


@shared_task
def case_ficta_email(*, case_id: int, schema_name: str) -> None:
    send_case_ficta_applied(case_id=case_id, schema_name=schema_name)


@shared_task
def apply_ficta(*, schema_name: str, today: str | None = None) -> int:
    """Apply the ficta to one government's cases past their plazo; how many were handled."""
    from datetime import date

    from django_tenants.utils import schema_context

    # Imported here: cases.ficta uses the services, which import this module.
    from cases.ficta import ficta_apply_due

    with schema_context(schema_name):
        day = date.fromisoformat(today) if today else None
        return len(ficta_apply_due(today=day))


@shared_task
def apply_ficta_for_all_tenants(*, today: str | None = None) -> list[str]:
    """The daily job (Celery beat): one `apply_ficta` task per active government, sent from the
    government's schema so the worker runs it there. The schemas it sent tasks for."""
    from django_tenants.utils import get_public_schema_name, tenant_context

    from tenants.models import Government, GovernmentStatus

    sent = []
    governments = Government.objects.filter(status=GovernmentStatus.ACTIVE).exclude(
        schema_name=get_public_schema_name()
    )
    for government in governments.order_by("id"):
        with tenant_context(government):
            apply_ficta.delay(schema_name=government.schema_name, today=today)
        sent.append(government.schema_name)
    return sent
