"""Stable error codes of the tenants app."""

from __future__ import annotations

SLUG_INVALID = "tenants.slug_invalid"
SLUG_TAKEN = "tenants.slug_taken"
SCHEMA_NAME_INVALID = "tenants.schema_name_invalid"
DOMAIN_INVALID = "tenants.domain_invalid"
DOMAIN_TAKEN = "tenants.domain_taken"
EMAIL_INVALID = "tenants.email_invalid"
INEGI_CODE_INVALID = "tenants.inegi_code_invalid"
COLOR_INVALID = "tenants.color_invalid"
NAME_REQUIRED = "tenants.name_required"
TEMPLATE_MISSING = "tenants.template_missing"
CONTRAST_TOO_LOW = "tenants.contrast_too_low"
LOGO_INVALID = "tenants.logo_invalid"
