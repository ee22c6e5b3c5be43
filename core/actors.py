"""Who acts: the one typed party every write service receives and checks.

Views build it from the signed-in user (`Actor.of_user(request.user)`), the ficta job and the
management commands from a reason (`Actor.system("ficta")`), so a service called from a view, the
API, a command or a task refuses the same people the same way: it calls `actor.require(...)` at
its top instead of trusting the caller's decorator (views keep theirs as a second fence).

Users live in each government's schema, so an e-mail alone does not name a person: the actor also
carries the schema it acts in. Roles are the back-office roles of `core.models.Role` plus the
parties that hold no role there: citizens, the platform itself and its operators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django_tenants.utils import get_public_schema_name

from core.errors import ApplicationError
from core.models import Role, User
from core.tenancy import current_schema

PERMISSION_DENIED = "core.permission_denied"


class ActorRole(StrEnum):
    # The staff roles keep core.models.Role's values, so a user's stored roles are actor roles.
    CASE_OFFICER = Role.CASE_OFFICER.value
    ADMINISTRATOR = Role.ADMINISTRATOR.value
    AUDITOR = Role.AUDITOR.value
    CATALOG_EDITOR = Role.PUBLISHER.value
    CITIZEN = "citizen"
    # Scheduled jobs (the ficta), management commands and the demo loader.
    SYSTEM = "system"
    # Staff of the public schema: they run the platform, not any government's procedures.
    OPERATOR = "operator"


# The role audit rows name when an actor holds several: acting roles before reading ones.
_ROLE_ORDER = tuple(ActorRole)


@dataclass(frozen=True)
class Actor:
    email: str
    # The schema (government) the actor belongs to; "public" for operators and the platform.
    schema: str
    roles: frozenset[ActorRole] = frozenset()
    # The account, when there is one (not for the system, nor for people named only by e-mail).
    user: User | None = field(default=None, compare=False, repr=False)
    # Why the system acts ("ficta", "import_catalog"): for logs and debugging, never for checks.
    reason: str = ""

    def __post_init__(self) -> None:
        # Accept core.models.Role members or plain strings; unknown names are a programming error.
        object.__setattr__(self, "roles", frozenset(ActorRole(str(r)) for r in self.roles))

    # --- constructors ---------------------------------------------------------------------------

    @classmethod
    def of_user(cls, user: Any, *, schema: str | None = None) -> Actor:
        """The signed-in (or anonymous) user of the current schema. Roles count only while the
        account is active, and staff roles only on staff accounts, as `role_required` checks;
        an anonymous or deactivated user is an actor with no role, refused everywhere."""
        schema = schema or current_schema()
        email = str(getattr(user, "email", "") or "")
        if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
            return cls(email=email, schema=schema)
        account = user if isinstance(user, User) else None
        if not user.is_staff:
            return cls(
                email=email, schema=schema, roles=frozenset({ActorRole.CITIZEN}), user=account
            )
        if schema == get_public_schema_name():
            return cls(
                email=email, schema=schema, roles=frozenset({ActorRole.OPERATOR}), user=account
            )
        return cls(email=email, schema=schema, roles=frozenset(user.roles), user=account)

    @classmethod
    def from_request(cls, request: Any) -> Actor:
        """The request's user, in the schema of the host's government."""
        return cls.of_user(request.user, schema=request.tenant.schema_name)

    @classmethod
    def system(cls, reason: str, *, email: str = "", schema: str | None = None) -> Actor:
        """The platform itself. `email` is what its rows show: blank on a case's history (no
        person acted), or a mailbox where a row names who to ask (the catalogue's imports)."""
        return cls(
            email=email,
            schema=schema or current_schema(),
            roles=frozenset({ActorRole.SYSTEM}),
            reason=reason,
        )

    @classmethod
    def named(cls, email: str, *roles: ActorRole | Role | str, schema: str | None = None) -> Actor:
        """Someone known by e-mail and roles with no account loaded (demo data, fixtures)."""
        return cls(email=email, schema=schema or current_schema(), roles=frozenset(roles))  # type: ignore[arg-type]

    # --- checks ---------------------------------------------------------------------------------

    def has(self, *roles: ActorRole | Role | str) -> bool:
        return any(str(role) in self.roles for role in roles)

    @property
    def is_system(self) -> bool:
        return ActorRole.SYSTEM in self.roles

    @property
    def role(self) -> str:
        """The one role audit rows record ("" with none)."""
        return next((str(role) for role in _ROLE_ORDER if role in self.roles), "")

    def require(
        self,
        *roles: ActorRole | Role | str,
        code: str = PERMISSION_DENIED,
        message_es: str = "Tu cuenta no tiene permiso para hacer esto.",
        message_en: str = "Your account is not allowed to do this.",
    ) -> Actor:
        """Refuse (ApplicationError) unless the actor holds one of `roles`. Services call this
        first, before reading or writing anything; an app may name its own code and message
        where its clients already match on one (cases.actor_not_allowed)."""
        if not self.has(*roles):
            raise ApplicationError.single(code, message_es, message_en)
        return self
