"""Citizen filing figures for `make bench`, at the service level: `case_submit` of a procedure
with 30 answered fields (validation of every type and rule, folio, case, history, audit row,
acuse registration, e-mail queued), one at a time and from 16 concurrent threads; and the first
render of the acuse PDF. The HTTP-level form page and submission figures are measured by the
citizen pages' benchmark.

Runs in its own throwaway government (`benchtmp-citizens-…`) with an unpublished catalogue
version (published ones cannot be deleted), removed afterwards, also when something fails; it
leaves other `benchtmp-…` governments alone (`make bench` clears leftovers when it starts).
"""

from __future__ import annotations

import os
import statistics
import threading
import time
import uuid
from typing import Any

from django.db import connection, transaction
from django.test.utils import override_settings
from django_tenants.utils import tenant_context

from apps_registry.models import EnabledApp, EnabledAppStatus
from cases.filing.privacy import privacy_notice
from cases.filing.services import case_submit
from cases.models import Case
from cases.outputs.services import output_render
from cases.selectors import case_acuse
from catalog.definition import validate_answers, validate_definition
from catalog.models import AppVersion, CatalogApp
from core.models import User
from tests.benchmarks import onboarding
from tests.benchmarks.report import Report
from tests.cases.definitions import CURP, RFC
from tests.catalog.factories import make_definition

SEQUENTIAL = int(os.environ.get("BENCH_SUBMISSIONS", "200"))
CLIENTS = 16
PER_CLIENT = int(os.environ.get("BENCH_SUBMISSIONS_PER_CLIENT", "15"))
RENDERS = 5

# (type, extra keys, answer): ten kinds, three times each = 30 fields.
KINDS: list[tuple[str, dict[str, Any], Any]] = [
    ("text", {"max_length": 120}, "María López"),
    ("integer", {"min": 0, "max": 100}, "7"),
    ("money", {"min": 0}, "$1,099.50"),
    ("date", {"max": "today"}, "2020-01-31"),
    ("boolean", {}, "sí"),
    (
        "choice",
        {"options": [{"value": v, "label": {"es-MX": v, "en": v}} for v in ("a", "b", "c")]},
        "b",
    ),
    ("email", {}, "maria@example.mx"),
    ("phone_mx", {}, "662 123 4567"),
    ("curp", {}, CURP),
    ("rfc", {}, RFC),
]


def thirty_field_definition() -> tuple[dict[str, Any], dict[str, Any]]:
    definition = make_definition("bench-treinta-campos")
    steps, answers = [], {}
    for round_ in range(3):
        fields = []
        for kind, extra, answer in KINDS:
            field_id = f"{kind}_{round_}"
            fields.append(
                {
                    "id": field_id,
                    "type": kind,
                    "label": {"es-MX": f"Campo {field_id}", "en": f"Field {field_id}"},
                    "required": True,
                    **extra,
                }
            )
            answers[field_id] = answer
        steps.append(
            {"id": f"paso_{round_}", "title": {"es-MX": f"Paso {round_}"}, "fields": fields}
        )
    # One conditional field, so rules run as they do in real procedures.
    steps[0]["fields"].append(
        {
            "id": "detalle",
            "type": "textarea",
            "label": {"es-MX": "Detalle", "en": "Detail"},
            "max_length": 500,
        }
    )
    definition["form"]["steps"] = steps
    definition["rules"] = [
        {
            "id": "mostrar_detalle",
            "effect": "show",
            "target": "detalle",
            "when": {"==": [{"var": "boolean_0"}, True]},
        }
    ]
    answers["detalle"] = "Texto visible por la regla."
    return definition, answers


def run(report: Report) -> None:
    definition, answers = thirty_field_definition()
    problems = validate_definition(definition)
    assert not problems, problems
    _cleaned, answer_problems = validate_answers(definition, answers)
    assert not answer_problems, answer_problems

    slug = onboarding.throwaway_slug("citizens")
    report.progress("preparando un gobierno desechable / preparing a throwaway government")
    government = onboarding.onboard_throwaway(slug)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            _measure(report, government, definition, answers)
    finally:
        _drop_own(government.pk)


def _measure(report: Report, government: Any, definition: dict, answers: dict) -> None:
    app = CatalogApp.objects.create(publisher=government, slug="bench-treinta-campos", title="B")
    version = AppVersion.objects.create(app=app, version="1.0.0", major=1, definition=definition)
    with tenant_context(government):
        enabled = EnabledApp.objects.create(
            catalog_app=app, version=version, status=EnabledAppStatus.LIVE
        )
        users = []
        for n in range(CLIENTS):
            user = User.objects.create_user(f"persona{n}@example.mx", None)
            user.email_verified = True
            user.save(update_fields=["email_verified"])
            users.append(user)
    notice = privacy_notice(government).version

    def submit(user: User) -> float:
        started = time.perf_counter()
        case_submit(
            applicant=user,
            enabled_app=enabled,
            answers=answers,
            idempotency_key=uuid.uuid4(),
            privacy_notice_version=notice,
        )
        return (time.perf_counter() - started) * 1000

    report.progress(f"{SEQUENTIAL} presentaciones seguidas / sequential submissions")
    with tenant_context(government):
        for _ in range(10):  # warm-up: compiled rules, connection, caches
            submit(users[0])
        sequential = [submit(users[n % CLIENTS]) for n in range(SEQUENTIAL)]
    _figures(report, "1 client", sequential, wall=sum(sequential) / 1000)

    report.progress(f"{CLIENTS} clientes concurrentes / concurrent clients")
    latencies: list[float] = []
    failures: list[BaseException] = []
    start = threading.Barrier(CLIENTS)

    def client(user: User) -> None:
        try:
            connection.set_tenant(government)
            start.wait(timeout=60)
            for _ in range(PER_CLIENT):
                latencies.append(submit(user))
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(user,)) for user in users]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if failures:
        raise failures[0]
    _figures(report, f"{CLIENTS} clients", latencies, wall=wall)
    with tenant_context(government):
        folios = list(Case.objects.values_list("folio", flat=True))
        report.figure(
            "folios unique / total cases",
            f"{len(set(folios))} / {len(folios)}",
            goal="all unique",
            met=len(set(folios)) == len(folios),
        )

        report.progress("primer render del acuse / first acuse render")
        renders = []
        for case in Case.objects.order_by("id")[:RENDERS]:
            acuse = case_acuse(case)
            assert acuse is not None
            started = time.perf_counter()
            with transaction.atomic():
                output_render(output=acuse, site_url="http://bench.localhost")
            renders.append((time.perf_counter() - started) * 1000)
        report.figure("acuse PDF first render p50", round(statistics.median(renders), 1), "ms")


def _figures(report: Report, label: str, latencies: list[float], *, wall: float) -> None:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    report.figure(f"case_submit p50, {label}", round(p50, 1), "ms")
    report.figure(
        f"case_submit p99, {label}",
        round(p99, 1),
        "ms",
        "≤ 100 ms (HTTP goal)",
        met=p99 <= 100,
        note="service level, 30 fields",
    )
    report.figure(f"submissions/s, {label}", round(len(latencies) / wall, 1), "req/s")


def _drop_own(government_id: int) -> None:
    """Remove this module's throwaway government only (another benchmark may be running with
    its own `benchtmp-…` government). Plain SQL, like onboarding's cleanup: a queryset delete's
    cascade collector would look for tenant tables in the public schema."""
    connection.set_schema_to_public()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT schema_name FROM tenants_government WHERE id = %s", [government_id])
        row = cursor.fetchone()
        if row is not None and str(row[0]).startswith(onboarding.SCHEMA_PREFIX):
            cursor.execute(f'DROP SCHEMA IF EXISTS "{row[0]}" CASCADE')
        cursor.execute(
            "UPDATE catalog_catalogapp SET latest_version_id = NULL WHERE publisher_id = %s",
            [government_id],
        )
        cursor.execute(
            "DELETE FROM catalog_appversion WHERE app_id IN "
            "(SELECT id FROM catalog_catalogapp WHERE publisher_id = %s)",
            [government_id],
        )
        cursor.execute("DELETE FROM catalog_catalogapp WHERE publisher_id = %s", [government_id])
        cursor.execute("DELETE FROM tenants_domain WHERE tenant_id = %s", [government_id])
        cursor.execute("DELETE FROM tenants_government WHERE id = %s", [government_id])
