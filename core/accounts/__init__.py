"""Citizen accounts of a government's site: sign-up, e-mail verification, password reset, profile
and the pluggable identity providers (the built-in password one and OpenID Connect)."""
