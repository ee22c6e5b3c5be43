"""Users and sessions live in each government's schema; cookies are host-only."""

from __future__ import annotations

from django.conf import settings
from django_tenants.utils import schema_context

from core.models import User
from tests.conftest import TEST_PASSWORD


def _sign_in(client, email: str, password: str = TEST_PASSWORD):
    return client.post("/cuenta/entrar/", {"username": email, "password": password})


def test_staff_signs_in_on_their_own_government(sonora):
    client = sonora.client()

    response = _sign_in(client, "admin@sonora.gob.mx")

    assert response.status_code == 302
    backoffice = client.get("/gestion/")
    assert backoffice.status_code == 200
    assert "Gobierno del Estado de Sonora" in backoffice.text


def test_session_cookie_is_host_only(sonora):
    response = _sign_in(sonora.client(), "admin@sonora.gob.mx")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["domain"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_a_session_of_sonora_gives_no_access_on_cdmx(sonora, cdmx):
    # given a signed-in Sonora administrator
    sonora_client = sonora.client()
    _sign_in(sonora_client, "admin@sonora.gob.mx")
    session_id = sonora_client.cookies[settings.SESSION_COOKIE_NAME].value

    # when the same session cookie is presented to CDMX
    cdmx_client = cdmx.client()
    cdmx_client.cookies[settings.SESSION_COOKIE_NAME] = session_id
    response = cdmx_client.get("/gestion/")

    # then CDMX does not know that session
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/entrar/")


def test_an_account_of_sonora_cannot_sign_in_on_cdmx(sonora, cdmx):
    response = _sign_in(cdmx.client(), "admin@sonora.gob.mx")

    assert response.status_code == 200  # the form again, with an error
    assert "Por favor introduzca correo electrónico y contraseña correctos" in response.text


def test_the_same_email_is_two_different_accounts(sonora, cdmx, make_user):
    make_user(sonora, email="ana@example.mx")
    with schema_context(cdmx.schema_name):
        assert not User.objects.filter(email="ana@example.mx").exists()

    make_user(cdmx, email="ana@example.mx")

    with schema_context(sonora.schema_name):
        sonora_ana = User.objects.get(email="ana@example.mx")
    with schema_context(cdmx.schema_name):
        cdmx_ana = User.objects.get(email="ana@example.mx")
    assert sonora_ana.public_id != cdmx_ana.public_id


def test_citizens_have_no_back_office(sonora, make_user):
    citizen = make_user(sonora, email="ciudadana@example.mx")
    client = sonora.client()
    _sign_in(client, citizen.email)

    assert client.get("/gestion/").status_code == 403


def test_operator_admin_lives_on_the_base_domain_only(sonora):
    from django.test import Client

    assert Client(HTTP_HOST="localhost").get("/admin/").status_code == 302
    assert sonora.client().get("/admin/").status_code == 404
