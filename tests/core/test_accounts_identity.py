"""The identity provider layer: the registry, the sign-in page's buttons and OpenID Connect sign-in
against a fake provider (every HTTP call mocked with `responses`; no network)."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from django_tenants.utils import schema_context
from joserfc import jwt
from joserfc.jwk import RSAKey

from core.accounts.identity import (
    OpenIDConnectProvider,
    PasswordIdentityProvider,
    identity_providers,
)
from core.models import ExternalIdentity, IdentityProviderConfig, User

ISSUER = "https://llave.sonora.example"
CLIENT_ID = "ventanilla-sonora"
KEY = RSAKey.generate_key(2048, parameters={"kid": "llave-1", "use": "sig"})


@pytest.fixture
def llave(sonora):
    with schema_context(sonora.schema_name):
        return IdentityProviderConfig.objects.create(
            key="llave-sonora",
            display_name="Llave Sonora",
            issuer=ISSUER,
            client_id=CLIENT_ID,
            client_secret="secreto-de-prueba",
        )


@pytest.fixture
def idp():
    """A fake OpenID Connect provider. `idp.claims` are put in the next ID token it issues."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.claims = {}
        mock.token_requests = []
        mock.add(
            responses.GET,
            f"{ISSUER}/.well-known/openid-configuration",
            json={
                "issuer": ISSUER,
                "authorization_endpoint": f"{ISSUER}/authorize",
                "token_endpoint": f"{ISSUER}/token",
                "jwks_uri": f"{ISSUER}/jwks",
                "userinfo_endpoint": f"{ISSUER}/userinfo",
            },
        )
        mock.add(responses.GET, f"{ISSUER}/jwks", json={"keys": [KEY.as_dict(private=False)]})

        def token(request):
            mock.token_requests.append(request)
            now = int(time.time())
            claims = {
                "iss": ISSUER,
                "aud": CLIENT_ID,
                "iat": now,
                "exp": now + 300,
                **mock.claims,
            }
            id_token = jwt.encode({"alg": "RS256", "kid": "llave-1"}, claims, KEY)
            body = {"access_token": "at", "token_type": "Bearer", "id_token": id_token}
            return 200, {"Content-Type": "application/json"}, json.dumps(body)

        mock.add_callback(responses.POST, f"{ISSUER}/token", callback=token)
        yield mock


def _start(client, next_url: str = "/mis-tramites/") -> dict[str, str]:
    response = client.get(f"/cuenta/proveedor/llave-sonora/?next={next_url}")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{ISSUER}/authorize"
    return {name: values[0] for name, values in parse_qs(location.query).items()}


def test_the_registry_has_the_built_in_password_and_openid_connect_kinds():
    assert list(identity_providers) == ["password", "oidc"]
    assert identity_providers["password"] is PasswordIdentityProvider
    assert identity_providers["oidc"] is OpenIDConnectProvider


def test_the_sign_in_page_lists_the_enabled_providers_of_its_government_only(sonora, cdmx, llave):
    with schema_context(sonora.schema_name):
        IdentityProviderConfig.objects.create(
            key="apagado",
            display_name="Proveedor Apagado",
            issuer="https://otro.example",
            client_id="x",
            enabled=False,
        )

    sonora_page = sonora.client().get("/cuenta/entrar/?next=/mis-tramites/").content.decode()
    cdmx_page = cdmx.client().get("/cuenta/entrar/").content.decode()

    assert (
        '<a class="button secondary" href="/cuenta/proveedor/llave-sonora/?next=/mis-tramites/">'
        "Entrar con Llave Sonora</a>" in sonora_page
    )
    assert "Proveedor Apagado" not in sonora_page
    assert "Llave Sonora" not in cdmx_page
    assert "Otras formas de entrar" not in cdmx_page


def test_openid_connect_sign_in_creates_a_verified_local_account_linked_by_subject(
    sonora, llave, idp
):
    # given
    client = sonora.client()
    params = _start(client)
    assert params["client_id"] == CLIENT_ID
    assert params["response_type"] == "code"
    assert (
        params["redirect_uri"] == "http://sonora.localhost/cuenta/proveedor/llave-sonora/retorno/"
    )
    assert params["scope"] == "openid email profile"
    assert params["code_challenge_method"] == "S256"
    idp.claims = {
        "sub": "llave-123",
        "nonce": params["nonce"],
        "email": "Maria.Lopez@Example.mx",
        "email_verified": True,
        "name": "María López",
    }

    # when
    response = client.get(
        "/cuenta/proveedor/llave-sonora/retorno/",
        {"code": "codigo-1", "state": params["state"]},
    )

    # then
    assert response.status_code == 302
    assert response["Location"] == "/mis-tramites/"
    token_request = parse_qs(idp.token_requests[0].body)
    verifier = token_request["code_verifier"][0]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    assert challenge.decode() == params["code_challenge"]
    assert token_request["code"] == ["codigo-1"]
    with schema_context(sonora.schema_name):
        user = User.objects.get(email="maria.lopez@example.mx")
        assert (user.full_name, user.email_verified, user.is_staff) == ("María López", True, False)
        assert user.has_usable_password() is False
        assert ExternalIdentity.objects.filter(
            user=user, provider_key="llave-sonora", subject="llave-123"
        ).exists()
        assert client.session["_auth_user_id"] == str(user.pk)


def test_a_second_sign_in_with_the_same_subject_uses_the_same_account(sonora, llave, idp):
    for _attempt in range(2):
        client = sonora.client()
        params = _start(client)
        idp.claims = {
            "sub": "llave-123",
            "nonce": params["nonce"],
            "email": "maria.lopez@example.mx",
            "email_verified": True,
        }
        response = client.get(
            "/cuenta/proveedor/llave-sonora/retorno/", {"code": "c", "state": params["state"]}
        )
        assert response.status_code == 302

    with schema_context(sonora.schema_name):
        assert User.objects.filter(email="maria.lopez@example.mx").count() == 1
        assert ExternalIdentity.objects.count() == 1


def test_a_state_mismatch_is_refused_before_talking_to_the_provider(sonora, llave, idp):
    client = sonora.client()
    params = _start(client)
    idp.claims = {"sub": "llave-123", "nonce": params["nonce"], "email": "m@example.mx"}

    response = client.get(
        "/cuenta/proveedor/llave-sonora/retorno/", {"code": "c", "state": "otro-estado"}
    )

    assert response.status_code == 400
    assert "la solicitud no coincide" in response.content.decode()
    assert idp.token_requests == []
    assert "_auth_user_id" not in client.session
    with schema_context(sonora.schema_name):
        assert User.objects.filter(email="m@example.mx").exists() is False


def test_a_nonce_mismatch_is_refused(sonora, llave, idp):
    client = sonora.client()
    params = _start(client)
    idp.claims = {
        "sub": "llave-123",
        "nonce": "otro-nonce",
        "email": "maria.lopez@example.mx",
        "email_verified": True,
    }

    response = client.get(
        "/cuenta/proveedor/llave-sonora/retorno/", {"code": "c", "state": params["state"]}
    )

    assert response.status_code == 400
    assert "el token de identidad no es válido" in response.content.decode()
    assert "_auth_user_id" not in client.session
    with schema_context(sonora.schema_name):
        assert User.objects.count() == 1  # the government's administrator only
        assert ExternalIdentity.objects.count() == 0


def test_an_id_token_signed_by_another_key_is_refused(sonora, llave, idp):
    client = sonora.client()
    params = _start(client)
    idp.replace(
        responses.GET,
        f"{ISSUER}/jwks",
        json={
            "keys": [
                RSAKey.generate_key(2048, parameters={"kid": "llave-1"}).as_dict(private=False)
            ]
        },
    )
    idp.claims = {"sub": "llave-123", "nonce": params["nonce"], "email": "m@example.mx"}

    response = client.get(
        "/cuenta/proveedor/llave-sonora/retorno/", {"code": "c", "state": params["state"]}
    )

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_replayed_answer_is_refused(sonora, llave, idp):
    client = sonora.client()
    params = _start(client)
    idp.claims = {"sub": "llave-123", "nonce": params["nonce"], "email": "m@example.mx"}
    answer = {"code": "c", "state": params["state"]}
    assert client.get("/cuenta/proveedor/llave-sonora/retorno/", answer).status_code == 302
    client.post("/cuenta/salir/")

    response = client.get("/cuenta/proveedor/llave-sonora/retorno/", answer)

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_provider_never_takes_over_a_staff_account(sonora, llave, idp):
    client = sonora.client()
    params = _start(client)
    idp.claims = {
        "sub": "llave-999",
        "nonce": params["nonce"],
        "email": sonora.admin_email,
        "email_verified": True,
    }

    response = client.get(
        "/cuenta/proveedor/llave-sonora/retorno/", {"code": "c", "state": params["state"]}
    )

    assert response.status_code == 400
    assert "Ya existe una cuenta con tu correo." in response.content.decode()
    assert "_auth_user_id" not in client.session
    with schema_context(sonora.schema_name):
        assert ExternalIdentity.objects.count() == 0


def test_an_unverified_provider_address_does_not_link_an_existing_citizen(
    sonora, llave, idp, make_user
):
    citizen = make_user(sonora, email="maria.lopez@example.mx")
    client = sonora.client()
    params = _start(client)
    idp.claims = {
        "sub": "llave-123",
        "nonce": params["nonce"],
        "email": "maria.lopez@example.mx",
        "email_verified": False,
    }

    response = client.get(
        "/cuenta/proveedor/llave-sonora/retorno/", {"code": "c", "state": params["state"]}
    )

    assert response.status_code == 400
    with schema_context(sonora.schema_name):
        assert ExternalIdentity.objects.filter(user=citizen).exists() is False


def test_the_email_comes_from_userinfo_when_the_id_token_has_none(sonora, llave, idp):
    idp.add(
        responses.GET,
        f"{ISSUER}/userinfo",
        json={"sub": "llave-123", "email": "maria.lopez@example.mx", "email_verified": "true"},
    )
    client = sonora.client()
    params = _start(client)
    idp.claims = {"sub": "llave-123", "nonce": params["nonce"]}

    response = client.get(
        "/cuenta/proveedor/llave-sonora/retorno/", {"code": "c", "state": params["state"]}
    )

    assert response.status_code == 302
    with schema_context(sonora.schema_name):
        assert User.objects.get(email="maria.lopez@example.mx").email_verified is True


def test_a_sonora_provider_does_not_exist_on_cdmx(sonora, cdmx, llave, idp):
    assert cdmx.client().get("/cuenta/proveedor/llave-sonora/").status_code == 404
    assert cdmx.client().get("/cuenta/proveedor/llave-sonora/retorno/").status_code == 404


def test_a_sonora_account_from_the_provider_is_not_signed_in_on_cdmx(sonora, cdmx, llave, idp):
    client = sonora.client()
    params = _start(client)
    idp.claims = {
        "sub": "llave-123",
        "nonce": params["nonce"],
        "email": "maria.lopez@example.mx",
        "email_verified": True,
    }
    client.get("/cuenta/proveedor/llave-sonora/retorno/", {"code": "c", "state": params["state"]})

    with schema_context(cdmx.schema_name):
        assert User.objects.filter(email="maria.lopez@example.mx").exists() is False
        assert ExternalIdentity.objects.count() == 0


def test_an_unreachable_provider_gives_a_clear_message(sonora, llave):
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, f"{ISSUER}/.well-known/openid-configuration", status=503)
        response = sonora.client().get("/cuenta/proveedor/llave-sonora/")

    assert response.status_code == 400
    assert "El proveedor de identidad no responde en este momento." in response.content.decode()
