"""Citizen accounts: sign-up, e-mail verification, password reset, profile, and that an account of
one government is never usable on another's site."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django_tenants.utils import schema_context

from core.models import User
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "Girasol-Sonorense-77"
VALID_CURP = "PEPJ900101HDFRRN09"
CURP_WRONG_CHECK_DIGIT = "PEPJ900101HDFRRN08"


def _sign_up(client, **overrides: str):
    data = {
        "email": "Ana.Lopez@Example.mx",
        "full_name": "Ana López",
        "password": NEW_PASSWORD,
        "password_confirmation": NEW_PASSWORD,
        **overrides,
    }
    return client.post("/cuenta/registro/", data)


def _link_in(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match is not None, message.body
    return match.group(0)


def _signed_in(tenant, user: User):
    client = tenant.client()
    response = client.post("/cuenta/entrar/", {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def _user(tenant, email: str) -> User | None:
    with schema_context(tenant.schema_name):
        return User.objects.filter(email=email).first()


def test_sign_up_creates_an_unverified_citizen_and_emails_a_link_on_the_tenant_host(
    sonora, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(sonora.client())

    # then
    assert response.status_code == 302
    assert response["Location"] == "/cuenta/registro/enviado/"
    user = _user(sonora, "ana.lopez@example.mx")
    assert user is not None
    assert (user.full_name, user.email_verified, user.is_staff, user.roles) == (
        "Ana López",
        False,
        False,
        [],
    )
    assert user.check_password(NEW_PASSWORD)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana.lopez@example.mx"]
    assert mail.outbox[0].subject == "Confirma tu correo en Gobierno del Estado de Sonora"
    assert _link_in(mail.outbox[0]).startswith("http://sonora.localhost/cuenta/verificar/")


def test_sign_up_shows_located_spanish_errors_and_keeps_everything_typed_but_passwords(sonora):
    # when
    response = _sign_up(
        sonora.client(),
        email="ana.lopez@",
        full_name="Ana López",
        password="12345678",
        password_confirmation="12345679",
    )

    # then
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        '<p class="error" id="id_email_error1">Escribe un correo electrónico válido, por ejemplo '
        "nombre@dominio.mx.</p>" in html
    )
    assert (
        '<p class="error" id="id_password_confirmation_error1">Las dos contraseñas no coinciden; '
        "escríbelas de nuevo.</p>" in html
    )
    assert 'id="id_password_error1">Esta contraseña es muy común.</p>' in html
    assert 'id="id_password_error2">Esta contraseña es totalmente numérica.</p>' in html
    assert 'aria-describedby="id_email_error1"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="ana.lopez@"' in html
    assert 'value="Ana López"' in html
    assert "12345678" not in html
    assert "12345679" not in html
    assert _user(sonora, "ana.lopez@") is None
    with schema_context(sonora.schema_name):
        assert User.objects.filter(full_name="Ana López").count() == 0


def test_sign_up_errors_are_in_english_when_the_citizen_chose_english(sonora):
    client = sonora.client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = _sign_up(client, email="", password="", password_confirmation="")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_email_error1">Enter your e-mail address.</p>' in html
    assert 'id="id_password_error1">Enter a password.</p>' in html


def test_sign_up_with_a_taken_address_creates_nothing_and_tells_its_owner(
    sonora, make_user, django_capture_on_commit_callbacks
):
    # given
    owner = make_user(sonora, email="ana.lopez@example.mx")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(sonora.client(), full_name="Otra Persona")

    # then: the same answer as a new sign-up, so it does not reveal who has an account
    assert response.status_code == 302
    assert response["Location"] == "/cuenta/registro/enviado/"
    with schema_context(sonora.schema_name):
        assert User.objects.filter(email__iexact="ana.lopez@example.mx").count() == 1
        owner.refresh_from_db()
        assert owner.full_name == ""
        assert owner.check_password(TEST_PASSWORD)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Ya tienes una cuenta en Gobierno del Estado de Sonora"
    assert "http://sonora.localhost/cuenta/contrasena/" in mail.outbox[0].body


def test_the_verification_link_works_once(sonora, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(sonora.client())
    link = _link_in(mail.outbox[0]).removeprefix("http://sonora.localhost")

    # when
    first = sonora.client().get(link)
    second = sonora.client().get(link)

    # then
    assert first.status_code == 200
    assert "Correo verificado" in first.content.decode()
    assert _user(sonora, "ana.lopez@example.mx").email_verified is True
    assert second.status_code == 400
    assert "El enlace de verificación no es válido, ya se usó o caducó." in second.content.decode()


def test_a_sonora_verification_link_is_refused_on_cdmx(
    sonora, cdmx, make_user, django_capture_on_commit_callbacks
):
    # given: the same address has an account in each government
    cdmx_user = make_user(cdmx, email="ana.lopez@example.mx")
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(sonora.client())
    path = _link_in(mail.outbox[0]).removeprefix("http://sonora.localhost")

    # when
    response = cdmx.client().get(path)

    # then
    assert response.status_code == 400
    with schema_context(cdmx.schema_name):
        cdmx_user.refresh_from_db()
        assert cdmx_user.email_verified is False
    assert _user(sonora, "ana.lopez@example.mx").email_verified is False


def test_a_forged_verification_link_is_refused(sonora):
    response = sonora.client().get("/cuenta/verificar/no-es-un-token/")

    assert response.status_code == 400


def test_an_unverified_citizen_can_ask_for_a_new_link(
    sonora, make_user, django_capture_on_commit_callbacks
):
    user = make_user(sonora, email="ana.lopez@example.mx")
    client = _signed_in(sonora, user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/cuenta/verificar/reenviar/")

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    path = _link_in(mail.outbox[0]).removeprefix("http://sonora.localhost")
    assert client.get(path).status_code == 200
    assert _user(sonora, "ana.lopez@example.mx").email_verified is True


def test_password_reset_emails_a_tenant_link_and_sets_the_new_password(sonora, make_user):
    # given
    make_user(sonora, email="ana.lopez@example.mx")
    client = sonora.client()

    # when
    response = client.post("/cuenta/contrasena/", {"email": "ana.lopez@example.mx"})

    # then
    assert response.status_code == 302
    assert response["Location"] == "/cuenta/contrasena/enviado/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Restablece tu contraseña en Gobierno del Estado de Sonora"
    link = _link_in(mail.outbox[0])
    assert link.startswith("http://sonora.localhost/cuenta/contrasena/nueva/")

    # when: the citizen follows it and chooses a new password
    form_page = client.get(link.removeprefix("http://sonora.localhost"), follow=True)
    assert form_page.status_code == 200
    set_password_path = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    # then
    assert done.status_code == 302
    assert done["Location"] == "/cuenta/contrasena/lista/"
    user = _user(sonora, "ana.lopez@example.mx")
    assert user.check_password(NEW_PASSWORD)
    assert user.email_verified is True
    signed_in = sonora.client().post(
        "/cuenta/entrar/", {"username": "ana.lopez@example.mx", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302


def test_password_reset_refuses_a_weak_password_with_a_located_message(sonora, make_user):
    make_user(sonora, email="ana.lopez@example.mx")
    client = sonora.client()
    client.post("/cuenta/contrasena/", {"email": "ana.lopez@example.mx"})
    form_page = client.get(
        _link_in(mail.outbox[0]).removeprefix("http://sonora.localhost"), follow=True
    )

    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "abc", "new_password2": "abc"}
    )

    assert response.status_code == 200
    assert 'id="id_new_password2_error1">' in response.content.decode()
    assert _user(sonora, "ana.lopez@example.mx").check_password(TEST_PASSWORD)


def test_a_sonora_password_reset_link_is_refused_on_cdmx(sonora, cdmx, make_user):
    # given: same address in both governments
    make_user(sonora, email="ana.lopez@example.mx")
    make_user(cdmx, email="ana.lopez@example.mx")
    sonora.client().post("/cuenta/contrasena/", {"email": "ana.lopez@example.mx"})
    path = _link_in(mail.outbox[0]).removeprefix("http://sonora.localhost")

    # when
    client = cdmx.client()
    page = client.get(path, follow=True)

    # then
    assert page.status_code == 200
    assert "El enlace para restablecer la contraseña no es válido" in page.content.decode()
    assert _user(cdmx, "ana.lopez@example.mx").check_password(TEST_PASSWORD)


def test_password_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(sonora):
    response = sonora.client().post("/cuenta/contrasena/", {"email": "nadie@example.mx"})

    assert response.status_code == 302
    assert response["Location"] == "/cuenta/contrasena/enviado/"
    assert mail.outbox == []


def test_profile_saves_a_valid_curp_and_phone_in_canonical_form(sonora, make_user):
    user = make_user(sonora, email="ana.lopez@example.mx")
    client = _signed_in(sonora, user)

    response = client.post(
        "/cuenta/perfil/",
        {"full_name": "Ana López Pérez", "curp": VALID_CURP.lower(), "phone": "+52 662 123 4567"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/cuenta/perfil/"
    user = _user(sonora, "ana.lopez@example.mx")
    assert (user.full_name, user.curp, user.phone) == (
        "Ana López Pérez",
        VALID_CURP,
        "6621234567",
    )


def test_profile_refuses_a_wrong_curp_check_digit_and_keeps_what_was_typed(sonora, make_user):
    user = make_user(sonora, email="ana.lopez@example.mx")
    client = _signed_in(sonora, user)

    response = client.post(
        "/cuenta/perfil/",
        {"full_name": "Ana López", "curp": CURP_WRONG_CHECK_DIGIT, "phone": "662 12"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        '<p class="error" id="id_curp_error1">El dígito verificador de la CURP no coincide; '
        "revisa que esté bien escrita.</p>" in html
    )
    assert '<p class="error" id="id_phone_error1">Escribe un teléfono de 10 dígitos.</p>' in html
    assert f'value="{CURP_WRONG_CHECK_DIGIT}"' in html
    assert 'value="662 12"' in html
    assert 'value="Ana López"' in html
    user = _user(sonora, "ana.lopez@example.mx")
    assert (user.full_name, user.curp, user.phone) == ("", "", "")


def test_profile_requires_signing_in(sonora):
    response = sonora.client().get("/cuenta/perfil/")

    assert response.status_code == 302
    assert response["Location"] == "/cuenta/entrar/?next=/cuenta/perfil/"


def test_an_account_of_one_government_cannot_sign_in_on_another(sonora, cdmx, make_user):
    # given
    make_user(sonora, email="ana.lopez@example.mx")

    # when
    client = cdmx.client()
    response = client.post(
        "/cuenta/entrar/", {"username": "ana.lopez@example.mx", "password": TEST_PASSWORD}
    )

    # then
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert _user(cdmx, "ana.lopez@example.mx") is None


def test_a_sonora_session_is_not_signed_in_on_cdmx(sonora, cdmx, make_user):
    user = make_user(sonora, email="ana.lopez@example.mx")
    client = _signed_in(sonora, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    other = cdmx.client()
    other.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = other.get("/cuenta/perfil/")

    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/entrar/")


def test_the_sign_in_page_links_to_sign_up_and_password_reset(sonora):
    html = sonora.client().get("/cuenta/entrar/").content.decode()

    assert '<a href="/cuenta/registro/">Crear cuenta</a>' in html
    assert '<a href="/cuenta/contrasena/">¿Olvidaste tu contraseña?</a>' in html


@pytest.mark.parametrize("path", ["/cuenta/registro/", "/cuenta/contrasena/"])
def test_account_pages_have_one_main_heading_and_labelled_inputs(sonora, path):
    html = sonora.client().get(path).content.decode()

    assert html.count("<h1>") == 1
    for input_id in re.findall(
        r'<input type="(?:text|email|password)" name="\w+" id="(\w+)"', html
    ):
        assert f'<label for="{input_id}">' in html
