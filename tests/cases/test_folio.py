"""Folios: the prefix rule, sequence per government and year, and uniqueness under concurrent
submissions (threads, each with its own PostgreSQL connection)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from apps_registry.models import EnabledApp
from cases.filing.privacy import privacy_notice
from cases.filing.services import case_submit
from cases.folio import folio_allocate, folio_format, folio_prefix
from cases.models import Case
from core.models import User
from tenants.models import Government
from tests.cases.throwaway import throwaway_government
from tests.catalog.factories import make_definition
from tests.conftest import TEST_PASSWORD


@pytest.mark.parametrize(
    ("slug", "prefix"),
    [("cdmx", "CDMX"), ("sonora", "SON"), ("yucatan", "YUC"), ("nuevo-leon", "NUE")],
)
def test_folio_prefix(slug, prefix):
    assert folio_prefix(Government(slug=slug)) == prefix


def test_folio_format_pads_to_six_digits():
    assert folio_format("SON", 2026, 123) == "SON-2026-000123"


def test_folios_are_sequential_per_year_and_separate_per_government(sonora, cdmx):
    with tenant_context(sonora.government):
        first = folio_allocate(government=sonora.government, day=dt.date(2026, 1, 2))
        second = folio_allocate(government=sonora.government, day=dt.date(2026, 12, 31))
        next_year = folio_allocate(government=sonora.government, day=dt.date(2027, 1, 1))
    with tenant_context(cdmx.government):
        other = folio_allocate(government=cdmx.government, day=dt.date(2026, 5, 5))

    assert [first, second, next_year, other] == [
        "SON-2026-000001",
        "SON-2026-000002",
        "SON-2027-000001",
        "CDMX-2026-000001",
    ]


def test_a_rolled_back_submission_gives_its_number_back(sonora):
    with tenant_context(sonora.government):
        with pytest.raises(RuntimeError), transaction.atomic():
            folio_allocate(government=sonora.government, day=dt.date(2026, 3, 3))
            raise RuntimeError("la presentación falló")
        again = folio_allocate(government=sonora.government, day=dt.date(2026, 3, 3))

    assert again == "SON-2026-000001"


# --- concurrency ---------------------------------------------------------------------------------
#
# The submissions run in threads with their own connections, on a committed throwaway government
# (tests/cases/throwaway.py) with its own citizens.

CITIZENS = 16


@dataclass
class Committed:
    government: Government
    enabled_app: EnabledApp
    citizens: list[User]
    notice_version: str


SLUG_PREFIX = "foliotest-"


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[Committed]:
    with (
        django_db_blocker.unblock(),
        throwaway_government(
            slug_prefix=SLUG_PREFIX,
            name="Gobierno de prueba de folios",
            app_slug="constancia",
            app_title="C",
            definition=make_definition("constancia"),
        ) as throwaway,
    ):
        with tenant_context(throwaway.government):
            citizens = []
            for n in range(CITIZENS):
                user = User.objects.create_user(f"persona{n}@example.mx", TEST_PASSWORD)
                user.email_verified = True
                user.save(update_fields=["email_verified"])
                citizens.append(user)
        yield Committed(
            government=throwaway.government,
            enabled_app=throwaway.enabled_app,
            citizens=citizens,
            notice_version=privacy_notice(throwaway.government).version,
        )


def _submit_in_thread(
    committed: Committed,
    citizen: User,
    key: uuid.UUID,
    start: threading.Barrier,
    results: list[tuple[uuid.UUID, int, str]],
    failures: list[BaseException],
) -> None:
    try:
        connection.set_tenant(committed.government)
        start.wait(timeout=30)
        case = case_submit(
            applicant=citizen,
            enabled_app=committed.enabled_app,
            answers={"nombre": citizen.email},
            idempotency_key=key,
            privacy_notice_version=committed.notice_version,
        )
        results.append((key, case.pk, case.folio))
    except BaseException as error:
        failures.append(error)
    finally:
        connection.close()


def test_concurrent_submissions_get_unique_sequential_folios(committed, django_db_blocker):
    # given 16 citizens submitting at the same moment, and one of them double-clicking
    double_click = uuid.uuid4()
    jobs = [(citizen, uuid.uuid4()) for citizen in committed.citizens]
    jobs.append((committed.citizens[0], double_click))
    jobs.append((committed.citizens[0], double_click))
    start = threading.Barrier(len(jobs))
    results: list[tuple[uuid.UUID, int, str]] = []
    failures: list[BaseException] = []

    # when
    with django_db_blocker.unblock():
        threads = [
            threading.Thread(
                target=_submit_in_thread,
                args=(committed, citizen, key, start, results, failures),
            )
            for citizen, key in jobs
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        with tenant_context(committed.government):
            folios = sorted(Case.objects.values_list("folio", flat=True))

    # then every submission succeeded, the double click filed once, folios have no gaps
    assert failures == []
    assert len(results) == len(jobs)
    year = dt.datetime.now(tz=dt.UTC).astimezone().year
    prefix = folio_prefix(committed.government)
    expected = [folio_format(prefix, year, n) for n in range(1, CITIZENS + 2)]
    # around midnight of 31 December the year may differ; the sequence must not
    assert [folio[-6:] for folio in folios] == [folio[-6:] for folio in expected]
    assert len({(pk, folio) for _key, pk, folio in results}) == CITIZENS + 1
    assert len({pk for key, pk, _folio in results if key == double_click}) == 1
