"""Browser tests: Playwright drives Debian's Chromium against a real HTTP server on the test database.

How the app is served
---------------------
pytest-django's `live_server` is not used: it forces `transactional_db`, whose teardown flushes every
table of the public schema. With django-tenants that deletes the session's governments and domains
(cdmx, sonora, the platform) while their schemas stay behind, so every later test, and the
`--reuse-db` database itself, is broken. Checked: after one `transactional_db` test,
`Government.objects.all()` is empty and the `sonora` schema still holds its users.

Instead `app_server` (session) runs Django's `LiveServerThread` (a `ThreadedWSGIServer` with the
static files handler) on 127.0.0.1 and a free port, in this process, serving the normal WSGI app.
Every request is handled in its own thread with its own database connection, closed after the
request, so the server only sees COMMITTED data:

- browser tests cannot use the `db` fixture (nor `cdmx`/`sonora`/`make_user`, which need it; asking
  for it fails the test): whatever a test creates inside `db`'s rolled-back transaction is
  invisible to the server, and rows it locks make the server wait. Data the browser must see is
  committed through fixtures that remove it again, like `committed_user`; plain ORM reads in the
  test body are fine (autocommit, no fixture needed);
- every test here gets the `django_db` mark, which is how pytest-django decides to set up the test
  database at all (without it, a run of only browser tests would serve, and write to, the
  development database); `_django_db_helper` is overridden here so that the mark does NOT wrap the
  test in a transaction, and `app_server` refuses to start on a database not named like a test one;
- `_browser_test_environment` (autouse here) lifts pytest-django's database block for the duration of
  each browser test, because the block patches the connection class for every thread, the server's
  included.

Chromium resolves `*.localhost` to loopback by itself, so `http://cdmx.localhost:PORT/` reaches the
server with no hosts file, and host-only cookies behave as in production.

Playwright's sync API keeps an asyncio loop marked as running in the main thread from the moment it
starts until it stops. Django then refuses ORM calls from that thread (SynchronousOnlyOperation), and
any later test calling `asyncio.run()` would fail. Hence:

- browser tests are moved to the end of the session, so the session-wide browser only starts once
  every other test has run;
- during a browser test `DJANGO_ALLOW_ASYNC_UNSAFE` is set: the loop belongs to Playwright and never
  runs Django code, so the test's own ORM calls are safe.

Chromium
--------
Debian's `chromium` package (Playwright cannot download browsers here). Without it the browser tests
are skipped, unless `VENTANILLA_REQUIRE_BROWSER` is set (as `.ci/run` does), where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.files.storage import default_storage
from django.test.testcases import LiveServerThread
from django_tenants.utils import get_public_schema_name, schema_context

from core.models import Role, User
from tenants.models import Government
from tests.conftest import TEST_PASSWORD

BROWSER_TESTS_DIR = Path(__file__).resolve().parent
# tests/conftest.py registers the platform on "localhost" and each government on <slug>.localhost.
BASE_DOMAIN = "localhost"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium opens background connections that this closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Failing a test on these impacts only: "moderate"/"minor" findings are advice, not barriers.
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Iterator[None]:
    # Before the other hooks: mark everything in this folder, so `-m "not browser"` deselects it,
    # and so pytest-django sets up the test database for it (see the module docstring).
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS_DIR):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db)
    result = yield
    # After them (pytest-django's reordering included): browser tests last, see the docstring.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    return result


def _chromium_path() -> str:
    path = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if path is None:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("VENTANILLA_REQUIRE_BROWSER"):
            pytest.fail(f"{message}, and VENTANILLA_REQUIRE_BROWSER is set.", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture
def _django_db_helper(request: pytest.FixtureRequest, django_db_setup: None) -> None:
    """Overrides pytest-django's: the `django_db` mark sets up the test database, nothing more."""
    # `db` and `transactional_db` would silently become no-ops here (they only wrap this helper),
    # so their writes would stay in the database for good.
    asked = sorted({"db", "transactional_db", "live_server"} & set(request.fixturenames))
    if asked:
        pytest.fail(
            f"Browser tests cannot use {', '.join(asked)}: the server only sees committed data. "
            "Commit test data with fixtures that clean up after themselves (committed_user).",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def app_server(django_db_setup: None) -> Iterator[LiveServerThread]:
    """The WSGI app served by a thread on 127.0.0.1 and a free port (see the module docstring)."""
    database = settings.DATABASES["default"]
    if database["NAME"] != database.get("TEST", {}).get("NAME", f"test_{database['NAME']}"):
        pytest.fail(f"Refusing to serve the non-test database {database['NAME']!r}.", pytrace=False)
    server = LiveServerThread("127.0.0.1", StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield server
    server.terminate()


@pytest.fixture(scope="session")
def live_url(app_server: LiveServerThread) -> Callable[..., str]:
    """live_url("cdmx", "/gestion/") → "http://cdmx.localhost:PORT/gestion/"; "" → the platform."""

    def build(tenant_slug: str, path: str = "/") -> str:
        host = f"{tenant_slug}.{BASE_DOMAIN}" if tenant_slug else BASE_DOMAIN
        return f"http://{host}:{app_server.port}{path}"

    return build


@pytest.fixture(scope="session")
def browser(app_server: LiveServerThread) -> Iterator[Any]:
    # Depends on app_server so that the test database exists before Playwright's loop starts.
    executable = _chromium_path()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(autouse=True)
def _browser_test_environment(
    django_db_blocker: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with django_db_blocker.unblock():
        yield


def _tenant_schemas() -> list[str]:
    return list(
        Government.objects.exclude(schema_name=get_public_schema_name()).values_list(
            "schema_name", flat=True
        )
    )


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in a fresh context (no cookies), Spanish (Mexico) like most of our users."""
    context = browser.new_context(locale="es-MX")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
    # Sign-ins commit sessions; keep the reused test database as the session setup left it.
    for schema in _tenant_schemas():
        with schema_context(schema):
            Session.objects.all().delete()


@pytest.fixture
def media_in_tmp(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Files the server stores go to a temporary folder (the server thread shares settings)."""
    settings.MEDIA_ROOT = str(tmp_path)
    default_storage.__dict__.pop("relative_media_root", None)
    yield
    default_storage.__dict__.pop("relative_media_root", None)


@pytest.fixture
def committed_user() -> Iterator[Callable[..., User]]:
    """committed_user("sonora", "ana@sonora.gob.mx", roles=[Role.CASE_OFFICER]) → a committed user.

    Staff when it has roles (like `make_user`). Deleted after the test.
    """
    created: list[tuple[str, int]] = []

    def create(
        tenant_slug: str,
        email: str,
        password: str = TEST_PASSWORD,
        roles: Sequence[Role | str] = (),
    ) -> User:
        schema = Government.objects.get(slug=tenant_slug).schema_name
        with schema_context(schema):
            user = User.objects.create_user(
                email, password, roles=list(roles), is_staff=bool(roles)
            )
        created.append((schema, user.pk))
        return user

    yield create
    for schema, pk in created:
        with schema_context(schema):
            User.objects.filter(pk=pk).delete()


def _describe(violation: dict[str, Any]) -> str:
    lines = [
        f"- {violation['id']} ({violation['impact']}): {violation['help']}",
        f"  {violation['helpUrl']}",
    ]
    for node in violation["nodes"]:
        lines.append(f"  · {', '.join(str(part) for part in node['target'])}: {node['html']}")
        summary = node.get("failureSummary") or ""
        lines.extend(f"      {line.strip()}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)


@pytest.fixture
def assert_accessible() -> Callable[[Any], None]:
    """assert_accessible(page): axe-core on the current page; fails on serious/critical findings."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page: Any) -> None:
        results = axe.run(page)
        blocking = [
            violation
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
        assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(map(_describe, blocking))

    return check
