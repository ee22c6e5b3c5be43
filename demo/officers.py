"""`make demo` step: work for the officers of each demo government, so the inbox and the dashboard
show something real: cases filed over the last weeks, some resolved (in and out of the plazo),
some waiting for the citizen, some due soon, some overdue, a few already given their ficta.

The cases stand for filings captured at the office window (no citizen account), with answers made
from each procedure's own form; they move through the real workflow service, so history, audit
trail and deadlines are the ones the product computes. Idempotent: a government that already has
these cases is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django_tenants.utils import tenant_context
from stdnum.mx import curp as stdnum_curp

from apps_registry.models import EnabledApp, EnabledAppStatus
from apps_registry.selectors import enabled_app_definition
from cases import workflow
from cases.deadlines import due_on_at_filing
from cases.events import case_filed_event
from cases.folio import folio_allocate
from cases.models import Case
from cases.office.ficta import ficta_apply_due
from cases.office.services import (
    case_assign,
    case_note_add,
    case_transition,
    procedure_registry_set,
)
from catalog.definition import Definition, jsonable_answers, validate_answers
from catalog.definition.field_types import registry
from catalog.definition.rules import iter_fields
from core.actors import Actor, ActorRole
from core.models import User
from demo.citizens import DemoCitizen, _path_for
from demo.steps import Reporter
from tenants.models import Government

# Cases per government (Sonora gets the most: it is the demo's main tenant).
CASES_PER_GOVERNMENT = {"sonora": 60, "cdmx": 24, "yucatan": 24}
# Procedures in each registry with no online version yet (the seed's "only 3 % digitised").
OFFLINE_PROCEDURES = {"sonora": 1450, "cdmx": 2100, "yucatan": 980}
MARKER = "demo_officers"

_GIVEN = ("Luis", "Carmen", "José", "Guadalupe", "Ana", "Jorge", "Rosa", "Miguel", "Laura", "Juan")
_SURNAMES = ("Hernández", "García", "Martínez", "López", "González", "Ramírez", "Flores", "Cruz")
_SEXES = ("H", "M")
_STATES = ("SR", "DF", "YN")


def load_officer_cases(report: Reporter) -> None:
    # E-mails would go to the console in development; the demo needs none.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for slug, count in CASES_PER_GOVERNMENT.items():
            government = Government.objects.filter(slug=slug).first()
            if government is None:
                report(f"    {slug}: no existe / missing")
                continue
            with tenant_context(government):
                _load(government, count, report)


def _load(government: Government, count: int, report: Reporter) -> None:
    officer = User.objects.filter(email=f"funcionario@{government.slug}.gob.mx").first()
    if officer is None:
        report(f"    {government.slug}: sin funcionario / no officer account")
        return
    if Case.objects.filter(data__has_key=MARKER).exists():
        report(f"    {government.slug}: ya tiene expedientes de oficina / already has office cases")
        return
    procedure_registry_set(
        offline_procedures=OFFLINE_PROCEDURES.get(government.slug, 0),
        actor=Actor.named(f"admin@{government.slug}.gob.mx", ActorRole.ADMINISTRATOR),
    )
    apps = list(
        EnabledApp.objects.filter(status=EnabledAppStatus.LIVE)
        .select_related("catalog_app", "version")
        .order_by("catalog_app__slug")
    )
    if not apps:
        report(f"    {government.slug}: sin trámites en línea / no live procedures")
        return
    rng = random.Random(f"{MARKER}-{government.slug}")  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    made = 0
    for index in range(count):
        app = apps[index % len(apps)]
        definition = enabled_app_definition(app)
        # Filed in the last four weeks; the plan decides how far it has moved since.
        filed_on = today - dt.timedelta(days=rng.randint(0, 27))
        plan = rng.choice(("filed", "in_review", "in_review", "correction", "resolved"))
        with transaction.atomic():
            case = _file(app, definition, government, rng, filed_on)
            _advance(case, definition, plan, officer, rng, filed_on)
        made += 1
    # The daily job "ran" a week ago: older overdue cases got their ficta, recent ones show
    # as overdue in the inbox until the next run.
    applied = ficta_apply_due(today=today - dt.timedelta(days=7))
    report(
        f"    {government.slug}: {made} expedientes de oficina, ficta en {len(applied)} / "
        f"{made} office cases, ficta applied to {len(applied)}"
    )


def _person(rng: random.Random, slug: str) -> DemoCitizen:
    given = rng.choice(_GIVEN)
    first, second = rng.sample(_SURNAMES, 2)
    born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 15000))
    state = {"sonora": "SR", "cdmx": "DF", "yucatan": "YN"}.get(slug, rng.choice(_STATES))
    stem = (
        f"{first[0]}{_first_vowel(first)}{second[0]}{given[0]}".upper()
        + born.strftime("%y%m%d")
        + rng.choice(_SEXES)
        + state
        + f"{_first_consonant(first)}{_first_consonant(second)}{_first_consonant(given)}".upper()
        + ("0" if born.year < 2000 else "A")
    )
    stem = _ascii(stem)
    curp = stem + stdnum_curp.calc_check_digit(stem)
    return DemoCitizen(
        tenant=slug,
        email=f"{_ascii(given).lower()}.{_ascii(first).lower()}@example.mx",
        full_name=f"{given} {first} {second}",
        given_name=given,
        first_surname=first,
        second_surname=second,
        curp=curp,
        phone=f"66{rng.randint(10_000_000, 99_999_999)}",
        address={
            "calle": "Calle Principal",
            "numero_exterior": str(rng.randint(1, 999)),
            "colonia": "Centro",
            "municipio": "Hermosillo" if slug == "sonora" else "Centro",
            "estado": "Sonora" if slug == "sonora" else "México",
            "codigo_postal": "83000",
        },
    )


def _file(
    app: EnabledApp,
    definition: Mapping[str, Any],
    government: Government,
    rng: random.Random,
    filed_on: dt.date,
) -> Case:
    person = _person(rng, government.slug)
    raw = {
        field["id"]: value
        for field in iter_fields(definition)
        if not registry.stores_upload(field)
        and (value := registry.sample(field, person)) is not None
    }
    cleaned, _problems = validate_answers(definition, raw)
    filed_at = timezone.make_aware(
        dt.datetime.combine(filed_on, dt.time(rng.randint(8, 17), rng.randint(0, 59)))
    )
    case = Case.objects.create(
        enabled_app=app,
        version=app.version,
        folio=folio_allocate(government=government, day=filed_on),
        status=workflow.initial_state(definition),
        status_changed_at=filed_at,
        answers=jsonable_answers(cleaned),
        data={
            "procedure_name": dict(Definition(definition).citizen_name),
            MARKER: True,
        },
        applicant_name=person.full_name.upper(),
        applicant_curp=person.curp,
        due_on=due_on_at_filing(definition=definition, filed_on=filed_on),
        submitted_at=filed_at,
        created_at=filed_at,
    )
    # Captured at the counter: no person on the history row, as the system records it.
    case_filed_event(
        case, actor=Actor.system("demo"), at=filed_at, message="Capturada en ventanilla."
    )
    return case


def _advance(
    case: Case,
    definition: Mapping[str, Any],
    plan: str,
    officer: User,
    rng: random.Random,
    filed_on: dt.date,
) -> None:
    actor = Actor.of_user(officer)
    if rng.random() < 0.6:
        case = case_assign(case=case, officer=officer, actor=actor)
    target = {"in_review": "in_review", "correction": "correction", "resolved": "resolved"}.get(
        plan
    )
    path = _path_for(definition, target) if target else None
    for step in path or []:
        case = case_transition(
            case=case,
            transition_id=str(step["id"]),
            actor=actor,
            message=(
                "Falta el comprobante de domicilio vigente; adjúntalo por favor."
                if step.get("requires_comment")
                else ""
            ),
        )
    if plan == "in_review" and rng.random() < 0.4:
        case_note_add(case=case, text="Validar datos con el padrón estatal.", actor=actor)
    if case.resolved_at is not None:
        # Resolved some days after filing (the dashboard's median and share within plazo).
        resolved_on = min(filed_on + dt.timedelta(days=rng.randint(1, 12)), timezone.localdate())
        Case.objects.filter(pk=case.pk).update(
            resolved_at=timezone.make_aware(dt.datetime.combine(resolved_on, dt.time(13)))
        )


def _first_vowel(word: str) -> str:
    return next((c for c in _ascii(word)[1:].upper() if c in "AEIOU"), "X")


def _first_consonant(word: str) -> str:
    return next((c for c in _ascii(word)[1:].upper() if c.isalpha() and c not in "AEIOU"), "X")


def _ascii(text: str) -> str:
    return text.translate(str.maketrans("ÁÉÍÓÚÜÑáéíóúüñ", "AEIOUUXaeiouux"))
