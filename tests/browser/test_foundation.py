"""The foundation seen through a real browser: platform landing, tenant theme, language, sign-in,
host-only sessions, and axe-core on every page the foundation has."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tenants.models import Government
from tests.conftest import TEST_PASSWORD

SONORA = "Gobierno del Estado de Sonora"
CDMX = "Gobierno de la Ciudad de México"
SPANISH = re.compile(r"^es(-mx)?$")


def _css_rgb(hex_color: str) -> str:
    red, green, blue = (int(hex_color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({red}, {green}, {blue})"


def test_platform_landing_leads_to_the_government_site_with_its_own_theme(page: Page, live_url):
    # given
    page.goto(live_url(""))
    governments = page.get_by_role("region", name="Gobiernos participantes")
    expect(governments.get_by_role("link", name=CDMX, exact=True)).to_be_visible()

    # when
    governments.get_by_role("link", name=SONORA, exact=True).click()

    # then
    expect(page).to_have_url(live_url("sonora"))
    expect(page.locator(".brand-name")).to_have_text(SONORA)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Trámites y servicios en línea de {SONORA}"
    )
    primary = Government.objects.get(slug="sonora").primary_color
    expect(page.locator("header.site-header")).to_have_css("background-color", _css_rgb(primary))


def test_language_switch_turns_the_tenant_home_to_english_and_back(page: Page, live_url):
    # given
    page.goto(live_url("cdmx"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(f"Trámites y servicios en línea de {CDMX}")
    expect(page.locator("html")).to_have_attribute("lang", SPANISH)

    # when
    page.get_by_role("button", name="English").click()

    # then
    expect(heading).to_have_text(f"Online procedures and services of {CDMX}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_url("cdmx"))

    # when
    page.get_by_role("button", name="Español (México)").click()

    # then
    expect(heading).to_have_text(f"Trámites y servicios en línea de {CDMX}")
    expect(page.locator("html")).to_have_attribute("lang", SPANISH)


def test_staff_sign_in_holds_only_on_its_own_government_host(page: Page, live_url):
    # given
    page.goto(live_url("sonora", "/cuenta/entrar/"))

    # when
    page.get_by_label("Correo electrónico").fill("admin@sonora.gob.mx")
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Entrar").click()

    # then
    expect(page).to_have_url(live_url("sonora"))
    page.get_by_role("navigation", name="Cuenta").get_by_role("link", name="Gestión").click()
    expect(page).to_have_url(live_url("sonora", "/gestion/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gestión")
    expect(page.get_by_role("main")).to_contain_text(SONORA)

    # when: the same browser context visits another government's back office
    page.goto(live_url("cdmx", "/gestion/"))

    # then: the Sonora session cookie was not sent there
    expect(page).to_have_url(re.compile(r"^" + re.escape(live_url("cdmx", "/cuenta/entrar/"))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Entrar")
    cookies = page.context.cookies()
    assert sorted({cookie["domain"] for cookie in cookies if cookie["name"] == "sessionid"}) == [
        "sonora.localhost"
    ]


@pytest.mark.parametrize(
    ("tenant_slug", "path", "heading"),
    [
        ("", "/", "Ventanilla: trámites digitales compartidos entre gobiernos"),
        ("cdmx", "/", f"Trámites y servicios en línea de {CDMX}"),
        ("sonora", "/cuenta/entrar/", "Entrar"),
        ("desconocido", "/", "Sitio no encontrado"),
    ],
    ids=["platform-landing", "tenant-home", "sign-in", "unknown-host-404"],
)
def test_foundation_pages_have_no_serious_accessibility_violations(
    page: Page, live_url, assert_accessible, tenant_slug: str, path: str, heading: str
):
    page.goto(live_url(tenant_slug, path))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    assert_accessible(page)
