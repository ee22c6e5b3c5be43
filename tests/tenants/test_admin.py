"""The operator's government screen: suspending a government is confirmed first, needs a reason
and leaves a row in the platform's audit trail (public schema); reactivating is audited too."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from core.audit import audit_verify
from core.errors import ApplicationError
from core.models import AuditEvent, User
from tenants.models import Government, GovernmentStatus
from tenants.services import GOVERNMENT_STATUS_CHANGED, government_set_status
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def operator_client(db) -> Client:
    User.objects.create_superuser("operador@example.mx", TEST_PASSWORD)
    client = Client(HTTP_HOST="localhost")
    client.login(email="operador@example.mx", password=TEST_PASSWORD)
    return client


def _action(client: Client, action: str, government: Government, **extra: str):
    return client.post(
        "/admin/tenants/government/",
        {"action": action, "_selected_action": [str(government.pk)], **extra},
    )


def _status(government: Government) -> str:
    return Government.objects.get(pk=government.pk).status


def test_suspending_a_government_is_confirmed_with_a_reason_and_audited(operator_client, sonora):
    first = _action(operator_client, "suspend", sonora.government)
    assert _status(sonora.government) == GovernmentStatus.ACTIVE
    no_reason = _action(operator_client, "suspend", sonora.government, confirmar="1", reason="")
    assert _status(sonora.government) == GovernmentStatus.ACTIVE
    confirmed = _action(
        operator_client, "suspend", sonora.government, confirmar="1", reason="Falta de pago"
    )

    assert first.status_code == 200
    assert "Sí, suspender" in first.content.decode()
    assert "Gobierno del Estado de Sonora" in first.content.decode()
    assert no_reason.status_code == 200
    assert "errornote" in no_reason.content.decode()
    assert confirmed.status_code == 302
    assert _status(sonora.government) == GovernmentStatus.SUSPENDED
    event = AuditEvent.objects.get(action=GOVERNMENT_STATUS_CHANGED)
    assert (event.actor_email, event.actor_role, event.object_id) == (
        "operador@example.mx",
        "operator",
        "sonora",
    )
    assert event.data == {"from": "active", "to": "suspended", "reason": "Falta de pago"}
    assert audit_verify().ok
    # The government's own trail is its own: the operator's act is not written there.
    with schema_context(sonora.schema_name):
        assert not AuditEvent.objects.filter(action=GOVERNMENT_STATUS_CHANGED).exists()


def test_reactivating_is_audited(operator_client, sonora):
    government_set_status(government=sonora.government, status=GovernmentStatus.SUSPENDED)

    response = _action(operator_client, "reactivate", sonora.government)

    assert response.status_code == 302
    assert _status(sonora.government) == GovernmentStatus.ACTIVE
    changes = AuditEvent.objects.filter(action=GOVERNMENT_STATUS_CHANGED).order_by("seq")
    assert [(e.data["to"], e.actor_email) for e in changes] == [
        ("suspended", ""),
        ("active", "operador@example.mx"),
    ]


def test_the_platform_itself_cannot_be_suspended(db):
    platform = Government.objects.get(schema_name="public")

    with pytest.raises(ApplicationError):
        government_set_status(government=platform, status=GovernmentStatus.SUSPENDED)

    assert _status(platform) != GovernmentStatus.SUSPENDED
