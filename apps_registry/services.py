"""Writes on a government's enabled apps. Every function runs in one transaction, acts on the
connection's current schema (the host's government) and writes its history row inside it.

Going live: `enabled_app_enable(go_live=True)`, `enabled_app_go_live`, `enabled_app_resume` and
upgrading an offered app refuse, listing every problem located (apps_registry.readiness): a
required override point without a local value, a place-bound value (agency, offices, legal
basis, fees, homoclave) an adopter has neither set nor marked "no aplica", a jurisdiction
variable or a code list the government lacks. With `go_live=False` the app is saved as DRAFT
("configurando", only the types are checked) and put live later. Bulk enabling never refuses
for missing values: apps that pass the gate go LIVE, the others stay DRAFT until someone fills
them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps_registry import errors
from apps_registry.adaptations import reflag
from apps_registry.local_values import (
    declared_overrides,
    override_points,
    validate_local_values,
    validate_not_applicable,
)
from apps_registry.models import EnabledApp, EnabledAppAction, EnabledAppEvent, EnabledAppStatus
from apps_registry.readiness import enabled_app_problems, go_live_problems
from apps_registry.selectors import agreement_standing, ensure_current_government
from catalog.models import Agreement, AppVersion, CatalogApp
from catalog.selectors import apps_visible_to, government_may_adopt
from core.actors import Actor, ActorRole
from core.errors import ApplicationError, ErrorDetail
from core.tenancy import current_government
from tenants.jurisdiction import facts_for
from tenants.models import Government

LocalValues = Mapping[str, Any]
# A government's administrators choose its procedures (auditors only read); the platform acts for
# them in the demo and onboarding scripts.
ENABLED_APP_WRITERS = (ActorRole.ADMINISTRATOR, ActorRole.SYSTEM)


@transaction.atomic
def enabled_app_enable(
    *,
    government: Government,
    app: CatalogApp,
    version: AppVersion | None,
    local_values: LocalValues,
    actor: Actor,
    go_live: bool = True,
    not_applicable: Sequence[str] = (),
) -> EnabledApp:
    """Enable `app` for `government` pinned to `version` (None: the latest published one).

    Refused when the government may not adopt the app (private app of another government, no
    convenio in force, deprecated, nothing published), when it is already enabled, when a
    local value does not match its declared type or a key of `not_applicable` cannot be marked
    "no aplica", and, with `go_live`, when the go-live gate finds anything. A disabled app is
    enabled again on the same row, so its history stays together."""
    actor.require(*ENABLED_APP_WRITERS)
    ensure_current_government(government)
    if not government_may_adopt(government, app):
        raise ApplicationError.single(
            errors.APP_NOT_ADOPTABLE,
            "Su gobierno no puede adoptar esta app (no es pública, no la cubre un convenio "
            "vigente o está en desuso).",
            "Your government may not adopt this app (it is not public, no agreement in force "
            "covers it, or it is deprecated).",
            "app",
        )
    version = version if version is not None else app.latest_version
    if version is None or version.app_id != app.pk or not version.is_published:
        raise ApplicationError.single(
            errors.VERSION_INVALID,
            "Elija una versión publicada de esta app.",
            "Choose a published version of this app.",
            "version",
        )
    existing = EnabledApp.objects.select_for_update().filter(catalog_app=app).first()
    if existing is not None and existing.status != EnabledAppStatus.DISABLED:
        raise _already_enabled(app)
    cleaned, problems = validate_local_values(version.definition, local_values, require_all=False)
    marked, refused = validate_not_applicable(version.definition, not_applicable, cleaned)
    problems.extend(refused)
    if go_live:
        gate = go_live_problems(
            definition=version.definition,
            publisher_id=app.publisher_id,
            government=government,
            local_values=cleaned,
            not_applicable=marked,
            adaptations=existing.adaptations if existing is not None else {},
        )
        problems.extend(_not_yet_said(gate, problems))
    if problems:
        raise ApplicationError(problems)
    status = EnabledAppStatus.LIVE if go_live else EnabledAppStatus.DRAFT
    if existing is None:
        try:
            with transaction.atomic():
                enabled = EnabledApp.objects.create(
                    catalog_app=app,
                    version=version,
                    local_values=cleaned,
                    not_applicable=marked,
                    status=status,
                    enabled_by_email=actor.email,
                )
        except IntegrityError:
            # Enabled at the same moment by someone else.
            raise _already_enabled(app) from None
    else:
        enabled = existing
        enabled.version = version
        enabled.local_values = cleaned
        # Enabled again, maybe on another version: its own wording is checked against it.
        enabled.adaptations, _ = reflag(existing.adaptations, version.definition)
        enabled.not_applicable = marked
        enabled.status = status
        enabled.enabled_by_email = actor.email
        enabled.save(
            update_fields=[
                "version",
                "local_values",
                "adaptations",
                "not_applicable",
                "status",
                "enabled_by_email",
                "updated_at",
            ]
        )
    _event(
        enabled,
        EnabledAppAction.ENABLED,
        actor,
        {
            "version": version.version,
            "status": status,
            "keys": sorted(cleaned),
            "not_applicable": marked,
        },
    )
    return enabled


@transaction.atomic
def enabled_app_update_local_values(
    *,
    enabled_app: EnabledApp,
    local_values: LocalValues,
    actor: Actor,
    not_applicable: Sequence[str] | None = None,
) -> EnabledApp:
    """Replace the local values and, unless `not_applicable` is None, the keys marked "no
    aplica". While the app is offered (live or paused) every required and place-bound value
    must stay answered."""
    actor.require(*ENABLED_APP_WRITERS)
    enabled_app = _locked(enabled_app)
    if enabled_app.status == EnabledAppStatus.DISABLED:
        raise _transition_error(enabled_app, "cambiar valores de", "change the values of")
    if not_applicable is None:
        not_applicable = [k for k in enabled_app.not_applicable if k not in local_values]
    definition = enabled_app.version.definition
    cleaned, problems = validate_local_values(
        definition,
        local_values,
        require_all=enabled_app.is_offered,
        not_applicable=not_applicable,
        is_publisher=enabled_app.catalog_app.publisher_id == current_government().pk,
    )
    marked, refused = validate_not_applicable(definition, not_applicable, cleaned)
    problems.extend(p for p in refused if p not in problems)
    if problems:
        raise ApplicationError(problems)
    changed = sorted(
        key
        for key in set(cleaned) | set(enabled_app.local_values)
        if cleaned.get(key) != enabled_app.local_values.get(key)
    )
    marked_changed = sorted(set(marked) ^ set(enabled_app.not_applicable))
    enabled_app.local_values = cleaned
    enabled_app.not_applicable = marked
    enabled_app.save(update_fields=["local_values", "not_applicable", "updated_at"])
    _event(
        enabled_app,
        EnabledAppAction.LOCAL_VALUES_UPDATED,
        actor,
        {"changed": changed, "not_applicable": marked, "not_applicable_changed": marked_changed},
    )
    return enabled_app


@transaction.atomic
def enabled_app_go_live(*, enabled_app: EnabledApp, actor: Actor) -> EnabledApp:
    """DRAFT → LIVE, once the go-live gate finds nothing (apps_registry.readiness)."""
    actor.require(*ENABLED_APP_WRITERS)
    enabled_app = _locked(enabled_app)
    if enabled_app.status != EnabledAppStatus.DRAFT:
        raise _transition_error(enabled_app, "poner en línea", "put live")
    ensure_agreement_in_force(enabled_app)
    problems = enabled_app_problems(enabled_app, current_government())
    if problems:
        raise ApplicationError(problems)
    return _set_status(enabled_app, EnabledAppStatus.LIVE, EnabledAppAction.WENT_LIVE, actor)


@transaction.atomic
def enabled_app_pause(*, enabled_app: EnabledApp, actor: Actor, reason: str = "") -> EnabledApp:
    """LIVE → PAUSED: citizens see it as temporarily unavailable; cases already filed go on."""
    actor.require(*ENABLED_APP_WRITERS)
    enabled_app = _locked(enabled_app)
    if enabled_app.status != EnabledAppStatus.LIVE:
        raise _transition_error(enabled_app, "pausar", "pause")
    return _set_status(
        enabled_app, EnabledAppStatus.PAUSED, EnabledAppAction.PAUSED, actor, {"reason": reason}
    )


@transaction.atomic
def enabled_app_resume(*, enabled_app: EnabledApp, actor: Actor) -> EnabledApp:
    """PAUSED → LIVE, through the same gate as going live (a jurisdiction fact may have gone
    since it was paused)."""
    actor.require(*ENABLED_APP_WRITERS)
    enabled_app = _locked(enabled_app)
    if enabled_app.status != EnabledAppStatus.PAUSED:
        raise _transition_error(enabled_app, "reanudar", "resume")
    ensure_agreement_in_force(enabled_app)
    problems = enabled_app_problems(enabled_app, current_government())
    if problems:
        raise ApplicationError(problems)
    return _set_status(enabled_app, EnabledAppStatus.LIVE, EnabledAppAction.RESUMED, actor)


@transaction.atomic
def enabled_app_disable(*, enabled_app: EnabledApp, actor: Actor, reason: str = "") -> EnabledApp:
    """Any state → DISABLED: no longer offered. The row, its local values and its cases stay;
    `enabled_app_enable` turns it on again."""
    actor.require(*ENABLED_APP_WRITERS)
    enabled_app = _locked(enabled_app)
    if enabled_app.status == EnabledAppStatus.DISABLED:
        raise _transition_error(enabled_app, "deshabilitar", "disable")
    return _set_status(
        enabled_app,
        EnabledAppStatus.DISABLED,
        EnabledAppAction.DISABLED,
        actor,
        {"reason": reason},
    )


@transaction.atomic
def enabled_app_upgrade(
    *,
    enabled_app: EnabledApp,
    to_version: AppVersion,
    local_values: LocalValues | None = None,
    actor: Actor,
) -> EnabledApp:
    """Pin a newer published version. Explicit, never automatic.

    Local values are kept (those for override points the new version no longer declares are
    dropped, and recorded in the history); `local_values` adds or replaces some, e.g. the new
    required points, which must be given while the app is offered. Cases already filed keep the
    version they were filed under: only the enabled app changes."""
    actor.require(*ENABLED_APP_WRITERS)
    enabled_app = _locked(enabled_app)
    current = enabled_app.version
    if enabled_app.status == EnabledAppStatus.DISABLED:
        raise _transition_error(enabled_app, "actualizar", "upgrade")
    ensure_agreement_in_force(enabled_app)
    if (
        to_version.app_id != enabled_app.catalog_app_id
        or not to_version.is_published
        or to_version.semver <= current.semver
    ):
        raise ApplicationError.single(
            errors.UPGRADE_INVALID,
            f"Elija una versión publicada de esta app posterior a la {current.version}.",
            f"Choose a published version of this app later than {current.version}.",
            "version",
        )
    if not apps_visible_to(current_government()).filter(pk=enabled_app.catalog_app_id).exists():
        raise ApplicationError.single(
            errors.APP_NOT_ADOPTABLE,
            "Su gobierno ya no tiene acceso a versiones nuevas de esta app.",
            "Your government no longer has access to new versions of this app.",
            "app",
        )
    declared = {item["key"] for item in declared_overrides(to_version.definition)}
    kept = {k: v for k, v in enabled_app.local_values.items() if k in declared}
    # Kept in the history, so a value dropped with an override point is never lost.
    dropped = {k: v for k, v in enabled_app.local_values.items() if k not in declared}
    merged = {**kept, **dict(local_values or {})}
    cleaned, problems = validate_local_values(
        to_version.definition, merged, require_all=enabled_app.is_offered
    )
    # Go-live gate (apps_registry.readiness): an offered app stays offerable on the new version.
    marked = [k for k in enabled_app.not_applicable if k in declared]
    if enabled_app.is_offered and not problems:
        problems = go_live_problems(
            definition=to_version.definition,
            publisher_id=enabled_app.catalog_app.publisher_id,
            government=current_government(),
            local_values=cleaned,
            not_applicable=marked,
            adaptations=enabled_app.adaptations,
        )
    if problems:
        raise ApplicationError(problems)
    # The government's own wording is never silently lost nor silently kept: one whose source
    # text changed or went upstream is flagged for review (apps_registry.adaptations).
    adaptations, to_review = reflag(enabled_app.adaptations, to_version.definition)
    data: dict[str, Any] = {
        "from": current.version,
        "to": to_version.version,
        "dropped_values": dropped,
    }
    if adaptations:
        data["adaptations_to_review"] = to_review
    enabled_app.version = to_version
    enabled_app.local_values = cleaned
    enabled_app.not_applicable = marked
    enabled_app.adaptations = adaptations
    enabled_app.save(
        update_fields=["version", "local_values", "not_applicable", "adaptations", "updated_at"]
    )
    _event(enabled_app, EnabledAppAction.UPGRADED, actor, data)
    return enabled_app


@transaction.atomic
def enabled_apps_bulk_enable(
    *,
    government: Government,
    agreement: Agreement,
    actor: Actor,
    defaults: LocalValues | None = None,
    values_by_app: Mapping[str, LocalValues] | None = None,
    not_applicable: Sequence[str] = (),
    not_applicable_by_app: Mapping[str, Sequence[str]] | None = None,
) -> list[EnabledApp]:
    """Enable, at their latest version, every app the convenio lets `government` adopt that it
    has not enabled yet (disabled ones are left alone too). All or nothing.

    `defaults` (override key → value) applies to every app that declares that key;
    `values_by_app` (catalogue slug → values) adds per-app values on top. `not_applicable`
    (keys marked "no aplica" for every app whose point allows it) and `not_applicable_by_app`
    (slug → keys) likewise. Apps that pass the go-live gate go LIVE, the others stay DRAFT. Any invalid value refuses the
    whole call, with errors located as "<app slug>/<key>…". Validation happens in memory and the
    rows are written with two bulk inserts, so ~200 apps take well under two seconds."""
    actor.require(*ENABLED_APP_WRITERS)
    ensure_current_government(government)
    today = timezone.localdate()
    if agreement.adopter_id != government.pk or not agreement.in_force_on(today):
        raise ApplicationError.single(
            errors.AGREEMENT_NOT_USABLE,
            "Ese convenio no está vigente para su gobierno.",
            "That agreement is not in force for your government.",
            "agreement",
        )
    apps = (
        apps_visible_to(government)
        .filter(
            publisher_id=agreement.publisher_id,
            latest_version__isnull=False,
            deprecated_at__isnull=True,
        )
        .select_related("latest_version")
        .order_by("slug")
    )
    if not agreement.covers_all_apps:
        apps = apps.filter(pk__in=agreement.apps.values("pk"))
    already = set(EnabledApp.objects.values_list("catalog_app_id", flat=True))
    defaults = dict(defaults or {})
    values_by_app = values_by_app or {}
    not_applicable_by_app = not_applicable_by_app or {}
    facts = facts_for(government)
    problems: list[ErrorDetail] = []
    to_create: list[EnabledApp] = []
    for app in apps:
        if app.pk in already:
            continue
        version = app.latest_version
        assert version is not None
        declared = {item["key"] for item in declared_overrides(version.definition)}
        values = {k: v for k, v in defaults.items() if k in declared}
        values.update(values_by_app.get(app.slug, {}))
        cleaned, found = validate_local_values(version.definition, values, require_all=False)
        may_be_marked = {
            p.key for p in override_points(version.definition) if p.may_be_not_applicable
        }
        marks = [k for k in not_applicable if k in may_be_marked and k not in cleaned]
        marks.extend(not_applicable_by_app.get(app.slug, ()))
        marked, refused = validate_not_applicable(version.definition, marks, cleaned)
        found.extend(refused)
        problems.extend(
            ErrorDetail(p.code, p.message_es, p.message_en, f"{app.slug}/{p.location}")
            for p in found
        )
        live = not found and not go_live_problems(
            definition=version.definition,
            publisher_id=app.publisher_id,
            government=government,
            local_values=cleaned,
            not_applicable=marked,
            facts=facts,
        )
        to_create.append(
            EnabledApp(
                catalog_app=app,
                version=version,
                local_values=cleaned,
                not_applicable=marked,
                status=EnabledAppStatus.LIVE if live else EnabledAppStatus.DRAFT,
                enabled_by_email=actor.email,
            )
        )
    if problems:
        raise ApplicationError(problems)
    created = EnabledApp.objects.bulk_create(to_create)
    EnabledAppEvent.objects.bulk_create(
        EnabledAppEvent(
            enabled_app=enabled,
            action=EnabledAppAction.ENABLED,
            actor_email=actor.email,
            data={
                "version": enabled.version.version,
                "status": enabled.status,
                "keys": sorted(enabled.local_values),
                "not_applicable": enabled.not_applicable,
                "agreement": str(agreement.public_id),
            },
        )
        for enabled in created
    )
    return created


# --- helpers ------------------------------------------------------------------------------------


def _not_yet_said(gate: list[ErrorDetail], problems: list[ErrorDetail]) -> list[ErrorDetail]:
    """Gate problems about keys the type checks have not already named (a value refused for its
    type is not "missing" too)."""
    said = {p.location.split("/")[0] for p in problems if p.location}
    return [p for p in gate if p not in problems and p.location.split("/")[0] not in said]


def ensure_agreement_in_force(enabled_app: EnabledApp) -> None:
    """An app adopted under a convenio that was suspended, terminated or expired cannot go live
    again, resume or upgrade (it keeps being offered, as it is, until the notice period ends;
    cases already filed go on)."""
    standing = agreement_standing(enabled_app)
    if standing.may_go_live:
        return
    end = standing.ended
    if end is None:
        raise ApplicationError.single(
            errors.AGREEMENT_ENDED,
            "Ningún convenio vigente cubre este trámite: no puede ponerse en línea, reanudarse "
            "ni actualizarse.",
            "No agreement in force covers this app: it cannot go live, resume or upgrade.",
            "agreement",
        )
    verb_es = {"suspended": "se suspendió", "terminated": "terminó"}.get(end.status, "venció")
    verb_en = {"suspended": "was suspended", "terminated": "was terminated"}.get(
        end.status, "expired"
    )
    raise ApplicationError.single(
        errors.AGREEMENT_ENDED,
        f"El convenio «{end.agreement.title}» {verb_es} el {end.ended_on:%d/%m/%Y}: este "
        "trámite no puede ponerse en línea, reanudarse ni actualizarse. Se puede presentar "
        f"hasta el {end.filing_until:%d/%m/%Y}.",
        f"The agreement '{end.agreement.title}' {verb_en} on {end.ended_on.isoformat()}: this "
        "app cannot go live, resume or upgrade. Applications may be filed until "
        f"{end.filing_until.isoformat()}.",
        "agreement",
    )


def _locked(enabled_app: EnabledApp) -> EnabledApp:
    """The row again, locked, from the current schema: a stale or foreign object fails here."""
    return (
        EnabledApp.objects.select_for_update(of=("self",))
        .select_related("version", "catalog_app")
        .get(pk=enabled_app.pk, public_id=enabled_app.public_id)
    )


def _set_status(
    enabled_app: EnabledApp,
    status: EnabledAppStatus,
    action: EnabledAppAction,
    actor: Actor,
    data: dict[str, Any] | None = None,
) -> EnabledApp:
    previous = enabled_app.status
    enabled_app.status = status
    enabled_app.save(update_fields=["status", "updated_at"])
    _event(enabled_app, action, actor, {"from": previous, "to": status, **(data or {})})
    return enabled_app


def _event(
    enabled_app: EnabledApp, action: EnabledAppAction, actor: Actor, data: dict[str, Any]
) -> EnabledAppEvent:
    return EnabledAppEvent.objects.create(
        enabled_app=enabled_app, action=action, actor_email=actor.email, data=data
    )


def _already_enabled(app: CatalogApp) -> ApplicationError:
    return ApplicationError.single(
        errors.ALREADY_ENABLED,
        f"«{app.title or app.slug}» ya está habilitada en su gobierno.",
        f"'{app.title or app.slug}' is already enabled for your government.",
        "app",
    )


def _transition_error(enabled_app: EnabledApp, verb_es: str, verb_en: str) -> ApplicationError:
    return ApplicationError.single(
        errors.STATUS_TRANSITION,
        f"No se puede {verb_es} un trámite en estado «{enabled_app.get_status_display()}».",
        f"An enabled app in status '{enabled_app.status}' cannot {verb_en}.",
        "status",
    )
