"""Sentry events carry the tenant and no personal data (checked with a capturing transport)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import sentry_sdk
from django_tenants.utils import schema_context
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from core.observability import init_sentry

CURP = "GODE561231HDFRRN09"
RFC = "GODE561231GR8"
EMAIL = "ernesto.gomez@example.mx"
IP_ADDRESS = "10.0.0.1"


class CapturingTransport(Transport):
    def __init__(self, options: dict | None = None) -> None:
        super().__init__(options)
        self.envelopes: list[Envelope] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        self.envelopes.append(envelope)

    def events(self) -> list[dict]:
        return [
            item.payload.json
            for envelope in self.envelopes
            for item in envelope.items
            if item.payload.json is not None and item.type == "event"
        ]


@pytest.fixture
def sentry_events() -> Iterator[CapturingTransport]:
    transport = CapturingTransport()
    init_sentry(dsn="https://public@sentry.invalid/1", environment="test", transport=transport)
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # back to a disabled client


def test_event_is_tagged_with_the_tenant_schema(sonora, sentry_events):
    with schema_context(sonora.schema_name):
        sentry_sdk.capture_message("fallo al generar acuse")

    (event,) = sentry_events.events()
    assert event["tags"]["tenant"] == "sonora"


def test_event_carries_no_personal_data(cdmx, sentry_events):
    def file_case(curp: str, email: str) -> None:
        raise ValueError(f"CURP {curp} inválida para {email}; RFC {RFC}")

    with schema_context(cdmx.schema_name):
        sentry_sdk.set_user({"id": "42", "email": EMAIL, "ip_address": IP_ADDRESS})
        try:
            file_case(CURP, EMAIL)
        except ValueError:
            sentry_sdk.capture_exception()

    (event,) = sentry_events.events()
    serialized = json.dumps(event)
    assert CURP not in serialized
    assert RFC not in serialized
    assert EMAIL not in serialized
    assert IP_ADDRESS not in serialized
    assert event["user"] == {"id": "42"}
    assert event["tags"]["tenant"] == "cdmx"
    frames = event["exception"]["values"][0]["stacktrace"]["frames"]
    assert all("vars" not in frame for frame in frames)


def test_request_events_carry_tenant_and_no_body_or_cookies(sonora, sentry_events, make_user):
    client = sonora.client()
    client.post("/cuenta/entrar/", {"username": EMAIL, "password": "x"})

    with schema_context(sonora.schema_name):
        sentry_sdk.capture_message("revisión")

    (event,) = sentry_events.events()
    assert EMAIL not in json.dumps(event)
