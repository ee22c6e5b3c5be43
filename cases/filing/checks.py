"""What a citizen's write checks first: the app takes applications now, and a case waits for
this citizen's corrections."""

from __future__ import annotations

from apps_registry.models import EnabledApp, EnabledAppStatus
from cases import errors, workflow
from cases.models import Case
from cases.selectors import case_definition
from core.errors import ApplicationError
from core.models import User


def ensure_live(enabled_app: EnabledApp) -> None:
    if enabled_app.status != EnabledAppStatus.LIVE:
        raise ApplicationError.single(
            errors.APP_NOT_AVAILABLE,
            "Este trámite no está disponible en línea por ahora.",
            "This procedure is not available online at the moment.",
        )


def ensure_awaiting_correction(*, applicant: User, case: Case) -> Case:
    definition = case_definition(case)
    if (
        case.applicant_id != applicant.pk
        or workflow.correction_transition(definition, case.status) is None
    ):
        raise ApplicationError.single(
            errors.NOT_AWAITING_CORRECTION,
            "Esta solicitud no espera correcciones.",
            "This application is not waiting for corrections.",
        )
    return case
