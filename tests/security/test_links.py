"""A government's texts are shown on other governments' sites, so the addresses they carry are
web addresses only: refused at save (definition and local values, with a located error in both
languages) and never drawn as a link at render, even for a row saved before the rule."""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.template import Context, Template
from django_tenants.utils import schema_context

from apps_registry.local_values import validate_local_values
from apps_registry.services import enabled_app_enable
from catalog.definition import validate_definition
from catalog.models import AppVersion
from core import pagecache
from core.actors import Actor, ActorRole
from core.links import is_web_url
from tests.apps_registry.conftest import definition_with_overrides
from tests.cases import views_support as support
from tests.cases.views_support import all_types_definition, publish_and_enable

HOSTILE = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "/tramites/otro/",
    "https://",
    "mailto:tramites@cdmx.gob.mx",
]
FINE = ["https://data.consejeria.cdmx.gob.mx/ley.pdf", "http://www.sonora.gob.mx/a?b=c#d"]


@pytest.mark.parametrize("value", HOSTILE)
def test_only_http_and_https_addresses_with_a_host_are_web_addresses(value):
    assert is_web_url(value) is False


@pytest.mark.parametrize("value", FINE)
def test_web_addresses_pass(value):
    assert is_web_url(value) is True


@pytest.mark.parametrize("value", HOSTILE)
def test_a_definition_with_a_hostile_legal_basis_address_is_refused_where_it_is(value):
    definition = all_types_definition()
    definition["metadata"]["legal_basis"] = [
        {"ordenamiento": "Ley de Pruebas", "articulo": "1", "url": value}
    ]

    problems = [e for e in validate_definition(definition) if e.code == "invalid_url"]

    assert [(e.location, e.message_es[:32], e.message_en[:32]) for e in problems] == [
        (
            "/metadata/legal_basis/0/url",
            "La dirección debe ser una página",
            "The address must be a full web p",
        )
    ]


def test_a_definition_with_web_addresses_has_no_address_problem():
    definition = all_types_definition()
    definition["metadata"]["legal_basis"] = [
        {"ordenamiento": "Ley", "articulo": "1", "url": url} for url in FINE
    ]

    assert [e for e in validate_definition(definition) if e.code == "invalid_url"] == []


@pytest.mark.parametrize("value", HOSTILE)
def test_an_adopters_legal_basis_with_a_hostile_address_is_refused_where_it_is(value):
    definition = definition_with_overrides()
    override = next(o for o in definition["overrides"] if o["type"] == "legal_basis")
    values = {override["key"]: [{"ordenamiento": "Ley 1", "articulo": "2", "url": value}]}

    _cleaned, problems = validate_local_values(definition, values, require_all=False)

    assert f"{override['key']}/0/url" in {problem.location for problem in problems}


def test_the_link_filter_draws_no_link_for_anything_but_a_web_address():
    template = Template("{% load texts %}[{{ value|web_url }}]")

    drawn = [template.render(Context({"value": value})) for value in [*HOSTILE, *FINE, None, 3]]

    assert drawn == ["[]"] * len(HOSTILE) + [
        f"[{FINE[0]}]",
        "[http://www.sonora.gob.mx/a?b=c#d]",
    ] + [
        "[]",
        "[]",
    ]


applicant = support.applicant


def test_a_stored_hostile_address_is_no_link_on_any_governments_ficha(cdmx, sonora):
    # given: a version saved before the rule (written around the services) with a script URL,
    # served by its publisher and by Sonora
    definition = all_types_definition()
    definition["metadata"]["legal_basis"] = [
        {"ordenamiento": "Ley de Pruebas", "articulo": "1", "url": FINE[0]}
    ]
    enabled = publish_and_enable(cdmx, sonora, definition)
    with schema_context(cdmx.schema_name):
        own = enabled_app_enable(
            government=cdmx.government,
            app=enabled.catalog_app,
            version=enabled.version,
            local_values={},
            actor=Actor.named(cdmx.admin_email, ActorRole.ADMINISTRATOR, schema=cdmx.schema_name),
        )
    hostile = copy.deepcopy(definition)
    hostile["metadata"]["legal_basis"][0]["url"] = HOSTILE[0]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE catalog_appversion DISABLE TRIGGER catalog_appversion_immutable"
        )
    AppVersion.objects.filter(pk=enabled.version_id).update(definition=hostile)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE catalog_appversion ENABLE TRIGGER catalog_appversion_immutable")
    pagecache.clear()

    # when: a visitor of each government opens the ficha
    with schema_context("public"):
        adopter = sonora.client().get(f"/tramites/{enabled.public_id}/").content.decode()
        publisher = cdmx.client().get(f"/tramites/{own.public_id}/").content.decode()

    # then: the publisher names its law, but not as a link; Sonora never shows the publisher's
    # legal basis (a place-bound value: apps_registry.place_bound)
    assert "Ley de Pruebas" in publisher
    assert "javascript:" not in publisher
    assert "Ley de Pruebas" not in adopter
    assert "javascript:" not in adopter
