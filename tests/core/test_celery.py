"""Tasks run in the schema they were sent from: eagerly in-process, and through the real Redis and
RabbitMQ brokers of this machine with a real `celery -A config worker` process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from config.celery import TenantAwareCeleryApp, celery_app_create
from config.celery import app as celery_app
from core.models import User
from core.tasks import tenant_schema_probe

PROBE = "core.tasks.tenant_schema_probe"
BROKERS = {
    "redis": "redis://127.0.0.1:6379/15",
    "rabbitmq": "amqp://guest:guest@127.0.0.1:5672//",
}
REPO = Path(settings.BASE_DIR)


def test_the_app_is_tenant_aware_and_loaded_with_django():
    import config

    assert config.celery_app is celery_app
    assert isinstance(celery_app, TenantAwareCeleryApp)
    assert PROBE in celery_app.tasks


def test_without_a_broker_tasks_run_eagerly():
    if os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("CELERY_BROKER_URL is set: tasks go to the broker, not eagerly")
    assert celery_app.conf.task_always_eager is True
    assert celery_app.conf.broker_url == "memory://"


def test_a_task_sent_from_sonora_runs_in_sonora(sonora):
    with schema_context(sonora.schema_name):
        users = User.objects.count()
        result = tenant_schema_probe.apply().get()

    assert result == {"schema": "sonora", "users": users}
    assert connection.schema_name == "public"


def test_eager_delay_carries_the_schema(cdmx, sonora, make_user):
    if not celery_app.conf.task_always_eager:
        pytest.skip("CELERY_BROKER_URL is set: .delay() goes to the broker")
    # given an account that exists only in Sonora (eager tasks share the caller's transaction)
    make_user(sonora)

    with schema_context(sonora.schema_name):
        from_sonora = tenant_schema_probe.delay().get()
        sonora_users = User.objects.count()
    with schema_context(cdmx.schema_name):
        from_cdmx = tenant_schema_probe.delay().get()
        cdmx_users = User.objects.count()

    assert from_sonora == {"schema": "sonora", "users": sonora_users}
    assert from_cdmx == {"schema": "cdmx", "users": cdmx_users}
    assert sonora_users == cdmx_users + 1


def test_a_task_runs_in_the_schema_named_in_its_headers_not_the_workers(cdmx, sonora):
    # A worker thread sitting in CDMX must still run a Sonora task in Sonora.
    with schema_context(cdmx.schema_name):
        result = tenant_schema_probe.apply(headers={"_schema_name": "sonora"}).get()
        still_in = connection.schema_name

    assert result["schema"] == "sonora"
    assert still_in == "cdmx"


# Real brokers


def _port_open(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=1):
            return True
    except OSError:
        return False


def _require_broker(url: str) -> None:
    if _port_open(url):
        return
    reason = f"broker {url} is not reachable"
    if os.environ.get("VENTANILLA_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} and VENTANILLA_REQUIRE_SERVICES=1")
    pytest.skip(reason)


def _test_database_url() -> str:
    """The test database as a URL, for a worker process to use through DATABASE_URL."""
    db = connection.settings_dict
    host = db["HOST"] or db["OPTIONS"].get("host", "")
    credentials = quote(db["USER"], safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgresql://{credentials}@{quote(host, safe='')}{port}/{quote(db['NAME'])}"


@pytest.fixture
def worker(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A real `celery -A config worker` process on its own queue, using the test database."""
    broker = BROKERS[request.param]
    _require_broker(broker)
    queue = f"ventanilla-test-{uuid.uuid4().hex[:10]}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "DATABASE_URL": _test_database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        f"--queues={queue}",
        f"--hostname={queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    sender = celery_app_create(
        "ventanilla-test-sender",
        overrides={
            "broker_url": broker,
            "result_backend": "rpc://",
            "task_always_eager": False,
        },
        set_as_current=False,
    )
    try:
        yield {"app": sender, "queue": queue, "log": log, "process": process}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        # The worker declared a queue and an exchange named after it; leave the broker clean.
        with sender.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
            conn.default_channel.exchange_delete(queue)
            if request.param == "redis":
                # Kombu keeps the worker's bindings in sets that only the worker's channel knew.
                conn.default_channel.client.delete(
                    f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
                )
        sender.close()


@pytest.mark.services
@pytest.mark.parametrize("worker", list(BROKERS), indirect=True)
def test_a_task_sent_for_each_government_runs_in_its_schema_on_a_real_worker(worker, cdmx, sonora):
    sender, queue = worker["app"], worker["queue"]

    # when the probe is sent from each government's schema (and from the platform's)
    results = {}
    for schema in (sonora.schema_name, cdmx.schema_name, "public"):
        with schema_context(schema):
            sent = sender.send_task(PROBE, queue=queue)
        try:
            results[schema] = sent.get(timeout=60)
        except Exception as error:  # the worker's own log says why
            log = worker["log"].read_text(errors="replace")[-3000:]
            raise AssertionError(f"probe from {schema} failed: {error!r}\n{log}") from error

    # then each ran in the schema it came from, and the worker's log lines name it
    assert results["sonora"]["schema"] == "sonora"
    assert results["cdmx"]["schema"] == "cdmx"
    assert results["public"]["schema"] == "public"
    with schema_context(sonora.schema_name):
        assert results["sonora"]["users"] == User.objects.count()
    worker["process"].send_signal(signal.SIGTERM)
    worker["process"].wait(timeout=20)
    log = worker["log"].read_text(errors="replace")
    assert "[sonora] core.tasks: tenant_schema_probe ran" in log
    assert "[cdmx] core.tasks: tenant_schema_probe ran" in log
