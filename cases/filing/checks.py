"""What a citizen's write checks first: the app takes applications now (live, and within the
notice period of a convenio that ended), and a case waits for this citizen's corrections."""

from __future__ import annotations

import datetime

from django.utils import timezone

from apps_registry.models import EnabledApp, EnabledAppStatus
from apps_registry.selectors import filing_until
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
    ensure_filing_open(enabled_app)


def filing_closed_since(enabled_app: EnabledApp) -> datetime.date | None:
    """The last day filing was open, once the notice period of the app's ended convenio is
    over; None while citizens may file."""
    until = filing_until(enabled_app)
    if until is not None and timezone.localdate() > until:
        return until
    return None


def ensure_filing_open(enabled_app: EnabledApp) -> None:
    """New filings (drafts, uploads, submissions) stop after the notice period; drafts already
    saved are kept, and cases already filed go on (corrections do not come through here)."""
    closed = filing_closed_since(enabled_app)
    if closed is not None:
        raise ApplicationError.single(
            errors.FILING_CLOSED,
            f"Este trámite ya no recibe solicitudes: se pudo presentar hasta el {closed:%d/%m/%Y}.",
            f"This procedure no longer takes applications: they could be filed until "
            f"{closed.isoformat()}.",
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
