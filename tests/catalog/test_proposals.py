"""Proposals back to the publisher (issue 12, item 6), through the services: Sonora adopts CDMX's
app and proposes new wording; CDMX accepts (the text lands in its draft) or declines with a
reason; audit rows on both sides; nobody else reads or decides; bad input is refused, located,
with nothing saved on either side."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import tenant_context

from apps_registry.adaptations import adaptable_texts
from apps_registry.models import EnabledApp, EnabledAppAction, EnabledAppEvent
from apps_registry.proposals import enabled_app_propose
from catalog import errors
from catalog.models import (
    AppVersion,
    AuditAction,
    CatalogAuditEvent,
    Proposal,
    ProposalStatus,
)
from catalog.proposals import (
    describe_location,
    proposal_accept,
    proposal_decline,
    proposal_get,
    proposal_send,
    proposals_received,
    proposals_sent,
)
from catalog.services import version_draft_save
from core.actors import Actor, ActorRole
from core.errors import ApplicationError
from tenants.models import Government
from tests.catalog.factories import make_definition
from tests.catalog.proposal_fixtures import (
    LABEL,
    NEW_LABEL,
    admin_of,
    adopt,
    editor_of,
    two_fields,
)


@pytest.fixture
def editor(cdmx) -> Actor:
    return editor_of(cdmx)


@pytest.fixture
def sonora_admin(sonora) -> Actor:
    return admin_of(sonora)


@pytest.fixture
def adopted(cdmx, sonora) -> EnabledApp:
    return adopt(cdmx, sonora)


def _propose(sonora, enabled: EnabledApp, actor: Actor, **overrides: Any) -> Proposal:
    arguments: dict[str, Any] = {
        "pointer": LABEL,
        "proposed_text": NEW_LABEL,
        "comment": "En Sonora decimos nombre completo.",
    }
    arguments.update(overrides)
    with tenant_context(sonora.government):
        return enabled_app_propose(enabled_app=enabled, actor=actor, **arguments)


def _sent_events(sonora) -> int:
    with tenant_context(sonora.government):
        return EnabledAppEvent.objects.filter(action=EnabledAppAction.PROPOSAL_SENT).count()


def _audit(action: str) -> list[CatalogAuditEvent]:
    return list(CatalogAuditEvent.objects.filter(action=action))


# --- sending ------------------------------------------------------------------------------------


def test_sending_records_the_proposal_and_an_audit_row_on_both_sides(sonora, adopted, sonora_admin):
    proposal = _propose(sonora, adopted, sonora_admin)

    assert proposal.status == ProposalStatus.PENDING
    assert proposal.sender.slug == "sonora"
    assert proposal.sender_email == "admin@sonora.gob.mx"
    assert proposal.current_text == {"es-MX": "Nombre", "en": "Name"}
    assert proposal.proposed_text == NEW_LABEL
    assert proposal.version.version == "1.0.0"
    [received] = _audit(AuditAction.PROPOSAL_RECEIVED)
    assert (received.actor_email, received.actor_schema) == ("admin@sonora.gob.mx", "sonora")
    assert received.data == {
        "proposal": str(proposal.public_id),
        "pointer": LABEL,
        "sender": "sonora",
    }
    with tenant_context(sonora.government):
        [sent] = EnabledAppEvent.objects.filter(action=EnabledAppAction.PROPOSAL_SENT)
    assert sent.data == {"proposal": str(proposal.public_id), "pointer": LABEL, "version": "1.0.0"}
    assert sent.actor_email == "admin@sonora.gob.mx"


@pytest.mark.parametrize(
    ("pointer", "text", "code", "location"),
    [
        ("/form/steps/0/fields/9/label", NEW_LABEL, errors.PROPOSAL_POINTER_INVALID, "pointer"),
        ("no-es-puntero", NEW_LABEL, errors.PROPOSAL_POINTER_INVALID, "pointer"),
        ("/form/steps/0/fields/0/id", NEW_LABEL, errors.PROPOSAL_POINTER_INVALID, "pointer"),
        ("/workflow", NEW_LABEL, errors.PROPOSAL_POINTER_INVALID, "pointer"),
        ("/overrides", NEW_LABEL, errors.PROPOSAL_POINTER_INVALID, "pointer"),
        (LABEL, {"es-MX": "   ", "en": "Name"}, errors.PROPOSAL_INVALID, "proposed_text/es-MX"),
        (
            LABEL,
            {"es-MX": "Nombre en {{estado.nombre}}"},
            "unknown_variable",
            "proposed_text/es-MX",
        ),
        (
            LABEL,
            {"es-MX": "Nombre", "en": "Name in {{entidad.nombre}"},
            "malformed_variable",
            "proposed_text/en",
        ),
    ],
)
def test_bad_input_is_refused_located_in_both_languages_and_nothing_is_saved(
    sonora, adopted, sonora_admin, pointer, text, code, location
):
    with pytest.raises(ApplicationError) as raised:
        _propose(sonora, adopted, sonora_admin, pointer=pointer, proposed_text=text)

    [problem] = raised.value.errors
    assert (problem.code, problem.location) == (code, location)
    assert problem.message_es and problem.message_en and problem.message_es != problem.message_en
    assert Proposal.objects.count() == 0
    assert _audit(AuditAction.PROPOSAL_RECEIVED) == []
    assert _sent_events(sonora) == 0


def test_a_proposal_on_a_version_that_no_longer_exists_is_a_located_error(
    cdmx, sonora, adopted, sonora_admin
):
    # A version row the caller still holds but the catalogue no longer has (a page loaded
    # before a draft was discarded, an id from elsewhere).
    gone = AppVersion(
        pk=AppVersion.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000,
        app=adopted.catalog_app,
        version="1.1.0",
        definition=two_fields(),
    )

    with pytest.raises(ApplicationError) as raised:
        proposal_send(
            sender=sonora.government,
            enabled_version=gone,
            pointer=LABEL,
            proposed_text=NEW_LABEL,
            actor=sonora_admin,
        )

    [problem] = raised.value.errors
    assert (problem.code, problem.location) == (errors.PROPOSAL_VERSION_GONE, "version")
    assert "1.1.0" in problem.message_es and "1.1.0" in problem.message_en
    assert Proposal.objects.count() == 0


def test_a_draft_is_not_something_to_propose_on(cdmx, sonora, adopted, editor, sonora_admin):
    draft = version_draft_save(
        app=adopted.catalog_app, version="1.1.0", definition=two_fields(), actor=editor
    )
    with pytest.raises(ApplicationError) as raised:
        proposal_send(
            sender=sonora.government,
            enabled_version=draft,
            pointer=LABEL,
            proposed_text=NEW_LABEL,
            actor=sonora_admin,
        )
    assert raised.value.errors[0].code == errors.PROPOSAL_VERSION_GONE


def test_only_administrators_of_the_sender_send(sonora, cdmx, adopted):
    auditor = Actor.named("a@sonora.gob.mx", ActorRole.AUDITOR, schema=sonora.schema_name)
    with pytest.raises(ApplicationError):
        _propose(sonora, adopted, auditor)
    cdmx_admin = Actor.named("admin@cdmx.gob.mx", ActorRole.ADMINISTRATOR, schema="cdmx")
    with pytest.raises(ApplicationError) as raised:
        proposal_send(
            sender=sonora.government,
            enabled_version=adopted.version,
            pointer=LABEL,
            proposed_text=NEW_LABEL,
            actor=cdmx_admin,
        )
    assert raised.value.errors[0].code == errors.PROPOSAL_NOT_FOUND
    assert Proposal.objects.count() == 0


def test_a_publisher_does_not_propose_to_itself(cdmx, adopted):
    cdmx_admin = Actor.named("admin@cdmx.gob.mx", ActorRole.ADMINISTRATOR, schema="cdmx")
    with pytest.raises(ApplicationError) as raised:
        proposal_send(
            sender=cdmx.government,
            enabled_version=adopted.version,
            pointer=LABEL,
            proposed_text=NEW_LABEL,
            actor=cdmx_admin,
        )
    assert raised.value.errors[0].code == errors.PROPOSAL_INVALID


def test_the_same_text_twice_while_pending_is_refused(sonora, adopted, sonora_admin):
    _propose(sonora, adopted, sonora_admin)
    with pytest.raises(ApplicationError) as raised:
        _propose(sonora, adopted, sonora_admin, proposed_text={"es-MX": "Otro nombre"})
    assert raised.value.errors[0].location == "pointer"
    assert Proposal.objects.count() == 1


# --- accepting ----------------------------------------------------------------------------------


def test_accepting_without_a_draft_creates_the_next_draft_with_the_text(
    cdmx, sonora, adopted, editor, sonora_admin
):
    proposal = _propose(sonora, adopted, sonora_admin)

    accepted = proposal_accept(proposal=proposal, actor=editor)

    draft = adopted.catalog_app.versions.get(published_at__isnull=True)
    assert draft.version == "1.1.0"
    assert draft.definition["form"]["steps"][0]["fields"][0]["label"] == NEW_LABEL
    # Everything else is the latest published version's.
    expected = two_fields()
    expected["form"]["steps"][0]["fields"][0]["label"] = NEW_LABEL
    assert draft.definition == expected
    assert accepted.status == ProposalStatus.ACCEPTED
    assert accepted.landed_in == draft
    assert accepted.decided_by_email == "editor@cdmx.gob.mx"
    assert accepted.decided_at is not None
    [row] = _audit(AuditAction.PROPOSAL_ACCEPTED)
    assert (row.actor_email, row.actor_schema, row.version) == ("editor@cdmx.gob.mx", "cdmx", draft)
    assert row.data["draft"] == "1.1.0"
    # The published version the adopter pinned is untouched.
    adopted.version.refresh_from_db()
    assert adopted.version.definition == two_fields()


def test_accepting_with_a_draft_updates_that_draft_and_keeps_its_other_changes(
    cdmx, sonora, adopted, editor, sonora_admin
):
    changed = two_fields()
    changed["metadata"]["description"] = {"es-MX": "Nueva descripción", "en": "New"}
    version_draft_save(
        app=adopted.catalog_app,
        version="2.0.0",
        definition=changed,
        changelog={"es-MX": "Cambios"},
        actor=editor,
    )
    proposal = _propose(sonora, adopted, sonora_admin)

    proposal_accept(proposal=proposal, actor=editor)

    [draft] = adopted.catalog_app.versions.filter(published_at__isnull=True)
    assert (draft.version, draft.changelog) == ("2.0.0", {"es-MX": "Cambios"})
    assert draft.definition["metadata"]["description"]["es-MX"] == "Nueva descripción"
    assert draft.definition["form"]["steps"][0]["fields"][0]["label"] == NEW_LABEL


def test_accepting_a_text_the_draft_no_longer_has_is_located_and_changes_nothing(
    cdmx, sonora, adopted, editor, sonora_admin
):
    version_draft_save(
        app=adopted.catalog_app, version="1.1.0", definition=make_definition(), actor=editor
    )
    proposal = _propose(sonora, adopted, sonora_admin, pointer="/form/steps/0/fields/1/label")

    with pytest.raises(ApplicationError) as raised:
        proposal_accept(proposal=proposal, actor=editor)

    [problem] = raised.value.errors
    assert (problem.code, problem.location) == (errors.PROPOSAL_POINTER_INVALID, "pointer")
    assert "1.1.0" in problem.message_es and "1.1.0" in problem.message_en
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert adopted.catalog_app.versions.get(version="1.1.0").definition == make_definition()
    assert _audit(AuditAction.PROPOSAL_ACCEPTED) == []


def test_a_decided_proposal_cannot_be_decided_again(cdmx, sonora, adopted, editor, sonora_admin):
    proposal = _propose(sonora, adopted, sonora_admin)
    proposal_decline(proposal=proposal, reason="No aplica.", actor=editor)
    with pytest.raises(ApplicationError) as raised:
        proposal_accept(proposal=proposal, actor=editor)
    assert raised.value.errors[0].code == errors.PROPOSAL_ALREADY_DECIDED
    assert not adopted.catalog_app.versions.filter(published_at__isnull=True).exists()


# --- declining ----------------------------------------------------------------------------------


def test_declining_requires_a_reason_and_the_sender_reads_it(
    cdmx, sonora, adopted, editor, sonora_admin
):
    proposal = _propose(sonora, adopted, sonora_admin)
    with pytest.raises(ApplicationError) as raised:
        proposal_decline(proposal=proposal, reason="  ", actor=editor)
    assert raised.value.errors[0].location == "reason"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING

    proposal_decline(proposal=proposal, reason="Preferimos la redacción corta.", actor=editor)

    [seen] = proposals_sent(government=sonora.government)
    assert seen.status == ProposalStatus.DECLINED
    assert seen.decline_reason == "Preferimos la redacción corta."
    assert seen.decided_by_email == "editor@cdmx.gob.mx"
    [row] = _audit(AuditAction.PROPOSAL_DECLINED)
    assert row.data["reason"] == "Preferimos la redacción corta."
    assert not adopted.catalog_app.versions.filter(published_at__isnull=True).exists()


# --- who reads and decides ----------------------------------------------------------------------


def test_the_sender_cannot_decide_its_own_proposal(cdmx, sonora, adopted, sonora_admin):
    proposal = _propose(sonora, adopted, sonora_admin)
    for decide in (
        lambda: proposal_accept(proposal=proposal, actor=sonora_admin),
        lambda: proposal_decline(proposal=proposal, reason="Ya no", actor=sonora_admin),
    ):
        with pytest.raises(ApplicationError) as raised:
            decide()
        assert raised.value.errors[0].code == errors.PROPOSAL_NOT_FOUND
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert not adopted.catalog_app.versions.filter(published_at__isnull=True).exists()


def test_only_the_two_governments_involved_read_a_proposal(cdmx, sonora, adopted, sonora_admin):
    proposal = _propose(sonora, adopted, sonora_admin)
    # A third government: its row is enough for the catalogue's reads and writes.
    yucatan = Government.objects.create(
        slug="yucatan-prueba", name="Gobierno de Yucatán", schema_name="yucatan_prueba"
    )
    yucatan_editor = Actor.named(
        "editor@yucatan.gob.mx", ActorRole.CATALOG_EDITOR, schema="yucatan_prueba"
    )

    assert proposal_get(government=cdmx.government, public_id=proposal.public_id) == proposal
    assert proposal_get(government=sonora.government, public_id=proposal.public_id) == proposal
    assert proposal_get(government=yucatan, public_id=proposal.public_id) is None
    assert proposal_get(government=yucatan, public_id="no-es-uuid") is None
    assert list(proposals_received(government=yucatan)) == []
    assert list(proposals_sent(government=yucatan)) == []
    assert list(proposals_received(government=sonora.government)) == []
    assert list(proposals_received(government=cdmx.government)) == [proposal]
    for decide in (
        lambda: proposal_accept(proposal=proposal, actor=yucatan_editor),
        lambda: proposal_decline(proposal=proposal, reason="No", actor=yucatan_editor),
    ):
        with pytest.raises(ApplicationError) as raised:
            decide()
        assert raised.value.errors[0].code == errors.PROPOSAL_NOT_FOUND
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING


# --- texts one may propose on --------------------------------------------------------------------


def test_the_publisher_reads_a_texts_place_in_the_adopters_words():
    definition = two_fields()
    for item in adaptable_texts(definition):
        for language in ("es-MX", "en"):
            assert describe_location(definition, item.pointer, language) == item.location(language)
    assert describe_location(definition, LABEL, "es-MX") == (
        "Paso «Datos» › Pregunta «Nombre» › texto"
    )
    assert describe_location(definition, "/workflow/states/1/name", "en") == (
        "Status 'Approved' › name"
    )
