"""Writes of the officer back office that combine the case services in one transaction.

An officer's decision is one act: the case moves along the workflow and the documents the
definition issues on the new state (a resolution with its QR) exist, or neither happens.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from cases import services
from cases.models import Case, CaseOutputKind
from cases.selectors import case_definition
from core.models import User

OFFICER = "case_officer"


@transaction.atomic
def case_officer_transition(
    *,
    case: Case,
    transition_id: str,
    actor: User,
    expected_lock_version: int,
    message: str = "",
    site_url: str = "",
) -> Case:
    """Take one of the office's transitions, refused with `cases.stale_case` when somebody
    acted on the case since `expected_lock_version` was read; then issue the outputs the
    definition attaches to the new state (never the acuse, never twice)."""
    case = services.case_transition(
        case=case,
        transition_id=transition_id,
        actor_email=actor.email,
        actor_kind=OFFICER,
        message=message,
        expected_lock_version=expected_lock_version,
        actor=actor,
    )
    issued = set(case.outputs.values_list("output_id", flat=True))
    for output in case_definition(case).get("outputs") or []:
        if (
            isinstance(output, Mapping)
            and output.get("on_state") == case.status
            and output.get("kind") != CaseOutputKind.ACUSE
            and output.get("id") not in issued
        ):
            services.case_output_issue(
                case=case, output_id=str(output["id"]), actor_email=actor.email, site_url=site_url
            )
    return case
