"""Background tasks shared by every app. Each runs in the schema it was sent from."""

from __future__ import annotations

import logging

from celery import shared_task

from core.models import User
from core.tenancy import current_schema

logger = logging.getLogger(__name__)


@shared_task(ignore_result=False)
def tenant_schema_probe() -> dict[str, object]:
    """Diagnostic: which schema the task ran in and how many accounts that schema holds."""
    schema = current_schema()
    users = User.objects.count()
    # The log filter adds the schema to this line, which shows it reached the worker's logs.
    logger.info("tenant_schema_probe ran with %s accounts", users)
    return {"schema": schema, "users": users}
