""" "Nuevo trámite": blank, templates, a copy of an own app, a fork of a shared app."""

from __future__ import annotations

import pytest

from catalog.builder.start import TEMPLATE_KEYS
from catalog.models import CatalogApp

START = "/gestion/publicacion/constructor/nuevo/"


def _start(client, name, source, policy="public"):
    return client.post(START, {"name": name, "source": source, "sharing_policy": policy})


def test_the_start_page_offers_blank_templates_own_apps_and_shared_apps(
    cdmx, sonora, publish_app, signed_in
):
    publish_app(cdmx, "constancia-propia")
    publish_app(sonora, "licencia-sonora")
    publish_app(sonora, "privada-sonora", policy="private")

    html = signed_in(cdmx).get(START).content.decode()

    assert 'value="blank"' in html
    for key in TEMPLATE_KEYS:
        assert f'value="template:{key}"' in html
    assert 'value="copy:constancia-propia"' in html
    assert 'value="fork:sonora/licencia-sonora"' in html
    assert "privada-sonora" not in html


@pytest.mark.parametrize("source", ["blank", *(f"template:{key}" for key in TEMPLATE_KEYS)])
def test_a_new_app_starts_blank_or_from_a_template(cdmx, signed_in, source):
    response = _start(signed_in(cdmx), "Permiso de Ñandú número 1", source)

    app = CatalogApp.objects.get(publisher=cdmx.government, slug="permiso-de-nandu-numero-1")
    assert response.status_code == 302
    assert (
        response["Location"] == "/gestion/publicacion/permiso-de-nandu-numero-1/constructor/ficha/"
    )
    draft = app.versions.get()
    assert draft.version == "1.0.0" and not draft.is_published
    metadata = draft.definition["metadata"]
    assert metadata["slug"] == "permiso-de-nandu-numero-1"
    assert metadata["name"] == {"es-MX": "Permiso de Ñandú número 1"}
    assert metadata["citizen_name"] == {"es-MX": "Permiso de Ñandú número 1"}


def test_a_copy_of_an_own_app_gets_its_own_slug(cdmx, publish_app, signed_in):
    original = publish_app(cdmx, "constancia")

    _start(signed_in(cdmx), "Constancia", "copy:constancia")

    copy = CatalogApp.objects.get(publisher=cdmx.government, slug="constancia-2")
    definition = copy.versions.get().definition
    assert definition["metadata"]["slug"] == "constancia-2"
    assert definition["form"] == original.definition["form"]
    assert "forked_from" not in definition["metadata"]


def test_a_fork_of_a_shared_app_keeps_its_origin(cdmx, sonora, publish_app, signed_in):
    origin = publish_app(sonora, "licencia-sonora")

    _start(signed_in(cdmx), "Licencia de la ciudad", "fork:sonora/licencia-sonora")

    fork = CatalogApp.objects.get(publisher=cdmx.government, slug="licencia-de-la-ciudad")
    definition = fork.versions.get().definition
    assert definition["metadata"]["forked_from"] == {
        "publisher": "sonora",
        "slug": "licencia-sonora",
        "version": "1.0.0",
    }
    assert definition["documents"] == origin.definition["documents"]


def test_a_private_app_of_another_government_cannot_be_forked_or_copied(
    cdmx, sonora, publish_app, signed_in
):
    publish_app(sonora, "privada-sonora", policy="private")
    client = signed_in(cdmx)

    responses = [
        _start(client, "Robada", "fork:sonora/privada-sonora"),
        _start(client, "Robada", "copy:privada-sonora"),
    ]

    assert [r.status_code for r in responses] == [200, 200]
    assert 'href="#id_source"' in responses[0].content.decode()
    assert not CatalogApp.objects.filter(publisher=cdmx.government).exists()


def test_a_start_without_a_name_is_refused_beside_the_name(cdmx, signed_in):
    response = _start(signed_in(cdmx), "  ", "blank")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and 'href="#id_name"' in html
    assert not CatalogApp.objects.filter(publisher=cdmx.government).exists()
