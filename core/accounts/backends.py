"""The authentication backend: Django's ModelBackend (e-mail and password, permissions), with
the read of the signed-in user that every request makes written once in SQL (see core.rawsql)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connection

from core.models import User
from core.rawsql import model_from_row, select_columns

# Unqualified table name, like the ORM's: it resolves through the connection's search_path (the
# current government's schema first), so a user of another government is never found.
_USER_BY_ID = f"SELECT {select_columns(User, 'u')} FROM core_user u WHERE u.id = %s"  # noqa: S608 - built from the model's columns


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            key = int(user_id)
        except (TypeError, ValueError):  # a malformed id in a session is nobody
            return None
        with connection.cursor() as cursor:
            cursor.execute(_USER_BY_ID, [key])
            row = cursor.fetchone()
        if row is None:
            return None
        user = model_from_row(User, row)
        return user if self.user_can_authenticate(user) else None
