from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tenants.models import GovernmentStatus
from tenants.services import government_set_status


def test_each_subdomain_shows_its_own_government(cdmx, sonora):
    # when
    cdmx_page = cdmx.client().get("/")
    sonora_page = sonora.client().get("/")

    # then
    assert cdmx_page.status_code == 200
    assert sonora_page.status_code == 200
    assert "Gobierno de la Ciudad de México" in cdmx_page.text
    assert "Sonora" not in cdmx_page.text
    assert "Gobierno del Estado de Sonora" in sonora_page.text
    assert "Ciudad de México" not in sonora_page.text


def test_each_subdomain_uses_its_theme_colour(cdmx, sonora):
    assert "--color-primary: #9F2241" in cdmx.client().get("/").text
    assert "--color-primary: #00587A" in sonora.client().get("/").text


def test_base_domain_lists_partner_governments(db):
    response = Client(HTTP_HOST="localhost").get("/")

    assert response.status_code == 200
    assert "Gobierno de la Ciudad de México" in response.text
    assert "Gobierno del Estado de Sonora" in response.text
    assert "http://sonora.localhost/" in response.text


def test_unknown_host_gets_a_clear_404_naming_no_government(db):
    response = Client(HTTP_HOST="jalisco.localhost").get("/")

    assert response.status_code == 404
    assert "Sitio no encontrado" in response.text
    assert "Sonora" not in response.text
    assert "Ciudad de México" not in response.text


def test_host_outside_allowed_hosts_is_refused(db):
    response = Client(HTTP_HOST="sonora.example.com").get("/")

    assert response.status_code == 400
    assert "Sonora" not in response.text


def test_suspended_government_shows_service_suspended(sonora):
    government_set_status(government=sonora.government, status=GovernmentStatus.SUSPENDED)

    response = sonora.client().get("/")
    login = sonora.client().get("/cuenta/entrar/")

    assert response.status_code == 503
    assert "Servicio suspendido" in response.text
    assert login.status_code == 503


def test_suspension_takes_effect_at_once_in_this_process(sonora):
    client = sonora.client()
    assert client.get("/").status_code == 200  # the host is now cached

    government_set_status(government=sonora.government, status=GovernmentStatus.SUSPENDED)

    assert client.get("/").status_code == 503


def test_host_lookup_is_cached_and_search_path_set_once(sonora):
    client = sonora.client()
    client.get("/")  # warm the host cache

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cuenta/entrar/")

    assert response.status_code == 200
    statements = [q["sql"] for q in queries.captured_queries]
    assert not any("tenants_domain" in sql for sql in statements)
    assert sum(sql.startswith("SET search_path") for sql in statements) <= 1


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
@pytest.mark.parametrize("host", ["localhost", "cdmx.localhost", "nadie.localhost", "10.1.2.3"])
def test_health_endpoints_answer_on_every_host(db, host, path):
    response = Client(HTTP_HOST=host).get(path)

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
