"""Role checks for back-office views. Users live in the tenant schema, so a signed-in user here is
already a user of this government; what remains is whether they hold one of the roles.

These are the views' fence only: every write service checks its `core.actors.Actor` again."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django_tenants.utils import get_public_schema_name

from core.actors import Actor
from core.models import Role

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def user_has_any_role(request: HttpRequest, roles: tuple[Role, ...]) -> bool:
    # The same rule the services apply (core.actors), so a page never offers what they refuse.
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == get_public_schema_name():
        return False
    return Actor.of_user(request.user, schema=tenant.schema_name).has(*roles)


def role_required(*roles: Role) -> Callable[[View], View]:
    """Anonymous → sign-in page; signed in without one of `roles` → 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_any_role(request, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
