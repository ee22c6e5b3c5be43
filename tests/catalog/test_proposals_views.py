"""Proposals in both back offices: Sonora sends from its enabled app (prefilled from one of its
adaptations) and reads the outcome; CDMX sees them per app with a badge on its list, accepts
(into its draft) or declines with a reason. Neither the sender nor a third government can open
or decide what is not theirs, through their own host and guessed ids."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from apps_registry.models import EnabledApp, EnabledAppAction, EnabledAppEvent
from apps_registry.proposals import enabled_app_propose
from catalog.models import AuditAction, CatalogAuditEvent, Proposal, ProposalStatus
from core.actors import Actor
from core.models import Role
from tenants.services import government_onboard
from tests.catalog.proposal_fixtures import (
    LABEL,
    NEW_LABEL,
    admin_of,
    adopt,
    editor_of,
)
from tests.conftest import TEST_PASSWORD, TenantFixture

PUBLISHER_BASE = "/gestion/publicacion/constancia-prueba/propuestas/"


@pytest.fixture
def editor(cdmx) -> Actor:
    return editor_of(cdmx)


@pytest.fixture
def sonora_admin(sonora) -> Actor:
    return admin_of(sonora)


@pytest.fixture
def adopted(cdmx, sonora) -> EnabledApp:
    return adopt(cdmx, sonora)


@pytest.fixture
def signed_in(make_user):
    def factory(tenant: Any, roles: tuple = (Role.ADMINISTRATOR,)):
        user = make_user(tenant, roles=list(roles))
        client = tenant.client()
        response = client.post(
            "/cuenta/entrar/", {"username": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        return client

    return factory


@pytest.fixture
def proposal(sonora, adopted: EnabledApp, sonora_admin) -> Proposal:
    with tenant_context(sonora.government):
        return enabled_app_propose(
            enabled_app=adopted,
            pointer=LABEL,
            proposed_text=NEW_LABEL,
            comment="En Sonora decimos nombre completo.",
            actor=sonora_admin,
        )


@pytest.fixture
def yucatan(db) -> TenantFixture:
    government = government_onboard(
        slug="yucatan",
        name="Gobierno del Estado de Yucatán",
        domain="yucatan.localhost",
        admin_email="admin@yucatan.gob.mx",
        admin_password=TEST_PASSWORD,
        inegi_code="31",
    ).government
    return TenantFixture(
        government=government, domain="yucatan.localhost", admin_email="admin@yucatan.gob.mx"
    )


def _adopter_pages(enabled: EnabledApp) -> tuple[str, str]:
    base = f"/gestion/tramites/{enabled.public_id}/propuestas/"
    return base, f"{base}nueva/"


def _state(proposal: Proposal) -> tuple:
    proposal.refresh_from_db()
    return (
        proposal.status,
        proposal.decline_reason,
        proposal.landed_in_id,
        proposal.app.versions.filter(published_at__isnull=True).count(),
        CatalogAuditEvent.objects.count(),
    )


# --- the adopter -------------------------------------------------------------------------------


def test_the_adopter_sends_a_proposal_from_its_enabled_app(sonora, adopted, signed_in):
    client = signed_in(sonora)
    listing, new = _adopter_pages(adopted)

    detail = client.get(f"/gestion/tramites/{adopted.public_id}/").content.decode()
    assert listing in detail
    form = client.get(new).content.decode()
    assert '<optgroup label="Paso «Datos»">' in form
    assert "Paso «Datos» › Pregunta «Nombre» › texto: «Nombre»" in form
    response = client.post(
        new,
        {
            "pointer": LABEL,
            "proposed_es": "Nombre completo",
            "proposed_en": "Full name",
            "comment": "Más claro.",
        },
    )

    assert response.status_code == 302 and response["Location"] == listing
    [sent] = Proposal.objects.all()
    assert (sent.pointer, sent.proposed_text, sent.comment) == (
        LABEL,
        {"es-MX": "Nombre completo", "en": "Full name"},
        "Más claro.",
    )
    assert sent.sender_email.endswith("@sonora.example.mx")
    page = client.get(listing).content.decode()
    assert "Nombre completo" in page and "Pendiente" in page
    with tenant_context(sonora.government):
        assert EnabledAppEvent.objects.filter(action=EnabledAppAction.PROPOSAL_SENT).count() == 1


def test_the_form_is_prefilled_from_one_of_its_adaptations(sonora, adopted, signed_in):
    with tenant_context(sonora.government):
        EnabledApp.objects.filter(pk=adopted.pk).update(
            adaptations={
                LABEL: {
                    "text": {"es-MX": "Nombre de la persona", "en": "Person's name"},
                    "source": {"es-MX": "Nombre", "en": "Name"},
                    "source_changed": False,
                }
            }
        )
    client = signed_in(sonora)
    listing, new = _adopter_pages(adopted)

    assert f"{new}?texto=/form/steps/0/fields/0/label" in client.get(listing).content.decode()
    form = client.get(new, {"texto": LABEL}).content.decode()

    assert f'<option value="{LABEL}" selected>' in form
    assert ">Nombre de la persona</textarea>" in form
    assert ">Person&#x27;s name</textarea>" in form


def test_bad_input_shows_located_errors_and_saves_nothing(sonora, adopted, signed_in):
    client = signed_in(sonora)
    _, new = _adopter_pages(adopted)

    page = client.post(
        new, {"pointer": LABEL, "proposed_es": "Nombre en {{estado.nombre}}", "proposed_en": ""}
    ).content.decode()

    assert "Hay 1 problema que corregir" in page
    assert 'href="#id_proposed_es"' in page
    assert "La variable «{{estado.nombre}}» no existe" in page
    assert 'id="id_proposed_es" name="proposed_es"' in page and 'aria-invalid="true"' in page
    empty = client.post(new, {"pointer": LABEL, "proposed_es": " "}).content.decode()
    assert "Escriba el texto propuesto en español." in empty
    unknown = client.post(new, {"pointer": "/workflow", "proposed_es": "X"}).content.decode()
    assert 'href="#id_pointer"' in unknown
    assert Proposal.objects.count() == 0
    with tenant_context(sonora.government):
        assert not EnabledAppEvent.objects.filter(action=EnabledAppAction.PROPOSAL_SENT).exists()


def test_the_adopter_reads_the_decline_reason(cdmx, sonora, adopted, proposal, signed_in):
    client = signed_in(cdmx, roles=(Role.PUBLISHER,))
    client.post(
        f"{PUBLISHER_BASE}{proposal.public_id}/decidir/",
        {"action": "decline", "reason": "Preferimos «Nombre» a secas."},
    )

    listing, _ = _adopter_pages(adopted)
    page = signed_in(sonora, roles=(Role.AUDITOR,)).get(listing).content.decode()

    assert "Declinada" in page
    assert "Preferimos «Nombre» a secas." in page


def test_auditors_of_the_adopter_read_but_do_not_send(sonora, adopted, signed_in):
    client = signed_in(sonora, roles=(Role.AUDITOR,))
    listing, new = _adopter_pages(adopted)
    assert client.get(listing).status_code == 200
    assert client.get(new).status_code == 403
    assert client.post(new, {"pointer": LABEL, "proposed_es": "Otro"}).status_code == 403
    assert Proposal.objects.count() == 0


# --- the publisher -----------------------------------------------------------------------------


def test_the_publisher_sees_a_badge_and_the_proposal_with_who_sent_it(cdmx, proposal, signed_in):
    client = signed_in(cdmx, roles=(Role.PUBLISHER,))

    listing = client.get("/gestion/publicacion/").content.decode()
    assert "1 propuesta pendiente" in listing
    page = client.get(PUBLISHER_BASE).content.decode()
    assert "Gobierno del Estado de Sonora" in page and "admin@sonora.gob.mx" in page
    detail = client.get(f"{PUBLISHER_BASE}{proposal.public_id}/").content.decode()
    assert "Nombre completo en {{entidad.nombre}}" in detail
    assert "En Sonora decimos nombre completo." in detail
    assert "Aceptar y llevar al borrador 1.1.0" in detail


def test_accepting_lands_the_text_in_a_new_draft(cdmx, proposal, signed_in):
    client = signed_in(cdmx, roles=(Role.ADMINISTRATOR,))

    response = client.post(f"{PUBLISHER_BASE}{proposal.public_id}/decidir/", {"action": "accept"})

    assert response.status_code == 302
    draft = proposal.app.versions.get(published_at__isnull=True)
    assert draft.version == "1.1.0"
    assert draft.definition["form"]["steps"][0]["fields"][0]["label"] == NEW_LABEL
    proposal.refresh_from_db()
    assert (proposal.status, proposal.landed_in) == (ProposalStatus.ACCEPTED, draft)
    assert CatalogAuditEvent.objects.filter(action=AuditAction.PROPOSAL_ACCEPTED).count() == 1
    assert "0 propuestas pendientes" not in client.get("/gestion/publicacion/").content.decode()


def test_declining_without_a_reason_is_a_located_error(cdmx, proposal, signed_in):
    client = signed_in(cdmx, roles=(Role.PUBLISHER,))
    before = _state(proposal)

    page = client.post(
        f"{PUBLISHER_BASE}{proposal.public_id}/decidir/", {"action": "decline", "reason": ""}
    ).content.decode()

    assert 'href="#id_reason"' in page and "Escriba el motivo" in page
    assert _state(proposal) == before


def test_auditors_of_the_publisher_read_but_do_not_decide(cdmx, proposal, signed_in):
    client = signed_in(cdmx, roles=(Role.AUDITOR,))
    before = _state(proposal)
    detail = client.get(f"{PUBLISHER_BASE}{proposal.public_id}/")
    assert detail.status_code == 200 and "Aceptar y llevar" not in detail.content.decode()
    response = client.post(f"{PUBLISHER_BASE}{proposal.public_id}/decidir/", {"action": "accept"})
    assert response.status_code == 403
    assert _state(proposal) == before


# --- isolation ---------------------------------------------------------------------------------


def test_the_sender_cannot_open_or_decide_on_the_publishers_pages(
    cdmx, sonora, proposal, signed_in
):
    client = signed_in(sonora, roles=(Role.ADMINISTRATOR, Role.PUBLISHER))
    before = _state(proposal)

    statuses = [
        client.get(PUBLISHER_BASE).status_code,
        client.get(f"{PUBLISHER_BASE}{proposal.public_id}/").status_code,
        client.post(
            f"{PUBLISHER_BASE}{proposal.public_id}/decidir/", {"action": "accept"}
        ).status_code,
        client.post(
            f"{PUBLISHER_BASE}{proposal.public_id}/decidir/",
            {"action": "decline", "reason": "Yo mismo"},
        ).status_code,
    ]

    assert statuses == [404, 404, 404, 404]
    assert _state(proposal) == before


def test_a_third_government_can_neither_read_nor_decide(
    cdmx, sonora, adopted, proposal, yucatan, signed_in, publish_app
):
    # Yucatán publishes an app with the same slug: its own pages must still not show CDMX's
    # proposal, nor decide it by id.
    publish_app(yucatan, "constancia-prueba")
    client = signed_in(yucatan, roles=(Role.ADMINISTRATOR, Role.PUBLISHER))
    before = _state(proposal)
    listing, new = _adopter_pages(adopted)

    list_page = client.get(PUBLISHER_BASE)
    statuses = [
        client.get(f"{PUBLISHER_BASE}{proposal.public_id}/").status_code,
        client.post(
            f"{PUBLISHER_BASE}{proposal.public_id}/decidir/", {"action": "accept"}
        ).status_code,
        client.post(
            f"{PUBLISHER_BASE}{proposal.public_id}/decidir/",
            {"action": "decline", "reason": "No"},
        ).status_code,
        client.get(f"{PUBLISHER_BASE}{uuid.uuid4()}/").status_code,
        client.get(listing).status_code,
        client.get(new).status_code,
        client.post(new, {"pointer": LABEL, "proposed_es": "Otro"}).status_code,
    ]

    assert list_page.status_code == 200
    assert "Sonora" not in list_page.content.decode()
    assert statuses == [404] * 7
    assert _state(proposal) == before
    assert Proposal.objects.count() == 1


def test_the_publisher_cannot_open_the_adopters_pages(cdmx, adopted, proposal, signed_in):
    client = signed_in(cdmx)
    listing, new = _adopter_pages(adopted)
    assert client.get(listing).status_code == 404
    assert client.get(new).status_code == 404
    assert client.post(new, {"pointer": LABEL, "proposed_es": "Otro"}).status_code == 404
    assert Proposal.objects.count() == 1
