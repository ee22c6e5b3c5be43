"""Typed requests of a government's site, as the middleware leaves them.

django-tenants sets `request.tenant` and Django's auth sets `request.user`, but HttpRequest
declares neither precisely: `user` is `User | AnonymousUser` everywhere. Views annotate their
request with what their decorators guarantee, so the type checker knows it too.
"""

from __future__ import annotations

from django.http import HttpRequest

from core.models import User
from tenants.models import Government


class GovernmentRequest(HttpRequest):
    """Any request routed to a government's site (tenants.middleware set `tenant`)."""

    tenant: Government


class TenantRequest(GovernmentRequest):
    """A request behind sign-in (`login_required` or `role_required`): the user is a real
    account of this government, never AnonymousUser."""

    user: User
