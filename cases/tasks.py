"""E-mails about cases, sent in the background (Celery; eager without a broker). Each task runs in the
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
