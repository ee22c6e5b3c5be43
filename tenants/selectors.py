"""Reads on governments."""

from __future__ import annotations

from django.db.models import QuerySet
from django_tenants.utils import get_public_schema_name

from tenants.models import Government, GovernmentStatus


def partner_governments() -> QuerySet[Government]:
    """Governments shown on the platform landing page: onboarded ones, never the platform row."""
    return (
        Government.objects.exclude(schema_name=get_public_schema_name())
        .exclude(status=GovernmentStatus.ONBOARDING)
        .prefetch_related("domains")
        .order_by("name")
    )
