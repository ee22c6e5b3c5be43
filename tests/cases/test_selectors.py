"""Isolation of citizens' cases, documents and issued documents: another citizen's id, or an id
of another government's objects, is "not found", exactly like an id that does not exist."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from cases.filing.privacy import privacy_notice
from cases.filing.services import case_submit, draft_save
from cases.filing.uploads import document_upload
from cases.models import Case, CaseDocument, CaseOutput
from cases.selectors import (
    case_acuse,
    case_awaits_correction,
    case_for_idempotency_key,
    case_get_for_applicant,
    cases_of_applicant,
    document_get_for_user,
    draft_documents,
    draft_get,
    drafts_of_applicant,
    output_get_for_user,
)
from core.models import Role
from core.tenancy import current_government
from tests.cases.conftest import pdf
from tests.cases.definitions import valid_answers
from tests.cases.test_services import attach_required


def file_case(citizen: Any, app: Any) -> Case:
    attach_required(citizen, app)
    return case_submit(
        applicant=citizen,
        enabled_app=app,
        answers=valid_answers(),
        idempotency_key=uuid.uuid4(),
        privacy_notice_version=privacy_notice(current_government()).version,
    )


@pytest.fixture
def two_governments(sonora, cdmx, sonora_app, cdmx_app, citizen, make_citizen):
    """Sonora: María (one case) and Ana (one case); CDMX: Juan (one case)."""
    with tenant_context(sonora.government):
        maria_case = file_case(citizen, sonora_app)
        ana = make_citizen(sonora, "ana@example.mx")
        ana_case = file_case(ana, sonora_app)
    juan = make_citizen(cdmx, "juan.perez@example.mx")
    with tenant_context(cdmx.government):
        juan_case = file_case(juan, cdmx_app)
    return {
        "maria": citizen,
        "maria_case": maria_case,
        "ana": ana,
        "ana_case": ana_case,
        "juan": juan,
        "juan_case": juan_case,
    }


def test_a_citizen_lists_only_their_own_cases(sonora, two_governments):
    with tenant_context(sonora.government):
        listed = list(cases_of_applicant(two_governments["maria"]))

    assert listed == [two_governments["maria_case"]]


def test_a_citizen_gets_their_case_and_nobody_elses(sonora, two_governments):
    maria, ana_case, juan_case = (
        two_governments["maria"],
        two_governments["ana_case"],
        two_governments["juan_case"],
    )
    with tenant_context(sonora.government):
        own = case_get_for_applicant(
            applicant=maria, public_id=str(two_governments["maria_case"].public_id)
        )
        for public_id in (ana_case.public_id, juan_case.public_id, uuid.uuid4(), "no-es-uuid"):
            with pytest.raises(Case.DoesNotExist):
                case_get_for_applicant(applicant=maria, public_id=public_id)

    assert own == two_governments["maria_case"]


def test_the_same_id_from_another_government_is_not_found(cdmx, two_governments):
    # Juan (CDMX) asks, on CDMX's host, for María's Sonora case, document and acuse
    juan = two_governments["juan"]
    maria_case = two_governments["maria_case"]
    with tenant_context(cdmx.government.__class__.objects.get(slug="sonora")):
        document_id = CaseDocument.objects.filter(case=maria_case).first().public_id
        acuse_id = case_acuse(maria_case).public_id

    with tenant_context(cdmx.government):
        with pytest.raises(Case.DoesNotExist):
            case_get_for_applicant(applicant=juan, public_id=maria_case.public_id)
        with pytest.raises(CaseDocument.DoesNotExist):
            document_get_for_user(user=juan, document_public_id=document_id)
        with pytest.raises(CaseOutput.DoesNotExist):
            output_get_for_user(user=juan, public_id=acuse_id)
        assert list(cases_of_applicant(juan)) == [two_governments["juan_case"]]


def test_documents_are_served_to_their_owner_and_the_case_staff_only(
    sonora, two_governments, make_user
):
    maria, ana = two_governments["maria"], two_governments["ana"]
    officer = make_user(sonora, email="oficial@sonora.gob.mx", roles=[Role.CASE_OFFICER])
    publisher = make_user(sonora, email="editor@sonora.gob.mx", roles=[Role.PUBLISHER])
    with tenant_context(sonora.government):
        document = two_governments["maria_case"].documents.first()

        assert document_get_for_user(user=maria, document_public_id=document.public_id) == document
        assert (
            document_get_for_user(
                user=maria,
                document_public_id=document.public_id,
                case_public_id=two_governments["maria_case"].public_id,
            )
            == document
        )
        assert (
            document_get_for_user(user=officer, document_public_id=document.public_id) == document
        )
        for user, case_id in (
            (ana, None),
            (publisher, None),
            # right document, wrong case in the URL
            (maria, two_governments["ana_case"].public_id),
        ):
            with pytest.raises(CaseDocument.DoesNotExist):
                document_get_for_user(
                    user=user, document_public_id=document.public_id, case_public_id=case_id
                )


def test_an_acuse_is_served_to_the_applicant_and_the_case_staff_only(
    sonora, two_governments, make_user
):
    maria, ana = two_governments["maria"], two_governments["ana"]
    auditor = make_user(sonora, email="auditor@sonora.gob.mx", roles=[Role.AUDITOR])
    with tenant_context(sonora.government):
        acuse = case_acuse(two_governments["maria_case"])

        assert output_get_for_user(user=maria, public_id=acuse.public_id) == acuse
        assert output_get_for_user(user=auditor, public_id=acuse.public_id) == acuse
        with pytest.raises(CaseOutput.DoesNotExist):
            output_get_for_user(user=ana, public_id=acuse.public_id)


def test_draft_documents_of_another_citizen_are_not_served(
    sonora, sonora_app, citizen, make_citizen
):
    other = make_citizen(sonora, "otra@example.mx")
    with tenant_context(sonora.government):
        document = document_upload(
            applicant=citizen,
            enabled_app=sonora_app,
            document_id="constancia_curp",
            uploaded_file=pdf(),
        )

        with pytest.raises(CaseDocument.DoesNotExist):
            document_get_for_user(user=other, document_public_id=document.public_id)
        assert (
            document_get_for_user(user=citizen, document_public_id=document.public_id) == document
        )


def test_drafts_and_their_documents_belong_to_one_citizen(
    sonora, sonora_app, citizen, make_citizen
):
    other = make_citizen(sonora, "otra@example.mx")
    with tenant_context(sonora.government):
        draft_save(applicant=citizen, enabled_app=sonora_app, answers={"nombre": "M"})
        document_upload(
            applicant=citizen,
            enabled_app=sonora_app,
            document_id="constancia_curp",
            uploaded_file=pdf(),
        )

        draft = draft_get(applicant=citizen, enabled_app=sonora_app)
        assert list(drafts_of_applicant(citizen)) == [draft]
        assert list(draft_documents(draft)) == ["constancia_curp"]
        assert draft_get(applicant=other, enabled_app=sonora_app) is None
        assert list(drafts_of_applicant(other)) == []


def test_case_for_idempotency_key_only_finds_the_citizens_own_case(sonora, two_governments):
    case = two_governments["maria_case"]
    with tenant_context(sonora.government):
        assert (
            case_for_idempotency_key(
                applicant=two_governments["maria"], idempotency_key=case.idempotency_key
            )
            == case
        )
        assert (
            case_for_idempotency_key(
                applicant=two_governments["ana"], idempotency_key=case.idempotency_key
            )
            is None
        )
        assert (
            case_for_idempotency_key(applicant=two_governments["maria"], idempotency_key="x")
            is None
        )
        assert case_awaits_correction(case) is False
