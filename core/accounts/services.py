"""Writes on citizen accounts. Views parse input and call these; every refusal is an
ApplicationError with located, bilingual messages (Spanish first)."""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.accounts import errors
from core.accounts.tokens import verification_token_make, verification_token_user
from core.errors import ApplicationError, ErrorDetail
from core.identifiers import IdentifierError, clean_curp, clean_email, clean_phone_mx
from core.models import ExternalIdentity, User
from core.tenancy import GovernmentLike

FULL_NAME_MAX_LENGTH = 200


def _clean_email(email: str, location: str = "email") -> tuple[str, list[ErrorDetail]]:
    if not email.strip():
        return "", [
            ErrorDetail(
                errors.EMAIL_REQUIRED,
                "Escribe tu correo electrónico.",
                "Enter your e-mail address.",
                location,
            )
        ]
    try:
        # The same rule as the e-mail fields of procedure forms (core.identifiers).
        cleaned = clean_email(email)
    except IdentifierError as error:
        return "", [ErrorDetail(errors.EMAIL_INVALID, error.message_es, error.message_en, location)]
    return cleaned.lower(), []


def _password_problems(
    password: str, confirmation: str, user: User, location: str = "password"
) -> list[ErrorDetail]:
    if not password:
        return [
            ErrorDetail(
                errors.PASSWORD_REQUIRED,
                "Escribe una contraseña.",
                "Enter a password.",
                location,
            )
        ]
    problems = []
    if password != confirmation:
        problems.append(
            ErrorDetail(
                errors.PASSWORD_MISMATCH,
                "Las dos contraseñas no coinciden; escríbelas de nuevo.",
                "The two passwords do not match; type them again.",
                f"{location}_confirmation",
            )
        )
    # Django's validators speak the active language: ask them once in each.
    messages: dict[str, list[str]] = {}
    for language in ("es-mx", "en"):
        with translation.override(language):
            try:
                validate_password(password, user=user)
            except ValidationError as error:
                messages[language] = [str(message) for message in error.messages]
    for spanish, english in zip(messages.get("es-mx", []), messages.get("en", []), strict=True):
        problems.append(ErrorDetail(errors.PASSWORD_WEAK, spanish, english, location))
    return problems


def _full_name_problems(full_name: str) -> list[ErrorDetail]:
    if len(full_name) <= FULL_NAME_MAX_LENGTH:
        return []
    return [
        ErrorDetail(
            errors.NAME_TOO_LONG,
            f"El nombre puede tener hasta {FULL_NAME_MAX_LENGTH} caracteres.",
            f"The name can have up to {FULL_NAME_MAX_LENGTH} characters.",
            "full_name",
        )
    ]


def _send_on_commit(*, to: str, subject: str, body: str) -> None:
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    transaction.on_commit(lambda: message.send(fail_silently=False))


@transaction.atomic
def citizen_sign_up(
    *,
    email: str,
    password: str,
    password_confirmation: str,
    full_name: str,
    government: GovernmentLike,
    site_url: str,
) -> User | None:
    """Creates an unverified citizen account and e-mails the verification link.

    When the address already has an account, nothing is created and its owner gets an e-mail
    saying so instead: the page answers the same either way, so sign-up does not reveal who has
    an account. Returns the new account, or None in that case.
    """
    full_name = full_name.strip()
    email, problems = _clean_email(email)
    candidate = User(email=email, full_name=full_name)
    problems += _password_problems(password, password_confirmation, candidate)
    problems += _full_name_problems(full_name)
    if problems:
        raise ApplicationError(problems)

    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _send_on_commit(
            to=existing.email,
            subject=gettext("Ya tienes una cuenta en %(government)s")
            % {"government": government.display_name},
            body=render_to_string(
                "accounts/emails/account_exists.txt",
                {
                    "government": government,
                    "sign_in_url": urljoin(site_url, reverse("core:login")),
                    "reset_url": urljoin(site_url, reverse("accounts:password_reset")),
                },
            ),
        )
        return None

    user = User.objects.create_user(email, password, full_name=full_name)
    email_verification_send(user=user, government=government, site_url=site_url)
    return user


def email_verification_send(*, user: User, government: GovernmentLike, site_url: str) -> None:
    """E-mails the link that verifies the account's address. Links use the government's own host
    (`site_url`), the only place the token is accepted."""
    link = urljoin(site_url, reverse("accounts:verify_email", args=[verification_token_make(user)]))
    _send_on_commit(
        to=user.email,
        subject=gettext("Confirma tu correo en %(government)s")
        % {"government": government.display_name},
        body=render_to_string(
            "accounts/emails/verify_email.txt",
            {"government": government, "user": user, "link": link},
        ),
    )


@transaction.atomic
def email_verify(*, token: str) -> User:
    user = verification_token_user(token)
    if user is None:
        raise ApplicationError.single(
            errors.VERIFICATION_LINK_INVALID,
            "El enlace de verificación no es válido, ya se usó o caducó.",
            "The verification link is not valid, was already used or has expired.",
        )
    return user_mark_email_verified(user=user)


def user_mark_email_verified(*, user: User) -> User:
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return user


@transaction.atomic
def citizen_profile_update(*, user: User, full_name: str, curp: str, phone: str) -> User:
    """CURP and phone are optional on the profile, but when given they must be valid: the CURP
    with its check digit, the phone with 10 digits. Stored in their canonical form."""
    full_name = full_name.strip()
    problems = _full_name_problems(full_name)
    cleaned: dict[str, str] = {"curp": "", "phone": ""}
    for name, clean, code, value in (
        ("curp", clean_curp, errors.CURP_INVALID, curp),
        ("phone", clean_phone_mx, errors.PHONE_INVALID, phone),
    ):
        if not value.strip():
            continue
        try:
            # The same rules as the CURP and phone fields of procedure forms (core.identifiers).
            cleaned[name] = clean(value)
        except IdentifierError as error:
            problems.append(ErrorDetail(code, error.message_es, error.message_en, name))
    if problems:
        raise ApplicationError(problems)
    user.full_name = full_name
    user.curp = cleaned["curp"]
    user.phone = cleaned["phone"]
    user.save(update_fields=["full_name", "curp", "phone"])
    return user


@transaction.atomic
def external_identity_sign_in(
    *,
    provider_key: str,
    subject: str,
    email: str,
    email_verified: bool,
    full_name: str,
) -> User:
    """The local account of a person an identity provider signed in: the one already linked to
    (provider, subject), else a citizen account with the same address when the provider vouches
    for it, else a new citizen account. Staff accounts are never linked this way: a provider's
    word is enough to act as a citizen, not to reach the back office."""
    link = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider_key=provider_key, subject=subject)
        .first()
    )
    if link is not None:
        user = link.user
        if email_verified and email.lower() == user.email.lower():
            user_mark_email_verified(user=user)
        return user

    if not email:
        raise ApplicationError.single(
            errors.PROVIDER_EMAIL_MISSING,
            "El proveedor de identidad no compartió tu correo electrónico; sin él no podemos "
            "crear tu cuenta.",
            "The identity provider did not share your e-mail address; we cannot create your "
            "account without it.",
        )
    email, problems = _clean_email(email, location="")
    if problems:
        raise ApplicationError(problems)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and (existing.is_staff or existing.roles or not email_verified):
        raise ApplicationError.single(
            errors.PROVIDER_EMAIL_TAKEN,
            "Ya existe una cuenta con tu correo. Entra con tu contraseña para usarla.",
            "An account with your e-mail address already exists. Sign in with your password "
            "to use it.",
        )
    # A new account has no usable password: it signs in through the provider only.
    user = existing or User.objects.create_user(email, None, full_name=full_name.strip()[:200])
    if email_verified:
        user_mark_email_verified(user=user)
    ExternalIdentity.objects.create(user=user, provider_key=provider_key, subject=subject)
    return user
