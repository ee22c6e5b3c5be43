"""Reads on governments: the partners list and each government's calendar of non-working days."""

from __future__ import annotations

from datetime import date

import holidays
from django.db.models import QuerySet
from django_tenants.utils import get_public_schema_name

from core.models import NonWorkingDay
from tenants.models import Government, GovernmentStatus


def partner_governments() -> QuerySet[Government]:
    """Governments shown on the platform landing page: onboarded ones, never the platform row."""
    return (
        Government.objects.exclude(schema_name=get_public_schema_name())
        .exclude(status=GovernmentStatus.ONBOARDING)
        .prefetch_related("domains")
        .order_by("name")
    )


def calendar_year(year: int) -> tuple[list[tuple[date, str]], list[NonWorkingDay]]:
    """Mexico's national holidays of `year` (the `holidays` library, not editable) and the
    government's own non-working days, both by date."""
    national = sorted(holidays.Mexico(years=[year], language="es").items())
    own = list(NonWorkingDay.objects.filter(day__year=year).order_by("day"))
    return [(day, str(name)) for day, name in national], own
