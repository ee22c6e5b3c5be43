"""Reads for the account pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from core.accounts.identity import RedirectIdentityProvider, identity_providers
from core.models import IdentityProviderConfig


@dataclass(frozen=True)
class SignInOption:
    key: str
    label: str
    url: str


def identity_provider_get(*, key: str) -> RedirectIdentityProvider | None:
    """The enabled provider of the current government with this key (None when unknown,
    disabled or of a kind that is not installed)."""
    config = IdentityProviderConfig.objects.filter(key=key, enabled=True).first()
    return identity_providers.for_config(config) if config is not None else None


def sign_in_options() -> list[SignInOption]:
    """Buttons of the sign-in page, one per enabled provider of the current government."""
    options = []
    for config in IdentityProviderConfig.objects.filter(enabled=True):
        provider = identity_providers.for_config(config)
        if provider is not None:
            options.append(
                SignInOption(
                    key=config.key,
                    label=provider.sign_in_label,
                    url=reverse("accounts:provider_start", args=[config.key]),
                )
            )
    return options
