"""The project's entry points load: what gunicorn (config.wsgi), an ASGI server (config.asgi)
and Celery (`celery -A config`) import first."""

from __future__ import annotations

from importlib import import_module


def test_the_wsgi_and_asgi_applications_load() -> None:
    wsgi = import_module("config.wsgi")
    asgi = import_module("config.asgi")

    assert callable(wsgi.application)
    assert callable(asgi.application)


def test_the_celery_app_is_the_projects() -> None:
    config = import_module("config")

    assert config.celery_app.main == "ventanilla"
