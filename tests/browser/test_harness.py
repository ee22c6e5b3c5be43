"""The browser-test fixtures themselves: they must catch what they promise to catch."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from core.models import Role, User
from tenants.models import Government
from tests.conftest import TEST_PASSWORD


def test_assert_accessible_fails_on_a_serious_violation_and_names_it(page: Page, assert_accessible):
    # given: a form field without a label (axe rule "label", impact "critical")
    page.set_content(
        '<!DOCTYPE html><html lang="es"><head><title>Prueba</title></head>'
        '<body><main><h1>Prueba</h1><input type="text" id="sin-etiqueta"></main></body></html>'
    )

    # when
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    # then
    assert "- label (critical)" in str(failure.value)
    assert "#sin-etiqueta" in str(failure.value)


def test_committed_user_is_visible_to_the_server_and_only_in_its_tenant(
    page: Page, live_url, committed_user
):
    # given
    user = committed_user("cdmx", "revisora@cdmx.gob.mx", roles=[Role.CASE_OFFICER])
    schema = Government.objects.get(slug="cdmx").schema_name

    # when
    page.goto(live_url("cdmx", "/cuenta/entrar/?next=/gestion/"))
    page.get_by_label("Correo electrónico").fill("revisora@cdmx.gob.mx")
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Entrar").click()

    # then
    expect(page).to_have_url(live_url("cdmx", "/gestion/"))
    expect(page.get_by_role("main")).to_contain_text("Atención de expedientes")
    assert user.is_staff is True
    with schema_context(schema):
        assert User.objects.filter(email="revisora@cdmx.gob.mx").count() == 1
    with schema_context(Government.objects.get(slug="sonora").schema_name):
        assert User.objects.filter(email="revisora@cdmx.gob.mx").count() == 0
