"""`make demo` step: one demo citizen per government with a few cases in different states, so a
newcomer can open "Mis trámites" at once.

Everything goes through the real services (draft, uploads checked by content, submission with a
folio, workflow transitions, office messages, resolution PDF), with answers made up from each
procedure's own form definition. Idempotent: a citizen who already has cases is left alone.
"""

from __future__ import annotations

import io
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django_tenants.utils import tenant_context
from reportlab.pdfgen.canvas import Canvas

from apps_registry.local_values import declared_overrides
from apps_registry.models import EnabledApp, EnabledAppStatus
from apps_registry.selectors import enabled_app_definition
from apps_registry.services import enabled_app_enable
from cases import workflow
from cases.documents import document_specs
from cases.filing.privacy import privacy_notice
from cases.filing.services import case_submit, draft_save
from cases.filing.uploads import document_upload
from cases.models import Case
from cases.office.services import case_message_from_office, case_transition
from cases.outputs.services import case_output_issue
from catalog.definition import Definition, active_items, validate_answers
from catalog.definition.consistency import resolve_pointer
from catalog.definition.field_types import registry
from catalog.definition.rules import iter_fields
from catalog.models import CatalogApp
from core.actors import Actor, ActorRole
from core.errors import ApplicationError
from core.models import User
from core.tenancy import site_url
from demo.steps import DEMO_PASSWORD, Reporter
from tenants.models import Government

# Own apps a publisher puts live for its demo citizen when it offers none yet.
OWN_APPS = (
    "licencia-conducir-a",
    "certificado-residencia",
    "copia-certificada-acta",
    "constancia-no-antecedentes-penales",
    "matrimonio-civil",
    "pago-impuesto-predial",
)
# The port `make demo` serves on, for the QR codes of documents issued while loading the demo.
DEMO_PORT = 8000
OFFICE_MESSAGE = (
    "Hola. Para continuar necesitamos que vuelvas a adjuntar tu identificación oficial: la "
    "imagen que enviaste no se lee completa. Tienes 5 días hábiles para hacerlo."
)


@dataclass(frozen=True)
class DemoCitizen:
    tenant: str
    email: str
    full_name: str
    given_name: str
    first_surname: str
    second_surname: str
    curp: str
    phone: str
    address: dict[str, str]


DEMO_CITIZENS = (
    DemoCitizen(
        tenant="sonora",
        email="maria.lopez@example.mx",
        full_name="María López Ruiz",
        given_name="María",
        first_surname="López",
        second_surname="Ruiz",
        curp="LORM900517MSRPZR00",
        phone="6621234567",
        address={
            "calle": "Blvd. Kino",
            "numero_exterior": "1020",
            "colonia": "Pitic",
            "municipio": "Hermosillo",
            "estado": "Sonora",
            "codigo_postal": "83150",
        },
    ),
    DemoCitizen(
        tenant="cdmx",
        email="juan.perez@example.mx",
        full_name="Juan Pérez García",
        given_name="Juan",
        first_surname="Pérez",
        second_surname="García",
        curp="PEGJ850312HDFRRN07",
        phone="5512345678",
        address={
            "calle": "Av. Álvaro Obregón",
            "numero_exterior": "269",
            "colonia": "Roma Norte",
            "municipio": "Cuauhtémoc",
            "estado": "Ciudad de México",
            "codigo_postal": "06700",
        },
    ),
    DemoCitizen(
        tenant="yucatan",
        email="ana.chan@example.mx",
        full_name="Ana Chan Pech",
        given_name="Ana",
        first_surname="Chan",
        second_surname="Pech",
        curp="CHPA920825MYNHCN03",
        phone="9991234567",
        address={
            "calle": "Calle 60",
            "numero_exterior": "491",
            "colonia": "Centro",
            "municipio": "Mérida",
            "estado": "Yucatán",
            "codigo_postal": "97000",
        },
    ),
)

# What each demo case ends up as, in filing order.
TARGETS = ("filed", "in_review", "correction", "resolved")

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def load_citizen_cases(report: Reporter) -> None:
    # Mails would be printed by the console backend in development; the demo needs none.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for citizen in DEMO_CITIZENS:
            government = Government.objects.filter(slug=citizen.tenant).first()
            if government is None:
                report(f"    {citizen.tenant}: no existe / missing")
                continue
            with tenant_context(government):
                _load(government, citizen, report)


def _load(government: Government, spec: DemoCitizen, report: Reporter) -> None:
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        user = User.objects.create_user(spec.email, DEMO_PASSWORD, full_name=spec.full_name)
    for name, value in (
        ("full_name", spec.full_name),
        ("curp", spec.curp),
        ("phone", spec.phone),
        ("email_verified", True),
    ):
        if hasattr(user, name):
            setattr(user, name, value)
    user.save()
    if Case.objects.filter(applicant=user).exists():
        report(f"    {spec.tenant}: {spec.email} ya tiene expedientes / already has cases")
        return

    if not EnabledApp.objects.filter(status=EnabledAppStatus.LIVE).exists():
        _offer_own_apps(government, report)
    apps = list(
        EnabledApp.objects.filter(status=EnabledAppStatus.LIVE)
        .select_related("catalog_app", "version")
        .order_by("catalog_app__slug")
    )
    failing: set[int] = set()
    filed: list[str] = []
    for index, target in enumerate(TARGETS):
        # A different procedure for each case when there are enough of them.
        for app in apps[index:] + apps[:index]:
            if app.pk in failing:
                continue
            definition = enabled_app_definition(app)
            path = _path_for(definition, target)
            if path is None:
                continue
            try:
                case = _file(app, definition, user, spec, government)
            except ApplicationError as error:
                failing.add(app.pk)
                report(f"      {app.catalog_app.slug}: omitido / skipped ({error})")
                continue
            _advance(case, definition, path, government)
            filed.append(f"{case.folio} ({target})")
            break
    report(f"    {spec.tenant}: {spec.email} → {', '.join(filed) or 'sin expedientes'}")


def _offer_own_apps(government: Government, report: Reporter) -> None:
    """A publisher that offers none of its own apps yet (CDMX in the demo) puts a few live, with
    its definitions' own values as local values, so its demo citizen has procedures to file."""
    actor = Actor.named(
        f"admin@{government.slug}.gob.mx", ActorRole.ADMINISTRATOR, schema=government.schema_name
    )
    apps = CatalogApp.objects.filter(
        publisher=government, latest_version__isnull=False, deprecated_at__isnull=True
    ).select_related("latest_version")
    ordered = sorted(apps, key=lambda app: (app.slug not in OWN_APPS, app.slug))
    enabled = 0
    for app in ordered[: len(OWN_APPS)]:
        definition = app.latest_version.definition  # type: ignore[union-attr]
        values = {}
        for point in declared_overrides(definition):
            found, value = resolve_pointer(definition, str(point.get("target", "")))
            if found and value not in (None, "", [], {}):
                values[point["key"]] = value
            elif point.get("required") and point.get("type") == "text":
                # e.g. the homoclave, which the publisher's definition leaves to each adopter
                values[point["key"]] = f"{government.slug.upper()}-{app.slug[:20].upper()}-001"
        try:
            enabled_app_enable(
                government=government, app=app, version=None, local_values=values, actor=actor
            )
        except ApplicationError:
            continue
        enabled += 1
    report(f"    {government.slug}: {enabled} trámites propios en línea / own procedures live")


def _path_for(definition: Mapping[str, Any], target: str) -> list[Mapping[str, Any]] | None:
    """Officer transitions leading from the initial state to the target kind of state."""
    initial = workflow.initial_state(definition)
    finals = workflow.final_states(definition)
    outputs_on = {str(item.get("on_state")) for item in Definition(definition).resolution_outputs}

    def reached(state: str, steps: int) -> bool:
        if target == "filed":
            return steps == 0
        if target == "in_review":
            return (
                steps >= 1
                and state not in finals
                and not workflow.correction_transition(definition, state)
            )
        if target == "correction":
            return workflow.correction_transition(definition, state) is not None
        return state in outputs_on

    queue: deque[tuple[str, list[Mapping[str, Any]]]] = deque([(initial, [])])
    seen = {initial}
    while queue:
        state, path = queue.popleft()
        if reached(state, len(path)):
            return path
        for step in workflow.transitions_from(definition, state, actor="case_officer"):
            following = str(step.get("to"))
            if following not in seen:
                seen.add(following)
                queue.append((following, [*path, step]))
    return None


def _file(
    app: EnabledApp,
    definition: Mapping[str, Any],
    user: User,
    spec: DemoCitizen,
    government: Government,
) -> Case:
    answers = {
        field["id"]: value
        for field in iter_fields(definition)
        if (value := registry.sample(field, spec)) is not None
    }
    _cleaned, problems = validate_answers(
        definition, {k: v for k, v in answers.items() if not isinstance(v, bytes)}
    )
    blocking = [
        p for p in problems if p.code != "field_required" or p.location not in _files(definition)
    ]
    if blocking:
        raise ApplicationError(blocking)
    with transaction.atomic():
        draft_save(applicant=user, enabled_app=app, answers=answers)
        visible, required = active_items(definition, answers)
        specs = document_specs(definition)
        for item_id, item in specs.items():
            if item_id in required or (item_id in visible and item_id in _files(definition)):
                document_upload(
                    applicant=user,
                    enabled_app=app,
                    document_id=item_id,
                    uploaded_file=_sample_file(item.accept, item_id),
                )
        return case_submit(
            applicant=user,
            enabled_app=app,
            answers=answers,
            idempotency_key=uuid.uuid4(),
            privacy_notice_version=privacy_notice(government).version,
        )


def _advance(
    case: Case, definition: Mapping[str, Any], path: list[Mapping[str, Any]], government: Government
) -> None:
    # The demo's officer account may not exist yet: named by e-mail, with the officer's role.
    officer = Actor.named(f"funcionario@{government.slug}.gob.mx", ActorRole.CASE_OFFICER)
    for step in path:
        message = ""
        if step.get("requires_comment"):
            message = (
                OFFICE_MESSAGE
                if workflow.correction_transition(definition, str(step.get("to")))
                else "Resolución emitida conforme a la normativa aplicable."
            )
        case = case_transition(
            case=case,
            transition_id=str(step["id"]),
            actor=officer,
            message=message,
        )
    if path and workflow.correction_transition(definition, case.status):
        case_message_from_office(
            case=case,
            actor=officer,
            message="Si tienes dudas, llámanos al teléfono de atención ciudadana.",
        )
    for item in Definition(definition).outputs_on_state(case.status, resolutions_only=True):
        case_output_issue(
            case=case,
            output_id=str(item["id"]),
            actor=officer,
            site_url=f"{site_url(government=government)}:{DEMO_PORT}",
        )
        break


def _files(definition: Mapping[str, Any]) -> set[str]:
    return {field["id"] for field in iter_fields(definition) if registry.stores_upload(field)}


def _sample_file(accept: list[str], name: str) -> SimpleUploadedFile:
    if any(item in ("application/pdf",) for item in accept):
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1)
        canvas.drawString(72, 720, "Documento de demostración")
        canvas.save()
        return SimpleUploadedFile(f"{name}.pdf", buffer.getvalue(), "application/pdf")
    return SimpleUploadedFile(f"{name}.png", PNG_BYTES, "image/png")
