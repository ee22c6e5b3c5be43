"""Writes on a government's staff: invitations, roles and deactivation.

Users live in the tenant schema, so every function acts on the connection's current schema (the
host's government). An invited person gets an account with an unusable password and an e-mail
with a one-time link, in Django's password-reset style, to choose their own; the e-mail is sent
only once the transaction commits, so a rolled-back invitation sends nothing.

Only the government's administrators (or the platform, from a command) manage its staff: each
function checks its `actor` first, whoever calls it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import connection, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core import tenancy
from core.actors import Actor, ActorRole
from core.errors import ApplicationError, ErrorDetail
from core.models import Role, User
from core.tenancy import current_schema

logger = logging.getLogger("ventanilla.core.staff")

# Stable error codes of staff management.
EMAIL_INVALID = "staff.email_invalid"
EMAIL_TAKEN = "staff.email_taken"
ROLES_REQUIRED = "staff.roles_required"
ROLE_UNKNOWN = "staff.role_unknown"
LAST_ADMINISTRATOR = "staff.last_administrator"
SELF_LOCKOUT = "staff.self_lockout"
NOT_STAFF = "staff.not_staff"

STAFF_MANAGER_ROLES = (ActorRole.ADMINISTRATOR, ActorRole.SYSTEM)


def set_password_path(user: User) -> str:
    """The path of the one-time page where `user` chooses a password."""
    return reverse(
        "tenant_admin:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def _clean_roles(roles: Iterable[str]) -> tuple[list[str], list[ErrorDetail]]:
    chosen = list(dict.fromkeys(str(role) for role in roles))
    unknown = [role for role in chosen if role not in Role.values]
    problems = [
        ErrorDetail(ROLE_UNKNOWN, f"Rol desconocido «{role}».", f"Unknown role '{role}'.", "roles")
        for role in unknown
    ]
    if not chosen:
        problems.append(
            ErrorDetail(
                ROLES_REQUIRED,
                "Elija al menos un rol.",
                "Choose at least one role.",
                "roles",
            )
        )
    return [role for role in Role.values if role in chosen], problems


def _other_active_administrators(user: User) -> bool:
    return (
        User.objects.filter(is_active=True, is_staff=True, roles__contains=[Role.ADMINISTRATOR])
        .exclude(pk=user.pk)
        .exists()
    )


def _send_invitation(user: User, invited_by_name: str, site_url: str, government_name: str) -> None:
    link = f"{site_url}{set_password_path(user)}"
    send_mail(
        subject=f"Invitación a la gestión de {government_name} / Invitation",
        message=(
            f"Hola{(' ' + user.full_name) if user.full_name else ''}:\n\n"
            f"{invited_by_name} le invitó a la gestión de trámites de {government_name} "
            "en Ventanilla. Para entrar, elija su contraseña en este enlace (sirve una sola "
            f"vez):\n\n{link}\n\n"
            "Si no esperaba esta invitación, ignore este correo.\n\n"
            "---\n"
            f"{invited_by_name} invited you to {government_name}'s back office on Ventanilla. "
            f"Choose your password here (single use):\n{link}\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def staff_invite(
    *,
    email: str,
    full_name: str,
    roles: Iterable[str],
    actor: Actor,
    site_url: str = "",
) -> User:
    """Create a staff account with `roles` and an unusable password, and e-mail the person a
    link to choose one (after commit). `site_url` ("https://sonora.gob.mx") builds the link;
    by default, the government's primary domain."""
    actor.require(*STAFF_MANAGER_ROLES)
    email = email.strip().lower()
    problems: list[ErrorDetail] = []
    try:
        validate_email(email)
    except ValidationError:
        problems.append(
            ErrorDetail(
                EMAIL_INVALID,
                "Escriba un correo electrónico válido.",
                "Enter a valid e-mail address.",
                "email",
            )
        )
    else:
        if User.objects.filter(email=email).exists():
            problems.append(
                ErrorDetail(
                    EMAIL_TAKEN,
                    f"Ya existe una cuenta con el correo {email}.",
                    f"An account with the e-mail {email} already exists.",
                    "email",
                )
            )
    chosen, role_problems = _clean_roles(roles)
    problems.extend(role_problems)
    if problems:
        raise ApplicationError(problems)
    user = User.objects.create_user(
        email, None, full_name=full_name.strip(), roles=chosen, is_staff=True
    )
    tenant = getattr(connection, "tenant", None)
    government_name = getattr(tenant, "display_name", "") or "Ventanilla"
    # tenancy.site_url by module: the argument `site_url` hides the function's own name here.
    url = site_url.rstrip("/") or tenancy.site_url()
    inviter = (actor.user.full_name if actor.user is not None else "") or actor.email
    transaction.on_commit(lambda: _send_invitation(user, inviter, url, government_name))
    logger.info(
        "staff invited",
        extra={"schema": current_schema(), "roles": chosen},
    )
    return user


@transaction.atomic
def staff_set_roles(*, user: User, roles: Iterable[str], actor: Actor) -> User:
    """Replace a staff member's roles. Nobody removes their own administrator role, and a
    government always keeps one active administrator."""
    actor.require(*STAFF_MANAGER_ROLES)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_staff:
        raise ApplicationError.single(
            NOT_STAFF,
            "Esta cuenta no es de personal.",
            "This account is not a staff account.",
            "roles",
        )
    chosen, problems = _clean_roles(roles)
    if problems:
        raise ApplicationError(problems)
    loses_admin = Role.ADMINISTRATOR in user.roles and Role.ADMINISTRATOR not in chosen
    if loses_admin and _is_self(actor, user):
        raise ApplicationError.single(
            SELF_LOCKOUT,
            "No puede quitarse a sí mismo el rol de administración.",
            "You cannot remove your own administrator role.",
            "roles",
        )
    if loses_admin and user.is_active and not _other_active_administrators(user):
        raise ApplicationError.single(
            LAST_ADMINISTRATOR,
            "Debe quedar al menos una persona con el rol de administración.",
            "At least one person must keep the administrator role.",
            "roles",
        )
    user.roles = chosen
    user.save(update_fields=["roles"])
    logger.info(
        "staff roles set",
        extra={"schema": current_schema(), "roles": chosen},
    )
    return user


@transaction.atomic
def staff_deactivate(*, user: User, actor: Actor) -> User:
    """Deactivate a staff account: it can no longer sign in. The row stays (history names it)."""
    actor.require(*STAFF_MANAGER_ROLES)
    user = User.objects.select_for_update().get(pk=user.pk)
    if _is_self(actor, user):
        raise ApplicationError.single(
            SELF_LOCKOUT,
            "No puede desactivar su propia cuenta.",
            "You cannot deactivate your own account.",
        )
    if Role.ADMINISTRATOR in user.roles and not _other_active_administrators(user):
        raise ApplicationError.single(
            LAST_ADMINISTRATOR,
            "Debe quedar al menos una persona con el rol de administración.",
            "At least one person must keep the administrator role.",
        )
    if not user.is_staff:
        raise ApplicationError.single(
            NOT_STAFF, "Esta cuenta no es de personal.", "This account is not a staff account."
        )
    user.is_active = False
    user.save(update_fields=["is_active"])
    # Sessions of a deactivated user are refused by the auth backend (is_active checks).
    logger.info("staff deactivated", extra={"schema": current_schema()})
    return user


def _is_self(actor: Actor, user: User) -> bool:
    # The system has no account, so it is never the person it changes.
    return actor.user is not None and actor.user.pk == user.pk


def staff_list() -> list[User]:
    """Staff accounts of the current government, active first."""
    return list(User.objects.filter(is_staff=True).order_by("-is_active", "email"))
