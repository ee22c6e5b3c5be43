"""Both database paths: the embedded PostgreSQL server (no DATABASE_URL) and DATABASE_URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from core.embedded_postgres import embedded_database_url, stop_embedded_server

ROOT = Path(__file__).resolve().parents[2]


def _settings_in_subprocess(env: dict[str, str]) -> dict[str, str]:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(json.dumps({'HOST': db['HOST'], 'NAME': db['NAME'], 'ENGINE': db['ENGINE']}))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_tests_run_on_postgresql_in_a_separate_database(db):
    assert connection.vendor == "postgresql"
    assert settings.DATABASES["default"]["NAME"].startswith("test_")


def test_database_url_is_used_when_set_and_no_embedded_server_starts(tmp_path):
    unused_pgdata = tmp_path / "pgdata-should-not-exist"

    db = _settings_in_subprocess(
        {
            "DATABASE_URL": "postgresql://postgres@db.example.internal:5432/ventanilla",
            "VENTANILLA_PGDATA": str(unused_pgdata),
        }
    )

    assert db == {
        "HOST": "db.example.internal",
        "NAME": "ventanilla",
        "ENGINE": "django_tenants.postgresql_backend",
    }
    assert not unused_pgdata.exists()


def test_embedded_server_starts_from_the_wheel_and_is_reused(tmp_path):
    pgdata = tmp_path / "pgdata"
    try:
        url = embedded_database_url(pgdata, database="ventanilla_probe")
        with psycopg.connect(url) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
            database = conn.execute("SELECT current_database()").fetchone()[0]
        # a second call (another command, a later `make demo`) reuses the running server
        assert embedded_database_url(pgdata, database="ventanilla_probe") == url
    finally:
        stop_embedded_server(pgdata)

    assert version.startswith("18")
    assert database == "ventanilla_probe"
    assert (pgdata / "PG_VERSION").read_text().strip() == "18"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="runs in the DATABASE_URL pass of .ci/run"
)
def test_database_url_server_serves_the_tests(db):
    expected_host = psycopg.conninfo.conninfo_to_dict(os.environ["DATABASE_URL"]).get("host")
    assert settings.DATABASES["default"]["HOST"] == expected_host
