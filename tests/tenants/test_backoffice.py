"""A government's theme and staff pages (/gestion/tema/, /gestion/personal/): roles on every page,
WCAG contrast refusal, invitations and isolation between governments."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from core.models import Role, User
from tenants.models import Government
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def signed_in(make_user):
    def factory(tenant: Any, roles: tuple = (Role.ADMINISTRATOR,), is_staff: bool | None = None):
        user = make_user(tenant, roles=list(roles), is_staff=is_staff)
        client = tenant.client()
        response = client.post(
            "/cuenta/entrar/", {"username": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        client.user = user
        return client

    return factory


@pytest.fixture
def colleague(sonora, make_user) -> User:
    return make_user(sonora, roles=[Role.CASE_OFFICER], email="colega@sonora.gob.mx")


def _pages(colleague: User) -> list[str]:
    return [
        "/gestion/tema/",
        "/gestion/personal/",
        "/gestion/personal/invitar/",
        f"/gestion/personal/{colleague.public_id}/",
    ]


def _posts(colleague: User) -> list[str]:
    return [*_pages(colleague), f"/gestion/personal/{colleague.public_id}/desactivar/"]


def _theme(slug: str) -> tuple:
    government = Government.objects.get(slug=slug)
    return (
        government.display_name,
        government.primary_color,
        government.secondary_color,
        government.footer_text,
    )


def _staff(schema: str) -> list[tuple]:
    with schema_context(schema):
        return list(User.objects.order_by("pk").values_list("email", "roles", "is_active"))


def test_anonymous_visitors_are_sent_to_sign_in(sonora, colleague):
    client = sonora.client()

    responses = [client.get(url) for url in _pages(colleague)]
    responses += [client.post(url) for url in _posts(colleague)]

    assert [r.status_code for r in responses] == [302] * 9
    assert all(r["Location"].startswith("/cuenta/entrar/?next=") for r in responses)


@pytest.mark.parametrize(
    ("roles", "is_staff"),
    [
        ((), False),
        ((Role.CASE_OFFICER,), True),
        ((Role.PUBLISHER,), True),
        ((Role.AUDITOR,), True),
    ],
    ids=["citizen", "case_officer", "publisher", "auditor"],
)
def test_only_administrators_open_theme_and_staff(sonora, colleague, signed_in, roles, is_staff):
    client = signed_in(sonora, roles=roles, is_staff=is_staff)
    before = (_theme("sonora"), _staff(sonora.schema_name))

    responses = [client.get(url) for url in _pages(colleague)]
    responses += [
        client.post(url, {"display_name": "Hackeado", "roles": ["administrator"]})
        for url in _posts(colleague)
    ]

    assert [r.status_code for r in responses] == [403] * 9
    assert (_theme("sonora"), _staff(sonora.schema_name)) == before


def test_administrators_open_every_page(sonora, colleague, signed_in):
    client = signed_in(sonora)

    assert [client.get(url).status_code for url in _pages(colleague)] == [200] * 4


def test_another_governments_staff_is_not_found(cdmx, sonora, make_user, signed_in):
    theirs = make_user(cdmx, roles=[Role.CASE_OFFICER], email="colega@cdmx.gob.mx")
    client = signed_in(sonora)
    before = _staff(cdmx.schema_name)

    responses = [
        client.get(f"/gestion/personal/{theirs.public_id}/"),
        client.post(f"/gestion/personal/{theirs.public_id}/", {"roles": ["administrator"]}),
        client.post(f"/gestion/personal/{theirs.public_id}/desactivar/"),
    ]

    assert [r.status_code for r in responses] == [404] * 3
    assert _staff(cdmx.schema_name) == before


# --- theme --------------------------------------------------------------------------------------


def _theme_post(**changes: Any) -> dict[str, Any]:
    return {
        "display_name": "Gobierno de Sonora",
        "primary_color": "#00587A",
        "secondary_color": "#BC955C",
        "footer_text": "Hermosillo, Sonora",
        "legal_text": "",
        "contact_email": "contacto@sonora.gob.mx",
        "contact_phone": "662 000 0000",
        **changes,
    }


def test_the_theme_is_saved_and_shows_on_citizen_pages(sonora, signed_in):
    client = signed_in(sonora)

    response = client.post("/gestion/tema/", _theme_post(primary_color="#1d4f91"))
    home = sonora.client().get("/").content.decode()

    assert response.status_code == 302
    assert _theme("sonora") == ("Gobierno de Sonora", "#1D4F91", "#BC955C", "Hermosillo, Sonora")
    assert "--color-primary: #1D4F91;" in home
    assert "Hermosillo, Sonora" in home


def test_colours_below_wcag_aa_are_refused_with_located_errors(sonora, signed_in):
    client = signed_in(sonora)
    before = _theme("sonora")

    # mid greys reach 4.5:1 neither with white nor with near-black text
    response = client.post(
        "/gestion/tema/", _theme_post(primary_color="#808080", secondary_color="#7A7A7A")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_primary_color"' in page
    assert 'href="#id_secondary_color"' in page
    assert "WCAG AA" in page
    assert 'id="id_primary_color-error"' in page
    assert 'value="#808080"' in page
    assert _theme("sonora") == before


def test_only_the_picker_changed_counts_without_javascript(sonora, signed_in):
    client = signed_in(sonora)
    saved = Government.objects.get(slug="sonora").primary_color

    client.post("/gestion/tema/", _theme_post(primary_color=saved, primary_color_picker="#1d4f91"))

    assert Government.objects.get(slug="sonora").primary_color == "#1D4F91"


def test_a_logo_that_is_not_an_image_is_refused(sonora, signed_in):
    client = signed_in(sonora)
    upload = SimpleUploadedFile("logo.svg", b"<svg/>", content_type="image/svg+xml")

    response = client.post("/gestion/tema/", {**_theme_post(), "logo": upload})

    assert response.status_code == 200
    assert 'href="#id_logo"' in response.content.decode()
    assert not Government.objects.get(slug="sonora").logo


# --- staff --------------------------------------------------------------------------------------


def test_invite_sends_one_email_whose_link_sets_the_password(
    sonora, signed_in, django_capture_on_commit_callbacks
):
    client = signed_in(sonora)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/gestion/personal/invitar/",
            {
                "email": "Nueva@Sonora.gob.mx",
                "full_name": "Nueva Persona",
                "roles": ["case_officer"],
            },
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nueva@sonora.gob.mx"]
    link = next(line for line in message.body.splitlines() if "/gestion/contrasena/" in line)
    assert link.startswith("http://sonora.localhost/gestion/contrasena/")
    with schema_context(sonora.schema_name):
        user = User.objects.get(email="nueva@sonora.gob.mx")
        assert user.roles == ["case_officer"]
        assert user.is_staff
        assert not user.has_usable_password()

    # when the person follows the link on the government's own host
    person = sonora.client()
    form_page = person.get(link.removeprefix("http://sonora.localhost"), follow=True)
    set_url = form_page.redirect_chain[-1][0]
    saved = person.post(
        set_url, {"new_password1": "Otra-Clave-Segura-77", "new_password2": "Otra-Clave-Segura-77"}
    )

    assert saved.status_code == 302
    assert saved["Location"] == "/cuenta/entrar/"
    signed = sonora.client().post(
        "/cuenta/entrar/", {"username": "nueva@sonora.gob.mx", "password": "Otra-Clave-Segura-77"}
    )
    assert signed.status_code == 302
    # single use
    again = sonora.client().get(link.removeprefix("http://sonora.localhost"), follow=True)
    assert "ya se usó o venció" in again.content.decode()


def test_invite_refuses_a_taken_email_and_no_roles_with_located_errors(
    sonora, signed_in, colleague
):
    client = signed_in(sonora)

    response = client.post(
        "/gestion/personal/invitar/", {"email": colleague.email, "full_name": "Otra"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_email"' in page
    assert 'href="#id_roles"' in page
    assert 'value="Otra"' in page
    assert len(mail.outbox) == 0


def test_roles_change_and_deactivation(sonora, signed_in, colleague):
    client = signed_in(sonora)

    changed = client.post(
        f"/gestion/personal/{colleague.public_id}/", {"roles": ["auditor", "case_officer"]}
    )
    deactivated = client.post(f"/gestion/personal/{colleague.public_id}/desactivar/")

    assert changed.status_code == 302
    assert deactivated.status_code == 302
    with schema_context(sonora.schema_name):
        colleague.refresh_from_db()
    assert colleague.roles == ["case_officer", "auditor"]
    assert colleague.is_active is False
    assert (
        sonora.client()
        .post("/cuenta/entrar/", {"username": colleague.email, "password": TEST_PASSWORD})
        .status_code
        == 200
    )


def test_an_administrator_cannot_remove_their_own_administrator_role(sonora, signed_in):
    client = signed_in(sonora)
    me = client.user

    response = client.post(f"/gestion/personal/{me.public_id}/", {"roles": ["auditor"]})

    assert response.status_code == 200
    assert 'href="#id_roles"' in response.content.decode()
    with schema_context(sonora.schema_name):
        me.refresh_from_db()
    assert me.roles == ["administrator"]


def test_the_theme_service_refuses_low_contrast_with_located_bilingual_errors(sonora):
    from core.errors import ApplicationError
    from tenants.errors import CONTRAST_TOO_LOW
    from tenants.services import government_update_theme

    with pytest.raises(ApplicationError) as refused:
        government_update_theme(
            government=sonora.government,
            actor_email=sonora.admin_email,
            primary_color="#777777",
        )

    (error,) = refused.value.errors
    assert (error.code, error.location) == (CONTRAST_TOO_LOW, "primary_color")
    assert "WCAG AA" in error.message_es
    assert "WCAG AA" in error.message_en
    assert Government.objects.get(slug="sonora").primary_color == "#00587A"


# The smallest valid PNG: 1×1 transparent pixel.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_an_uploaded_logo_is_served_by_its_own_government_only(
    sonora, cdmx, signed_in, settings, tmp_path
):
    # given
    settings.MEDIA_ROOT = str(tmp_path)
    client = signed_in(sonora)
    upload = SimpleUploadedFile("escudo.png", PNG_1X1, content_type="image/png")

    # when
    response = client.post("/gestion/tema/", {**_theme_post(), "logo": upload})

    # then
    assert response.status_code == 302
    government = Government.objects.get(slug="sonora")
    assert government.logo.name.startswith("themes/logo-")
    assert (tmp_path / "sonora" / government.logo.name).exists()
    home = sonora.client().get("/").content.decode()
    assert f'src="{government.logo_url}"' in home
    logo = sonora.client().get(government.logo_url)
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content) == PNG_1X1
    assert cdmx.client().get(government.logo_url).status_code == 404
