"""The production server's configuration (deploy/): gunicorn settings and the DEBUG-off guard."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parent.parent.parent
CONFIG_FILE = ROOT / "deploy" / "gunicorn.conf.py"
SERVE = ROOT / "deploy" / "serve"
ENVIRONMENT = (
    "PORT",
    "BIND_HOST",
    "WEB_CONCURRENCY",
    "GUNICORN_WORKER_CLASS",
    "GUNICORN_THREADS",
    "GUNICORN_ACCESS_LOG",
    "GUNICORN_MAX_REQUESTS",
    "FORWARDED_ALLOW_IPS",
)


def _load_config(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG_FILE))


def _settings(namespace: dict[str, Any]) -> dict[str, Any]:
    # Plain values only: imported modules, helper functions and `annotations` (the __future__
    # import) are in the namespace too but are not settings.
    return {
        k: v
        for k, v in namespace.items()
        if not k.startswith("_") and k.islower() and isinstance(v, str | int | list | None)
    }


def test_gunicorn_config_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    # when
    config = _load_config(monkeypatch)

    # then
    cores = len(os.sched_getaffinity(0))
    assert config["bind"] == ["0.0.0.0:8000"]
    assert config["workers"] == min(2 * cores + 1, 12)
    assert config["worker_class"] == "gthread"
    assert config["threads"] == 4
    assert config["preload_app"] is True
    assert config["timeout"] == 30
    assert config["graceful_timeout"] == 30
    assert config["max_requests"] == 5000
    assert config["max_requests_jitter"] == 500
    assert config["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert config["accesslog"] == "-"
    assert config["errorlog"] == "-"
    assert config["control_socket_disable"] is True


def test_gunicorn_config_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # when
    config = _load_config(
        monkeypatch,
        PORT="9001",
        BIND_HOST="127.0.0.1",
        WEB_CONCURRENCY="3",
        GUNICORN_WORKER_CLASS="sync",
        GUNICORN_ACCESS_LOG="",
        FORWARDED_ALLOW_IPS="10.0.0.0/8",
    )

    # then
    assert config["bind"] == ["127.0.0.1:9001"]
    assert config["workers"] == 3
    assert config["worker_class"] == "sync"
    assert config["accesslog"] is None
    assert config["forwarded_allow_ips"] == "10.0.0.0/8"


def test_every_gunicorn_setting_is_known_and_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    # given: gunicorn reads every lower-case name of the file as a setting, silently ignoring
    # unknown ones, so a typo would go unnoticed
    settings = _settings(_load_config(monkeypatch))
    config = Config()

    # when: Config.set validates each value as gunicorn does when it loads the file
    for name, value in settings.items():
        assert name in config.settings, name
        config.set(name, value)

    # then
    assert {"bind", "workers", "preload_app", "control_socket_disable"} <= settings.keys()
    assert config.worker_class_str == "gthread"
    assert config.address == [("0.0.0.0", 8000)]  # noqa: S104 - the default bind, by design


def test_serve_script_is_executable_bash() -> None:
    assert os.access(SERVE, os.X_OK)
    result = subprocess.run(["bash", "-n", str(SERVE)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_settings_refuse_to_start_with_debug_off_and_no_secret_key() -> None:
    # given
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update(DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="config.settings")

    # when
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    # then
    assert result.returncode == 1
    assert "RuntimeError: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off." in result.stderr
