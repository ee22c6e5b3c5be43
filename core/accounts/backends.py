"""The authentication backend: Django's ModelBackend (e-mail and password, permissions), with
the read of the signed-in user that every request makes written once in SQL and run with
Manager.raw(): compiling it with the ORM on every request cost more CPU than running it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from core.models import User

# Unqualified table name, like the ORM's: it resolves through the connection's search_path (the
# current government's schema first), so a user of another government is never found. raw()
# maps the columns to the model's fields by name and converts them as the ORM does.
_USER_BY_ID = "SELECT * FROM core_user WHERE id = %s"


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            key = int(user_id)
        except (TypeError, ValueError):  # a malformed id in a session is nobody
            return None
        user = next(iter(User.objects.raw(_USER_BY_ID, [key])), None)
        return user if user is not None and self.user_can_authenticate(user) else None
