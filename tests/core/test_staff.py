"""Staff services (core.staff): invitations by e-mail after commit, roles, deactivation, and the
rules that keep a government from locking itself out."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django_tenants.utils import tenant_context

from core.actors import Actor
from core.errors import ApplicationError
from core.models import Role, User
from core.staff import (
    LAST_ADMINISTRATOR,
    ROLES_REQUIRED,
    SELF_LOCKOUT,
    staff_deactivate,
    staff_invite,
    staff_set_roles,
)


@pytest.fixture
def admin(sonora) -> User:
    with tenant_context(sonora.government):
        return User.objects.get(email=sonora.admin_email)


def test_invite_creates_a_staff_account_without_password_and_mails_after_commit(
    sonora, admin, django_capture_on_commit_callbacks
):
    with tenant_context(sonora.government):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            user = staff_invite(
                email=" Luis@Sonora.gob.mx ",
                full_name="Luis Pérez",
                roles=["case_officer", "auditor"],
                actor=Actor.of_user(admin),
                site_url="https://sonora.localhost/",
            )
        # nothing is sent before the commit
        assert mail.outbox == []
        for callback in callbacks:
            callback()

    assert user.email == "luis@sonora.gob.mx"
    assert user.roles == ["case_officer", "auditor"]
    assert user.is_staff is True
    assert user.has_usable_password() is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["luis@sonora.gob.mx"]
    assert "https://sonora.localhost/gestion/contrasena/" in mail.outbox[0].body


def test_a_rolled_back_invitation_sends_nothing(sonora, admin, django_capture_on_commit_callbacks):
    with tenant_context(sonora.government):
        with django_capture_on_commit_callbacks(execute=True):
            try:
                with transaction.atomic():
                    staff_invite(
                        email="x@sonora.gob.mx",
                        full_name="X",
                        roles=["auditor"],
                        actor=Actor.of_user(admin),
                    )
                    raise RuntimeError
            except RuntimeError:
                pass
        assert not User.objects.filter(email="x@sonora.gob.mx").exists()
    assert mail.outbox == []


def test_invite_refuses_without_roles(sonora, admin):
    with tenant_context(sonora.government), pytest.raises(ApplicationError) as refused:
        staff_invite(email="y@sonora.gob.mx", full_name="Y", roles=[], actor=Actor.of_user(admin))

    assert [(e.code, e.location) for e in refused.value.errors] == [(ROLES_REQUIRED, "roles")]


def test_the_last_administrator_keeps_the_role(sonora, admin, make_user):
    other = make_user(sonora, roles=[Role.ADMINISTRATOR], email="otra@sonora.gob.mx")
    with tenant_context(sonora.government):
        staff_deactivate(user=other, actor=Actor.of_user(admin))

        with pytest.raises(ApplicationError) as own:
            staff_set_roles(user=admin, roles=["auditor"], actor=Actor.of_user(admin))
        with pytest.raises(ApplicationError) as last:
            staff_set_roles(user=admin, roles=["auditor"], actor=Actor.of_user(other))
        admin.refresh_from_db()

    assert own.value.errors[0].code == SELF_LOCKOUT
    assert last.value.errors[0].code == LAST_ADMINISTRATOR
    assert admin.roles == ["administrator"]


def test_nobody_deactivates_themselves(sonora, admin):
    with tenant_context(sonora.government), pytest.raises(ApplicationError) as refused:
        staff_deactivate(user=admin, actor=Actor.of_user(admin))

    assert refused.value.errors[0].code == SELF_LOCKOUT


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.AUDITOR, Role.PUBLISHER])
def test_staff_services_called_directly_refuse_anyone_but_an_administrator(
    sonora, admin, make_user, role
):
    from core.actors import PERMISSION_DENIED

    member = make_user(sonora, roles=[Role.AUDITOR], email="miembro@sonora.gob.mx")
    caller = make_user(sonora, roles=[role], email="quien@sonora.gob.mx")
    with tenant_context(sonora.government):
        actor = Actor.of_user(caller)
        calls = [
            lambda: staff_invite(
                email="nueva@sonora.gob.mx", full_name="Nueva", roles=["auditor"], actor=actor
            ),
            lambda: staff_set_roles(user=member, roles=["administrator"], actor=actor),
            lambda: staff_deactivate(user=member, actor=actor),
        ]
        refused = []
        for call in calls:
            with pytest.raises(ApplicationError) as caught:
                call()
            refused.append(caught.value.errors[0].code)
        member.refresh_from_db()
        invited = User.objects.filter(email="nueva@sonora.gob.mx").exists()

    assert refused == [PERMISSION_DENIED] * 3
    assert (member.roles, member.is_active, invited) == (["auditor"], True, False)
    assert mail.outbox == []


def test_a_command_may_manage_staff_as_the_system(sonora):
    with tenant_context(sonora.government):
        user = staff_invite(
            email="sistema-invita@sonora.gob.mx",
            full_name="Invitada",
            roles=["auditor"],
            actor=Actor.system("manage.py"),
            site_url="https://sonora.localhost/",
        )

    assert (user.roles, user.is_staff) == (["auditor"], True)
