"""The pluggable identity layer: a typed registry of identity provider kinds.

"password" is built in (the e-mail and password form of the sign-in page). Other kinds sign people
in at an external site and are configured per government with `IdentityProviderConfig` rows, e.g.
an OpenID Connect provider such as a state's "Llave". Kinds register with the decorator below and
are loaded by `CoreConfig.ready()` importing this module.
"""

from __future__ import annotations

import secrets
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from django.contrib.auth import authenticate
from django.http import HttpRequest
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from core.accounts import errors
from core.errors import ApplicationError
from core.models import IdentityProviderConfig, User

HTTP_TIMEOUT_SECONDS = 10
# Asymmetric algorithms only: the ID token must be signed with a key the provider publishes.
ID_TOKEN_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "ES256", "ES384")
CLOCK_LEEWAY_SECONDS = 60


@dataclass(frozen=True)
class ExternalIdentityClaims:
    """Who the provider says signed in."""

    subject: str
    email: str
    email_verified: bool
    full_name: str


class IdentityProvider:
    kind: ClassVar[str] = ""
    # True when the person signs in at another site and comes back (a button on the sign-in page).
    redirects: ClassVar[bool] = False


P = TypeVar("P", bound=type[IdentityProvider])


class IdentityProviderRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, type[IdentityProvider]] = {}

    def register(self, kind: str) -> Callable[[P], P]:
        def decorator(cls: P) -> P:
            if kind in self._kinds:
                raise ValueError(f"Identity provider kind {kind!r} is already registered")
            cls.kind = kind
            self._kinds[kind] = cls
            return cls

        return decorator

    def __getitem__(self, kind: str) -> type[IdentityProvider]:
        return self._kinds[kind]

    def __contains__(self, kind: object) -> bool:
        return kind in self._kinds

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def for_config(self, config: IdentityProviderConfig) -> RedirectIdentityProvider | None:
        """The provider a government configured, or None when its kind is not installed."""
        cls = self._kinds.get(config.kind)
        if cls is None or not issubclass(cls, RedirectIdentityProvider):
            return None
        return cls(config)


identity_providers = IdentityProviderRegistry()


@identity_providers.register("password")
class PasswordIdentityProvider(IdentityProvider):
    """Built in and always on: e-mail and password, checked by Django's model backend."""

    def authenticate(self, request: HttpRequest, *, email: str, password: str) -> User | None:
        user = authenticate(request, username=email.strip().lower(), password=password)
        return user if isinstance(user, User) else None


class RedirectIdentityProvider(IdentityProvider, ABC):
    """A provider configured per government that signs people in at its own site."""

    redirects = True

    def __init__(self, config: IdentityProviderConfig) -> None:
        self.config = config

    @property
    def sign_in_label(self) -> str:
        return self.config.display_name

    @abstractmethod
    def begin(self, *, redirect_uri: str) -> tuple[str, dict[str, str]]:
        """The provider's URL to send the person to, and what must be kept in the session
        until they come back."""

    @abstractmethod
    def complete(
        self, *, params: Mapping[str, str], pending: Mapping[str, str], redirect_uri: str
    ) -> ExternalIdentityClaims:
        """Checks the provider's answer against what `begin` kept and says who signed in."""


def _invalid_response(detail_es: str, detail_en: str) -> ApplicationError:
    return ApplicationError.single(
        errors.PROVIDER_RESPONSE_INVALID,
        f"No pudimos confirmar tu identidad con el proveedor ({detail_es}). Inténtalo de nuevo.",
        f"We could not confirm your identity with the provider ({detail_en}). Try again.",
    )


def _unavailable() -> ApplicationError:
    return ApplicationError.single(
        errors.PROVIDER_UNAVAILABLE,
        "El proveedor de identidad no responde en este momento. Inténtalo más tarde o entra con "
        "tu correo y contraseña.",
        "The identity provider is not answering right now. Try later or sign in with your "
        "e-mail and password.",
    )


def _truthy(value: object) -> bool:
    # Some providers send the boolean claims as strings.
    return value is True or (isinstance(value, str) and value.lower() == "true")


@identity_providers.register("oidc")
class OpenIDConnectProvider(RedirectIdentityProvider):
    """OpenID Connect, authorization code flow with PKCE (S256), state and nonce. The provider's
    endpoints come from its discovery document; the ID token is verified against its published
    keys (signature, issuer, audience, expiry and nonce)."""

    def _get_json(self, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = requests.get(url, timeout=HTTP_TIMEOUT_SECONDS, **kwargs)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise _unavailable() from error
        if not isinstance(document, dict):
            raise _unavailable()
        return document

    def _metadata(self) -> dict[str, Any]:
        issuer = self.config.issuer.rstrip("/")
        metadata = self._get_json(f"{issuer}/.well-known/openid-configuration")
        # OpenID Connect Discovery §4.3: the document must name the issuer it was asked about.
        if str(metadata.get("issuer", "")).rstrip("/") != issuer:
            raise _unavailable()
        for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(metadata.get(endpoint), str):
                raise _unavailable()
        return metadata

    def _session(self, redirect_uri: str) -> OAuth2Session:
        return OAuth2Session(
            client_id=self.config.client_id,
            client_secret=self.config.client_secret or None,
            scope=self.config.scopes,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method=(
                "client_secret_basic" if self.config.client_secret else "none"
            ),
        )

    def begin(self, *, redirect_uri: str) -> tuple[str, dict[str, str]]:
        metadata = self._metadata()
        pending = {
            "state": generate_token(32),
            "nonce": generate_token(32),
            "code_verifier": generate_token(64),
        }
        url, _state = self._session(redirect_uri).create_authorization_url(
            metadata["authorization_endpoint"],
            state=pending["state"],
            code_verifier=pending["code_verifier"],
            nonce=pending["nonce"],
        )
        return url, pending

    def complete(
        self, *, params: Mapping[str, str], pending: Mapping[str, str], redirect_uri: str
    ) -> ExternalIdentityClaims:
        if not secrets.compare_digest(
            str(params.get("state", "")).encode(), str(pending.get("state", "")).encode()
        ) or not pending.get("state"):
            raise _invalid_response("la solicitud no coincide", "the request does not match")
        if params.get("error"):
            raise ApplicationError.single(
                errors.PROVIDER_REFUSED,
                "El proveedor de identidad no autorizó el acceso.",
                "The identity provider did not authorize the sign-in.",
            )
        code = params.get("code", "")
        if not code:
            raise _invalid_response("falta el código", "the code is missing")

        metadata = self._metadata()
        session = self._session(redirect_uri)
        try:
            token = session.fetch_token(
                metadata["token_endpoint"],
                code=code,
                code_verifier=pending["code_verifier"],
                timeout=HTTP_TIMEOUT_SECONDS,
            )
        except AuthlibBaseError as error:
            raise ApplicationError.single(
                errors.PROVIDER_REFUSED,
                "El proveedor de identidad rechazó el inicio de sesión.",
                "The identity provider refused the sign-in.",
            ) from error
        except requests.RequestException as error:
            raise _unavailable() from error
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise _invalid_response("falta el token de identidad", "the ID token is missing")

        claims = self._verified_claims(id_token, metadata=metadata, nonce=pending["nonce"])
        email = claims.get("email")
        email_verified = claims.get("email_verified")
        name = claims.get("name")
        userinfo_endpoint = metadata.get("userinfo_endpoint")
        if not email and isinstance(userinfo_endpoint, str):
            userinfo = self._get_json(
                userinfo_endpoint,
                headers={"Authorization": f"Bearer {token.get('access_token', '')}"},
            )
            # OpenID Connect Core §5.3.2: the UserInfo subject must be the ID token's.
            if userinfo.get("sub") != claims["sub"]:
                raise _invalid_response("el sujeto no coincide", "the subject does not match")
            email = userinfo.get("email")
            email_verified = userinfo.get("email_verified")
            name = name or userinfo.get("name")
        if not name:
            name = " ".join(
                str(claims.get(part, "")) for part in ("given_name", "family_name")
            ).strip()
        return ExternalIdentityClaims(
            subject=str(claims["sub"]),
            email=str(email or ""),
            email_verified=_truthy(email_verified),
            full_name=str(name or ""),
        )

    def _verified_claims(
        self, id_token: str, *, metadata: Mapping[str, Any], nonce: str
    ) -> dict[str, Any]:
        key_set_document = self._get_json(str(metadata["jwks_uri"]))
        try:
            key_set = KeySet.import_key_set(key_set_document)  # type: ignore[arg-type]
            token = jwt.decode(id_token, key_set, algorithms=list(ID_TOKEN_ALGORITHMS))
            jwt.JWTClaimsRegistry(
                leeway=CLOCK_LEEWAY_SECONDS,
                iss={"essential": True, "value": str(metadata["issuer"])},
                aud={"essential": True, "value": self.config.client_id},
                sub={"essential": True},
                exp={"essential": True},
                nonce={"essential": True, "value": nonce},
            ).validate(token.claims)
        except (JoseError, ValueError, KeyError, TypeError) as error:
            raise _invalid_response(
                "el token de identidad no es válido", "the ID token is not valid"
            ) from error
        return dict(token.claims)
