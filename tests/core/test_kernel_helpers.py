from __future__ import annotations

import uuid

from django.test import RequestFactory, override_settings
from django.utils import translation
from django_tenants.utils import tenant_context

from core.errors import ErrorDetail
from core.i18n import content_language, is_english
from core.ids import uuid_or_none
from core.tenancy import current_government, site_url


def test_texts_are_spanish_unless_the_language_is_english():
    assert content_language("en") == "en"
    assert content_language("en-us") == "en"
    assert content_language("EN") == "en"
    assert content_language("es-mx") == "es-MX"
    assert content_language("") == "es-MX"
    with translation.override("en"):
        assert content_language() == "en"
        assert is_english() is True
    with translation.override("es-mx"):
        assert content_language() == "es-MX"
        assert is_english() is False


def test_an_error_speaks_the_active_language():
    problem = ErrorDetail("x.code", "Falta el nombre.", "The name is missing.", "name")
    with translation.override("en"):
        assert problem.message == "The name is missing."
    with translation.override("es-mx"):
        assert problem.message == "Falta el nombre."
    assert problem.message_in("en") == "The name is missing."
    assert problem.message_in("es-MX") == "Falta el nombre."


def test_a_malformed_id_is_none():
    key = uuid.uuid4()
    assert uuid_or_none(key) is key
    assert uuid_or_none(str(key)) == key
    assert uuid_or_none("no-es-un-id") is None


def test_site_url_follows_the_request():
    request = RequestFactory().get("/", HTTP_HOST="sonora.localhost:8000", SERVER_PORT="8000")
    assert site_url(request) == "http://sonora.localhost:8000"
    assert site_url(request, domain="localhost") == "http://localhost:8000"
    plain = RequestFactory().get("/", HTTP_HOST="sonora.localhost", SERVER_PORT="80")
    assert site_url(plain, domain="localhost") == "http://localhost"


@override_settings(SESSION_COOKIE_SECURE=True)
def test_site_url_without_a_request_is_the_governments_primary_domain(sonora):
    with tenant_context(sonora.government):
        assert current_government() == sonora.government
        assert site_url() == "https://sonora.localhost"
        assert site_url(government=sonora.government) == "https://sonora.localhost"
