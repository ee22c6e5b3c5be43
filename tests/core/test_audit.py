from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import schema_context

from core.audit import (
    GENESIS_HASH,
    AuditAction,
    audit_events_for_object,
    audit_record,
    audit_verify,
    event_hash,
)
from core.models import AuditEvent
from tenants.services import government_onboard
from tests.conftest import TEST_PASSWORD

T = TypeVar("T")
TRIGGER = "core_auditevent_append_only"


def event_record(n: int, *, object_id: str = "expediente-1") -> AuditEvent:
    return audit_record(
        action=AuditAction.CASE_TRANSITION,
        actor_email="revisora@cdmx.gob.mx",
        actor_role="case_officer",
        object_type="case",
        object_id=object_id,
        data={"from": f"estado-{n}", "to": f"estado-{n + 1}"},
    )


def _tamper(sql: str, params: list[Any]) -> None:
    """What an attacker with table rights would do: switch the trigger off, change, switch on."""
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE core_auditevent DISABLE TRIGGER {TRIGGER}")
        cursor.execute(sql, params)
        cursor.execute(f"ALTER TABLE core_auditevent ENABLE TRIGGER {TRIGGER}")


def test_events_chain_onto_each_other_and_verify(cdmx):
    with schema_context(cdmx.schema_name):
        before = audit_verify()
        events = [event_record(n) for n in range(5)]
        result = audit_verify()

    assert before.ok
    assert [e.seq for e in events] == list(range(events[0].seq, events[0].seq + 5))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert result.ok
    assert result.checked == before.checked + 5
    assert result.first_broken_seq is None


def test_the_first_event_of_a_chain_points_at_the_genesis_hash(cdmx):
    with schema_context(cdmx.schema_name):
        event_record(0)
        first = AuditEvent.objects.order_by("seq").first()

    assert first is not None
    assert (first.seq, first.prev_hash) == (1, GENESIS_HASH)


def test_stored_events_hash_the_same_as_when_written(cdmx):
    # given data with types JSON lacks (dates, UUIDs, decimals) and non-ASCII text
    with schema_context(cdmx.schema_name):
        written = audit_record(
            action=AuditAction.CASE_FILED,
            actor_email="",
            object_type="case",
            object_id=str(uuid.uuid4()),
            data={"presentado": date(2026, 11, 2), "monto": Decimal("125.50"), "año": "sí"},
        )
        stored = AuditEvent.objects.get(seq=written.seq)

    assert stored.data == {"presentado": "2026-11-02", "monto": "125.50", "año": "sí"}
    assert event_hash(stored) == written.hash == stored.hash


def test_an_edited_record_is_found_with_its_number(cdmx):
    # given
    with schema_context(cdmx.schema_name):
        events = [event_record(n) for n in range(4)]
        # when a record's data is changed behind the application's back
        _tamper(
            "UPDATE core_auditevent SET data = %s WHERE seq = %s",
            ['{"from": "estado-1", "to": "aprobado"}', events[1].seq],
        )
        result = audit_verify()

    # then
    assert not result.ok
    assert result.first_broken_seq == events[1].seq
    assert "altered" in result.reason
    assert result.checked == events[1].seq - 1


def test_an_edit_that_recomputes_its_own_hash_breaks_the_next_link(cdmx):
    with schema_context(cdmx.schema_name):
        events = [event_record(n) for n in range(3)]
        forged = AuditEvent.objects.get(seq=events[1].seq)
        forged.actor_email = "otra@cdmx.gob.mx"
        _tamper(
            "UPDATE core_auditevent SET actor_email = %s, hash = %s WHERE seq = %s",
            [forged.actor_email, event_hash(forged), forged.seq],
        )
        result = audit_verify()

    assert not result.ok
    assert result.first_broken_seq == events[2].seq
    assert "previous hash" in result.reason


def test_a_deleted_record_is_found(cdmx):
    with schema_context(cdmx.schema_name):
        events = [event_record(n) for n in range(4)]
        _tamper("DELETE FROM core_auditevent WHERE seq = %s", [events[1].seq])
        result = audit_verify()

    assert not result.ok
    assert result.first_broken_seq == events[2].seq
    assert f"record {events[1].seq} is missing" in result.reason


def test_the_database_refuses_updates_and_deletes(cdmx):
    with schema_context(cdmx.schema_name):
        event = event_record(0)
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(seq=event.seq).update(action="case.deleted")
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(seq=event.seq).delete()
        stored = AuditEvent.objects.get(seq=event.seq)

    assert (stored.action, stored.hash) == (event.action, event.hash)


def test_a_newly_onboarded_government_gets_the_append_only_trigger(db):
    # given a government cloned from the template schema
    government_onboard(
        slug="yucatan",
        name="Gobierno del Estado de Yucatán",
        domain="yucatan.localhost",
        admin_email="admin@yucatan.gob.mx",
        admin_password=TEST_PASSWORD,
        inegi_code="31",
    )
    with schema_context("yucatan"):
        event = event_record(0)
        # when someone tries to change its trail
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(seq=event.seq).update(actor_email="x@y.mx")

        # then its chain starts at 1 and is intact
        assert (event.seq, audit_verify().ok) == (1, True)


def test_sonoras_events_are_not_visible_from_cdmx(cdmx, sonora):
    # given
    with schema_context(sonora.schema_name):
        sonora_event = event_record(0, object_id="expediente-sonora")
        sonora_count = AuditEvent.objects.count()

    # when
    with schema_context(cdmx.schema_name):
        seen_by_cdmx = AuditEvent.objects.filter(hash=sonora_event.hash).exists()
        cdmx_history = list(
            audit_events_for_object(object_type="case", object_id="expediente-sonora")
        )
        cdmx_count = AuditEvent.objects.count()
        cdmx_event = event_record(0)

    # then
    assert not seen_by_cdmx
    assert cdmx_history == []
    assert cdmx_event.seq == cdmx_count + 1
    with schema_context(sonora.schema_name):
        assert AuditEvent.objects.count() == sonora_count


def test_an_objects_history_is_in_order(cdmx):
    with schema_context(cdmx.schema_name):
        event_record(0, object_id="a")
        event_record(1, object_id="b")
        event_record(2, object_id="a")
        history = list(audit_events_for_object(object_type="case", object_id="a"))

    assert [e.data["from"] for e in history] == ["estado-0", "estado-2"]


@pytest.mark.parametrize(
    "data",
    [
        {"curp": "no importa el valor"},
        {"nota": "CURP del solicitante: GODE561231HDFRRN09"},
        {"campos": [{"valor": "GODE561231HDFRRN09"}]},
    ],
)
def test_a_curp_is_never_written_to_the_trail(cdmx, data):
    with schema_context(cdmx.schema_name):
        count = AuditEvent.objects.count()
        with pytest.raises(ValueError, match=r"(?i)curp"):
            audit_record(
                action=AuditAction.CASE_FILED,
                actor_email="",
                object_type="case",
                object_id="1",
                data=data,
            )
        assert AuditEvent.objects.count() == count


def test_action_codes_are_checked(cdmx):
    with schema_context(cdmx.schema_name), pytest.raises(ValueError):
        audit_record(action="Borrado", actor_email="", object_type="case", object_id="1", data={})


# verify_audit command


def test_verify_audit_reports_an_intact_chain(cdmx, capsys):
    with schema_context(cdmx.schema_name):
        event_record(0)
        count = AuditEvent.objects.count()

    call_command("verify_audit", "--schema", "cdmx", "--progress-every", "1")

    out = capsys.readouterr().out
    assert f"Chain intact in 'cdmx': {count} records" in out
    assert f"  {count} registros verificados" in out


def test_verify_audit_exits_non_zero_on_a_break(cdmx):
    with schema_context(cdmx.schema_name):
        events = [event_record(n) for n in range(3)]
        _tamper("UPDATE core_auditevent SET object_id = 'otro' WHERE seq = %s", [events[1].seq])

    with pytest.raises(CommandError) as raised:
        call_command("verify_audit", "--schema", "cdmx")

    assert raised.value.returncode == 1
    assert f"Chain broken in 'cdmx' at record {events[1].seq}" in str(raised.value)


def test_verify_audit_only_looks_at_the_schema_it_is_given(cdmx, sonora, capsys):
    with schema_context(cdmx.schema_name):
        event = event_record(0)
        _tamper("UPDATE core_auditevent SET object_id = 'otro' WHERE seq = %s", [event.seq])

    call_command("verify_audit", "--schema", "sonora")

    assert "Chain intact in 'sonora'" in capsys.readouterr().out


def test_verify_audit_refuses_an_unknown_schema(db):
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit", "--schema", "pg_catalog")

    assert raised.value.returncode == 2
    assert "No government has the schema 'pg_catalog'" in str(raised.value)


def test_verify_audit_requires_a_schema(db):
    with pytest.raises(CommandError, match="--schema"):
        call_command("verify_audit")


# Concurrent appends: real, separate connections, each committing. They run in throwaway schemas
# created outside the test's transaction, so nothing they commit outlives the test.


def _raw_connection() -> psycopg.Connection[Any]:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or settings["OPTIONS"].get("host") or None,
        port=settings["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture
def scratch_schemas(db: None) -> Iterator[Callable[[], str]]:
    created: list[str] = []

    def create() -> str:
        name = f"audit_race_{uuid.uuid4().hex[:10]}"
        with _raw_connection() as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
            conn.execute(
                f'CREATE TABLE "{name}".core_auditevent (LIKE public.core_auditevent INCLUDING ALL)'
            )
        created.append(name)
        return name

    yield create
    with _raw_connection() as conn:
        for name in created:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def _in_own_connection(schema: str, work: Callable[[], T]) -> T:
    """Run `work` in this thread's own database connection, switched to `schema`."""
    try:
        connection.set_schema(schema)  # type: ignore[attr-defined]
        return work()
    finally:
        connection.close()


def test_a_second_appender_waits_and_chains_onto_the_first(scratch_schemas):
    schema = scratch_schemas()
    first_appended = threading.Event()

    def first() -> AuditEvent:
        with transaction.atomic():
            event = event_record(0)
            first_appended.set()
            time.sleep(0.5)  # still holding the lock, not yet committed
        return event

    def second() -> tuple[AuditEvent, float]:
        first_appended.wait(timeout=10)
        started = time.monotonic()
        with transaction.atomic():
            event = event_record(1)
        return event, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=2) as pool:
        a = pool.submit(_in_own_connection, schema, first)
        b = pool.submit(_in_own_connection, schema, second)
        event_a, (event_b, waited) = a.result(timeout=30), b.result(timeout=30)

    assert (event_a.seq, event_b.seq) == (1, 2)
    assert event_b.prev_hash == event_a.hash
    assert waited >= 0.3


def test_many_concurrent_appenders_keep_one_chain(scratch_schemas):
    schema = scratch_schemas()

    def append_ten(worker: int) -> list[int]:
        seqs = []
        for n in range(10):
            with transaction.atomic():
                seqs.append(event_record(n, object_id=f"w{worker}").seq)
        return seqs

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [
            pool.submit(_in_own_connection, schema, lambda w=w: append_ten(w)) for w in range(4)
        ]
        seqs = sorted(s for f in futures for s in f.result(timeout=60))
        result = pool.submit(_in_own_connection, schema, audit_verify).result(timeout=30)

    assert seqs == list(range(1, 41))
    assert (result.ok, result.checked) == (True, 40)


def test_governments_do_not_wait_for_each_others_audit_lock(scratch_schemas):
    busy, other = scratch_schemas(), scratch_schemas()
    holding = threading.Event()
    release = threading.Event()

    def hold_lock() -> None:
        with transaction.atomic():
            event_record(0)
            holding.set()
            release.wait(timeout=10)

    def append_elsewhere() -> float:
        holding.wait(timeout=10)
        started = time.monotonic()
        with transaction.atomic():
            event_record(0)
        return time.monotonic() - started

    with ThreadPoolExecutor(max_workers=2) as pool:
        held = pool.submit(_in_own_connection, busy, hold_lock)
        elsewhere = pool.submit(_in_own_connection, other, append_elsewhere)
        try:
            took = elsewhere.result(timeout=5)
        finally:
            release.set()
            held.result(timeout=10)

    assert took < 1.0
