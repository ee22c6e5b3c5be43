"""core.actors: the one typed actor services receive, built from a user, the system or a name,
and its `require` that refuses with a stable, bilingual error."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from core.actors import PERMISSION_DENIED, Actor, ActorRole
from core.errors import ApplicationError
from core.models import Role, User


def staff(*roles: Role, active: bool = True) -> User:
    return User(email="persona@sonora.gob.mx", roles=list(roles), is_staff=True, is_active=active)


def test_a_staff_user_acts_with_their_roles_in_their_government():
    user = staff(Role.AUDITOR, Role.CASE_OFFICER)

    actor = Actor.of_user(user, schema="sonora")

    assert (actor.email, actor.schema, actor.user) == ("persona@sonora.gob.mx", "sonora", user)
    assert actor.roles == {ActorRole.CASE_OFFICER, ActorRole.AUDITOR}
    # Audit rows name the acting role before the reading one.
    assert actor.role == "case_officer"


def test_a_user_without_staff_access_is_a_citizen_and_an_inactive_or_anonymous_one_nobody():
    citizen = User(email="maria@example.mx", is_active=True)
    former = staff(Role.ADMINISTRATOR, active=False)

    assert Actor.of_user(citizen, schema="sonora").roles == {ActorRole.CITIZEN}
    assert Actor.of_user(former, schema="sonora").roles == frozenset()
    assert Actor.of_user(AnonymousUser(), schema="sonora").roles == frozenset()


def test_staff_of_the_public_schema_are_platform_operators():
    assert Actor.of_user(staff(), schema="public").roles == {ActorRole.OPERATOR}


def test_the_system_acts_for_a_reason_with_no_account():
    actor = Actor.system("ficta", schema="sonora")

    assert (actor.email, actor.schema, actor.user, actor.reason) == ("", "sonora", None, "ficta")
    assert (actor.is_system, actor.role) == (True, "system")


def test_require_passes_with_any_of_the_roles_and_refuses_otherwise_in_both_languages():
    auditor = Actor.named("a@sonora.gob.mx", Role.AUDITOR, schema="sonora")

    assert auditor.require(ActorRole.CASE_OFFICER, ActorRole.AUDITOR) is auditor
    with pytest.raises(ApplicationError) as refused:
        auditor.require(ActorRole.ADMINISTRATOR)

    (error,) = refused.value.errors
    assert (error.code, error.message_es, error.message_en, error.location) == (
        PERMISSION_DENIED,
        "Tu cuenta no tiene permiso para hacer esto.",
        "Your account is not allowed to do this.",
        "",
    )


def test_require_may_name_the_apps_own_code():
    with pytest.raises(ApplicationError) as refused:
        Actor.named("x@example.mx", schema="sonora").require(
            ActorRole.CASE_OFFICER,
            code="cases.actor_not_allowed",
            message_es="No.",
            message_en="No.",
        )

    assert refused.value.errors[0].code == "cases.actor_not_allowed"
