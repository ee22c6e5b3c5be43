"""Fixtures of the builder's tests (reuse them in every builder section's tests):

- `signed_in(tenant, roles=(Role.PUBLISHER,))` → a client of that government, signed in;
- `builder_app(tenant, slug="constancia", draft=True)` → a CatalogApp with a published 1.0.0
  and (when draft=True) a draft 1.1.0, through the services;
- `builder_url(slug, section="ficha")` → "/gestion/publicacion/<slug>/constructor/<section>/";
- `draft_of(app)` → the app's draft AppVersion (refreshed), or None;
- `page_form(response)` → the initial POST data a page renders (every named input, select and
  textarea with its value), so a test can change one value and post the rest unchanged.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from catalog.models import AppVersion, CatalogApp
from catalog.services import version_draft_save
from core.models import Role
from tests.catalog.factories import make_definition
from tests.conftest import TEST_PASSWORD

BASE = "/gestion/publicacion/"


@pytest.fixture
def signed_in(make_user):
    def factory(tenant, roles=(Role.PUBLISHER,), email=None):
        user = make_user(tenant, roles=list(roles), email=email)
        client = tenant.client()
        response = client.post(
            "/cuenta/entrar/", {"username": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        return client

    return factory


@pytest.fixture
def builder_app(publish_app, actor_of):
    def factory(tenant, slug: str = "constancia", draft: bool = True, **options: Any) -> CatalogApp:
        version = publish_app(tenant, slug, **options)
        app = version.app
        if draft:
            version_draft_save(
                app=app,
                version="1.1.0",
                definition=make_definition(slug, **options),
                actor=actor_of(tenant),
            )
        app.refresh_from_db()
        return app

    return factory


@pytest.fixture
def builder_url():
    def factory(slug: str, section: str = "ficha") -> str:
        return f"{BASE}{slug}/constructor/{section}/"

    return factory


@pytest.fixture
def draft_of():
    def factory(app: CatalogApp) -> AppVersion | None:
        return app.versions.filter(published_at__isnull=True).first()

    return factory


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str, multiple: bool = False) -> None:
        if multiple:
            self.data.setdefault(name, []).append(value)
        else:
            self.data[name] = value

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind == "checkbox":
                if "checked" in a:
                    self._add(name, a.get("value", "on"), multiple=True)
            elif kind not in ("submit", "file"):
                self._add(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select is not None:
            # The selected option, else the first one (what a browser sends).
            if "selected" in a or self._select not in self.data:
                self.data[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # Browsers drop one newline right after <textarea>.
            self.data[self._textarea] = text[1:] if text.startswith("\n") else text
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)


@pytest.fixture
def page_form():
    def factory(response) -> dict[str, Any]:
        reader = _FormReader()
        reader.feed(response.content.decode())
        return reader.data

    return factory
