"""The government setting "publicar requiere aprobación", on the administrator's "Datos del
gobierno" page: only its administrators change it, for their own government only."""

from __future__ import annotations

from django_tenants.utils import schema_context

from core.models import AuditEvent, Role
from tenants.models import Government

URL = "/gestion/datos/publicacion/"


def _flag(tenant) -> bool:
    return Government.objects.get(pk=tenant.government.pk).publish_requires_approval


def test_an_administrator_turns_it_on_and_off(cdmx, signed_in):
    client = signed_in(cdmx, roles=(Role.ADMINISTRATOR,))
    page = client.get("/gestion/datos/").content.decode()
    assert 'name="publish_requires_approval"' in page

    assert client.post(URL, {"publish_requires_approval": "1"}).status_code == 302
    assert _flag(cdmx) is True
    assert 'value="1" checked' in client.get("/gestion/datos/").content.decode()
    with schema_context(cdmx.schema_name):
        assert AuditEvent.objects.filter(action="government.publish_approval_set").exists()

    client.post(URL, {})
    assert _flag(cdmx) is False


def test_a_publisher_cannot_change_it(cdmx, signed_in):
    client = signed_in(cdmx)
    assert client.post(URL, {"publish_requires_approval": "1"}).status_code == 403
    assert _flag(cdmx) is False


def test_another_governments_administrator_changes_only_its_own(cdmx, sonora, signed_in):
    client = signed_in(sonora, roles=(Role.ADMINISTRATOR,))
    assert client.post(URL, {"publish_requires_approval": "1"}).status_code == 302
    assert (_flag(cdmx), _flag(sonora)) == (False, True)
