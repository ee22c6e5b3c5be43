"""The adopter's side of proposals back to the publisher: its administrators send new wording
for one text of an app it enabled (one of its adaptations, or any text), and read the outcome.

The proposal itself is the catalogue's (`catalog.proposals`, public schema); what happens here is
the part only the adopter's schema can answer: that it enabled the app, on which version, and the
row in the enabled app's own history.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from apps_registry.models import EnabledApp, EnabledAppAction, EnabledAppEvent
from apps_registry.services import ENABLED_APP_WRITERS
from catalog.models import Proposal
from catalog.proposals import proposal_send, proposals_sent
from core.actors import Actor
from core.tenancy import current_government


@transaction.atomic
def enabled_app_propose(
    *,
    enabled_app: EnabledApp,
    pointer: str,
    proposed_text: Mapping[str, Any],
    comment: str = "",
    actor: Actor,
) -> Proposal:
    """Send a proposal on the version this government pinned. Located errors as
    `catalog.proposals.proposal_send` gives them; nothing is saved on either side when refused."""
    actor.require(*ENABLED_APP_WRITERS)
    # Again from the current schema: an enabled app of another government fails here.
    enabled_app = (
        EnabledApp.objects.select_for_update(of=("self",))
        .select_related("version")
        .get(pk=enabled_app.pk, public_id=enabled_app.public_id)
    )
    proposal = proposal_send(
        sender=current_government(),
        enabled_version=enabled_app.version,
        pointer=pointer,
        proposed_text=proposed_text,
        comment=comment,
        actor=actor,
    )
    EnabledAppEvent.objects.create(
        enabled_app=enabled_app,
        action=EnabledAppAction.PROPOSAL_SENT,
        actor_email=actor.email,
        data={
            "proposal": str(proposal.public_id),
            "pointer": pointer,
            "version": enabled_app.version.version,
        },
    )
    return proposal


def enabled_app_proposals(*, enabled_app: EnabledApp) -> QuerySet[Proposal]:
    """What this government proposed on the app, newest first, with the publisher's answers."""
    return proposals_sent(government=current_government(), app=enabled_app.catalog_app)
