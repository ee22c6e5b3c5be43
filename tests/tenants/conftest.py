"""Fixtures of the enabled-apps tests, for the facts tests that publish and enable an app."""

from tests.apps_registry.conftest import publish, publisher_actor  # noqa: F401
