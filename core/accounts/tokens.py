"""Tokens e-mailed to citizens. Every hash includes the government's schema, so a link e-mailed by
Sonora is refused on the site of CDMX even when an account there has the same database id."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing

from core.models import User
from core.tenancy import current_schema

VERIFICATION_SALT = "core.accounts.email-verification"
VERIFICATION_MAX_AGE = 3 * 24 * 60 * 60  # three days


class TenantPasswordResetTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "core.accounts.password-reset"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{current_schema()}:{super()._make_hash_value(user, timestamp)}"


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Valid until the address is verified (or changed): once used, the same link is refused."""

    key_salt = "core.accounts.email-verification"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{current_schema()}:{user.pk}:{user.email}:{user.email_verified}:{timestamp}"


password_reset_tokens = TenantPasswordResetTokenGenerator()
email_verification_tokens = EmailVerificationTokenGenerator()


def verification_token_make(user: User) -> str:
    return signing.dumps(
        {
            "schema": current_schema(),
            "user": str(user.public_id),
            "check": email_verification_tokens.make_token(user),
        },
        salt=VERIFICATION_SALT,
    )


def verification_token_user(token: str) -> User | None:
    """The account of the current schema the token was made for, or None when the token is
    forged, expired, used, or made for another government."""
    try:
        payload = signing.loads(token, salt=VERIFICATION_SALT, max_age=VERIFICATION_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("schema") != current_schema():
        return None
    user = User.objects.filter(public_id=str(payload.get("user")), is_active=True).first()
    if user is None or not email_verification_tokens.check_token(user, str(payload.get("check"))):
        return None
    return user
