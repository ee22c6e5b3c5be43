"""Who may write to the catalogue through the API."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import get_public_schema_name
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from core.models import Role

PUBLISHING_ROLES = (Role.PUBLISHER, Role.ADMINISTRATOR)


def is_publishing_staff(request: Request) -> bool:
    """A signed-in user of this host's government with the publisher or administrator role.
    Users live in the tenant schema, so being signed in here already means "of this tenant"."""
    tenant = getattr(request, "tenant", None)
    user = request.user
    return bool(
        tenant is not None
        and tenant.schema_name != get_public_schema_name()
        and user is not None
        and user.is_authenticated
        and any(user.has_role(role) for role in PUBLISHING_ROLES)
    )


class IsTenantPublisher(BasePermission):
    message = (
        "Se necesita el rol de edición de catálogo o de administración de este gobierno. / "
        "The catalogue publisher or administrator role of this government is required."
    )

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_publishing_staff(request)
