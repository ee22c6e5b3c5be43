"""Two officers acting on the same case at once: one wins, the other is told the case changed,
and nothing is lost or written twice.

Like the folio test, the threads need committed rows their own connections can see, so this
commits a throwaway government (and its unpublished catalogue rows) and removes it afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from cases import errors
from cases.models import Case, CaseEvent, CaseEventKind
from cases.office.services import case_transition
from core.actors import Actor
from core.audit import audit_verify
from core.errors import ApplicationError
from core.models import Role, User
from tenants.models import Government
from tests.cases.case_factory import make_case
from tests.cases.definitions import filing_definition
from tests.cases.throwaway import throwaway_government
from tests.conftest import TEST_PASSWORD

SLUG_PREFIX = "lockstest-"


@dataclass
class Committed:
    government: Government
    case: Case
    officers: list[User]


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[Committed]:
    with (
        django_db_blocker.unblock(),
        throwaway_government(
            slug_prefix=SLUG_PREFIX,
            name="Gobierno de prueba de concurrencia",
            app_slug="licencia",
            app_title="L",
            definition=filing_definition("licencia"),
        ) as throwaway,
    ):
        government = throwaway.government
        with tenant_context(government):
            case = make_case(throwaway.enabled_app, status="en_revision")
            officers = [
                User.objects.create_user(
                    f"funcionario{n}@{government.slug}.gob.mx",
                    TEST_PASSWORD,
                    roles=[Role.CASE_OFFICER],
                    is_staff=True,
                )
                for n in range(2)
            ]
        yield Committed(government=government, case=case, officers=officers)


def _act(
    committed: Committed,
    officer: User,
    transition_id: str,
    start: threading.Barrier,
    outcomes: dict[str, object],
) -> None:
    try:
        connection.set_tenant(committed.government)
        start.wait(timeout=30)
        case = case_transition(
            case=committed.case,
            transition_id=transition_id,
            message="Motivo de la resolución.",
            expected_lock_version=0,
            actor=Actor.of_user(officer),
        )
        outcomes[transition_id] = case.status
    except ApplicationError as error:
        outcomes[transition_id] = [detail.code for detail in error.errors]
    except BaseException as error:  # reported by the assertion below
        outcomes[transition_id] = repr(error)
    finally:
        connection.close()


def test_two_officers_resolving_one_case_at_once_one_wins(committed, django_db_blocker):
    # given two officers who both see version 0 of a case under review
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}
    jobs = [(committed.officers[0], "aprobar"), (committed.officers[1], "rechazar")]

    # when one approves and the other rejects at the same moment
    with django_db_blocker.unblock():
        threads = [
            threading.Thread(target=_act, args=(committed, officer, step, start, outcomes))
            for officer, step in jobs
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        with tenant_context(committed.government):
            stored = Case.objects.get(pk=committed.case.pk)
            moves = list(
                CaseEvent.objects.filter(
                    case=stored, kind=CaseEventKind.STATUS_CHANGED
                ).values_list("to_status", flat=True)
            )
            chain_ok = audit_verify().ok

    # then exactly one won; the other got the stale-case error; one move recorded, once
    winners = {step: status for step, status in outcomes.items() if isinstance(status, str)}
    losers = {step: codes for step, codes in outcomes.items() if not isinstance(codes, str)}
    assert len(winners) == 1, outcomes
    assert list(losers.values()) == [[errors.STALE_CASE]]
    assert stored.status == next(iter(winners.values()))
    assert stored.lock_version == 1
    assert moves == [stored.status]
    assert chain_ok is True


def test_a_transition_on_an_outdated_view_changes_nothing(sonora, sonora_app, make_user):
    # given a case another officer already moved (version 1)
    officer = make_user(sonora, roles=[Role.CASE_OFFICER])
    with tenant_context(sonora.government):
        case = make_case(sonora_app, status="en_revision", lock_version=1)

        # when an officer acts on what they saw at version 0
        with pytest.raises(ApplicationError) as raised:
            case_transition(
                case=case,
                transition_id="aprobar",
                expected_lock_version=0,
                actor=Actor.of_user(officer),
            )
        stored = Case.objects.get(pk=case.pk)
        events = CaseEvent.objects.filter(case=case).count()

    # then
    (detail,) = raised.value.errors
    assert detail.code == errors.STALE_CASE
    assert detail.message_es.startswith("Otra persona modificó este expediente")
    assert (stored.status, stored.lock_version, events) == ("en_revision", 1, 0)
