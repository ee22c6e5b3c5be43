"""Who may use the enabled-apps API: the same roles as the back office."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from core.models import Role
from core.permissions import user_has_any_role

READ_ROLES = (Role.ADMINISTRATOR, Role.AUDITOR)
WRITE_ROLES = (Role.ADMINISTRATOR,)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class EnabledAppsPermission(BasePermission):
    """Reading: administrators and auditors of this host's government; writing: administrators.
    Users live in the tenant schema, so signed in here already means "of this government"."""

    message = (
        "Se necesita el rol de administración de este gobierno (auditoría: solo lectura). / "
        "The administrator role of this government is required (auditors: read only)."
    )

    def has_permission(self, request: Request, view: Any) -> bool:
        roles = READ_ROLES if request.method in SAFE_METHODS else WRITE_ROLES
        return user_has_any_role(request, roles)
