from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from core.templatetags.mx import mxn


def test_money_is_formatted_in_mexican_pesos():
    with translation.override("es-mx"):
        assert mxn(Decimal("1099")) == "$1,099.00"
        assert mxn("98.5") == "$98.50"
    with translation.override("en"):
        assert mxn(1652) == "MX$1,652.00"


def test_dates_and_numbers_follow_mexican_conventions():
    template = Template('{% load mx %}{{ day|fecha }} · {{ amount|floatformat:"2g" }}')
    with translation.override("es-mx"):
        text = template.render(Context({"day": dt.date(2026, 11, 24), "amount": 3540.5}))
    assert text == "24 de noviembre de 2026 · 3,540.50"
    with translation.override("en"):
        assert (
            Template("{% load mx %}{{ day|fecha }}").render(Context({"day": dt.date(2026, 11, 24)}))
            == "November 24, 2026"
        )


def test_spanish_is_the_default_and_every_page_has_a_language_switch(sonora):
    response = sonora.client().get("/")

    assert '<html lang="es-mx">' in response.text
    assert "Trámites y servicios en línea de" in response.text
    assert 'name="language" value="en"' in response.text


def test_english_is_available(sonora):
    client = sonora.client()

    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")

    assert switched.status_code == 302
    assert '<html lang="en">' in response.text
    assert "Online procedures and services of" in response.text
    assert 'name="language" value="es-mx"' in response.text


def test_language_switch_is_on_the_platform_and_error_pages(db):
    from django.test import Client

    for host in ("localhost", "nadie.localhost"):
        assert 'name="language" value="en"' in Client(HTTP_HOST=host).get("/").text


def test_browser_language_does_not_override_spanish(sonora):
    response = sonora.client().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="es-mx">' in response.text
