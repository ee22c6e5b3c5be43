"""The header and footer every page shares (core.templatetags.chrome): rendered once per process
for each government look, language and kind of visitor, completed per request with its own CSRF
token and address. What must hold: nothing of one request, visitor or government shows on
another's page, and a branding change shows at once."""

from __future__ import annotations

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token

from core.models import Role
from tenants.services import government_update_theme
from tests.cases.views_support import signed_in

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def _header(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def _footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') : html.index("</footer>")]


def test_each_page_carries_its_own_csrf_token_and_it_works(sonora):
    client = sonora.client(enforce_csrf_checks=True)
    first = TOKEN.findall(_header(client.get("/").text))
    second = TOKEN.findall(_header(client.get("/").text))

    # Both header forms (language, and sign-out when signed in) of one page share its token;
    # each page masks the browser's secret anew, as Django's {% csrf_token %} does.
    assert len(set(first)) == 1 and len(set(second)) == 1
    assert first[0] != second[0]
    secret = client.cookies["csrftoken"].value
    assert _unmask_cipher_token(first[0]) == _unmask_cipher_token(second[0]) == secret
    switched = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": second[0]}
    )
    assert switched.status_code == 302


def test_the_language_switch_returns_to_this_request_address_escaped(sonora):
    client = sonora.client()
    client.get("/")  # the shared header is now rendered for this kind of visitor

    html = client.get('/?q="><script>alert(1)</script>').text

    assert (
        '<input type="hidden" name="next" value="/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E">'
        in (_header(html))
    )
    assert "<script>alert(1)" not in html


def test_the_header_follows_the_visitor_signed_in_or_not_and_staff_or_not(sonora, make_user):
    citizen = make_user(sonora, email="ciudadana.chrome@example.mx")
    officer = make_user(sonora, email="funcionaria.chrome@sonora.gob.mx", roles=[Role.CASE_OFFICER])
    anonymous, citizens, staff = (
        sonora.client(),
        signed_in(sonora, citizen),
        signed_in(sonora, officer),
    )

    for _ in range(2):  # the second round is served from the shared renders
        anonymous_header = _header(anonymous.get("/").text)
        citizen_header = _header(citizens.get("/").text)
        staff_header = _header(staff.get("/").text)
        assert "Entrar" in anonymous_header and "Salir" not in anonymous_header
        assert "Salir" in citizen_header and "Gestión" not in citizen_header
        assert "Salir" in staff_header and "Gestión" in staff_header


def test_the_header_is_in_the_visitor_language(sonora):
    client = sonora.client()
    assert "Entrar" in _header(client.get("/").text)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    header = _header(client.get("/").text)

    assert "Sign in" in header and "Entrar" not in header
    assert 'name="language" value="es-mx"' in header


def test_a_government_sees_only_its_own_name_and_footer(cdmx, sonora):
    sonora_page = sonora.client().get("/").text
    cdmx_page = cdmx.client().get("/").text

    assert sonora.government.display_name in _header(sonora_page)
    assert sonora.government.display_name not in _header(cdmx_page)
    assert cdmx.government.display_name in _header(cdmx_page)
    assert cdmx.government.display_name not in _header(sonora_page)


def test_a_branding_change_shows_on_the_next_page(sonora):
    client = sonora.client()
    client.get("/")

    government_update_theme(
        government=sonora.government,
        actor_email=sonora.admin_email,
        display_name="Gobierno de Sonora (nuevo)",
        footer_text="Palacio de Gobierno, Hermosillo <centro>",
        contact_phone="662 212 0000",
    )
    html = client.get("/").text

    assert "Gobierno de Sonora (nuevo)" in _header(html)
    footer = _footer(html)
    assert "Palacio de Gobierno, Hermosillo &lt;centro&gt;" in footer
    assert '<a href="tel:6622120000">662 212 0000</a>' in footer


def test_a_signed_out_header_never_keeps_a_signed_in_one(sonora, make_user):
    citizen = make_user(sonora, email="ciudadana.salida@example.mx")
    client = signed_in(sonora, citizen)
    assert "Salir" in _header(client.get("/").text)

    client.post("/cuenta/salir/")

    assert "Entrar" in _header(client.get("/").text)
