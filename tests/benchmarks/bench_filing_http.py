"""Citizen filing figures for `make bench`, under the production server (gunicorn, DEBUG off):

- requests/s of a procedure's form page with 30 fields (a signed-in citizen's first visit) vs
  the trivial tenant page `/_bench/ping`, on the same server, measured in alternating turns
  (goal: form page ≥ 0.25 of the trivial page; plain Django form rendering reaches ~0.02);
- submissions with 16 concurrent clients, back to back (closed loop, no pause between them),
  each submitting the saved drafts of its own citizens one after another: latency p50/p99
  (goal: p99 ≤ 100 ms) and submissions/s. The drafts are saved before the clock starts, so
  what is timed is the submission alone, as the goal states.

E-mail goes as deployed: when a Redis server answers on this machine (REDIS_URL, or
127.0.0.1:6379) the server sends the acuse e-mail through it as a Celery broker and a Celery
worker started here delivers it (to a dummy backend), competing for the same CPUs; with no
broker it is sent inside the request (the zero-setup mode) and the report says so.

Loopback only, bounded in time (BENCH_SECONDS, BENCH_FILING_ROUNDS; BENCH_SUBMIT_SECONDS,
BENCH_SUBMIT_CITIZENS). Everything it creates lives in a throwaway government (schema dropped
at the end, like the foundation benchmark's) plus one catalogue app published by it (removed at
the end), and files go to a temporary media folder.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client
from django_tenants.utils import schema_context

from apps_registry.services import enabled_app_enable
from cases.filing.forms import answers_from_post
from cases.filing.privacy import privacy_notice
from cases.filing.services import draft_save
from cases.models import CaseDraft
from catalog.models import CatalogApp
from catalog.services import app_create, version_draft_save, version_publish
from core.actors import Actor, ActorRole
from core.models import User
from tenants.models import Government
from tenants.services import schema_name_for_slug
from tests.benchmarks import http_throughput, onboarding
from tests.benchmarks.loadgen import client_pool
from tests.benchmarks.report import Report

TARGET_RATIO = 0.25
TARGET_P99_MS = 100.0
SUBMIT_CLIENTS = 16
SUBMIT_SECONDS = float(os.environ.get("BENCH_SUBMIT_SECONDS", "8"))
# Each client's citizens, each with a saved draft: enough for SUBMIT_SECONDS at ~150/s.
CITIZENS_PER_CLIENT = int(os.environ.get("BENCH_SUBMIT_CITIZENS", "80"))
# One client alone first, for the latency of a submission that waits for no other.
ALONE_SECONDS = 3.0
# The form page vs trivial page ratio swings by round on a shared machine (a trivial page is
# fast enough to feel every other process): more rounds than the foundation benchmark's five.
ROUNDS = int(os.environ.get("BENCH_FILING_ROUNDS", "9"))
ALONE_CITIZENS = 400
REDIS_DEFAULT = "redis://127.0.0.1:6379/14"
FIELDS = 30
VARIANT = http_throughput.Variant(
    "filing", "government site + benchmark pages", "tests.benchmarks.filing_settings"
)
SLUG_LABEL = "filing"
SLUG_PREFIX = f"{onboarding.SLUG_PREFIX}{SLUG_LABEL}-"
CSRF_SECRET = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret


def _t(text: str) -> dict[str, str]:
    return {"es-MX": text, "en": text}


OPTIONS = [{"value": f"opcion_{n}", "label": _t(f"Opción {n}")} for n in range(1, 9)]
# (type, extra properties, a valid answer as a browser posts it)
FIELD_KINDS: list[tuple[str, dict[str, Any], Any]] = [
    ("text", {"max_length": 120}, "Ana López"),
    ("textarea", {"max_length": 1000}, "Una descripción breve."),
    ("integer", {"min": 0, "max": 100}, "42"),
    ("decimal", {"decimal_places": 2}, "1.75"),
    ("money", {}, "$1,099.50"),
    ("date", {"min": "1900-01-01", "max": "today"}, "1990-05-17"),
    ("boolean", {}, "true"),
    ("choice", {"options": OPTIONS[:3], "widget": "radio"}, "opcion_2"),
    ("choice", {"options": OPTIONS, "widget": "select"}, "opcion_7"),
    ("multiple_choice", {"options": OPTIONS[:4]}, ["opcion_1", "opcion_3"]),
    ("email", {}, "ana@example.mx"),
    ("phone_mx", {}, "6621234567"),
    ("curp", {}, "BOXW310820HNERXN09"),
    ("rfc", {}, "GODE561231GR8"),
    ("postal_code", {}, "83000"),
]
ADDRESS = {
    "calle": "Blvd. Hidalgo",
    "numero_exterior": "35",
    "colonia": "Centro",
    "municipio": "Hermosillo",
    "estado": "Sonora",
    "codigo_postal": "83000",
}


def definition_with_fields(slug: str, count: int = FIELDS) -> tuple[dict[str, Any], dict]:
    """A valid definition whose one step has `count` fields of every kind but files (two
    addresses among them), with show and require rules; and the POST data answering it."""
    fields: list[dict[str, Any]] = []
    post: dict[str, Any] = {}
    for number in range(count):
        field_id = f"campo_{number:02d}"
        if number in (14, 29):
            fields.append(
                {
                    "id": field_id,
                    "type": "address",
                    "label": _t(f"Domicilio {number}"),
                    "required": True,
                }
            )
            post.update({f"{field_id}.{key}": value for key, value in ADDRESS.items()})
            continue
        kind, extra, answer = FIELD_KINDS[number % len(FIELD_KINDS)]
        fields.append(
            {
                "id": field_id,
                "type": kind,
                "label": _t(f"Pregunta {number} ({kind})"),
                "help": _t(f"Ayuda de la pregunta {number}."),
                "required": number % 3 == 0,
                **extra,
            }
        )
        post[field_id] = answer
    rules = [
        # campo_07 is the radio choice: it shows and requires campo_10, and shows campo_11.
        {
            "id": "ver_10",
            "effect": "show",
            "target": "campo_10",
            "when": {"==": [{"var": "campo_07"}, "opcion_2"]},
        },
        {
            "id": "exigir_10",
            "effect": "require",
            "target": "campo_10",
            "when": {"==": [{"var": "campo_07"}, "opcion_2"]},
        },
        {
            "id": "ver_11",
            "effect": "show",
            "target": "campo_11",
            "when": {"in": [{"var": "campo_07"}, ["opcion_2", "opcion_3"]]},
        },
    ]
    definition = {
        "schema_version": 1,
        "metadata": {
            "slug": slug,
            "name": _t("Trámite de 30 campos"),
            "citizen_name": _t("Trámite de 30 campos"),
            "description": _t("Formulario de benchmark."),
            "category": "pagos",
            "kind": "tramite",
            "synonyms": [],
            "modalities": [],
            "channels": ["online"],
            "identity_level": "basica",
            "agency": {"name": _t("Secretaría de Pruebas")},
            "legal_basis": [{"ordenamiento": "Ley de Pruebas", "articulo": "1"}],
        },
        "form": {"steps": [{"id": "datos", "title": _t("Datos"), "fields": fields}]},
        "rules": rules,
        "documents": [],
        "fees": {"concepts": []},
        "plazo": {"value": 10, "unit": "business_days"},
        "ficta": "negativa",
        "prevencion": {"authority_days": 3, "applicant_days": 5, "unit": "business_days"},
        "validity": {"kind": "no_aplica"},
        "workflow": {
            "initial": "recibida",
            "final": ["resuelta"],
            "states": [
                {"id": "recibida", "name": _t("Recibida")},
                {"id": "resuelta", "name": _t("Resuelta")},
            ],
            "transitions": [
                {
                    "id": "resolver",
                    "from": "recibida",
                    "to": "resuelta",
                    "actor": "case_officer",
                    "notify_citizen": True,
                    "pauses_clock": False,
                }
            ],
        },
        "outputs": [],
        "overrides": [],
    }
    return definition, post


def run(report: Report) -> None:
    media_root = tempfile.mkdtemp(prefix="ventanilla-bench-media-")
    slug = onboarding.throwaway_slug(SLUG_LABEL)
    _drop_throwaways()  # an interrupted run may have left some behind
    try:
        report.progress("Preparando / preparing a government, a 30-field form, citizens")
        government = onboarding.onboard_throwaway(slug)
        host = government.domains.get().domain
        prepared = _prepare(report, government, slug)
        with _server(report, media_root) as (server, mail_mode):
            _measure_pages(report, server, host, prepared.key, prepared.page_cookie)
            _measure_submissions(report, server, host, prepared, government, mail_mode)
    finally:
        _drop_throwaways()
        shutil.rmtree(media_root, ignore_errors=True)


def _drop_throwaways() -> None:
    """This benchmark's throwaway governments (`benchtmp-filing-…`, other modules' are left
    alone) with their schemas and the apps they published. Schemas go first (their enabled
    apps reference the apps' versions), then the apps (they reference the governments), then
    the governments and their domains."""
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    governments = list(
        Government.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", "schema_name")
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)",
            [schema_name_for_slug(SLUG_PREFIX)],
        )
        for (schema,) in cursor.fetchall():
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
    ids = list(
        CatalogApp.objects.filter(publisher__slug__startswith=SLUG_PREFIX).values_list(
            "pk", flat=True
        )
    )
    if ids:
        _remove_apps(ids)
    pks = [pk for pk, _schema in governments]
    if pks:
        # Plain SQL, like onboarding.drop_throwaways: no cascade collector over other apps.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM tenants_domain WHERE tenant_id = ANY(%s)", [pks])
            cursor.execute("DELETE FROM tenants_government WHERE id = ANY(%s)", [pks])


def _remove_apps(ids: list[int]) -> None:
    # Published versions are immutable down to a trigger; the benchmark's own apps are the
    # exception, removed with the trigger off inside one transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE catalog_appversion DISABLE TRIGGER catalog_appversion_immutable"
        )
        cursor.execute("DELETE FROM catalog_catalogauditevent WHERE app_id = ANY(%s)", [ids])
        cursor.execute(
            "UPDATE catalog_catalogapp SET latest_version_id = NULL WHERE id = ANY(%s)", [ids]
        )
        cursor.execute("DELETE FROM catalog_appversion WHERE app_id = ANY(%s)", [ids])
        cursor.execute("DELETE FROM catalog_catalogapp WHERE id = ANY(%s)", [ids])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE catalog_appversion ENABLE TRIGGER catalog_appversion_immutable")


@dataclass(frozen=True)
class Prepared:
    key: str  # the enabled procedure's public id
    page_cookie: str  # a citizen with no draft: the form page's first visit
    submitters: list[list[str]]  # per client, its citizens' cookies, each with a saved draft
    alone: list[str]  # the lone client's citizens, each with a saved draft


def _prepare(report: Report, government: Government, slug: str) -> Prepared:
    """Publish and enable the procedure, sign citizens in and save one draft per submitter
    with every answer given (through the same service as the wizard's pages)."""
    definition, post = definition_with_fields(slug)
    actor = Actor.named(
        f"admin@{government.slug}.example.mx",
        ActorRole.ADMINISTRATOR,
        schema=government.schema_name,
    )
    app = app_create(publisher=government, slug=slug, sharing_policy="public", actor=actor)
    draft = version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor)
    version = version_publish(version=draft, changelog=_t("Primera"), actor=actor)
    total = SUBMIT_CLIENTS * CITIZENS_PER_CLIENT + ALONE_CITIZENS
    with schema_context(government.schema_name):
        enabled = enabled_app_enable(
            government=government, app=version.app, version=version, local_values={}, actor=actor
        )
        fields = definition["form"]["steps"][0]["fields"]
        answers = answers_from_post(fields, QueryDict(urllib.parse.urlencode(post, doseq=True)))
        page_cookie = _signed_in(
            User.objects.create_user("ciudadana.pagina@example.mx", None, email_verified=True)
        )
        users = User.objects.bulk_create(
            User(email=f"ciudadana{number}@example.mx", email_verified=True, roles=[])
            for number in range(total)
        )
        first = draft_save(applicant=users[0], enabled_app=enabled, answers=answers, step="datos")
        CaseDraft.objects.bulk_create(
            CaseDraft(
                applicant=user,
                enabled_app=enabled,
                answers=first.answers,
                current_step=first.current_step,
            )
            for user in users[1:]
        )
        cookies = []
        for number, user in enumerate(users, start=1):
            cookies.append(_signed_in(user))
            if number % 200 == 0 or number == total:
                report.progress(
                    f"Ciudadanas con borrador / citizens with a draft: {number}/{total}"
                )
    return Prepared(
        key=str(enabled.public_id),
        page_cookie=page_cookie,
        submitters=[cookies[ALONE_CITIZENS:][n::SUBMIT_CLIENTS] for n in range(SUBMIT_CLIENTS)],
        alone=cookies[:ALONE_CITIZENS],
    )


def _signed_in(user: User) -> str:
    """The Cookie header of a browser where `user` signed in (a real session row)."""
    client = Client()
    client.force_login(user)
    return f"Cookie: sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF_SECRET}\r\n"


def _redis_url() -> str:
    """The Redis server to use as the Celery broker, or "" when none answers."""
    url = os.environ.get("REDIS_URL") or REDIS_DEFAULT
    parsed = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parsed.hostname or "", parsed.port or 6379), timeout=1):
            return url
    except OSError:
        return ""


@contextmanager
def _server(report: Report, media_root: str) -> Iterator[tuple[http_throughput.Server, str]]:
    """The production server for the government site (and, with a broker, a Celery worker);
    yields it with a phrase saying how the acuse e-mail is sent."""
    saved = {name: os.environ.get(name) for name in ("VENTANILLA_MEDIA_ROOT", "CELERY_BROKER_URL")}
    os.environ["VENTANILLA_MEDIA_ROOT"] = media_root
    broker = _redis_url()
    if broker:
        os.environ["CELERY_BROKER_URL"] = broker
    worker = None
    # The same key as this process: the sessions it signed in must be valid for the server.
    server = http_throughput._start(VARIANT, settings.SECRET_KEY)
    try:
        report.progress(
            f"Servidor / server 127.0.0.1:{server.port} ({http_throughput.WORKERS} workers)"
        )
        if broker:
            worker = _start_worker(broker)
            mail_mode = "Celery worker via Redis (1 process)"
        else:
            mail_mode = "sent inside the request (no broker found)"
        report.progress(f"Correo / e-mail: {mail_mode}")
        http_throughput._wait_until_up(server)
        yield server, mail_mode
    finally:
        http_throughput._stop(server)
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
            _purge(broker)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _start_worker(broker: str) -> subprocess.Popen:
    _purge(broker)  # nothing left over from an interrupted run
    log = (http_throughput.LOG_DIR / "celery-filing.log").open("wb")
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=http_throughput.ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": VARIANT.settings_module, "DJANGO_DEBUG": "0"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    return worker


def _purge(broker: str) -> None:
    """Empty the benchmark's own Redis database (REDIS_DEFAULT's number unless REDIS_URL)."""
    import redis

    redis.Redis.from_url(broker).flushdb()


def _get(server: http_throughput.Server, host: str, path: str, cookie: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}{path}", headers={"Host": host}
    )
    if cookie:
        request.add_header("Cookie", cookie.removeprefix("Cookie: ").strip())
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _measure_pages(
    report: Report, server: http_throughput.Server, host: str, key: str, cookie: str
) -> None:
    form_path = f"/tramites/{key}/solicitud/paso/datos/"
    status, html = _get(server, host, form_path, cookie)
    if status != 200 or html.count('class="app-field ') != FIELDS:
        raise RuntimeError(
            f"{form_path} answered {status}:\n{html[:2000]}\n{http_throughput._tail(server.log_path)}"
        )
    pages = (
        ("/_bench/ping", "", "trivial tenant page"),
        (form_path, cookie, f"form page, {FIELDS} fields"),
    )
    report.start_section(
        f"Citizen form page vs trivial page (gunicorn, DEBUG off, {http_throughput.WORKERS} workers; "
        f"{http_throughput.CLIENT_PROCESSES}×{http_throughput.CONNECTIONS_PER_PROCESS} connections; "
        f"{ROUNDS} rounds × {http_throughput.SECONDS:g} s)"
    )
    rates: dict[str, list[float]] = {}
    # Requests per CPU-second of the server's own processes: hardly moved by other work on the
    # machine, unlike requests per wall-clock second (see http_throughput.py).
    efficiency: dict[str, list[float]] = {}
    with client_pool(http_throughput.CLIENT_PROCESSES) as pool:
        for path, headers, _label in pages:
            _drive(pool, server, host, path, headers, http_throughput.WARMUP_SECONDS)
        for round_number in range(1, ROUNDS + 1):
            order = pages if round_number % 2 else pages[::-1]
            line = []
            for path, headers, label in order:
                cpu_before = http_throughput._server_cpu_seconds(server)
                result = _drive(pool, server, host, path, headers, http_throughput.SECONDS)
                cpu = http_throughput._server_cpu_seconds(server) - cpu_before
                if cpu > 0:
                    efficiency.setdefault(label, []).append(result.requests / cpu)
                if result.errors:
                    raise RuntimeError(
                        f"{path}: {result.errors} failed requests; see {server.log_path}"
                    )
                rates.setdefault(label, []).append(result.per_second)
                line.append(f"{label} {result.per_second:,.0f}")
            report.progress(f"Ronda / round {round_number}/{ROUNDS}: " + ", ".join(line) + " req/s")
    for _path, _headers, label in pages:
        values = rates[label]
        report.figure(
            label,
            f"{statistics.median(values):,.0f} [{min(values):,.0f}–{max(values):,.0f}]",
            "req/s median [min–max]",
        )
    ratios = [
        form / ping for form, ping in zip(rates[pages[1][2]], rates[pages[0][2]], strict=True)
    ]
    ratio = statistics.median(ratios)
    report.figure(
        "form page / trivial page",
        f"{ratio:.2f} [{min(ratios):.2f}–{max(ratios):.2f}]",
        "median of rounds [min–max]",
        f"≥ {TARGET_RATIO}",
        met=ratio >= TARGET_RATIO,
        note="signed-in citizen, first visit (no draft); session and CSRF as a browser sends them",
    )
    if all(label in efficiency for _path, _headers, label in pages):
        per_cpu = {label: statistics.median(efficiency[label]) for _p, _h, label in pages}
        trivial, form = (per_cpu[label] for _p, _h, label in pages)
        report.figure(
            "gunicorn CPU per request, trivial / form page",
            f"{1000 / trivial:.2f} / {1000 / form:.2f}",
            "ms",
        )
        report.figure(
            "form page / trivial page, requests per server CPU-second",
            round(form / trivial, 2),
            "ratio",
            f"≥ {TARGET_RATIO}",
            met=form / trivial >= TARGET_RATIO,
            note="gunicorn processes only; PostgreSQL's share (3 queries per form page) not counted",
        )


def _drive(
    pool: Any, server: http_throughput.Server, host: str, path: str, headers: str, seconds: float
) -> Any:
    from tests.benchmarks.loadgen import drive

    return drive(
        pool,
        port=server.port,
        host_header=host,
        path=path,
        seconds=seconds,
        processes=http_throughput.CLIENT_PROCESSES,
        connections_per_process=http_throughput.CONNECTIONS_PER_PROCESS,
        headers=headers,
    )


def _measure_submissions(
    report: Report,
    server: http_throughput.Server,
    host: str,
    prepared: Prepared,
    government: Government,
    mail_mode: str,
) -> None:
    report.start_section(
        f"Submission under load ({SUBMIT_CLIENTS} concurrent clients, back to back, up to "
        f"{SUBMIT_SECONDS:g} s; each submits saved drafts of its own citizens)"
    )
    version = privacy_notice(government).version
    alone, alone_errors = asyncio.run(
        _submit_loop(server.port, host, prepared.key, [prepared.alone], version, ALONE_SECONDS)
    )
    if alone:
        alone.sort()
        report.figure(
            "one client alone: submission p50 / p99",
            f"{statistics.median(alone):.1f} / {alone[max(0, int(len(alone) * 0.99) - 1)]:.1f}",
            "ms",
            note=f"{len(alone)} submissions in {ALONE_SECONDS:g} s, {alone_errors} errors",
        )
    cpu_before = _cpu_by_role(server)
    started = time.perf_counter()
    latencies, errors = asyncio.run(
        _submit_loop(server.port, host, prepared.key, prepared.submitters, version, SUBMIT_SECONDS)
    )
    elapsed = time.perf_counter() - started
    cpu = {role: _cpu_by_role(server)[role] - spent for role, spent in cpu_before.items()}
    if not latencies:
        raise RuntimeError(f"no submission succeeded ({errors} errors); see {server.log_path}")
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    with schema_context(government.schema_name):
        from cases.models import Case

        cases = Case.objects.count()
        folios = Case.objects.values("folio").distinct().count()
    report.figure("submissions", len(latencies), "count", note=f"{errors} errors")
    report.figure("submissions per second", round(len(latencies) / elapsed, 1), "req/s")
    report.figure("submission p50", round(p50, 1), "ms")
    report.figure(
        f"submission p99 at {SUBMIT_CLIENTS} concurrent clients",
        round(p99, 1),
        "ms",
        f"≤ {TARGET_P99_MS:g} ms",
        met=p99 <= TARGET_P99_MS and errors == 0,
        note=f"acuse e-mail: {mail_mode}",
    )
    report.figure("cases filed / distinct folios", f"{cases} / {folios}", "count")
    machine_ms = cpu["machine"] * 1000 / len(latencies)
    report.figure(
        "CPU per submission: web / database / e-mail worker / machine",
        " / ".join(f"{cpu[role] * 1000 / len(latencies):.1f}" for role in CPU_ROLES),
        "ms",
        note=f"machine: every process, the load generator included; {CORES} cores give "
        f"{CORES * 1000 / max(machine_ms, 0.001):.0f} submissions/s at most",
    )
    # Clients that never pause each wait, on average, for the others' share of the CPU: no
    # scheduling makes the mean (let alone p99) lower than this at this cost per submission.
    report.figure(
        f"lowest mean latency {CORES} cores allow at this CPU cost",
        round(SUBMIT_CLIENTS * machine_ms / CORES, 1),
        "ms",
        note=f"{SUBMIT_CLIENTS} clients × machine CPU per submission ÷ {CORES} cores; a p99 of "
        f"{TARGET_P99_MS:g} ms needs less than {TARGET_P99_MS * CORES / SUBMIT_CLIENTS:.1f} ms "
        "of machine CPU per submission",
    )


CPU_ROLES = ("web", "database", "worker", "machine")
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _cpu_by_role(server: http_throughput.Server) -> dict[str, float]:
    """CPU seconds used so far by the web server (gunicorn), PostgreSQL's processes, the Celery
    worker (when there is one) and the whole machine (/proc/stat). Zeros where there is no /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    database = worker = 0
    try:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:  # the process ended meanwhile
                continue
            fields = http_throughput._stat_fields(text)
            command = text[text.index("(") + 1 : text.rindex(")")]
            used = int(fields[11]) + int(fields[12])
            if command.startswith("postgres"):
                database += used
            elif command.startswith("celery"):
                worker += used
        with open("/proc/stat") as machine_stat:
            values = [int(value) for value in machine_stat.readline().split()[1:]]
        machine = sum(values) - values[3] - values[4]  # all but idle and iowait
    except OSError:
        return dict.fromkeys(CPU_ROLES, 0.0)
    return {
        "web": http_throughput._server_cpu_seconds(server),
        "database": database / ticks,
        "worker": worker / ticks,
        "machine": machine / ticks,
    }


async def _submit_loop(
    port: int,
    host: str,
    key: str,
    submitters: list[list[str]],
    notice_version: str,
    seconds: float,
) -> tuple[list[float], int]:
    deadline = time.monotonic() + seconds
    results = await asyncio.gather(
        *(_client(port, host, key, cookies, notice_version, deadline) for cookies in submitters)
    )
    return [value for result in results for value in result[0]], sum(r[1] for r in results)


async def _client(
    port: int, host: str, key: str, cookies: list[str], notice_version: str, deadline: float
) -> tuple[list[float], int]:
    """One client: its citizens' submissions one after another on one keep-alive connection."""
    latencies: list[float] = []
    errors = 0
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for cookie in cookies:
            if time.monotonic() >= deadline:
                break
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": CSRF_SECRET,
                    "idempotency_key": str(uuid.uuid4()),
                    "privacy_notice_version": notice_version,
                    "accept_privacy": "on",
                }
            ).encode()
            started = time.perf_counter()
            status = await _post(
                reader, writer, host, f"/tramites/{key}/solicitud/presentar/", cookie, body
            )
            elapsed = (time.perf_counter() - started) * 1000
            if status == 302:
                latencies.append(elapsed)
            else:
                errors += 1
                reader, writer = await _reopen(writer, port)
    finally:
        writer.close()
    return latencies, errors


async def _reopen(
    writer: asyncio.StreamWriter, port: int
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    writer.close()
    return await asyncio.open_connection("127.0.0.1", port)


async def _post(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    host: str,
    path: str,
    cookie: str,
    body: bytes,
) -> int:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: ventanilla-bench\r\n{cookie}"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("ascii")
    writer.write(head + body)
    try:
        response = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, OSError):
        return 0
    status = int(response[9:12])
    lowered = response.lower()
    marker = lowered.find(b"\r\ncontent-length:")
    if marker >= 0:
        end = lowered.index(b"\r\n", marker + 2)
        length = int(lowered[marker + len(b"\r\ncontent-length:") : end])
        if length:
            await reader.readexactly(length)
    return status
