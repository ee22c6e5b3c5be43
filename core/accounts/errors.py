"""Stable error codes of citizen accounts. Clients and tests match on these, never on messages."""

EMAIL_REQUIRED = "accounts.email_required"
EMAIL_INVALID = "accounts.email_invalid"
PASSWORD_REQUIRED = "accounts.password_required"  # noqa: S105  (an error code)
PASSWORD_MISMATCH = "accounts.password_mismatch"  # noqa: S105
PASSWORD_WEAK = "accounts.password_weak"  # noqa: S105
NAME_TOO_LONG = "accounts.name_too_long"
CURP_INVALID = "accounts.curp_invalid"
PHONE_INVALID = "accounts.phone_invalid"
VERIFICATION_LINK_INVALID = "accounts.verification_link_invalid"
PROVIDER_NOT_FOUND = "accounts.provider_not_found"
PROVIDER_UNAVAILABLE = "accounts.provider_unavailable"
PROVIDER_REFUSED = "accounts.provider_refused"
PROVIDER_RESPONSE_INVALID = "accounts.provider_response_invalid"
PROVIDER_EMAIL_MISSING = "accounts.provider_email_missing"
PROVIDER_EMAIL_TAKEN = "accounts.provider_email_taken"
